# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Histories stored by release 0.1.0 still load, to the same state.

``data/store-0.1.0.db`` holds one finished circle of each built-in format,
recorded before the formats became packs (its events name the modules of
that release), a snapshot of the Mastercircle, and a learning community.
``data/store-0.1.0.json`` holds each circle's state and history as that
release read them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from circleflow import Circles
from circleflow.circle import snapshot_state
from tests.test_replay import full_replay

DATA = Path(__file__).parent / "data"
EXPECTED: dict[str, Any] = json.loads((DATA / "store-0.1.0.json").read_text())


@pytest.fixture
def old_store(tmp_path: Path) -> Circles:
    copy = tmp_path / "store-0.1.0.db"
    shutil.copyfile(DATA / "store-0.1.0.db", copy)
    return Circles(str(copy))


def _plain(value: object) -> object:
    return json.loads(json.dumps(value, default=str, sort_keys=True))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_circle_stored_by_release_0_1_loads_to_the_same_state(
    old_store: Circles, name: str
) -> None:
    expected = EXPECTED[name]
    circle = old_store.circle(expected["circle"])
    assert _plain(snapshot_state(circle)) == expected["state"]
    history = [[e.version, e.event, e.state] for e in old_store.history(circle.id)]
    assert history == expected["history"]
    # Folded from its events alone (no snapshot), it is the same circle.
    assert _plain(full_replay(old_store, circle)) == expected["state"]


def test_the_mastercircle_in_the_old_store_loads_from_its_snapshot(
    old_store: Circles,
) -> None:
    snapshots = old_store.snapshots
    assert snapshots is not None
    circle = EXPECTED["mastercircle"]["circle"]
    [snapshot] = list(snapshots.get(old_store.find_circle(circle)))
    assert snapshot.originator_version == 100


def test_an_old_circle_goes_on_under_the_packs(old_store: Circles) -> None:
    group = EXPECTED["leergroep"]["circle"]
    # Concluded in release 0.1: nothing more is allowed, and the log reads.
    assert old_store.allowed(group) == ()
    assert {e.aggregate for e in old_store.read_log(limit=1000)} == {
        "circle",
        "person",
        "community",
    }
