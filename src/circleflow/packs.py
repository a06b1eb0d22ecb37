# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Packs: everything one family of steps brings, registered in one place.

A :class:`Pack` holds a format family's steps (commands), their events, the
rules that guard them, the personal data the events hold, and the formats
that use them. The built-in packs live in :mod:`circleflow.formats`, one
folder each. A host tool adds its own with :func:`register_pack`, or
declares it under the entry-point group ``circleflow.packs`` so that every
process finds it:

.. code-block:: toml

    [project.entry-points."circleflow.packs"]
    intervisie = "my_tool.intervisie:PACK"

The engine reaches commands and rules only through this registry: it knows
no format by name.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from attrs import field, frozen
from eventsourcing.utils import register_topic

from circleflow.errors import FormatError
from circleflow.language import Text, _
from circleflow.rules import Command, Param, Rule

if TYPE_CHECKING:
    from circleflow.circle import Circle
    from circleflow.format import Format, Stage
    from circleflow.personal_data import PersonalData

#: The entry-point group under which installed packages offer packs.
ENTRY_POINT_GROUP = "circleflow.packs"

StageCheck = Callable[["Format", "Stage", int, str], None]


def _mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return dict(value)


@frozen(eq=False)
class Pack:
    """What one family of steps brings to the engine.

    ``state`` and ``meeting_state`` name the data the pack keeps on a circle
    and on each meeting, with a function that makes the empty value.
    ``renamed`` maps topics under which events were stored by earlier
    releases to the event classes that read them now. ``formats`` makes the
    pack's format definitions (called once every pack is registered).
    ``check_stage`` adds the pack's own checks of a format's stages.
    ``carry_over`` gives what a new meeting carries over from the last one
    (the numbers of its lessons), recorded when the meeting opens.
    """

    name: str
    title: Text
    description: Text = ""
    commands: tuple[Command, ...] = ()
    rules: tuple[Rule, ...] = ()
    events: tuple[type, ...] = ()
    personal_data: tuple[PersonalData, ...] = ()
    formats: Callable[[], Iterable[Format]] | None = None
    state: Mapping[str, Callable[[], Any]] = field(factory=dict, converter=_mapping)
    meeting_state: Mapping[str, Callable[[], Any]] = field(
        factory=dict, converter=_mapping
    )
    renamed: Mapping[str, type] = field(factory=dict, converter=_mapping)
    check_stage: StageCheck | None = None
    carry_over: Callable[[Circle], list[int]] | None = None

    def format_names(self) -> frozenset[str]:
        """The names of the formats the pack defines."""
        return _format_names(self)


def _format_names(pack: Pack) -> frozenset[str]:
    return frozenset(f.name for f in pack.formats()) if pack.formats else frozenset()


