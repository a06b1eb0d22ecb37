# SPDX-License-Identifier: EUPL-1.2
"""Many writers on one circle: a command that lost a race with another
writer is checked again on the new state and recorded, so nothing is lost."""

from __future__ import annotations

import threading
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
