# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Property-based: random command sequences never bring a circle into a state
its format forbids, refused commands record nothing, and replaying the
recorded events gives exactly the same state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circleflow import MASTERCIRCLE, SIX_ELEMENTS, Circle, CircleflowError, Circles
from circleflow.circle import snapshot_state
from tests.conftest import ACTOR, START, Cast, stored_count
from tests.test_replay import full_replay

Command = Callable[[], object]


def attendance(cast: Cast, data: st.DataObject) -> list[UUID]:
    """Mostly a plausible group for the next session, sometimes any people."""
    everyone = [
        cast.facilitator,
        cast.sponsor,
        *cast.masters,
        *cast.participants,
        cast.guest,
        cast.outsider,
    ]
    if data.draw(st.integers(0, 3)) == 0:
        return data.draw(st.lists(st.sampled_from(everyone), min_size=1, max_size=8))
    extra = data.draw(st.sampled_from([cast.sponsor, *cast.masters]))
    return [cast.facilitator, *cast.participants, extra]


COMMANDS = (
    "join",
    "open_session",
    "enter_element",
    "hold_session",
    "state_urgency",
    "take_hot_seat",
    "give_feedback",
    "hold_master_dialogue",
    "note_synergy",
    "record_action",
    "present_harvest",
    "accept_harvest",
    "leave",
    "correct_attendance",
    "correct_text",
    "cancel",
    "conclude_early",
)
#: Steps that end a circle or shrink it: drawn only now and then (among all
#: commands), so walks go deep.
RARE = {"cancel", "conclude_early", "leave"}


def draw_command(cast: Cast, data: st.DataObject) -> tuple[str, Command]:
    """Draw one command: usually one the state machine allows now (with random,
    possibly wrong, arguments), sometimes any command at all."""
    app, cid = cast.app, cast.id
    allowed = app.position(cid).allowed
    target: str | None = None
    going_on = [s for s in allowed if s.command not in RARE]
    if going_on and data.draw(st.integers(0, 9)) > 0:
        step = data.draw(st.sampled_from(going_on))
        name = step.command
        if data.draw(st.integers(0, 3)) > 0:
            target = step.target
    else:
        name = data.draw(st.sampled_from(COMMANDS))
    people = [
        cast.facilitator,
        cast.sponsor,
        *cast.masters,
        *cast.participants,
        cast.guest,
    ]
    circle = app.circle(cid)
    present = [UUID(p) for p in circle.attendance.get(circle.state.split(".")[0], [])]
    among_present: bool = data.draw(st.booleans())
    who = data.draw(st.sampled_from(present if present and among_present else people))
    by: dict[str, Any] = {"actor": ACTOR}
    match name:
        case "join":
            role = data.draw(st.sampled_from(sorted(MASTERCIRCLE.roles)))
            return name, lambda: app.join(cid, who, role, **by)
        case "schedule":
            return name, lambda: app.schedule(cid, START, **by)
        case "open_session":
            stage = target or data.draw(st.sampled_from(MASTERCIRCLE.stage_names()))
            present = attendance(cast, data)
            return name, lambda: app.open_session(cid, stage, present, **by)
        case "enter_element":
            element = target or data.draw(st.sampled_from(SIX_ELEMENTS))
            return name, lambda: app.enter_element(cid, element, **by)
        case "hold_session":
            return name, lambda: app.hold_session(cid, **by)
        case "state_urgency":
            return name, lambda: app.state_urgency(cid, who, "Nu.", **by)
        case "take_hot_seat":
            return name, lambda: app.take_hot_seat(cid, who, **by)
        case "give_feedback":
            kind = data.draw(st.sampled_from(["appreciative", "addition"]))
            return name, lambda: app.give_feedback(cid, who, kind, "Tip.", **by)
        case "hold_master_dialogue":
            return name, lambda: app.hold_master_dialogue(cid, who, **by)
        case "note_synergy":
            pair = data.draw(st.lists(st.sampled_from(people), min_size=2, max_size=2))
            return name, lambda: app.note_synergy(cid, who, pair, "Samen.", **by)
        case "record_action":
            return name, lambda: app.record_action(cid, who, "Doen.", **by)
        case "present_harvest":
            return name, lambda: app.present_harvest(cid, who, "Oogst.", **by)
        case "accept_harvest":
            return name, lambda: app.accept_harvest(cid, who, **by)
        case "leave":
            return name, lambda: app.leave(cid, who, reason="Weg.", **by)
        case "correct_attendance":
            # The list as it stands, in another order: a correction records who
            # was there, whatever the method asks of a meeting's attendance.
            number = data.draw(st.integers(1, 4))
            listed = [m["attendees"] for m in circle.meetings]
            again = listed[number - 1][::-1] if number <= len(listed) else [who]
            return name, lambda: app.correct_attendance(
                cid, number, again, reason="Lijst.", **by
            )
        case "correct_text":
            version = data.draw(st.integers(1, 40))
            return name, lambda: app.correct(
                cid, version, "challenge", "Anders.", reason="Tik.", **by
            )
        case "cancel":
            return name, lambda: app.cancel(cid, reason="Stop.", **by)
        case "conclude_early":
            return name, lambda: app.conclude_early(cid, reason="Klaar.", **by)
    raise AssertionError(f"no generator for command {name}")


