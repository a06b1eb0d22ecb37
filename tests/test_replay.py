# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Replay and time travel: what was recorded comes back the same, from a real
SQLite file, in this process or another, with or without snapshots."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from circleflow import (
    MASTERCIRCLE,
    Circle,
    Circles,
    FormatRegistry,
    InvalidInput,
    UnknownCircle,
    UnknownFormat,
)
from circleflow.circle import snapshot_state
from circleflow.demo import run_mastercircle
from tests.conftest import ACTOR, Cast


def full_replay(app: Circles, circle: Circle) -> dict[str, Any]:
    """The circle's state folded from its events alone, ignoring snapshots."""
    folded: Any = None
    events: list[Any] = list(app.repository.event_store.get(circle.id))
    for domain_event in events:
        folded = domain_event.mutate(folded)
    return snapshot_state(folded)


def test_a_circle_reopened_from_its_file_is_identical(db_path: str) -> None:
    writer = Circles(db_path)
    circle_id = run_mastercircle(writer, participants=3)
    expected = snapshot_state(writer.circle(circle_id))
    reader = Circles(db_path)
    assert snapshot_state(reader.circle(circle_id)) == expected
    assert reader.position(circle_id) == writer.position(circle_id)


def test_a_circle_reopened_in_another_process_is_identical(db_path: str) -> None:
    writer = Circles(db_path)
    circle_id = run_mastercircle(writer, participants=3)
    script = (
        "import json, sys\n"
        "from circleflow import Circles\n"
        "from circleflow.circle import snapshot_state\n"
        "c = Circles(sys.argv[1]).circle(sys.argv[2])\n"
        "print(json.dumps(snapshot_state(c), default=str, sort_keys=True))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, db_path, str(circle_id)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    expected = json.dumps(
        snapshot_state(writer.circle(circle_id)), default=str, sort_keys=True
    )
    assert out.strip() == expected


def test_commands_continue_on_a_replayed_circle(db_path: str) -> None:
    # Stored tuples come back as lists: the apply steps must not care.
    cast = Cast(Circles(db_path)).join_all().run_urgentie().to_uitwisselen()
    cast.app.note_synergy(
        cast.id,
        cast.masters[0],
        tuple(cast.participants[:2]),
        "Zelfde keten.",
        actor=ACTOR,
    )
    cast.app = Circles(db_path)
    for person in cast.participants:
        cast.hot_seat(person)
    cast.enter("Richten", "Verdiepen", "Vervolgen")
    cast.app.hold_session(cast.id, actor=ACTOR)
    assert Circles(db_path).position(cast.id).state == "Opgave.Gehouden"


def test_snapshots_load_the_same_state_as_a_full_replay(db_path: str) -> None:
    app = Circles(db_path, snapshot_every=7)
    circle_id = run_mastercircle(app, participants=3)
    taken = list(app.snapshots.get(circle_id))  # type: ignore[union-attr]
    version = app.position(circle_id).version
    assert [s.originator_version for s in taken] == [
        version // 7 * 7 - 7,
        version // 7 * 7,
    ], "the two newest snapshots are kept"
    loaded = Circles(db_path, snapshot_every=7).circle(circle_id)
    assert snapshot_state(loaded) == full_replay(app, loaded)


def test_the_circle_as_it_stood_at_a_version(app: Circles) -> None:
    cast = Cast(app).join_all()
    version = app.position(cast.id).version
    before = snapshot_state(app.circle(cast.id))
    cast.run_urgentie()
    then = app.circle(cast.id, version=version)
    assert snapshot_state(then) == before
    assert app.position(cast.id, version=version).state == "Verkenning"
    with pytest.raises(UnknownCircle, match="has no version 999"):
        app.circle(cast.id, version=999)


def test_the_circle_as_it_stood_at_a_moment(app: Circles) -> None:
    cast = Cast(app).join_all()
    cast.app.open_session(
        cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR
    )
    history = app.history(cast.id)
    opened = history[-1]
    moment = opened.recorded_at - timedelta(microseconds=1)
    assert app.position(cast.id, at=moment).state == "Verkenning"
    assert app.position(cast.id, at=opened.recorded_at).state == "Urgentie"
    with pytest.raises(UnknownCircle, match="not founded yet"):
        app.circle(cast.id, at=datetime(2000, 1, 1, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="time zone"):
        app.circle(cast.id, at=datetime(2030, 1, 1))


def test_the_history_says_what_who_when_and_from_where(app: Circles) -> None:
    circle_id = run_mastercircle(app, participants=2)
    history = app.history(circle_id)
    names = {entry.event for entry in history}
    assert names >= {
        "CircleFounded",
        "MemberJoined",
        "SessionScheduled",
        "SessionOpened",
        "UrgencyStated",
        "ElementEntered",
        "HotSeatTaken",
        "FeedbackGiven",
        "MasterDialogueHeld",
        "SynergyNoted",
        "ActionRecorded",
        "HarvestPresented",
        "HarvestAccepted",
        "SessionHeld",
    }
    assert [e.version for e in history] == list(range(1, len(history) + 1))
    assert all(
        e.actor == "demo-facilitator" and e.origin == "circleflow" for e in history
    )
    times = [e.recorded_at for e in history]
    assert times == sorted(times)
    feedback = next(e for e in history if e.event == "FeedbackGiven")
    assert feedback.details["kind"] == "appreciative"
    assert (feedback.state_before, feedback.state) == (
        "Opgave.Uitwisselen.Presenteren",
        "Opgave.Uitwisselen.Feedback",
    )


def test_a_host_tool_records_its_own_origin(db_path: str) -> None:
    app = Circles(db_path, origin="hr-portal")
    circle_id = app.found_circle(title="T", challenge="C", actor="u-9")
    person = app.register_person("P", actor="u-9", origin="import-job")
    app.join(circle_id, person, "participant", actor="u-9", origin="intranet")
    assert [(e.actor, e.origin) for e in app.history(circle_id)] == [
        ("u-9", "hr-portal"),
        ("u-9", "intranet"),
    ]


def test_replay_never_checks_a_rule_again(db_path: str) -> None:
    relaxed = attrs.evolve(MASTERCIRCLE, version=2, sessions_per_master=None)
    lenient = Circles(db_path, formats=FormatRegistry([MASTERCIRCLE, relaxed]))
    cast = Cast(lenient).join_all().run_urgentie().run_master_session("Opgave", 0)
    cast.open_master_session("Omslag", master=0)
    # Another installation knows only version 1, which forbids a returning
    # master. The recorded history still replays as it happened.
    strict = Circles(db_path)
    assert strict.circle(cast.id).attendance["Omslag"] == [
        str(p) for p in [*cast.group(), cast.masters[0]]
    ]
    assert len(strict.history(cast.id)) == len(lenient.history(cast.id))
    with pytest.raises(UnknownFormat, match="no version 2"):
        strict.position(cast.id)


def test_a_circle_keeps_its_format_version(db_path: str) -> None:
    old = Circles(db_path)
    circle_id = old.found_circle(title="T", challenge="C", actor=ACTOR)
    newer = attrs.evolve(MASTERCIRCLE, version=2, title="Mastercircle (nieuw)")
    app = Circles(db_path, formats=FormatRegistry([MASTERCIRCLE, newer]))
    assert app.position(circle_id).format == "mastercircle v1"
    fresh = app.found_circle(title="T2", challenge="C", actor=ACTOR)
    assert app.position(fresh).format == "mastercircle v2"
    assert [c.format for c in app.list_circles()] == [
        "mastercircle v1",
        "mastercircle v2",
    ]
