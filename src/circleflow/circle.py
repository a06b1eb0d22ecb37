# SPDX-License-Identifier: EUPL-1.2
"""The circle aggregate: commands that check, events that record.

Each public method is a command: it asks the format's workflow whether the
step is allowed from the circle's current state, checks the format's rules,
and only then records its event. Refused commands raise before anything is
recorded. The private ``@event`` methods are the apply steps: they only change
state, so replaying a history never checks a rule again.

This module holds what every format shares: founding, members, the schedule,
and the flow of meetings (open, elements, hold, conclude). The commands of
each format family come from the mixins named in :mod:`circleflow.circle_base`.
Every event records ``actor`` (who recorded it) and ``origin`` (which tool or
channel the command came from) and ``state``, the circle's state after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from eventsourcing.domain import event

from circleflow.circle_base import text
from circleflow.collaboration import Collaboration
from circleflow.errors import InvalidInput, StepRefused
from circleflow.format import Format, Stage
from circleflow.learning_group import LearningGroup
from circleflow.learning_network import LearningNetwork
from circleflow.reverse_learning import FEEDBACK_KINDS, ReverseLearning
from circleflow.sponsorship import Sponsorship
from circleflow.workflow import (
    CONCLUDE,
    ENTER_ELEMENT,
    HOLD_SESSION,
    JOIN,
    OPEN_SESSION,
    SCHEDULE,
    workflow_for,
)

__all__ = ["FEEDBACK_KINDS", "Circle", "snapshot_state"]


class Circle(
    ReverseLearning, Sponsorship, Collaboration, LearningGroup, LearningNetwork
):
    """One running circle of some format: members, meetings, and where it is."""

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
        self.schedule: dict[str, str] = {}
        self.meetings = []
        self.hot_seat = None
        self.mandates = {}
        self.problems = {}
        self.consensus = {}
        self.twos = {}
        self.roles = {}
        self.insights = []
        self.agenda = {}
        self.registration_deadline = None
        self.assignments_done = []

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
        given = dict(details or {})
        unknown = set(given) - set(fmt.circle_fields)
        if unknown:
            known = list(fmt.circle_fields) or "none"
            raise InvalidInput(
                f"unknown circle detail(s) {sorted(unknown)}; the {fmt.title} "
                f"takes {known}"
            )
        return cls(
            format_name=fmt.name,
            format_version=fmt.version,
            title=text(title, "title"),
            challenge=text(challenge, "challenge"),
            details={k: text(str(v), k) for k, v in given.items()},
            state=workflow_for(fmt).initial,
            actor=text(actor, "actor"),
            origin=text(origin, "origin"),
        )

    @property
    def attendance(self) -> dict[str, list[str]]:
        """Who attended the latest meeting of each stage that had one."""
        return {m["stage"]: list(m["attendees"]) for m in self.meetings}

    # -- members and schedule ------------------------------------------------------

    def join(
        self,
        fmt: Format,
        person: str,
        role: str,
        *,
        organisation: str = "",
        challenge: str = "",
        actor: str,
        origin: str,
    ) -> None:
        """Add ``person`` as a member with ``role``; participants may name
        their own challenge, and everyone the organisation they represent."""
        state = self._step(fmt, JOIN)
        if role not in fmt.roles:
            raise InvalidInput(
                f"unknown role {role!r}; the {fmt.title} knows {sorted(fmt.roles)}"
            )
        if person in self.members:
            raise StepRefused(
                "one-role",
                f"person {person} is already a member as {self.members[person]}",
            )
        if role == "participant" and fmt.registration and self.state != fmt.before:
            raise StepRefused(
                "registration-closed",
                "registration is closed; participants can no longer join",
            )
        limits = {"participant": fmt.participants, "facilitator": fmt.facilitators}
        if role in limits:
            size, count = limits[role], len(self.members_with(role))
            if size.maximum is not None and count >= size.maximum:
                raise StepRefused(
                    "group-size",
                    f"the circle has {count} {role}s, the {fmt.title} allows {size}",
                )
        self._member_joined(
            person=person,
            role=role,
            organisation=text(organisation, "organisation", required=False),
            challenge=text(challenge, "challenge", required=False),
            state=state,
            actor=actor,
            origin=origin,
        )

    def schedule_sessions(
        self, fmt: Format, dates: Mapping[str, date], *, actor: str, origin: str
    ) -> None:
        """Set or move the dates of sessions that have not been opened yet.

        The resulting schedule must keep the sessions in the format's order.
        """
        state = self._step(fmt, SCHEDULE)
        wanted: dict[str, str] = {}
        for name, on in dates.items():
            stage = self._stage(fmt, name)
            if not isinstance(on, date):
                raise InvalidInput(
                    f"the date of {stage.name} must be a date, got {on!r}"
                )
            if self.meetings_of(stage.name):
                raise StepRefused(
                    "schedule-past",
                    f"{stage.name} has been opened already; its date stays",
                )
            wanted[stage.name] = on.isoformat()
        result = self.schedule | wanted
        names = [n for n in fmt.stage_names() if n in result]
        days = [result[n] for n in names]
        if days != sorted(days):
            listing = ", ".join(f"{n} {result[n]}" for n in names)
            raise StepRefused(
                "schedule-order",
                f"the dates would break the order of sessions: {listing}",
            )
        for name in fmt.stage_names():
            if name in wanted:
                self._session_scheduled(
                    stage=name,
                    date=wanted[name],
                    state=state,
                    actor=actor,
                    origin=origin,
                )

    # -- the flow of meetings ------------------------------------------------------

    def open_session(
        self,
        fmt: Format,
        stage_name: str,
        attendees: Iterable[str],
        *,
        host: str | None = None,
        actor: str,
        origin: str,
    ) -> None:
        """Open the next session (or meeting) with the members present."""
        stage = self._stage(fmt, stage_name)
        state = self._workflow(fmt).next_state(self.state, OPEN_SESSION, stage.name)
        if state is None:
            allowed = self.allowed(fmt)
            nexts = [str(s.target) for s in allowed if s.command == OPEN_SESSION]
            now = (
                f"the next session is {' or '.join(nexts)}"
                if nexts
                else f"no session opens at {self.state}"
            )
            raise StepRefused(
                "session-order",
                f"cannot open {stage.name} now; {now} "
                f"(order: {' → '.join(fmt.stage_names())})",
                [str(s) for s in allowed],
            )
        present = list(dict.fromkeys(attendees))
        self._check_attendance(fmt, stage, present)
        leaving = self._leaving_stage(fmt, stage)
        if leaving is not None:
            for condition in leaving.requires_to_leave:
                self._check_condition(
                    fmt, leaving, condition, f"leave {leaving.name}", OPEN_SESSION
                )
        for condition in stage.requires_to_open:
            self._check_condition(
                fmt, stage, condition, f"open {stage.name}", OPEN_SESSION
            )
        hosted_by = self._check_host(fmt, present, host)
        self._session_opened(
            stage=stage.name,
            number=len(self.meetings) + 1,
            attendees=present,
            host=hosted_by,
            carried_over=self.carried_over(),
            state=state,
            actor=actor,
            origin=origin,
        )

    def enter_element(
        self, fmt: Format, element: str, *, actor: str, origin: str
    ) -> None:
        """Move to the next session-level element, by name."""
        stage = fmt.stage(self._stage_name()) if self.in_meeting else None
        state = self._step(fmt, ENTER_ELEMENT)
        assert stage is not None  # the machine has element steps in meetings only
        nxt = state.rsplit(".", 1)[-1]
        if nxt != element:
            raise StepRefused(
                "element-order",
                f"cannot enter {element!r} now; the next element of {stage.name} "
                f"is {nxt} (order: {' → '.join(e.name for e in stage.elements)})",
                [str(s) for s in self.allowed(fmt)],
            )
        self._check_hot_seats_complete(stage, f"leave {self._element_name()}")
        self._element_entered(
            stage=stage.name, element=element, state=state, actor=actor, origin=origin
        )

    def hold_session(self, fmt: Format, *, actor: str, origin: str) -> None:
        """Close the open session: it has been held."""
        state = self._step(fmt, HOLD_SESSION)
        stage = fmt.stage(self._stage_name())
        self._check_hot_seats_complete(stage, f"close {stage.name}", anywhere=True)
        for condition in stage.requires:
            self._check_condition(
                fmt, stage, condition, f"close {stage.name}", HOLD_SESSION
            )
        self._session_held(
            stage=stage.name,
            number=len(self.meetings),
            state=state,
            actor=actor,
            origin=origin,
        )

    def conclude(
        self, fmt: Format, *, reason: str = "", actor: str, origin: str
    ) -> None:
        """End an open-ended circle after its last held meeting."""
        state = self._step(fmt, CONCLUDE)
        last = fmt.stages[-1]
        for condition in last.requires_to_leave:
            self._check_condition(fmt, last, condition, "conclude", CONCLUDE)
        self._circle_concluded(
            reason=text(reason, "reason", required=False),
            state=state,
            actor=actor,
            origin=origin,
        )

    # -- checks ------------------------------------------------------------------

    def _leaving_stage(self, fmt: Format, stage: Stage) -> Stage | None:
        if not self.meetings or self.meetings[-1]["stage"] == stage.name:
            return None
        return fmt.stage(self.meetings[-1]["stage"])

    def _check_attendance(self, fmt: Format, stage: Stage, present: list[str]) -> None:
        roles = {person: self.role_of(person) for person in present}
        for person, role in roles.items():
            if role != "participant" and role not in stage.attendees:
                where = [s.name for s in fmt.stages if role in s.attendees]
                raise StepRefused(
                    "attendance",
                    f"{person} is a {role}; a {role} attends only "
                    f"{', '.join(where) or 'no session'}, not {stage.name}",
                )
        for role in sorted(stage.required | {"participant"}):
            if role not in roles.values():
                raise StepRefused(
                    f"{role}-present",
                    f"{stage.name} ({stage.kind}) needs at least one {role} present",
                )
        if not self.meetings:
            for role, size in (
                ("participant", fmt.participants),
                ("facilitator", fmt.facilitators),
            ):
                count = len(self.members_with(role))
                if not size.allows(count):
                    raise StepRefused(
                        "group-size",
                        f"the circle has {count} {role}s, the {fmt.title} needs {size}",
                    )
        limit = fmt.sessions_per_master
        if limit is None:
            return
        for person, role in roles.items():
            if role != "master":
                continue
            earlier = [m["stage"] for m in self.meetings if person in m["attendees"]]
            if len(earlier) >= limit:
                raise StepRefused(
                    "master-sessions",
                    f"master {person} attended {', '.join(earlier)} already; a "
                    f"master attends at most {limit} session(s) of a {fmt.title}",
                )

    def _check_host(
        self, fmt: Format, present: list[str], host: str | None
    ) -> str | None:
        if not fmt.hosted:
            if host is not None:
                raise InvalidInput(f"meetings of a {fmt.title} have no host")
            return None
        organisations = list(
            dict.fromkeys(
                self.organisations[p]
                for p in self.members_with("participant")
                if self.organisations.get(p)
            )
        )
        host = None if host is None else text(host, "host")
        if host is None or host not in organisations:
            raise StepRefused(
                "host",
                f"every meeting is hosted by a participant's organisation; "
                f"choose one of {organisations or 'none (no organisations known)'}",
            )
        hosted = [m["host"] for m in self.meetings if m["host"]]
        round_start = len(hosted) - len(hosted) % len(organisations)
        this_round = hosted[round_start:]
        if host in this_round:
            waiting = [o for o in organisations if o not in this_round]
            raise StepRefused(
                "host-rotation",
                f"{host} hosted already in this round; next hosts: "
                f"{', '.join(waiting)}",
            )
        return host

    def _check_condition(
        self, fmt: Format, stage: Stage, condition: str, doing: str, refused: str
    ) -> None:
        missing = self._unmet(stage, condition)
        if missing is None:
            return
        # The step being refused is not offered as allowed.
        allowed = [str(s) for s in self.allowed(fmt) if s.command != refused]
        raise StepRefused(condition, f"cannot {doing}: {missing}", allowed)

    def _unmet(self, stage: Stage, condition: str) -> str | None:
        """Why ``condition`` does not hold now, or ``None`` when it does."""
        meeting: dict[str, Any] = self.meetings[-1] if self.meetings else {}
        if condition in _NOT_YET:
            if condition in meeting.get("fulfilled", []):
                return None
            return _NOT_YET[condition]
        waiting: list[str] | list[int]
        if condition == "learning-wishes-stated":
            waiting = self._wishes_missing()
            what = "learning wishes are missing from"
        elif condition == "concerns-heard":
            heard = meeting["heard"]
            waiting = [p for p in self._present_participants() if p not in heard]
            what = "not yet heard:"
        elif condition == "problems-have-proposals":
            waiting = list(meeting["open_problems"])
            what = "problems without a proposal:"
        elif condition == "assignments-done":
            done = self.assignments_done
            waiting = [p for p in self.members_with("participant") if p not in done]
            what = "assignments not yet completed by"
        elif condition == "mandates-renewed":
            waiting = self._mandates_missing()
            what = "mandates not renewed since the last meeting by"
        elif condition == "consensus-complete":
            waiting = [i for i in stage.consensus if i not in self.consensus]
            what = "consensus items not yet recorded:"
        else:  # pragma: no cover - format validation rules this out
            raise AssertionError(f"unknown condition {condition}")
        if not waiting:
            return None
        return f"{what} {', '.join(str(w) for w in waiting)}"

    # -- events ------------------------------------------------------------------

    @event("MemberJoined")
    def _member_joined(
        self,
        person: str,
        role: str,
        organisation: str,
        challenge: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.members[person] = role
        if organisation:
            self.organisations[person] = organisation
        self.state = state

    @event("SessionScheduled")
    def _session_scheduled(
        self, stage: str, date: str, state: str, actor: str, origin: str
    ) -> None:
        self.schedule[stage] = date
        self.state = state

    @event("SessionOpened")
    def _session_opened(
        self,
        stage: str,
        number: int,
        attendees: list[str],
        host: str | None,
        carried_over: list[int],
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.meetings.append(
            {
                "stage": stage,
                "attendees": list(attendees),
                "host": host,
                "held": False,
                "fulfilled": [],
                "hot_seats_done": [],
                "heard": [],
                "open_problems": [],
                "wishes": [],
            }
        )
        self.state = state

    @event("ElementEntered")
    def _element_entered(
        self, stage: str, element: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state

    @event("SessionHeld")
    def _session_held(
        self, stage: str, number: int, state: str, actor: str, origin: str
    ) -> None:
        self.meetings[-1]["held"] = True
        self.state = state

    @event("CircleConcluded")
    def _circle_concluded(
        self, reason: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state


#: Why a condition fulfilled by one event in the meeting does not hold yet.
_NOT_YET = {
    "urgency-stated": "the sponsor has not stated the urgency yet",
    "harvest-presented": "the harvest has not been presented yet",
    "harvest-accepted": "the sponsor has not accepted the harvest yet",
    "subject-chosen": "no subject has been chosen yet",
    "aim-set": "the group has not set its aim yet",
}


def snapshot_state(circle: Circle) -> dict[str, Any]:
    """The circle's state as plain data, for comparing two reconstructions."""
    return {k: v for k, v in vars(circle).items() if not k.startswith("_")}
