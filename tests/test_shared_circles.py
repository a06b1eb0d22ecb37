# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""One ``Circles`` shared by threads, and what a failed command leaves behind.

A command works on the cached circle itself, not on a copy. Threads that
share one ``Circles`` take turns per circle, readers never see a command
half done, and a command that is refused, or whose save fails, leaves the
circle as the store has it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any
from uuid import UUID

import pytest

from circleflow import Circles, ConcurrentChange, InvalidInput, StepRefused, StoreError
from circleflow.circle import snapshot_state
from tests.conftest import ACTOR, stored_count

WRITERS = 4
READERS = 2
INSIGHTS = 15  # per writer and circle


def _meeting(app: Circles) -> tuple[UUID, list[UUID]]:
    """A Leergroep in an open meeting, where insights can be recorded."""
    present = [app.register_person(f"Lid {n}", actor=ACTOR) for n in range(6)]
    circle = app.found_circle("leergroep", title="LG", challenge="C", actor=ACTOR)
    for person in present[:2]:
        app.join(circle, person, "facilitator", actor=ACTOR)
    for person in present[2:]:
        app.join(circle, person, "participant", actor=ACTOR)
    app.open_session(circle, "Bijeenkomst", present, actor=ACTOR)
    app.choose_subject(circle, "Mandaat", actor=ACTOR)
    return circle, present


def _insights(app: Circles, circle: UUID) -> int:
    return len(app.circle(circle).__dict__.get("insights", []))


@pytest.fixture
def eager_switching() -> Iterator[None]:
    """Threads switch far more often than usual, so that races show."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.usefixtures("eager_switching")
def test_threads_sharing_one_circles_lose_nothing(store_url: str) -> None:
    app = Circles(store_url, snapshot_every=7)
    circles = [_meeting(app)[0] for _ in range(2)]
    base = {c: (app.position(c).version, _insights(app, c)) for c in circles}
    numbers: dict[UUID, list[int]] = {c: [] for c in circles}
    failures: list[BaseException] = []
    torn: list[str] = []
    writing = threading.Event()
    writing.set()
    start = threading.Barrier(WRITERS + READERS)

    def guarded(work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                start.wait()
                work()
            except BaseException as error:
                failures.append(error)

        return run

    def write(writer: int) -> None:
        for n in range(INSIGHTS):
            for circle in circles:
                got = app.record_insight(
                    circle, "lesson", f"Les {writer}.{n}", actor=f"w{writer}"
                )
                numbers[circle].append(got)

    def read() -> None:
        last = {c: 0 for c in circles}
        while writing.is_set():
            for circle in circles:
                version, insights = base[circle]
                # A command half done would show a version without its insight.
                seen = app.circle(circle)
                if seen.version - version != len(seen.__dict__["insights"]) - insights:
                    torn.append(f"circle() at version {seen.version}")
                # A command seen before it was saved could be undone later.
                now = app.position(circle).version
                if now < last[circle]:
                    torn.append(f"position() went back from {last[circle]} to {now}")
                last[circle] = now
                app.allowed(circle)

    writers = [
        threading.Thread(target=guarded(partial(write, w))) for w in range(WRITERS)
    ]
    readers = [threading.Thread(target=guarded(read)) for _ in range(READERS)]
    for thread in [*writers, *readers]:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    writing.clear()
    for thread in readers:
        thread.join(timeout=60)

    assert failures == []
    assert torn == []
    for circle in circles:
        version, insights = base[circle]
        total = WRITERS * INSIGHTS
        assert sorted(numbers[circle]) == list(
            range(insights + 1, insights + total + 1)
        )
        history = app.history(circle)
        assert [e.version for e in history] == list(range(1, version + total + 1))
        rebuilt = app.circle(circle, version=version + total)  # from the store
        assert snapshot_state(app.circle(circle)) == snapshot_state(rebuilt)
    assert len(app.circle_locks) == 0, "no lock is left behind"


def _state(app: Circles, circle: UUID) -> tuple[int, dict[str, Any]]:
    return stored_count(app), snapshot_state(app.circle(circle))


def test_a_refused_command_leaves_the_circle_and_the_store_as_they_were(
    store_url: str,
) -> None:
    app = Circles(store_url)
    circle, present = _meeting(app)
    app.record_insight(circle, "lesson", "Eerste les", actor=ACTOR)
    before = _state(app, circle)
    with pytest.raises(StepRefused):
        app.open_session(circle, "Bijeenkomst", present, actor=ACTOR)
    with pytest.raises(InvalidInput):
        app.record_insight(circle, "no such kind", "Iets", actor=ACTOR)
    assert _state(app, circle) == before
    # The next command goes on from the stored state.
    assert app.record_insight(circle, "lesson", "Tweede les", actor=ACTOR) == 2
    assert app.position(circle).version == app.history(circle)[-1].version


def test_a_failed_save_leaves_the_circle_as_the_store_has_it(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = Circles(store_url)
    circle, _ = _meeting(app)
    before = _state(app, circle)

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("the disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(app.events, "put", broken)
        with pytest.raises(StoreError, match="disk is full"):
            app.record_insight(circle, "lesson", "Verloren", actor=ACTOR)
    # The command was applied to the cached circle, then its save failed:
    # nothing of it is left, in the store or in what the application shows.
    assert _state(app, circle) == before
    assert "Verloren" not in str(app.circle(circle).__dict__)
    assert app.record_insight(circle, "lesson", "Bewaard", actor=ACTOR) == 1


def test_a_command_that_lost_the_race_leaves_no_trace(file_store_url: str) -> None:
    app = Circles(file_store_url, retries=0)
    circle, _ = _meeting(app)
    app.position(circle)  # cached in this application
    other = Circles(file_store_url)
    other.record_insight(circle, "lesson", "Van de ander", actor="other")
    # Make this application miss the other's event when it loads, so that
    # its command races with it and loses, as if both had loaded at once.
    app.repository.fastforward = False
    with pytest.raises(ConcurrentChange):
        app.hold_session(circle, actor=ACTOR)
    app.repository.fastforward = True
    assert app.position(circle) == other.position(circle)
    assert snapshot_state(app.circle(circle)) == snapshot_state(other.circle(circle))
    # Losing again, on a circle known to be raced for, leaves no trace either.
    other.record_insight(circle, "lesson", "Nog een", actor="other")
    app.repository.fastforward = False
    with pytest.raises(ConcurrentChange):
        app.hold_session(circle, actor=ACTOR)
    app.repository.fastforward = True
    assert app.position(circle) == other.position(circle)
    assert snapshot_state(app.circle(circle)) == snapshot_state(other.circle(circle))
    app.hold_session(circle, actor=ACTOR)  # now it is checked on the stored state
    assert [e.event for e in app.history(circle)][-3:] == [
        "InsightRecorded",
        "InsightRecorded",
        "SessionHeld",
    ]


def test_a_circle_handed_out_cannot_change_the_cached_one(store_url: str) -> None:
    app = Circles(store_url)
    circle, _ = _meeting(app)
    mine = app.circle(circle)
    mine.__dict__["insights"].append(99)
    mine.__dict__["title"] = "Gewijzigd"
    assert app.circle(circle).__dict__.get("insights", []) == []
    assert app.circle(circle).title == "LG"
    assert app.record_insight(circle, "lesson", "Les", actor=ACTOR) == 1
