# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Golden histories replay to the circle they recorded, in every release.

``data/golden`` holds one finished circle of each built-in format, stored by
this release's events (see :mod:`tests.golden`). Replayed into a fresh store,
each gives the committed state, whose SHA-256 is committed too. A change to
an event, an upcaster or an apply step that changes what a stored history
means fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from circleflow.demo import DEMOS
from tests.golden import DIGESTS, GOLDEN, digest, read_lines, record, replay

FORMATS = sorted(DEMOS)


@pytest.mark.parametrize("name", FORMATS)
def test_a_golden_history_replays_to_its_committed_state(name: str) -> None:
    replayed = replay(GOLDEN / f"{name}.jsonl")
    expected = (GOLDEN / f"{name}.state.json").read_text(encoding="utf-8")
    assert json.loads(replayed) == json.loads(expected)
    assert digest(replayed) == json.loads(DIGESTS.read_text())[name]


@pytest.mark.parametrize("name", FORMATS)
def test_a_golden_history_replays_the_same_from_an_sqlite_file(
    name: str, tmp_path: Path
) -> None:
    replayed = replay(GOLDEN / f"{name}.jsonl", str(tmp_path / "golden.db"))
    assert digest(replayed) == json.loads(DIGESTS.read_text())[name]


def test_every_built_in_format_has_a_finished_golden_circle() -> None:
    assert sorted(json.loads(DIGESTS.read_text())) == FORMATS
    for name in FORMATS:
        state = json.loads((GOLDEN / f"{name}.state.json").read_text())
        assert state["allowed"] == []  # finished: nothing more can be done
        assert state["state"]["format_name"] == name


def test_the_golden_histories_hold_every_event_type_of_a_demo() -> None:
    # This release's demos record no event type the golden files lack.
    for name in FORMATS:
        stored = {e.topic for e in read_lines(GOLDEN / f"{name}.jsonl")}
        recorded = {line["topic"] for line in record(name)}
        assert recorded <= stored, f"re-record the golden {name} circle"
