# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Property-based, for every built-in format: random command sequences never
bring a circle into a state its format forbids, a refused command records
nothing, and replaying the recorded events gives exactly the same state."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circleflow import Circle, CircleflowError, Circles, Format, builtin_formats
from circleflow.circle import snapshot_state
from tests.conftest import ACTOR, stored_count
from tests.test_replay import full_replay

START = date(2027, 1, 4)
TEXT = st.sampled_from(["Ja.", "Nee.", "Misschien."])
NUMBER = st.integers(1, 3)


class World:
    """A circle of ``fmt`` with people for every role, and organisations."""

    def __init__(self, app: Circles, fmt: Format) -> None:
        self.app, self.fmt = app, fmt
        reg = app.register_person
        self.orgs = ["Gouda", "Delft", "Leiden", "Alphen"]
        count = max(fmt.participants.minimum, 2) + 1
        self.participants = [
            reg(f"Deelnemer {n}", organisation=self.orgs[n % 4], actor=ACTOR)
            for n in range(count)
        ]
        self.facilitators = [reg(f"Begeleider {n}", actor=ACTOR) for n in range(2)]
        self.masters = [reg(f"Master {n}", actor=ACTOR) for n in range(3)]
        self.sponsor = reg("Sponsor", actor=ACTOR)
        self.guest = reg("Gast", actor=ACTOR)
        self.everyone = [
            *self.participants,
            *self.facilitators,
            *self.masters,
            self.sponsor,
            self.guest,
        ]
        details = {f: "1" for f in fmt.circle_fields}
        self.id = app.found_circle(
            fmt.name, title="T", challenge="C", details=details, actor=ACTOR
        )
        join = app.join
        for person in self.facilitators[: max(fmt.facilitators.minimum, 1)]:
            join(self.id, person, "facilitator", actor=ACTOR)
        for person in self.participants:
            join(self.id, person, "participant", actor=ACTOR)
        for role, people in (
            ("master", self.masters),
            ("sponsor", [self.sponsor]),
            ("guest", [self.guest]),
        ):
            if role in fmt.roles:
                for person in people:
                    join(self.id, person, role, actor=ACTOR)

    def attendance(self, data: st.DataObject, stage: str | None) -> list[UUID]:
        """Mostly a plausible group for ``stage``, sometimes anybody."""
        if stage is None or data.draw(st.integers(0, 4)) == 0:
            return data.draw(
                st.lists(st.sampled_from(self.everyone), min_size=1, max_size=8)
            )
        group = [*self.facilitators, *self.participants]
        required = self.fmt.stage(stage).required
        if "master" in required:
            group.append(data.draw(st.sampled_from(self.masters)))
        if "sponsor" in required:
            group.append(self.sponsor)
        return group


LIFE_STEPS = {"leave", "cancel", "conclude_early", "correct_text", "correct_attendance"}


def draw_command(world: World, data: st.DataObject) -> tuple[str, Callable[[], object]]:
    """One command: usually one the machine allows now, with random (possibly
    wrong) arguments; sometimes any command at all."""
    app, cid = world.app, world.id
    circle = app.circle(cid)
    # The steps real life brings (leaving, ending, corrections) may break what
    # the format asks of a group on purpose; test_allowed, test_properties and
    # test_life_steps walk them.
    allowed = [s for s in app.position(cid).allowed if s.command not in LIFE_STEPS]
    target = None
    if allowed and data.draw(st.integers(0, 9)) > 0:
        step = data.draw(st.sampled_from(allowed))
        name = step.command
        if data.draw(st.integers(0, 3)) > 0:
            target = step.target
    else:
        name = data.draw(st.sampled_from(sorted(COMMANDS)))
    present = (
        [UUID(p) for p in circle.meetings[-1]["attendees"]]
        if (circle.in_meeting)
        else []
    )
    among_present: bool = data.draw(st.booleans())
    pool = present if present and among_present else world.everyone
    who = data.draw(st.sampled_from(pool))
    return name, COMMANDS[name](world, data, who, target)