def check_allowed_by_format(circle: Circle) -> None:
    """What the Mastercircle forbids never holds of a recorded circle."""
    names = MASTERCIRCLE.stage_names()
    opened = [meeting["stage"] for meeting in circle.meetings]
    # A member who left (and may have joined again in another role) had the
    # role of their time: only the others are checked.
    left = circle.__dict__.get("left", [])
    changed = {e["person"] for e in left}
    role_of = circle.members
    assert opened == list(names[: len(opened)]), "sessions out of order"
    seen_masters: set[str] = set()
    for meeting in circle.meetings:
        stage = MASTERCIRCLE.stage(meeting["stage"])
        present = [p for p in meeting["attendees"] if p not in changed]
        roles = [role_of[p] for p in present]
        assert all(r == "participant" or r in stage.attendees for r in roles)
        if len(present) == len(meeting["attendees"]):
            assert stage.required <= set(roles)
        masters = {p for p in present if role_of[p] == "master"}
        assert not masters & seen_masters, "a master attended twice"
        seen_masters |= masters
        if not meeting["held"]:
            continue
        if stage.hot_seat_element is not None:
            waiting = [
                p
                for p in present
                if role_of[p] == "participant" and p not in meeting["hot_seats_done"]
            ]
            assert not waiting, "a master session closed before all hot seats"
        assert set(stage.requires) <= set(meeting["fulfilled"])
    participants = [p for p, r in circle.members.items() if r == "participant"]
    if circle.meetings and not left:  # the group may shrink when members leave
        assert MASTERCIRCLE.participants.allows(len(participants))


def run_random(cast: Cast, data: st.DataObject, steps: int) -> list[str]:
    cast.join_all()
    done: list[str] = []
    for _ in range(steps):
        name, command = draw_command(cast, data)
        before = stored_count(cast.app)
        try:
            command()
        except CircleflowError:
            assert stored_count(cast.app) == before, f"refused {name} recorded events"
        else:
            done.append(name)
        check_allowed_by_format(cast.app.circle(cast.id))
    return done


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_random_commands_keep_a_circle_within_its_format(data: st.DataObject) -> None:
    cast = Cast(Circles("memory:"))
    run_random(cast, data, steps=150)
    circle = cast.app.circle(cast.id)
    assert snapshot_state(circle) == full_replay(cast.app, circle)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=st.data())
def test_random_histories_replay_identically_from_a_file(
    data: st.DataObject, tmp_path: Path
) -> None:
    path = tmp_path / f"p{data.draw(st.integers(0, 10**9))}.db"
    cast = Cast(Circles(str(path), snapshot_every=5))
    run_random(cast, data, steps=60)
    live: dict[str, Any] = snapshot_state(cast.app.circle(cast.id))
    reopened = Circles(str(path), snapshot_every=5)
    circle = reopened.circle(cast.id)
    assert snapshot_state(circle) == live
    assert snapshot_state(circle) == full_replay(reopened, circle)


def test_guided_random_walks_reach_deep_into_the_circle() -> None:
    # Guard for the generator above: it must actually reach master sessions.
    reached: set[str] = set()

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def walk(data: st.DataObject) -> None:
        cast = Cast(Circles("memory:"))
        run_random(cast, data, steps=150)
        reached.update(cast.app.circle(cast.id).attendance)

    walk()
    assert {"Urgentie", "Opgave"} <= reached
