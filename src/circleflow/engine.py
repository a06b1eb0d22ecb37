# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The engine: whether a step may be taken, and which steps may be taken.

Both questions are answered by the same rules (see :mod:`circleflow.rules`),
in the same order: the state machine first, then the persons a step names,
then the rules of the step and the conditions of its stage. So every step
:func:`allowed` lists succeeds when it is given, and a refused command names
the first rule that does not hold and lists what is allowed instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from circleflow.errors import InvalidInput, StepRefused
from circleflow.language import _
from circleflow.packs import PackRegistry, registry
from circleflow.rules import Command, Move, Param, Rule
from circleflow.workflow import SEPARATOR, Step, workflow_for

if TYPE_CHECKING:
    from circleflow.circle import Circle
    from circleflow.format import Format


def _never(_: str) -> bool:
    return False


def command_named(name: str) -> Command:
    """The registered command ``name``; :class:`InvalidInput` if none."""
    command = registry().command(name)
    if command is None:
        raise InvalidInput(
            _("unknown command {name!r}; known commands are {known}").format(
                name=name,
                known=", ".join(sorted(c.name for c in registry().commands())),
            )
        )
    return command


def take(
    circle: Circle,
    fmt: Format,
    name: str,
    args: dict[str, Any],
    *,
    actor: str,
    origin: str,
    is_forgotten: Callable[[str], bool] = _never,
    today: date | None = None,
) -> Any:
    """Check command ``name`` with ``args`` on ``circle`` and record it;
    ``today`` is the day it is for the circle (the computer's by default).

    Raises :class:`StepRefused` (listing what is allowed now) when a rule
    does not hold, :class:`InvalidInput` for arguments of the wrong form;
    either way nothing is recorded.
    """
    command = command_named(name)
    unknown = set(args) - {p.name for p in command.params}
    if unknown:
        raise InvalidInput(
            _("{command} takes no argument(s) {unknown}; it takes {known}").format(
                command=name,
                unknown=", ".join(sorted(unknown)),
                known=", ".join(p.name for p in command.params),
            )
        )
    full = {p.name: args.get(p.name, p.default) for p in command.params}
    for param in command.params:
        if param.kind == "persons" and isinstance(full[param.name], list | tuple):
            full[param.name] = list(dict.fromkeys(full[param.name]))  # once each
    move = Move(circle, fmt, workflow_for(fmt), command, full, is_forgotten, today)
    move.actor, move.origin = actor, origin
    try:
        check(move)
    except StepRefused as refused:
        raise refused.with_allowed(
            allowed(circle, fmt, is_forgotten=is_forgotten, today=today)
        ) from None
    return command.run(move, **full)


def check(move: Move) -> None:
    """Raise :class:`StepRefused` for the first rule ``move`` breaks, or
    :class:`InvalidInput` for an argument outside its parameter's range."""
    reg = registry()
    command = move.command
    if command.target is not None:
        _check_range(move, command.param(command.target), move.args[command.target])
    if move.target_state() is None:
        rule = reg.rule(command.order_rule)
        assert rule is not None and rule.check is not None
        raise rule.refuse(
            rule.check(move)
            or _("{command} is not allowed now").format(command=command.name)
        )
    if command.prepare is not None:
        command.prepare(move)
    for param in command.params:
        value = move.args[param.name]
        if value is None and param.required and param.kind != "free":
            raise InvalidInput(
                _("{command} needs {param}; none was given").format(
                    command=command.name, param=param.name
                )
            )
        if param.name == command.target or value is None:
            continue
        values = value if param.kind == "persons" else [value]
        if param.kind == "persons":
            _check_count(param, values)
        for item in values:
            refusal = _value_refusal(reg, move, param, item)
            if refusal is not None:
                rule, why = refusal
                raise rule.refuse(why)
            if param.bounded:
                _check_range(move, param, item)
    for rule in _step_rules(reg, move):
        assert rule.check is not None
        reason = rule.check(move)
        if reason is not None:
            raise rule.refuse(reason)


def _check_count(param: Param, values: Sequence[Any]) -> None:
    if len(values) < param.minimum:
        raise InvalidInput(
            _("{param} names {count} person(s); at least {minimum} are needed").format(
                param=param.name, count=len(values), minimum=param.minimum
            )
        )


def _check_range(move: Move, param: Param, value: Any) -> None:
    assert param.options is not None
    if value not in param.options(move):
        if param.unknown is not None:
            raise InvalidInput(param.unknown(move, value))
        raise InvalidInput(
            _("{param} {value!r} is not one of {options}").format(
                param=param.name,
                value=value,
                options=", ".join(map(str, param.options(move))),
            )
        )


def _value_refusal(
    reg: PackRegistry, move: Move, param: Param, value: Any
) -> tuple[Rule, str] | None:
    if value is None:
        return None
    for rule in reg.value_rules(move.command.name, param):
        assert rule.check_each is not None
        why = rule.check_each(move, param, value)
        if why is not None:
            return rule, why
    return None