Maker = Callable[[World, st.DataObject, UUID, str | None], Callable[[], object]]


def _call(method: str, *args: Any, **kwargs: Any) -> Maker:
    """A command maker: arguments that are strategies are drawn when made."""

    def make(w: World, data: st.DataObject, who: UUID, target: str | None) -> Any:
        def value(arg: Any) -> Any:
            if arg == "WHO":
                return who
            if arg == "TARGET_STAGE":
                return target or data.draw(st.sampled_from(w.fmt.stage_names()))
            if arg == "TARGET_ELEMENT":
                names = [e.name for s in w.fmt.stages for e in s.elements] or ["X"]
                return target or data.draw(st.sampled_from(names))
            if arg == "ATTENDEES":
                return w.attendance(data, target)
            if arg == "PEOPLE":
                return data.draw(
                    st.lists(st.sampled_from(w.everyone), min_size=1, max_size=3)
                )
            if arg == "HOST":
                return data.draw(st.sampled_from(w.orgs)) if w.fmt.hosted else None
            if arg == "ITEM":
                items = [i for s in w.fmt.stages for i in s.consensus] or ["x"]
                return data.draw(st.sampled_from(items))
            if isinstance(arg, st.SearchStrategy):
                return data.draw(arg)
            return arg

        drawn = [value(a) for a in args]
        named = {k: value(v) for k, v in kwargs.items()}
        return lambda: getattr(w.app, method)(w.id, *drawn, actor=ACTOR, **named)

    return make


COMMANDS: dict[str, Maker] = {
    "join": _call(
        "join",
        "WHO",
        st.sampled_from(["participant", "facilitator", "master", "sponsor", "guest"]),
    ),
    "schedule": _call("schedule", START),
    "set_registration_deadline": _call("set_registration_deadline", START),
    "close_registration": _call(
        "close_registration",
        on=st.sampled_from(
            [START - timedelta(days=1), START, START + timedelta(days=1)]
        ),
    ),
    "open_session": _call("open_session", "TARGET_STAGE", "ATTENDEES", host="HOST"),
    "enter_element": _call("enter_element", "TARGET_ELEMENT"),
    "hold_session": _call("hold_session"),
    "conclude": _call("conclude"),
    "state_urgency": _call("state_urgency", "WHO", TEXT),
    "take_hot_seat": _call("take_hot_seat", "WHO"),
    "give_feedback": _call(
        "give_feedback", "WHO", st.sampled_from(["appreciative", "addition"]), TEXT
    ),
    "hold_master_dialogue": _call("hold_master_dialogue", "WHO"),
    "note_synergy": _call("note_synergy", "WHO", "PEOPLE", TEXT),
    "record_action": _call("record_action", "WHO", TEXT),
    "present_harvest": _call("present_harvest", "WHO", TEXT),
    "accept_harvest": _call("accept_harvest", "WHO"),
    "choose_subject": _call("choose_subject", TEXT, brought_by="WHO"),
    "record_insight": _call(
        "record_insight", st.sampled_from(["lesson", "dilemma", "intervention"]), TEXT
    ),
    "propose_agenda_item": _call("propose_agenda_item", "WHO", TEXT),
    "decide_agenda_item": _call("decide_agenda_item", NUMBER, st.booleans()),
    "submit_agenda_item": _call("submit_agenda_item", NUMBER),
    "state_learning_wish": _call("state_learning_wish", "WHO", TEXT),
    "set_aim": _call("set_aim", TEXT, TEXT),
    "complete_assignment": _call("complete_assignment", "WHO", TEXT),
    "renew_mandate": _call("renew_mandate", "WHO", TEXT),
    "voice_concerns": _call("voice_concerns", "WHO", TEXT),
    "name_problem": _call("name_problem", "WHO", TEXT),
    "propose_solution": _call("propose_solution", "WHO", NUMBER, TEXT),
    "record_consensus": _call("record_consensus", "ITEM", TEXT),
    "agree_two": _call(
        "agree_two", "PEOPLE", TEXT, TEXT, supersedes=st.none() | NUMBER
    ),
    "act_on_two": _call("act_on_two", NUMBER, "WHO", TEXT),
    "reflect_on_two": _call("reflect_on_two", NUMBER, "WHO", TEXT),
    "assign_role": _call(
        "assign_role", st.sampled_from(["voorzitter", "notulist"]), "WHO", ["taak"]
    ),
    "hand_over_role": _call(
        "hand_over_role", st.sampled_from(["voorzitter", "notulist"]), "WHO"
    ),
}


