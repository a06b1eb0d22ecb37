# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The circle aggregate: one running circle of some format.

The circle knows no format and no rule. It keeps what its events say (its
members, schedule and meetings, where it stands in the state machine, and
the data each pack keeps on it) and records the events the commands of the
packs give it. Whether a command may be given is decided before, by the
engine (:mod:`circleflow.engine`); replaying a history only applies events,
so no rule is ever checked again.

State is kept in plain dicts, lists and strings (dict keys are always
strings), so that it survives snapshots and every store unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Number
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate, event

from circleflow.errors import InvalidInput
from circleflow.inputs import text
from circleflow.language import _
from circleflow.packs import registry

if TYPE_CHECKING:
    from circleflow.format import Format
    from circleflow.workflow import Place, Step

__all__ = ["Circle", "CircleEvent", "snapshot_state"]


def _plain_copy(value: Any) -> Any:
    """A deep copy of ``value`` made of dicts, lists and immutable values."""
    if isinstance(value, dict):
        return {key: _plain_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_copy(item) for item in value]
    return value


def _detail(name: str, value: object) -> str:
    """A circle detail as text: text itself, or a number written out."""
    if not isinstance(value, bool) and isinstance(value, Number):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidInput(
            _(
                "detail {name} must be text or a number, got {value!r}; leave "
                "it out when it has no value"
            ).format(name=name, value=value)
        )
    return text(value, _("detail {name}").format(name=name))


class Circle(Aggregate):
    """One running circle of some format: members, meetings, and where it is."""

    if TYPE_CHECKING:
        format_name: str
        format_version: int
        title: str
        challenge: str
        details: dict[str, str]
        state: str
        members: dict[str, str]
        organisations: dict[str, str]
        schedule: dict[str, str]
        meetings: list[dict[str, Any]]

    @event("CircleFounded")
    def __init__(
        self,
        format_name: str,
        format_version: int,
        title: str,
        challenge: str,
        details: dict[str, str],
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.format_name = format_name
        self.format_version = format_version
        self.title = title
        self.challenge = challenge
        self.details = dict(details)
        self.state = state
        self.members = {}
        self.organisations = {}
        self.schedule = {}
        self.meetings = []
        for name, make in registry().circle_state().items():
            setattr(self, name, make())

    @classmethod
    def found(
        cls,
        fmt: Format,
        *,
        title: str,
        challenge: str,
        details: Mapping[str, object] | None = None,
        actor: str,
        origin: str,
    ) -> Circle:
        """A new circle of ``fmt`` working on ``challenge``.

        ``details`` are the data the format asks of a circle (its
        ``circle_fields``, such as cost per person and subsidy).
        """
        from circleflow.workflow import workflow_for

        if details is not None and not isinstance(details, Mapping):
            raise InvalidInput(
                _(
                    "details must be a mapping of detail name to value, got {kind}"
                ).format(kind=type(details).__name__)
            )
        given = dict(details or {})
        unknown = set(given) - set(fmt.circle_fields)
        if unknown:
            if fmt.circle_fields:
                message = _(
                    "unknown circle detail(s) {unknown}; the {format} takes {known}"
                )
            else:
                message = _(
                    "unknown circle detail(s) {unknown}; the {format} takes none"
                )
            raise InvalidInput(
                message.format(
                    unknown=sorted(unknown),
                    format=fmt.title,
                    known=list(fmt.circle_fields),
                )
            )
        return cls(
            format_name=fmt.name,
            format_version=fmt.version,
            title=text(title, _("the title")),
            challenge=text(challenge, _("the challenge")),
            details={k: _detail(k, v) for k, v in given.items()},
            state=workflow_for(fmt).initial,
            actor=text(actor, _("the actor"), single_line=True),
            origin=text(origin, _("the origin"), single_line=True),
        )

    def __deepcopy__(self, memo: dict[int, Any]) -> Circle:
        """A copy for one command. The state is plain data (dicts, lists and
        immutable values), so a direct walk is enough and much faster than
        :func:`copy.deepcopy`'s general machinery."""
        copied = object.__new__(type(self))
        copied.__dict__.update(_plain_copy(self.__dict__))
        return copied

    # -- what packs keep -----------------------------------------------------------

    def part(self, name: str) -> Any:
        """The data a pack keeps on the circle under ``name``.

        A circle founded before the pack was registered gets the pack's
        empty value on first use.
        """
        try:
            return self.__dict__[name]
        except KeyError:
            value = registry().circle_state()[name]()
            self.__dict__[name] = value
            return value

    def meeting_part(self, name: str) -> Any:
        """The data a pack keeps on the meeting that is open (or the last)."""
        meeting = self.meetings[-1]
        try:
            return meeting[name]
        except KeyError:
            value = registry().meeting_state()[name]()
            meeting[name] = value
            return value

    def fulfil(self, condition: str) -> None:
        """Note in the open meeting that ``condition`` holds now."""
        done: list[str] = self.meeting_part("fulfilled")
        if condition not in done:
            done.append(condition)

    # -- queries -------------------------------------------------------------------

    @property
    def in_meeting(self) -> bool:
        """Whether a meeting (session) is open now."""
        if not self.meetings:
            return False
        last = self.meetings[-1]
        return not last["held"] and not last.get("closed", False)

    @property
    def attendance(self) -> dict[str, list[str]]:
        """Who attended the latest meeting of each stage that had one."""
        return {m["stage"]: list(m["attendees"]) for m in self.meetings}

    def members_with(self, role: str) -> list[str]:
        """The members who have ``role``, in the order they joined."""
        return [p for p, r in self.members.items() if r == role]

    def meetings_of(self, stage: str) -> list[dict[str, Any]]:
        """The meetings held or open in ``stage``, oldest first."""
        return [m for m in self.meetings if m["stage"] == stage]

    def held_count(self) -> int:
        """How many meetings have been held."""
        return sum(1 for m in self.meetings if m["held"])

    def place(self, fmt: Format) -> Place:
        """Where the circle stands on both levels."""
        from circleflow.workflow import workflow_for

        return workflow_for(fmt).place(self.state)

    def allowed(self, fmt: Format) -> tuple[Step, ...]:
        """The steps that succeed now (see :func:`circleflow.engine.allowed`)."""
        from circleflow.engine import allowed

        return allowed(self, fmt)

    def record(self, event_class: type[CircleEvent], **fields: Any) -> None:
        """Record an event of a pack on this circle."""
        self.trigger_event(event_class, **fields)


class CircleEvent(Circle.Event):
    """An event of a circle recorded by a pack's command.

    Every such event records ``actor`` (who recorded it), ``origin`` (from
    which tool) and ``state``, the circle's state after it. Subclasses say
    what else they change in :meth:`change`; replay calls it and nothing else.
    """

    actor: str
    origin: str
    state: str

    def apply(self, aggregate: Any) -> None:
        self.change(aggregate)
        aggregate.state = self.state

    def change(self, circle: Circle) -> None:
        """What the event changes besides the circle's state."""


def snapshot_state(circle: Circle) -> dict[str, Any]:
    """The circle's state as plain data, for comparing two reconstructions."""
    return {k: v for k, v in vars(circle).items() if not k.startswith("_")}