def _step_rules(reg: PackRegistry, move: Move) -> Iterator[Rule]:
    yield from reg.guards(move.command.name)
    if move.command.conditions is None:
        return
    for name in move.command.conditions(move):
        rule = reg.rule(name)
        if rule is not None and rule.check is not None:
            yield rule


# -- what is allowed ---------------------------------------------------------------


def allowed(
    circle: Circle,
    fmt: Format,
    *,
    person: str | None = None,
    is_forgotten: Callable[[str], bool] = _never,
    today: date | None = None,
) -> tuple[Step, ...]:
    """Every step that succeeds now, with its bounded arguments.

    With ``person``, only the steps that person takes: those whose acting
    parameter (``by``) names them, and, for a facilitator, the steps that
    name nobody (opening, holding, scheduling). In a circle without a
    facilitator every participant may take those.
    """
    reg = registry()
    workflow = workflow_for(fmt)
    chair = person is None or _chairs(circle, person)
    is_forgotten = _remembering(is_forgotten)
    steps: list[Step] = []
    for name, dests in workflow.table(circle.state).items():
        command = reg.command(name)
        if command is None:
            continue
        if person is not None and command.by is None and not chair:
            continue
        targets: list[str | None] = [None]
        if command.target is not None:
            targets = list(dict.fromkeys(d.rsplit(SEPARATOR, 1)[-1] for d in dests))
            if command.target == "stage":
                targets = [d.split(SEPARATOR, 1)[0] for d in dests]
        for target in targets:
            args = {p.name: p.default for p in command.params}
            if target is not None:
                assert command.target is not None
                args[command.target] = target
            move = Move(circle, fmt, workflow, command, args, is_forgotten, today)
            steps += _expand(reg, move, list(command.params), target, person, {})
    return tuple(steps)


def _remembering(is_forgotten: Callable[[str], bool]) -> Callable[[str], bool]:
    """``is_forgotten``, asked once per person while one list is made."""
    known: dict[str, bool] = {}

    def ask(person: str) -> bool:
        answer = known.get(person)
        if answer is None:
            answer = known[person] = is_forgotten(person)
        return answer

    return ask


def _chairs(circle: Circle, person: str) -> bool:
    role = circle.members.get(person)
    if role == "facilitator":
        return True
    return role == "participant" and "facilitator" not in circle.members.values()


def _expand(
    reg: PackRegistry,
    move: Move,
    params: list[Param],
    target: str | None,
    person: str | None,
    persons: dict[str, list[Any]],
) -> list[Step]:
    """The steps with the remaining ``params`` bound in every allowed way.

    ``persons`` keeps the candidates of each ``persons`` parameter once they
    are known: they may depend on the step's target, not on its other
    arguments.
    """
    if not params:
        return _finish(reg, move, target, persons)
    param, rest = params[0], params[1:]
    if (
        not param.bounded
        or not param.expand
        or param.kind == "persons"
        or param.name == move.command.target
    ):
        return _expand(reg, move, rest, target, person, persons)
    assert param.options is not None
    values = list(param.options(move))
    if param.by and person is not None:
        values = [v for v in values if v == person]
    steps: list[Step] = []
    for value in values:
        if _value_refusal(reg, move, param, value):
            continue
        move.args[param.name] = value
        for step in _expand(reg, move, rest, target, person, persons):
            steps.append(
                Step(
                    step.command,
                    step.target,
                    ((param.name, value), *step.args),
                    step.options,
                )
            )
    move.args[param.name] = param.default
    return steps


def _finish(
    reg: PackRegistry,
    move: Move,
    target: str | None,
    persons: dict[str, list[Any]],
) -> list[Step]:
    """The one step of ``move`` with its open choices, if every rule holds."""
    options: list[tuple[str, tuple[object, ...]]] = []
    for param in move.command.params:
        if not param.bounded or (param.expand and param.kind != "persons"):
            continue
        assert param.options is not None
        known = persons.get(param.name) if param.kind == "persons" else None
        values = (
            known
            if known is not None
            else [
                v
                for v in param.options(move)
                if not _value_refusal(reg, move, param, v)
            ]
        )
        if param.kind == "persons":
            persons[param.name] = values
        if param.kind == "persons":
            if len(values) < param.minimum:
                return []
            move.args[param.name] = values
        elif not values:
            if param.required:
                return []
            continue
        else:
            move.args[param.name] = values[0]
        options.append((param.name, tuple(values)))
    try:
        if move.target_state() is None:
            return []
        for rule in _step_rules(reg, move):
            assert rule.check is not None
            if rule.check(move) is not None:
                return []
    finally:
        for name, _ in options:
            move.args[name] = move.command.param(name).default
    return [Step(move.command.name, target, (), tuple(options))]
