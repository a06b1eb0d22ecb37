# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Many writers on one circle: a command that lost a race with another
writer is checked again on the new state and recorded, so nothing is lost."""

from __future__ import annotations

import multiprocessing
import threading
from typing import Any
from uuid import UUID

import pytest

from circleflow import Circles, ConcurrentChange, InvalidInput

WRITERS = 6


def _race_to_join(store: str, *, retries: int) -> tuple[UUID, list[UUID], list[str]]:
    """``WRITERS`` applications, each with the circle loaded, join one person
    each at the same moment. Returns the circle, the people, and the people
    whose writer was told it lost (:class:`ConcurrentChange`)."""
    setup = Circles(store)
    circle = setup.found_circle(
        "samenwerking", title="Tafel", challenge="Samen", actor="u"
    )
    people = [setup.register_person(f"Lid {n}", actor="u") for n in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    lost: list[str] = []
    failures: list[BaseException] = []

    def join(person: UUID) -> None:
        app = Circles(store, retries=retries)
        app.circle(circle)  # loaded and cached before the race starts
        start.wait()
        try:
            app.join(circle, person, "participant", actor=f"writer-{person}")
        except ConcurrentChange:
            lost.append(str(person))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=join, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    return circle, people, lost


def test_writers_joining_one_circle_at_once_all_get_in(file_store_url: str) -> None:
    circle, people, lost = _race_to_join(file_store_url, retries=10)
    assert lost == []
    history = Circles(file_store_url).history(circle)
    assert [e.version for e in history] == list(range(1, WRITERS + 2))
    joined = {e.details["person"] for e in history if e.event == "MemberJoined"}
    assert joined == {str(p) for p in people}


def test_without_retries_a_loser_is_told_and_records_nothing(
    file_store_url: str,
) -> None:
    circle, people, lost = _race_to_join(file_store_url, retries=0)
    history = Circles(file_store_url).history(circle)
    joined = {e.details["person"] for e in history if e.event == "MemberJoined"}
    assert joined.isdisjoint(lost)
    assert joined | set(lost) == {str(p) for p in people}
    assert [e.version for e in history] == list(range(1, len(joined) + 2))


def test_retries_must_be_a_whole_number() -> None:
    with pytest.raises(InvalidInput, match="retries must be a whole number >= 0"):
        Circles("memory:", retries=-1)


# -- writer processes in one hot seat -------------------------------------------

PROCESSES = 4
FEEDBACKS = 40  # per process


def _hot_seat(store: str) -> tuple[UUID, list[UUID]]:
    """A Mastercircle with a hot seat taken, and the participants who may
    give feedback in it (one per writer process)."""
    app = Circles(store)
    reg = app.register_person
    facilitator, sponsor, master = (reg(n, actor="u") for n in ("F", "S", "M"))
    people = [reg(f"Deelnemer {n}", actor="u") for n in range(PROCESSES + 1)]
    circle = app.found_circle(title="Heet", challenge="Samen", actor="u")
    app.join(circle, facilitator, "facilitator", actor="u")
    app.join(circle, sponsor, "sponsor", actor="u")
    app.join(circle, master, "master", actor="u")
    for person in people:
        app.join(circle, person, "participant", actor="u")
    app.open_session(circle, "Urgentie", [facilitator, *people, sponsor], actor="u")
    app.state_urgency(circle, sponsor, "Het moet nu.", actor="u")
    app.hold_session(circle, actor="u")
    app.open_session(circle, "Opgave", [facilitator, *people, master], actor="u")
    for element in ("Koersbepalen", "Voorbereiden", "Uitwisselen"):
        app.enter_element(circle, element, actor="u")
    app.take_hot_seat(circle, people[0], topic="Mijn aanpak", actor="u")
    app.close()
    return circle, people[1:]


def _give_feedback(
    store: str, circle: str, person: str, start: Any, results: Any
) -> None:
    """One writer process: ``FEEDBACKS`` feedbacks, each allowed by the rules.
    Puts the number that ended in ConcurrentChange and any other failure."""
    app = Circles(store)
    app.position(circle)
    start.wait()
    lost, failures = 0, []
    for n in range(FEEDBACKS):
        try:
            app.give_feedback(circle, person, "appreciative", f"Goed {n}", actor=person)
        except ConcurrentChange:
            lost += 1
        except Exception as error:
            failures.append(repr(error))
    app.close()
    results.put((lost, failures))


def test_writer_processes_in_one_hot_seat_lose_no_command(
    file_store_url: str,
) -> None:
    circle, people = _hot_seat(file_store_url)
    before = Circles(file_store_url).position(circle).version
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(PROCESSES), context.Queue()
    writers = [
        context.Process(
            target=_give_feedback,
            args=(file_store_url, str(circle), str(person), start, results),
        )
        for person in people
    ]
    for writer in writers:
        writer.start()
    outcomes = [results.get(timeout=300) for _ in writers]
    for writer in writers:
        writer.join(timeout=60)
    assert [failures for _, failures in outcomes] == [[]] * PROCESSES
    assert sum(lost for lost, _ in outcomes) == 0, "a command ended in ConcurrentChange"
    history = Circles(file_store_url).history(circle)
    assert [e.version for e in history] == list(
        range(1, before + 1 + PROCESSES * FEEDBACKS)
    )
    given = [e for e in history if e.event == "FeedbackGiven"]
    assert len(given) == PROCESSES * FEEDBACKS
