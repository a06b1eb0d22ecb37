# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The order of a format's steps, as one hierarchical state machine per format.

A circle's state is a dotted path in the machine: ``Verkenning`` before the
first session, ``Opgave`` when a session is open, ``Opgave.Richten`` inside a
session-level element, ``Opgave.Uitwisselen.Feedback`` during a hot seat and
``Opgave.Gehouden`` once the session is held. Formats with a registration
start in their ``before`` state and move to ``Doorgang`` (go) or ``Afgelast``
(no-go); open-ended formats end in ``Afgerond`` when concluded. Every
circle can be cancelled (``Afgelast``) or concluded early (``Afgerond``)
from any state before its end; nothing is recorded after either.

The machine is built once per format (:func:`workflow_for`) with
``model=None``: it never drives an object. Circles keep their own state from
their events and ask the workflow which steps the machine allows from exactly
that state. Steps are looked up from the exact state, never inherited from a
parent state, so a hot seat in progress blocks leaving its element.
"""

from __future__ import annotations

import functools
import sys
from importlib import import_module
from types import ModuleType
from typing import Any

from attrs import frozen

from circleflow.format import (
    CANCELLED,
    CONCLUDED,
    FEEDBACK,
    GO,
    HELD,
    PRESENTING,
    Format,
    Stage,
)

SEPARATOR = "."

#: Commands that move a circle through the machine, besides the activities.
JOIN = "join"
SCHEDULE = "schedule"
SET_REGISTRATION_DEADLINE = "set_registration_deadline"
CLOSE_REGISTRATION = "close_registration"
OPEN_SESSION = "open_session"
ENTER_ELEMENT = "enter_element"
HOLD_SESSION = "hold_session"
CONCLUDE = "conclude"
TAKE_HOT_SEAT = "take_hot_seat"
GIVE_FEEDBACK = "give_feedback"
HOLD_MASTER_DIALOGUE = "hold_master_dialogue"
#: The steps real life brings: a member leaves, the circle is cancelled or
#: concluded early, a recorded text or an attendance list is corrected.
LEAVE = "leave"
CANCEL = "cancel"
CONCLUDE_EARLY = "conclude_early"
CORRECT_TEXT = "correct_text"
CORRECT_ATTENDANCE = "correct_attendance"


NESTING = "transitions.extensions.nesting"


@functools.cache
def _machine_class() -> type[Any]:
    """The hierarchical machine with ``.`` between nested states.

    ``transitions`` is imported here, when the first machine is built: a
    program that never asks a workflow does not load it.
    """
    nesting = _nesting()
    state_base: type[Any] = nesting.NestedState
    machine_base: type[Any] = nesting.HierarchicalMachine

    class _State(state_base):  # type: ignore[misc]
        separator = SEPARATOR

    class _Machine(machine_base):  # type: ignore[misc]
        state_cls = _State

    return _Machine


def _nesting() -> ModuleType:
    """transitions' module of nested states, without the rest of its package.

    ``import transitions.extensions.nesting`` first runs the package
    ``transitions.extensions``, which also loads transitions' diagram,
    locking and asyncio machines; asyncio alone takes longer to import than
    the rest of transitions. Unless that package is loaded already, the
    module is run from its file on its own, for the workflows only. It is
    not entered in ``sys.modules``, so a program that imports
    ``transitions.extensions`` itself gets the package as usual.
    """
    if "transitions.extensions" in sys.modules:
        return import_module(NESTING)
    from importlib.util import module_from_spec, spec_from_file_location

    import transitions

    path = f"{transitions.__path__[0]}/extensions/nesting.py"
    spec = spec_from_file_location(NESTING, path)
    if spec is None or spec.loader is None:
        return import_module(NESTING)
    module = module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except (ImportError, OSError):
        return import_module(NESTING)  # laid out otherwise: the usual way
    return module


@frozen
class Step:
    """A step that may be taken now: a command with its bounded arguments.

    ``target`` is the stage or element the step leads into (``open_session``,
    ``enter_element``). ``args`` are the arguments this step is taken with,
    such as the participant who takes the hot seat. ``options`` name the
    choices left open, each of which is allowed: the kind of feedback, or the
    members who may be among the attendees. Free text is never bounded.
    """

    command: str
    target: str | None = None
    args: tuple[tuple[str, object], ...] = ()
    options: tuple[tuple[str, tuple[object, ...]], ...] = ()

    @property
    def label(self) -> str:
        """The command and the stage or element it leads into, without the
        arguments: ``"enter_element Richten"``, ``"take_hot_seat"``."""
        return self.command if self.target is None else f"{self.command} {self.target}"

    def arguments(self) -> dict[str, object]:
        """The bounded arguments as keyword arguments of the command."""
        return dict(self.args)

    def as_dict(self) -> dict[str, object]:
        """The step as plain data (for JSON)."""
        return {
            "command": self.command,
            "target": self.target,
            "label": self.label,
            "args": {name: value for name, value in self.args},
            "options": {name: list(values) for name, values in self.options},
        }

    def choices(self, name: str) -> tuple[object, ...]:
        """The allowed values of the open choice ``name`` (empty if none)."""
        return dict(self.options).get(name, ())

    def __str__(self) -> str:
        parts = [self.command]
        if self.target is not None:
            parts.append(self.target)
        parts += [f"{name}={value}" for name, value in self.args]
        parts += [
            f"{name}={'|'.join(str(v) for v in values)}"
            for name, values in self.options
        ]
        return " ".join(parts)


@frozen
class Place:
    """Where a state lies in the format: both levels at once."""

    state: str
    stage: str | None
    stage_status: str  # "not started", "open", "held", "cancelled" or "concluded"
    session_element: str | None
    hot_seat_step: str | None
    circle_element: str | None
    complete: bool


class Workflow:
    """The state machine of one format, and questions asked of it."""

    def __init__(self, fmt: Format) -> None:
        self.format = fmt
        states: list[str | dict[str, object]] = [fmt.before]
        if fmt.registration:
            states += [GO, CANCELLED]
        else:
            states.append(CANCELLED)  # a circle can be cancelled at any point
        states += [_stage_state(s) for s in fmt.stages]
        states.append(CONCLUDED)  # concluded, or concluded early
        self.machine = _machine_class()(
            model=None, states=states, initial=fmt.before, auto_transitions=False
        )
        self._add_transitions()
        self._table = self._read_table()

    @property
    def initial(self) -> str:
        """The state of a newly founded circle."""
        return self.format.before

    @property
    def final(self) -> str:
        """The state of a circle that ran to its end."""
        if self.format.open_ended:
            return CONCLUDED
        return _path(self.format.stages[-1].name, HELD)

    def states(self) -> list[str]:
        """Every state of the machine, parents before children."""
        names: list[str] = self.machine.get_nested_state_names()
        return names

    def next_state(
        self, state: str, command: str, target: str | None = None
    ) -> str | None:
        """The state ``command`` leads to from ``state``; ``None`` if refused.

        Where a command can lead to several states (opening this stage again
        or the next one), ``target`` names the stage or element wanted.
        """
        dests = self._table.get(state, {}).get(command, [])
        if target is None:
            return dests[0] if dests else None
        for dest in dests:
            if dest == target or dest.rsplit(SEPARATOR, 1)[-1] == target:
                return dest
        return None

    def table(self, state: str) -> dict[str, list[str]]:
        """The machine's commands from ``state`` with their destinations."""
        return self._table.get(state, {})

    def allowed(self, state: str) -> tuple[Step, ...]:
        """The steps the machine alone allows from ``state`` (the rules may
        still refuse them: :func:`circleflow.engine.allowed` asks both)."""
        steps: list[Step] = []
        for command, dests in self._table.get(state, {}).items():
            if command == OPEN_SESSION:
                steps += [Step(command, dest) for dest in dests]
            elif command == ENTER_ELEMENT:
                steps += [Step(command, d.rsplit(SEPARATOR, 1)[-1]) for d in dests]
            else:
                steps.append(Step(command))
        return tuple(steps)

    def place(self, state: str) -> Place:
        """Where ``state`` lies: stage, element, hot-seat step, circle element."""
        parts = state.split(SEPARATOR)
        if parts[0] in (self.format.before, GO):
            return Place(state, None, "not started", None, None, None, False)
        if parts[0] == CANCELLED:
            return Place(state, None, "cancelled", None, None, None, True)
        if parts[0] == CONCLUDED:
            last = self.format.stages[-1]
            circle = last.circle_elements[-1] if last.circle_elements else None
            return Place(state, last.name, "concluded", None, None, circle, True)
        stage = self.format.stage(parts[0])
        held = len(parts) > 1 and parts[1] == HELD
        element = parts[1] if len(parts) > 1 and not held else None
        hot_seat_step = parts[2] if len(parts) > 2 else None
        circle_element = None
        if stage.circle_elements:
            circle_element = stage.circle_elements[-1 if held else 0]
        return Place(
            state=state,
            stage=stage.name,
            stage_status="held" if held else "open",
            session_element=element,
            hot_seat_step=hot_seat_step,
            circle_element=circle_element,
            complete=state == self.final,
        )

    def is_waiting(self, state: str) -> bool:
        """Whether ``state`` lies between meetings (or before the first)."""
        return state in self._waiting_states()

    def mermaid(self, current: str | None = None) -> str:
        """A Mermaid state diagram of the machine, marking ``current`` if given."""
        from circleflow.diagram import mermaid

        return mermaid(self, current)

    def transitions(self) -> list[tuple[str, str, str]]:
        """Every ``(source, command, destination)`` of the machine."""
        return [
            (source, command, dest)
            for source, commands in self._table.items()
            for command, dests in commands.items()
            for dest in dests
        ]

    def _waiting_states(self) -> list[str]:
        fmt = self.format
        first = GO if fmt.registration else fmt.before
        held = [_path(s.name, HELD) for s in fmt.stages]
        if not fmt.open_ended:
            held = held[:-1]
        waiting = [first, *held]
        if fmt.registration:
            waiting.insert(0, fmt.before)
        return waiting

    def _add_transitions(self) -> None:
        fmt = self.format
        add = self.machine.add_transition
        for state in self._waiting_states():
            add(JOIN, state, None)
            add(LEAVE, state, None)
            add(SCHEDULE, state, None)
            for activity in fmt.between_activities:
                add(activity, state, None)
        if fmt.registration:
            add(SET_REGISTRATION_DEADLINE, fmt.before, None)
            add(CLOSE_REGISTRATION, fmt.before, GO)
            add(CLOSE_REGISTRATION, fmt.before, CANCELLED)
        before = GO if fmt.registration else fmt.before
        for stage in fmt.stages:
            add(OPEN_SESSION, before, stage.name)
            held = _path(stage.name, HELD)
            if stage.repeatable:
                add(OPEN_SESSION, held, stage.name)
            self._add_meeting(stage)
            before = held
        if fmt.open_ended:
            add(CONCLUDE, before, CONCLUDED)
        for state in self.machine.get_nested_state_names():
            if state == self.final or state.split(SEPARATOR, 1)[0] in (
                CANCELLED,
                CONCLUDED,
            ):
                continue  # nothing is recorded after the end
            add(CANCEL, state, CANCELLED)
            add(CONCLUDE_EARLY, state, CONCLUDED)
            add(CORRECT_TEXT, state, None)
            add(CORRECT_ATTENDANCE, state, None)

    def _add_meeting(self, stage: Stage) -> None:
        add = self.machine.add_transition
        last = stage.name
        for activity in stage.activities:
            add(activity, stage.name, None)
        for element in stage.elements:
            here = _path(stage.name, element.name)
            add(ENTER_ELEMENT, last, here)
            last = here
            inside = [here]
            if element.hot_seat:
                presenting = _path(here, PRESENTING)
                feedback = _path(here, FEEDBACK)
                inside += [presenting, feedback]
                add(TAKE_HOT_SEAT, here, presenting)
                add(GIVE_FEEDBACK, [presenting, feedback], feedback)
                add(HOLD_MASTER_DIALOGUE, feedback, here)
            for activity in element.activities:
                add(activity, inside, None)
        add(HOLD_SESSION, last, _path(stage.name, HELD))

    def _read_table(self) -> dict[str, dict[str, list[str]]]:
        table: dict[str, dict[str, list[str]]] = {}
        for name, event in self.machine.events.items():
            for source, transitions in event.transitions.items():
                for transition in transitions:
                    dest = source if transition.dest is None else transition.dest
                    table.setdefault(source, {}).setdefault(name, []).append(dest)
        return table


def _path(*parts: str) -> str:
    return SEPARATOR.join(parts)


def _stage_state(stage: Stage) -> dict[str, object]:
    children: list[object] = []
    for element in stage.elements:
        if element.hot_seat:
            children.append({"name": element.name, "children": [PRESENTING, FEEDBACK]})
        else:
            children.append(element.name)
    children.append(HELD)
    return {"name": stage.name, "children": children}


@functools.cache
def workflow_for(fmt: Format) -> Workflow:
    """The workflow of ``fmt``, built on first use and shared afterwards."""
    return Workflow(fmt)
