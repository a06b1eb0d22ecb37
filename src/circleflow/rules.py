# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Steps and rules as objects the engine can evaluate.

A :class:`Command` is one step a circle can take (``take_hot_seat``,
``renew_mandate``, ...): its parameters, and the function that records its
events. A :class:`Rule` is a named check with a one-line description. It
names the steps it guards, and its one check answers both questions the
engine asks: "may this command be given now?" and "what is allowed now?".

A rule's check gets a :class:`Move`: the circle, its format, the command and
its arguments. It returns ``None`` when the rule holds, or the reason it does
not. A person rule checks one person named by a parameter at a time, so the
engine can tell which members may be chosen.

Parameters are bounded (a person, several persons, one of a few values) or
free (text, dates). The engine lists bounded arguments in ``allowed``; free
arguments are checked by the command itself and never decide whether a step
is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from circleflow.errors import StepRefused
from circleflow.language import Text

if TYPE_CHECKING:
    from circleflow.circle import Circle, CircleEvent
    from circleflow.format import Format, Stage
    from circleflow.workflow import Step, Workflow

#: Kinds of parameter. ``person``: one member; ``persons``: several members;
#: ``choice``: one of the values ``options`` gives; ``free``: anything the
#: command checks itself (text, a date).
PARAM_KINDS = ("person", "persons", "choice", "free")

Options = Callable[["Move"], Sequence[Any]]


def _frozenset(items: Iterable[str]) -> frozenset[str]:
    return frozenset(items)


@frozen
class Param:
    """One parameter of a command.

    ``options`` gives the values a bounded parameter can take in the current
    situation (for persons: the candidates, usually every member).
    ``expand``: each allowed value is a step of its own in ``allowed`` (the
    participant who takes the hot seat); otherwise the allowed values are
    listed as one open choice (the kind of feedback). ``by`` marks the person
    who takes the step, for ``allowed(person=...)``. ``roles`` and
    ``present`` say who may be named: members with one of these roles (any
    role when empty), present in the meeting that is open unless ``present``
    is false. ``minimum`` is the least number of persons for ``persons``.
    """

    name: str
    kind: str
    options: Options | None = None
    expand: bool = True
    by: bool = False
    roles: frozenset[str] = field(default=frozenset(), converter=_frozenset)
    present: bool = True
    member: bool = True
    minimum: int = 0
    required: bool = True
    default: Any = None
    unknown: Callable[[Move, Any], str] | None = None

    @property
    def bounded(self) -> bool:
        return self.kind != "free" and self.options is not None

    @property
    def names_persons(self) -> bool:
        return self.kind in ("person", "persons")


def person(
    name: str,
    roles: Iterable[str] = (),
    *,
    by: bool = False,
    present: bool = True,
    required: bool = True,
    expand: bool = True,
    options: Options | None = None,
    unknown: Callable[[Move, Any], str] | None = None,
) -> Param:
    """A parameter naming one member (every member is a candidate)."""
    return Param(
        name,
        "person",
        options=options or _members,
        expand=expand,
        unknown=unknown,
        by=by,
        roles=frozenset(roles),
        present=present,
        required=required,
    )


def persons(
    name: str, roles: Iterable[str] = (), *, minimum: int = 1, present: bool = True
) -> Param:
    """A parameter naming several members, at least ``minimum`` of them."""
    return Param(
        name,
        "persons",
        options=_members,
        expand=False,
        roles=frozenset(roles),
        present=present,
        minimum=minimum,
    )


def choice(
    name: str,
    options: Options,
    *,
    expand: bool = True,
    unknown: Callable[[Move, Any], str] | None = None,
    required: bool = True,
    default: Any = None,
) -> Param:
    """A parameter taking one of the values ``options`` gives."""
    return Param(
        name,
        "choice",
        options=options,
        expand=expand,
        unknown=unknown,
        required=required,
        default=default,
    )


def free(name: str, default: Any = None, *, required: bool = True) -> Param:
    """A parameter the command checks itself (text, a date)."""
    return Param(name, "free", default=default, required=required)


def _members(move: Move) -> Sequence[str]:
    return list(move.circle.members)