def organisations_of(circle: Circle, people: list[str]) -> set[str]:
    """The organisations known for ``people``."""
    return {circle.organisations[p] for p in people if circle.organisations.get(p)}


def check_within_format(circle: Circle, fmt: Format) -> None:
    """Nothing the format forbids holds of the recorded circle."""
    names = fmt.stage_names()
    order = [names.index(m["stage"]) for m in circle.meetings]
    for earlier, later in itertools.pairwise(order):
        assert later in (earlier, earlier + 1), "stages out of order"
        if later == earlier:
            assert fmt.stages[later].repeatable, "a stage repeated that may not"
    if order:
        assert order[0] == 0, "the first stage was skipped"
    role = circle.members
    participants = circle.members_with("participant")
    if circle.meetings:
        assert fmt.participants.allows(len(participants))
        assert fmt.facilitators.allows(len(circle.members_with("facilitator")))
        if fmt.registration:
            assert circle.state != "Afgelast"
    hosts: list[str] = []
    for meeting in circle.meetings:
        stage = fmt.stage(meeting["stage"])
        present = meeting["attendees"]
        roles = {role[p] for p in present}
        assert all(r == "participant" or r in stage.attendees for r in roles)
        assert (stage.required | {"participant"}) <= roles
        if fmt.hosted:
            assert meeting["host"] in organisations_of(circle, participants)
            hosts.append(meeting["host"])
        if not meeting["held"]:
            continue
        here = [p for p in present if role[p] == "participant"]
        for condition in stage.requires:
            if condition == "concerns-heard":
                assert set(here) <= set(meeting["heard"])
            elif condition == "problems-have-proposals":
                assert meeting["open_problems"] == []
            elif condition == "learning-wishes-stated":
                assert set(here) <= set(meeting["wishes"])
            elif condition == "assignments-done":
                assert set(participants) <= set(circle.part("assignments_done"))
            else:
                assert condition in meeting["fulfilled"]
        if stage.hot_seat_element is not None:
            assert set(here) <= set(meeting["hot_seats_done"])
    if fmt.hosted and hosts:
        organisations = len(organisations_of(circle, participants))
        for start in range(0, len(hosts), organisations):
            turn = hosts[start : start + organisations]
            assert len(turn) == len(set(turn)), "an organisation hosted twice"
    if fmt.sessions_per_master is not None:
        for master in circle.members_with("master"):
            visits = sum(master in m["attendees"] for m in circle.meetings)
            assert visits <= fmt.sessions_per_master
    for index, later_stage in enumerate(order):
        leaving = [fmt.stages[i] for i in set(order[:index]) if i < later_stage]
        for stage in leaving:
            if "consensus-complete" in stage.requires_to_leave:
                assert set(stage.consensus) <= set(circle.part("consensus"))
    for number, two in circle.part("twos").items():
        if two["superseded_by"] is not None:
            assert two["superseded_by"] > int(number)


@pytest.mark.parametrize("fmt", builtin_formats(), ids=lambda f: f.name)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_random_commands_keep_every_format_within_its_rules(
    fmt: Format, data: st.DataObject
) -> None:
    world = World(Circles("memory:"), fmt)
    for _ in range(120):
        name, command = draw_command(world, data)
        before = stored_count(world.app)
        try:
            command()
        except CircleflowError:
            assert stored_count(world.app) == before, f"refused {name} recorded"
        check_within_format(world.app.circle(world.id), fmt)
    circle = world.app.circle(world.id)
    assert snapshot_state(circle) == full_replay(world.app, circle)
