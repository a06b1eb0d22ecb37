# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Snapshots: only the newest few of each circle are kept, on every store,
so their storage grows with a circle's age, not with its square; a store
that kept every snapshot still loads, and loses its surplus as it goes."""

from __future__ import annotations

from uuid import UUID

import pytest

from circleflow import Circles, InvalidInput
from circleflow.circle import snapshot_state
from circleflow.demo import run_mastercircle
from tests.conftest import ACTOR


def _kept(app: Circles, circle: UUID) -> list[int]:
    assert app.snapshots is not None
    return [s.originator_version for s in app.snapshots.get(circle)]


def _rebuilt(app: Circles, circle: UUID) -> object:
    """The circle rebuilt from the store (its newest snapshot and the events
    after it), not taken from the cache."""
    return snapshot_state(app.circle(circle, version=app.position(circle).version))


def test_only_the_newest_snapshots_are_kept(store_url: str) -> None:
    app = Circles(store_url, snapshot_every=5)
    circle = run_mastercircle(app, participants=2)
    version = app.position(circle).version
    newest = version // 5 * 5
    assert version > 20
    assert _kept(app, circle) == [newest - 5, newest]
    assert _rebuilt(app, circle) == snapshot_state(app.circle(circle))


def test_how_many_snapshots_are_kept_is_a_setting(store_url: str) -> None:
    app = Circles(store_url, snapshot_every=5, snapshots_kept=3)
    circle = run_mastercircle(app, participants=2)
    newest = app.position(circle).version // 5 * 5
    assert _kept(app, circle) == [newest - 10, newest - 5, newest]
    with pytest.raises(InvalidInput, match="snapshots_kept must be a whole number"):
        Circles(store_url, snapshots_kept=0)


def test_other_circles_keep_their_snapshots(store_url: str) -> None:
    app = Circles(store_url, snapshot_every=5, snapshots_kept=1)
    first = run_mastercircle(app, participants=2)
    second = run_mastercircle(app, participants=2)
    assert len(_kept(app, first)) == 1
    assert len(_kept(app, second)) == 1


def _leergroep(app: Circles) -> tuple[UUID, list[UUID]]:
    present = [app.register_person(f"Lid {n}", actor=ACTOR) for n in range(6)]
    circle = app.found_circle("leergroep", title="LG", challenge="C", actor=ACTOR)
    for number, person in enumerate(present):
        role = "facilitator" if number < 2 else "participant"
        app.join(circle, person, role, actor=ACTOR)
    return circle, present


def _meetings(app: Circles, circle: UUID, present: list[UUID], count: int) -> None:
    for _ in range(count):
        app.open_session(circle, "Bijeenkomst", present, actor=ACTOR)
        app.choose_subject(circle, "Mandaat", actor=ACTOR)
        app.record_insight(circle, "lesson", "Een les", actor=ACTOR)
        app.hold_session(circle, actor=ACTOR)


def test_a_store_that_kept_every_snapshot_loads_and_is_pruned_as_it_goes(
    file_store_url: str,
) -> None:
    old = Circles(file_store_url, snapshot_every=5, snapshots_kept=1000)
    circle, present = _leergroep(old)
    _meetings(old, circle, present, 8)
    many = _kept(old, circle)
    assert len(many) > 5
    expected = snapshot_state(old.circle(circle))

    app = Circles(file_store_url, snapshot_every=5)
    assert snapshot_state(app.circle(circle)) == expected
    assert _kept(app, circle) == many, "nothing is deleted on reading"
    _meetings(app, circle, present, 2)  # a new snapshot is due within 5 events
    assert len(_kept(app, circle)) == 2
    assert _kept(app, circle)[-1] > many[-1]
    assert _rebuilt(app, circle) == snapshot_state(app.circle(circle))
