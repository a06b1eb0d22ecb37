# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Property-based, for every built-in format: what ``allowed`` lists is
exactly what succeeds.

Random walks take a circle into reachable states. In each state, every step
``allowed()`` lists succeeds (tried on a copy of the circle, with its
arguments), a random command with random arguments succeeds only if
``allowed()`` listed it with those arguments, and ``allowed(person=P)`` is
the part of the list that P takes.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circleflow import (
    CircleflowError,
    Circles,
    Format,
    Step,
    builtin_formats,
    engine,
)
from circleflow.packs import registry
from tests.conftest import ACTOR, stored_count

#: Values for the free arguments, so that free text never decides.
FREE: dict[str, Any] = {
    "deadline": date(2026, 1, 1),
    "dates": {},
    "tasks": ["notuleren"],
    "on": None,
    "version": 1,
}
ORGANISATIONS = ["Gouda", "Delft", "Leiden", "Alphen"]
#: Steps that move a circle through its state machine.
MOVES = {
    "open_session",
    "enter_element",
    "hold_session",
    "conclude",
    "close_registration",
    "take_hot_seat",
    "give_feedback",
    "hold_master_dialogue",
}
#: Steps that end a circle.
ENDINGS = {"cancel", "conclude_early"}
#: Values a random command may give its bounded arguments, right or wrong.
POOL: dict[str, list[Any]] = {
    "kind": ["appreciative", "addition", "lesson", "dilemma", "onzin"],
    "adopt": [True, False],
    "number": [1, 2, 3],
    "problem": [1, 2],
    "supersedes": [None, 1, 2],
    "host": [None, *ORGANISATIONS, "Elders"],
    "item": ["spelregels", "mandaat", "onbekend"],
    "role": ["participant", "facilitator", "master", "sponsor", "guest"],
}


class World:
    """A circle of ``fmt`` with a team joined, and people who are not members."""

    def __init__(self, app: Circles, fmt: Format) -> None:
        self.app, self.fmt = app, fmt
        reg = app.register_person
        count = max(fmt.participants.minimum, 2) + 1
        participants = [
            reg(f"Deelnemer {n}", organisation=ORGANISATIONS[n % 4], actor=ACTOR)
            for n in range(count)
        ]
        others = {
            "facilitator": [reg(f"Begeleider {n}", actor=ACTOR) for n in range(2)],
            "master": [reg(f"Master {n}", actor=ACTOR) for n in range(3)],
            "sponsor": [reg("Sponsor", actor=ACTOR)],
            "guest": [reg("Gast", actor=ACTOR)],
        }
        self.outsider = reg("Buitenstaander", organisation="Elders", actor=ACTOR)
        self.names = 0
        details = {f: "1" for f in fmt.circle_fields}
        self.id = app.found_circle(
            fmt.name, title="T", challenge="C", details=details, actor=ACTOR
        )
        for person in participants:
            app.join(self.id, person, "participant", actor=ACTOR)
        for role, people in others.items():
            if role not in fmt.roles:
                continue
            for person in people[: 1 if role == "facilitator" else None]:
                app.join(self.id, person, role, actor=ACTOR)
        self.people = [
            str(p)
            for p in (
                *participants,
                *others["facilitator"],
                self.outsider,
                *(p for r, ps in others.items() if r != "facilitator" for p in ps),
            )
        ]

    def arguments(self, step: Step, data: st.DataObject) -> dict[str, Any]:
        """The arguments of a listed step: its own, one of each open choice
        (all of them for persons), and valid free values."""
        spec = registry().command(step.command)
        assert spec is not None
        args: dict[str, Any] = dict(step.args)
        if spec.target is not None:
            args[spec.target] = step.target
        for name, values in step.options:
            if spec.param(name).kind == "persons":
                args[name] = list(values)
            else:
                args[name] = data.draw(st.sampled_from(values))
        for param in spec.params:
            if param.kind == "person" and not param.bounded:
                # Anyone registered may join: a newcomer.
                newcomer = self.app.register_person("Nieuw", actor=ACTOR)
                args[param.name] = str(newcomer)
        return args | self.free(spec.name, args)

    def free(self, command: str, given: dict[str, Any]) -> dict[str, Any]:
        """Valid free arguments: text, no dates, and a role name not taken
        (an existing one is refused by 'role-exists')."""
        spec = registry().command(command)
        assert spec is not None
        self.names += 1
        values = FREE | {"role": f"rol-{self.names}"}
        return {
            p.name: values.get(p.name, "tekst")
            for p in spec.params
            if p.kind == "free" and p.name not in given
        }

    def random_command(self, data: st.DataObject) -> tuple[str, dict[str, Any]]:
        """Any command of any pack, with arguments right or wrong."""
        names = sorted(c.name for c in registry().commands())
        command = data.draw(st.sampled_from(names))
        spec = registry().command(command)
        assert spec is not None
        args: dict[str, Any] = {}
        for param in spec.params:
            if param.name == "stage":
                args["stage"] = data.draw(st.sampled_from(self.fmt.stage_names()))
            elif param.name == "element":
                names = [e.name for s in self.fmt.stages for e in s.elements]
                args["element"] = data.draw(st.sampled_from(names or ["Geen"]))
            elif param.kind == "persons":
                args[param.name] = data.draw(
                    st.lists(st.sampled_from(self.people), unique=True, max_size=6)
                )
            elif param.kind == "person":
                people = self.people + ([None] if not param.required else [])
                args[param.name] = data.draw(st.sampled_from(people))
            elif param.kind == "choice":
                args[param.name] = data.draw(st.sampled_from(POOL[param.name]))
        return command, args | self.free(command, args)

    def succeeds(self, command: str, args: dict[str, Any]) -> bool:
        """Whether the command succeeds on a copy of the circle now."""
        circle = copy.deepcopy(self.app.circle(self.id))
        fmt = self.app.formats.get(circle.format_name, circle.format_version)
        try:
            engine.take(
                circle,
                fmt,
                command,
                dict(args),
                actor=ACTOR,
                origin="test",
                is_forgotten=self.app.person_keys.forgotten,
            )
        except CircleflowError:
            return False
        return True


