# SPDX-License-Identifier: EUPL-1.2
"""What every circle keeps, and the checks shared by all formats.

The commands of the formats live in mixins (:mod:`circleflow.reverse_learning`,
:mod:`circleflow.collaboration`, :mod:`circleflow.learning_group`,
:mod:`circleflow.learning_network`), composed into
:class:`circleflow.circle.Circle`. State is kept in plain dicts, lists and
strings so that it survives snapshots and any store unchanged; dict keys are
always strings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from circleflow.errors import InvalidInput, StepRefused, UnknownPerson
from circleflow.format import Format, Stage
from circleflow.workflow import SEPARATOR, Place, Step, Workflow, workflow_for


def text(value: object, what: str, *, required: bool = True) -> str:
    """``value`` as stripped text; an :class:`InvalidInput` if it is not text."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{what} must not be empty")
    return value


def _plain_copy(value: Any) -> Any:
    """A deep copy of ``value`` made of dicts, lists and immutable values."""
    if isinstance(value, dict):
        return {key: _plain_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_copy(item) for item in value]
    return value


_ORDER_RULES = {
    "open_session": "session-order",
    "enter_element": "element-order",
    "hold_session": "element-order",
    "take_hot_seat": "hot-seat-order",
    "give_feedback": "hot-seat-order",
    "hold_master_dialogue": "hot-seat-order",
    "join": "between-sessions",
    "schedule": "between-sessions",
    "close_registration": "registration",
    "conclude": "session-order",
}


class CircleBase(Aggregate):
    """State and checks shared by every format's commands."""

    # Attributes are set when the circle is founded (Circle.__init__). They are
    # declared for type checkers only: eventsourcing would read class-level
    # annotations as arguments of the founding event.
    if TYPE_CHECKING:
        format_name: str
        format_version: int
        state: str
        members: dict[str, str]
        organisations: dict[str, str]
        meetings: list[dict[str, Any]]
        hot_seat: str | None

    def __deepcopy__(self, memo: dict[int, Any]) -> CircleBase:
        """A copy for one command. The state is plain data (dicts, lists and
        immutable values), so a direct walk is enough and much faster than
        :func:`copy.deepcopy`'s general machinery."""
        copied = object.__new__(type(self))
        copied.__dict__.update(_plain_copy(self.__dict__))
        return copied

    # -- queries -----------------------------------------------------------------

    def place(self, fmt: Format) -> Place:
        """Where the circle stands on both levels."""
        return self._workflow(fmt).place(self.state)

    def allowed(self, fmt: Format) -> tuple[Step, ...]:
        """The steps the state machine allows now."""
        return self._workflow(fmt).allowed(self.state)

    def role_of(self, person: str) -> str:
        """The role of member ``person``; :class:`UnknownPerson` otherwise."""
        try:
            return self.members[person]
        except KeyError:
            raise UnknownPerson(
                f"person {person} is not a member of this circle"
            ) from None

    def members_with(self, role: str) -> list[str]:
        """The members who have ``role``, in the order they joined."""
        return [p for p, r in self.members.items() if r == role]

    @property
    def in_meeting(self) -> bool:
        """Whether a meeting (session) is open now."""
        return bool(self.meetings) and not self.meetings[-1]["held"]

    def meetings_of(self, stage: str) -> list[dict[str, Any]]:
        """The meetings held or open in ``stage``, oldest first."""
        return [m for m in self.meetings if m["stage"] == stage]

    # -- checks ------------------------------------------------------------------

    def _workflow(self, fmt: Format) -> Workflow:
        if fmt.key != (self.format_name, self.format_version):
            raise InvalidInput(
                f"this circle runs on format {self.format_name!r} version "
                f"{self.format_version}, not {fmt.name!r} version {fmt.version}"
            )
        return workflow_for(fmt)

    def _step(self, fmt: Format, command: str, target: str | None = None) -> str:
        workflow = self._workflow(fmt)
        dest = workflow.next_state(self.state, command, target)
        if dest is None:
            allowed = [str(s) for s in workflow.allowed(self.state)]
            wanted = command if target is None else f"{command} {target}"
            raise StepRefused(
                _ORDER_RULES.get(command, "activity-place"),
                f"{wanted} is not allowed at {self.state}",
                allowed,
            )
        return dest

    @staticmethod
    def _stage(fmt: Format, name: str) -> Stage:
        try:
            return fmt.stage(name)
        except KeyError:
            raise InvalidInput(
                f"unknown session {name!r}; the {fmt.title} has "
                f"{', '.join(fmt.stage_names())}"
            ) from None

    def _stage_name(self) -> str:
        return self.state.split(SEPARATOR, 1)[0]

    def _element_name(self) -> str:
        parts = self.state.split(SEPARATOR)
        return parts[1] if len(parts) > 1 else parts[0]

    def _meeting(self) -> dict[str, Any]:
        return self.meetings[-1]

    def _check_member(
        self, person: str, roles: set[str], doing: str, *, present: bool = True
    ) -> None:
        """``person`` has one of ``roles`` and, in a meeting and unless
        ``present`` is false, is present."""
        role = self.role_of(person)
        if role not in roles:
            raise StepRefused(
                "role",
                f"{person} is a {role}; "
                f"only a {' or '.join(sorted(roles))} can {doing}",
            )
        if present and self.in_meeting and person not in self._meeting()["attendees"]:
            raise StepRefused(
                "attendance",
                f"{person} is not present in this {self._stage_name()} meeting "
                f"and cannot {doing}",
            )

    def _present_participants(self) -> list[str]:
        return [
            p
            for p in self._meeting()["attendees"]
            if self.members.get(p) == "participant"
        ]

    def _fulfil(self, condition: str) -> None:
        done: list[str] = self._meeting()["fulfilled"]
        if condition not in done:
            done.append(condition)