class PackRegistry:
    """The packs a process knows, with their commands and rules by name."""

    def __init__(self) -> None:
        self._packs: dict[str, Pack] = {}
        self._commands: dict[str, Command] = {}
        self._command_pack: dict[str, str] = {}
        self._rules: dict[str, Rule] = {}
        self._guards: dict[str, list[Rule]] = {}
        self._value_guards: dict[str, list[Rule]] = {}
        self._everywhere: list[Rule] = []
        self._events: dict[str, type] = {}
        self._state: dict[str, Callable[[], Any]] = {}
        self._meeting_state: dict[str, Callable[[], Any]] = {}
        self._value_rules: dict[tuple[str, str], list[Rule]] = {}
        #: Grows with every pack registered, so caches can tell they are stale.
        self.generation = 0

    def register(self, pack: Pack) -> None:
        """Add ``pack``; a name already taken by another pack is refused."""
        known = self._packs.get(pack.name)
        if known is pack:
            return
        if known is not None:
            raise FormatError(
                _("a pack named {pack!r} is registered already").format(pack=pack.name)
            )
        for command in pack.commands:
            if command.name in self._commands:
                raise FormatError(
                    _(
                        "pack {pack!r}: command {command!r} belongs to pack "
                        "{other!r} already"
                    ).format(
                        pack=pack.name,
                        command=command.name,
                        other=self._command_pack[command.name],
                    )
                )
        for rule in pack.rules:
            if rule.name in self._rules:
                raise FormatError(
                    _("pack {pack!r}: rule {rule!r} is registered already").format(
                        pack=pack.name, rule=rule.name
                    )
                )
        for event in pack.events:
            if event.__name__ in self._events:
                raise FormatError(
                    _("pack {pack!r}: event {event!r} is registered already").format(
                        pack=pack.name, event=event.__name__
                    )
                )
        self._packs[pack.name] = pack
        for command in pack.commands:
            self._commands[command.name] = command
            self._command_pack[command.name] = pack.name
        for rule in pack.rules:
            self._rules[rule.name] = rule
            if rule.order:
                continue
            if "*" in rule.steps and rule.check_each is not None:
                self._everywhere.append(rule)
            for step in rule.steps - {"*"}:
                if rule.check is not None:
                    self._guards.setdefault(step, []).append(rule)
                if rule.check_each is not None:
                    self._value_guards.setdefault(step, []).append(rule)
        for event in pack.events:
            self._events[event.__name__] = event
        for topic, event_class in pack.renamed.items():
            register_topic(topic, event_class)
        self._state.update(pack.state)
        self._meeting_state.update(pack.meeting_state)
        self._value_rules.clear()
        self.generation += 1

    # -- lookups -------------------------------------------------------------------

    def __iter__(self) -> Iterator[Pack]:
        return iter(self._packs.values())

    def pack(self, name: str) -> Pack:
        return self._packs[name]

    def command(self, name: str) -> Command | None:
        """The command called ``name``, or ``None`` if no pack has it."""
        return self._commands.get(name)

    def commands(self) -> list[Command]:
        return list(self._commands.values())

    def activities(self) -> frozenset[str]:
        """The commands a format can place in its stages and elements."""
        return frozenset(n for n, c in self._commands.items() if c.activity)

    def meeting_activities(self) -> frozenset[str]:
        """The activities that record into the meeting that is open."""
        return frozenset(
            n for n, c in self._commands.items() if c.activity and c.in_meeting
        )

    def rule(self, name: str) -> Rule | None:
        return self._rules.get(name)

    def rules(self) -> list[Rule]:
        return list(self._rules.values())

    def conditions(self, kind: str) -> frozenset[str]:
        """The names of the rules a stage can require (``"hold"``, ``"open"``,
        ``"leave"``)."""
        return frozenset(n for n, r in self._rules.items() if r.condition == kind)

    def guards(self, step: str) -> list[Rule]:
        """The rules whose ``check`` always guards ``step``."""
        return self._guards.get(step, [])

    def value_guards(self, step: str) -> list[Rule]:
        """The rules whose ``check_each`` guards ``step``, general ones first."""
        return self._everywhere + self._value_guards.get(step, [])

    def value_rules(self, step: str, param: Param) -> list[Rule]:
        """The rules asked about each value of ``param`` of ``step``."""
        key = (step, param.name)
        found = self._value_rules.get(key)
        if found is None:
            found = [r for r in self.value_guards(step) if r.guards_value(param)]
            self._value_rules[key] = found
        return found

    def event(self, name: str) -> type | None:
        return self._events.get(name)

    def events(self) -> list[type]:
        return list(self._events.values())

    def circle_state(self) -> Mapping[str, Callable[[], Any]]:
        return self._state

    def meeting_state(self) -> Mapping[str, Callable[[], Any]]:
        return self._meeting_state

    def pack_of(self, command: str) -> Pack:
        return self._packs[self._command_pack[command]]

    def pack_of_rule(self, rule: Rule) -> Pack:
        """The pack that registered ``rule``."""
        return next(p for p in self._packs.values() if rule in p.rules)

    def rules_for(self, fmt: Format) -> list[Rule]:
        """The rules that guard a step of ``fmt``, in the order they are asked."""
        from circleflow.workflow import workflow_for

        steps = {command for _, command, _ in workflow_for(fmt).transitions()}
        named = {
            name
            for stage in fmt.stages
            for name in (
                *stage.requires,
                *stage.requires_to_open,
                *stage.requires_to_leave,
            )
        }
        own = {p.name for p in self._packs.values() if fmt.name in p.format_names()}
        found: list[Rule] = []
        for rule in self._rules.values():
            if rule.applies is not None and not rule.applies(fmt):
                continue
            if (
                (rule.condition is not None and rule.name in named)
                or rule.steps & steps
                or ("*" in rule.steps and steps)
            ):
                found.append(rule)
            elif (
                rule.steps
                and not rule.steps & set(self._commands)
                and self.pack_of_rule(rule).name in own
            ):
                found.append(rule)  # a step of the pack outside a circle
        return found