def listed(steps: tuple[Step, ...], command: str, args: dict[str, Any]) -> bool:
    """Whether one of ``steps`` is ``command`` taken with ``args``."""
    spec = registry().command(command)
    assert spec is not None
    for step in steps:
        if step.command != command:
            continue
        if spec.target is not None and step.target != args.get(spec.target):
            continue
        if any(args.get(name) != value for name, value in step.args):
            continue
        if all(_among(spec.param(n).kind, args.get(n), v) for n, v in step.options):
            return True
    return False


def _among(kind: str, given: Any, values: tuple[object, ...]) -> bool:
    if kind == "persons":
        return set(given or []) <= set(values)
    return given is None or given in values


def check_state(world: World, data: st.DataObject) -> tuple[Step, ...]:
    """The three properties, in the circle's state now."""
    app = world.app
    steps = app.allowed(world.id)
    assert steps == app.position(world.id).allowed
    for step in steps:
        assert world.succeeds(step.command, world.arguments(step, data)), str(step)
    for _ in range(3):
        command, args = world.random_command(data)
        if world.succeeds(command, args):
            assert listed(steps, command, args), (command, args)
    circle = app.circle(world.id)
    for person in world.people:
        mine = app.allowed(world.id, person=person)
        assert set(mine) <= set(steps)
        for step in steps:
            spec = registry().command(step.command)
            assert spec is not None
            by = spec.by
            if by is not None and dict(step.args).get(by.name) == person:
                assert step in mine, (person, str(step))
        chairs = circle.members.get(person) == "facilitator"
        if chairs:
            assert [s for s in steps if registry().command(s.command).by is None] == [  # type: ignore[union-attr]
                s
                for s in mine
                if registry().command(s.command).by is None  # type: ignore[union-attr]
            ]
    return steps


def walk(world: World, data: st.DataObject, length: int) -> None:
    app = world.app
    for _ in range(length):
        steps = check_state(world, data)
        if steps and data.draw(st.integers(0, 9)) > 0:
            # Half the time a step that moves the circle on, so walks go deep.
            # Ending the circle only now and then, so walks go deep.
            going_on = [s for s in steps if s.command not in ENDINGS]
            if going_on and data.draw(st.integers(0, 19)) > 0:
                steps = tuple(going_on)
            moves = [s for s in steps if s.command in MOVES] or list(steps)
            step = data.draw(
                st.sampled_from(moves if data.draw(st.booleans()) else steps)
            )
            args = world.arguments(step, data)
            app.take(world.id, step.command, actor=ACTOR, **args)
            continue
        command, args = world.random_command(data)
        before = stored_count(app)
        try:
            app.take(world.id, command, actor=ACTOR, **args)
        except CircleflowError:
            assert stored_count(app) == before, "a refused command recorded"


@pytest.mark.parametrize("fmt", builtin_formats(), ids=lambda f: f.name)
@settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_allowed_lists_exactly_the_steps_that_succeed(
    fmt: Format, data: st.DataObject
) -> None:
    world = World(Circles("memory:"), fmt)
    walk(world, data, 100)
