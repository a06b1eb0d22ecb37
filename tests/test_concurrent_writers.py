# SPDX-License-Identifier: EUPL-1.2
"""Many writers on one circle: a command that lost a race with another
writer is checked again on the new state and recorded, so nothing is lost."""

from __future__ import annotations

import threading

import pytest

from circleflow import Circles, ConcurrentChange, InvalidInput

WRITERS = 6


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_store(request: pytest.FixtureRequest, db_path: str) -> str:
    if request.param == "sqlite":
        return db_path
    url: str = request.getfixturevalue("postgres_url")
    return url


def test_writers_joining_one_circle_at_once_all_get_in(shared_store: str) -> None:
    setup = Circles(shared_store)
    circle = setup.found_circle(
        "samenwerking", title="Tafel", challenge="Samen", actor="u"
    )
    people = [setup.register_person(f"Lid {n}", actor="u") for n in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def join(person: object) -> None:
        app = Circles(shared_store)
        app.circle(circle)  # loaded and cached before the race starts
        start.wait()
        try:
            app.join(circle, str(person), "participant", actor=f"writer-{person}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=join, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    history = Circles(shared_store).history(circle)
    assert [e.version for e in history] == list(range(1, WRITERS + 2))
    joined = {e.details["person"] for e in history if e.event == "MemberJoined"}
    assert joined == {str(p) for p in people}


def test_without_retries_a_loser_is_told_and_records_nothing(
    shared_store: str,
) -> None:
    setup = Circles(shared_store)
    circle = setup.found_circle(
        "samenwerking", title="Tafel", challenge="Samen", actor="u"
    )
    people = [setup.register_person(f"Lid {n}", actor="u") for n in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    lost: list[str] = []

    def join(person: object) -> None:
        app = Circles(shared_store, retries=0)
        app.circle(circle)
        start.wait()
        try:
            app.join(circle, str(person), "participant", actor="u")
        except ConcurrentChange:
            lost.append(str(person))

    threads = [threading.Thread(target=join, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    history = Circles(shared_store).history(circle)
    joined = {e.details["person"] for e in history if e.event == "MemberJoined"}
    assert joined.isdisjoint(lost)
    assert joined | set(lost) == {str(p) for p in people}
    assert [e.version for e in history] == list(range(1, len(joined) + 2))


def test_retries_must_be_a_whole_number() -> None:
    with pytest.raises(InvalidInput, match="retries must be a whole number >= 0"):
        Circles("memory:", retries=-1)