@frozen(eq=False)
class Rule:
    """A named rule: a one-line description, the steps it guards, one check.

    ``steps`` are the commands the rule always guards. A rule with a
    ``condition`` (``"hold"``, ``"open"`` or ``"leave"``) also guards the
    step that holds, opens or leaves a stage whose format lists the rule's
    name in ``requires``, ``requires_to_open`` or ``requires_to_leave``.
    ``check`` returns ``None`` when the rule holds and the reason otherwise;
    ``check_each`` is asked for each value of the parameters named in
    ``params`` (of every person parameter when empty): each person a step
    names, the host it names. An ``order`` rule refuses a step where the
    state machine has none; it guards the commands that name it as their
    ``order_rule``.
    ``fulfilled_by`` names the activity that makes a condition hold, for the
    checks of format definitions and the docs. ``description`` may be a
    lazy text (:func:`circleflow.language.lazy_gettext`), translated when
    it is shown.
    """

    name: str
    description: Text
    steps: frozenset[str] = field(default=frozenset(), converter=_frozenset)
    check: Callable[[Move], str | None] | None = None
    check_each: Callable[[Move, Param, Any], str | None] | None = None
    params: frozenset[str] = field(default=frozenset(), converter=_frozenset)
    condition: str | None = None
    fulfilled_by: str | None = None
    order: bool = False
    applies: Callable[[Format], bool] | None = None

    def refuse(self, reason: str, allowed: Sequence[Step] = ()) -> StepRefused:
        """The error for a step this rule refuses."""
        return StepRefused(self.name, reason, allowed, description=self.description)

    def guards_value(self, param: Param) -> bool:
        """Whether ``check_each`` is asked about the values of ``param``."""
        if self.check_each is None:
            return False
        if self.params:
            return param.name in self.params
        return param.names_persons


@frozen(eq=False)
class Command:
    """One step a circle can take, as the engine knows it.

    ``run(move, **arguments)`` records the step's events on ``move.circle``
    once every rule holds, and returns the command's result (a number, or
    ``None``). An ``activity`` is placed by a format in its stages, elements
    or between meetings; the other commands move a circle through the
    machine (open, enter, hold). ``in_meeting`` activities record into the
    meeting that is open and cannot run between meetings. ``target`` names
    the parameter that picks among the machine's destinations (a stage or an
    element). ``order_rule`` is the rule that refuses the step where the
    state machine has no such step. ``conditions`` gives the names of the
    conditions the step must meet (for open, hold and conclude).
    """

    name: str
    description: Text
    params: tuple[Param, ...]
    run: Callable[..., Any]
    activity: bool = True
    in_meeting: bool = False
    target: str | None = None
    order_rule: str = "activity-place"
    conditions: Callable[[Move], Sequence[str]] | None = None
    doing: Text = ""
    prepare: Callable[[Move], None] | None = None

    def param(self, name: str) -> Param:
        for candidate in self.params:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @property
    def by(self) -> Param | None:
        """The parameter naming who takes the step, if the step names one."""
        return next((p for p in self.params if p.by), None)


class Move:
    """A command with its arguments on a circle in its current state.

    Rules read everything they need from here: the circle, its format, the
    stage the step is about, the meeting that is open, and whether a person
    was forgotten. Values that several rules use are computed once.
    """

    __slots__ = (
        "_present",
        "_stage",
        "actor",
        "args",
        "circle",
        "command",
        "format",
        "is_forgotten",
        "origin",
        "today",
        "workflow",
    )

    def __init__(
        self,
        circle: Circle,
        fmt: Format,
        workflow: Workflow,
        command: Command,
        args: dict[str, Any],
        is_forgotten: Callable[[str], bool],
        today: date | None = None,
    ) -> None:
        self.circle = circle
        self.format = fmt
        self.workflow = workflow
        self.command = command
        self.args = args
        self.is_forgotten = is_forgotten
        #: The day it is for the circle (the application's clock); the
        #: computer's date when none was given.
        self.today = today or date.today()
        self._stage: Stage | bool | None = False
        self._present: list[str] | None = None
        self.actor = ""
        self.origin = ""

    @property
    def state(self) -> str:
        return self.circle.state

    @property
    def stage(self) -> Stage | None:
        """The stage the step is about: the one it opens, or the current one."""
        if self._stage is False:
            name = self.args.get("stage") if self.command.target == "stage" else None
            if name is None:
                name = self.circle.state.split(".", 1)[0]
            try:
                self._stage = self.format.stage(name)
            except KeyError:
                self._stage = None
        assert self._stage is not True
        return self._stage

    @property
    def meeting(self) -> dict[str, Any]:
        """The meeting that is open, or an empty dict between meetings."""
        meetings = self.circle.meetings
        if meetings and not meetings[-1]["held"]:
            meeting: dict[str, Any] = meetings[-1]
            return meeting
        return {}

    @property
    def present_participants(self) -> list[str]:
        """The participants present in the meeting that is open."""
        if self._present is None:
            members = self.circle.members
            self._present = [
                p
                for p in self.meeting.get("attendees", ())
                if members.get(p) == "participant"
            ]
        return self._present

    def target_state(self) -> str | None:
        """The state the machine leads to, or ``None`` where it has no step."""
        target = self.command.target
        return self.workflow.next_state(
            self.circle.state,
            self.command.name,
            None if target is None else self.args.get(target),
        )

    def record(
        self, event_class: type[CircleEvent], *, state: str | None = None, **fields: Any
    ) -> None:
        """Record ``event_class`` on the circle, by this move's actor and
        origin, leading to ``state`` (the machine's destination by default)."""
        if state is None:
            state = self.target_state()
        assert state is not None, "record() runs only after every rule held"
        self.circle.record(
            event_class, actor=self.actor, origin=self.origin, state=state, **fields
        )