_REGISTRY = PackRegistry()
_LOADING = threading.RLock()
_builtins_loaded = False
_installed_loaded = False


def registry(*, installed: bool = True) -> PackRegistry:
    """The registry, with the built-in packs and the installed ones.

    ``installed=False`` leaves the installed packs unloaded, so that the
    built-in formats can be checked while circleflow itself is still being
    imported (an installed pack imports circleflow).
    """
    global _builtins_loaded, _installed_loaded
    if _builtins_loaded and (_installed_loaded or not installed):
        return _REGISTRY
    with _LOADING:
        if not _builtins_loaded:
            _builtins_loaded = True
            from circleflow.formats import BUILTIN_PACKS

            for pack in BUILTIN_PACKS:
                _REGISTRY.register(pack)
        if installed and not _installed_loaded:
            _installed_loaded = True
            # Loaded here: reading the installed distributions' metadata is
            # needed only once, when the first application is made.
            from importlib.metadata import entry_points

            for entry in entry_points(group=ENTRY_POINT_GROUP):
                _REGISTRY.register(_load(entry.name, entry.load()))
    return _REGISTRY


def _guarded(rule: Rule) -> str:
    """What ``rule`` guards, in words, for the rules reference."""
    where = {"hold": "holding", "open": "opening", "leave": "leaving"}
    parts = []
    if "*" in rule.steps:
        parts.append("every activity" if rule.order else "every step naming a person")
    parts += [f"`{step}`" for step in sorted(rule.steps - {"*"})]
    if rule.condition is not None:
        parts.append(f"{where[rule.condition]} a stage that requires it")
    return ", ".join(parts) or "-"


def rules_markdown(packs: Iterable[Pack] | None = None) -> str:
    """Every rule of ``packs`` (all registered ones by default) as a Markdown
    table: name, pack, what it guards, what it asks."""
    lines = [
        "| rule | pack | guards | what it asks |",
        "|---|---|---|---|",
    ]
    for pack in registry() if packs is None else packs:
        for rule in pack.rules:
            lines.append(
                f"| `{rule.name}` | {pack.name} | {_guarded(rule)} | "
                f"{rule.description} |"
            )
    return "\n".join(lines) + "\n"


def _load(name: str, loaded: object) -> Pack:
    pack = loaded() if callable(loaded) and not isinstance(loaded, Pack) else loaded
    if not isinstance(pack, Pack):
        raise FormatError(
            _(
                "entry point {name!r} in group {group!r} gives {kind}, not a "
                "circleflow Pack"
            ).format(name=name, group=ENTRY_POINT_GROUP, kind=type(pack).__name__)
        )
    return pack


def register_pack(pack: Pack) -> None:
    """Add a pack to every application of this process."""
    if not isinstance(pack, Pack):
        raise FormatError(
            _("register_pack takes a Pack, not {kind}").format(kind=type(pack).__name__)
        )
    registry().register(pack)
