# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""One shared test case for every kind of store (memory, SQLite, PostgreSQL):
each format runs, refusals leave the store unchanged, and what was recorded
comes back the same, reopened, from snapshots and at an earlier version."""

from __future__ import annotations

from typing import Any

import pytest

from circleflow import Circles, StepRefused
from circleflow.circle import snapshot_state
from circleflow.demo import DEMOS, refused_move
from tests.test_replay import full_replay


def _reopened(url: str, app: Circles, **options: Any) -> Circles:
    """The same store opened again (in memory there is only the one)."""
    return app if url == "memory:" else Circles(url, **options)


@pytest.mark.parametrize("format_name", sorted(DEMOS))
def test_every_format_runs_and_reopens_identically(
    store_url: str, format_name: str
) -> None:
    app = Circles(store_url)
    circle = DEMOS[format_name](app)
    assert app.position(circle).complete
    again = _reopened(store_url, app)
    assert again.position(circle) == app.position(circle)
    assert again.history(circle) == app.history(circle)
    assert snapshot_state(again.circle(circle)) == snapshot_state(app.circle(circle))


@pytest.mark.parametrize("format_name", sorted(DEMOS))
def test_a_refused_move_leaves_the_store_unchanged(
    store_url: str, format_name: str
) -> None:
    app = Circles(store_url)
    refusal = refused_move(app, format_name)
    assert isinstance(refusal.error, StepRefused)
    again = _reopened(store_url, app)
    refused_on = again.list_circles()[-1].circle_id
    assert len(again.history(refused_on)) == refusal.version_before
    assert refusal.version_after == refusal.version_before


def test_snapshots_load_the_same_state_as_a_full_replay(store_url: str) -> None:
    app = Circles(store_url, snapshot_every=7)
    circle = DEMOS["mastercircle"](app)
    loaded = _reopened(store_url, app, snapshot_every=7).circle(circle)
    assert snapshot_state(loaded) == full_replay(app, loaded)


def test_the_circle_as_it_stood_at_every_version(store_url: str) -> None:
    app = Circles(store_url)
    circle = DEMOS["samenwerking"](app)
    states = [entry.state for entry in app.history(circle)]
    again = _reopened(store_url, app)
    for version, state in enumerate(states, start=1):
        assert again.position(circle, version=version).state == state


def test_the_log_numbers_every_event_once_in_order(store_url: str) -> None:
    app = Circles(store_url)
    DEMOS["leergroep"](app)
    positions = [e.position for e in app.read_log(0, limit=100_000)]
    assert positions == sorted(set(positions))
    assert positions[-1] == app.log_position()
