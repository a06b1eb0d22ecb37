# SPDX-License-Identifier: EUPL-1.2
"""The circle aggregate: commands that check, events that record.

Each public method is a command: it asks the format's workflow whether the
step is allowed from the circle's current state, checks the format's rules,
and only then records one event. Refused commands raise before anything is
recorded. The private ``@event`` methods are the apply steps: they only change
state, so replaying a history never checks a rule again.

State kept here is what the rules need, in plain dicts, lists and strings, so
that it survives snapshots and a round trip through any store unchanged.
Texts (feedback, summaries) live in the events only; reports read them there.
Every event records ``actor`` (who recorded it) and ``origin`` (which tool or
channel the command came from).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from circleflow.errors import InvalidInput, StepRefused, UnknownPerson
from circleflow.format import Format, Stage
from circleflow.workflow import (
    ENTER_ELEMENT,
    GIVE_FEEDBACK,
    HOLD_MASTER_DIALOGUE,
    HOLD_SESSION,
    JOIN,
    OPEN_SESSION,
    SCHEDULE,
    SEPARATOR,
    TAKE_HOT_SEAT,
    Place,
    Step,
    Workflow,
    workflow_for,
)

#: Kinds of feedback a colleague or master gives in a hot seat.
FEEDBACK_KINDS = ("appreciative", "addition")

_ORDER_RULES = {
    OPEN_SESSION: "session-order",
    ENTER_ELEMENT: "element-order",
    HOLD_SESSION: "element-order",
    TAKE_HOT_SEAT: "hot-seat-order",
    GIVE_FEEDBACK: "hot-seat-order",
    HOLD_MASTER_DIALOGUE: "hot-seat-order",
    JOIN: "between-sessions",
    SCHEDULE: "between-sessions",
}


def text(value: object, what: str, *, required: bool = True) -> str:
    """``value`` as stripped text; an :class:`InvalidInput` if it is not text."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{what} must not be empty")
    return value


class Circle(Aggregate):
    """One running circle of some format: members, sessions, and where it is."""

    @event("CircleFounded")
    def __init__(
        self,
        format_name: str,
        format_version: int,
        title: str,
        challenge: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.format_name = format_name
        self.format_version = format_version
        self.title = title
        self.challenge = challenge
        self.state = state
        self.members: dict[str, str] = {}
        self.schedule: dict[str, str] = {}
        self.attendance: dict[str, list[str]] = {}
        self.hot_seats_done: dict[str, list[str]] = {}
        self.hot_seat: str | None = None
        self.fulfilled: dict[str, list[str]] = {}

    # -- founding and queries -------------------------------------------------

    @classmethod
    def found(
        cls, fmt: Format, *, title: str, challenge: str, actor: str, origin: str
    ) -> Circle:
        """A new circle of ``fmt`` working on ``challenge``."""
        return cls(
            format_name=fmt.name,
            format_version=fmt.version,
            title=text(title, "title"),
            challenge=text(challenge, "challenge"),
            state=workflow_for(fmt).initial,
            actor=text(actor, "actor"),
            origin=text(origin, "origin"),
        )

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
    def current_stage(self) -> str | None:
        """The stage that is open or was held last; ``None`` before the first."""
        first = self.state.split(SEPARATOR, 1)[0]
        return first if first in self.attendance else None

    # -- commands ---------------------------------------------------------------

    def join(
        self,
        fmt: Format,
        person: str,
        role: str,
        *,
        challenge: str = "",
        actor: str,
        origin: str,
    ) -> None:
        """Add ``person`` as a member with ``role`` (participants may name their
        own challenge)."""
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
        size = fmt.participants
        count = len(self.members_with("participant"))
        if role == "participant" and size.maximum is not None and count >= size.maximum:
            raise StepRefused(
                "group-size",
                f"the circle has {count} participants, the {fmt.title} allows {size}",
            )
        self._member_joined(
            person=person,
            role=role,
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
            if stage.name in self.attendance:
                raise StepRefused(
                    "schedule-past",
                    f"{stage.name} has been opened already; its date stays",
                )
            wanted[stage.name] = on.isoformat()
        result = self.schedule | wanted
        days = [result[n] for n in fmt.stage_names() if n in result]
        if days != sorted(days):
            listing = ", ".join(
                f"{n} {result[n]}" for n in fmt.stage_names() if n in result
            )
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

    def open_session(
        self,
        fmt: Format,
        stage_name: str,
        attendees: Iterable[str],
        *,
        actor: str,
        origin: str,
    ) -> None:
        """Open the next session with the members present."""
        stage = self._stage(fmt, stage_name)
        state = self._step(fmt, OPEN_SESSION)
        if state != stage.name:
            raise StepRefused(
                "session-order",
                f"cannot open {stage.name} now; the next session is {state} "
                f"(order: {' → '.join(fmt.stage_names())})",
                [str(s) for s in self.allowed(fmt)],
            )
        present = list(dict.fromkeys(attendees))
        self._check_attendance(fmt, stage, present)
        self._session_opened(
            stage=stage.name, attendees=present, state=state, actor=actor, origin=origin
        )

    def enter_element(
        self, fmt: Format, element: str, *, actor: str, origin: str
    ) -> None:
        """Move to the next session-level element, by name."""
        state = self._step(fmt, ENTER_ELEMENT)
        stage = fmt.stage(self.state.split(SEPARATOR, 1)[0])
        if state.rsplit(SEPARATOR, 1)[-1] != element:
            raise StepRefused(
                "element-order",
                f"cannot enter {element!r} now; the next element of {stage.name} is "
                f"{state.rsplit(SEPARATOR, 1)[-1]} "
                f"(order: {' → '.join(e.name for e in stage.elements)})",
                [str(s) for s in self.allowed(fmt)],
            )
        self._check_hot_seats_complete(stage, f"leave {self._element_name()}")
        self._element_entered(
            stage=stage.name, element=element, state=state, actor=actor, origin=origin
        )

    def hold_session(self, fmt: Format, *, actor: str, origin: str) -> None:
        """Close the open session: it has been held."""
        state = self._step(fmt, HOLD_SESSION)
        stage = fmt.stage(self.state.split(SEPARATOR, 1)[0])
        self._check_hot_seats_complete(stage, f"close {stage.name}", anywhere=True)
        done = self.fulfilled.get(stage.name, [])
        for condition in stage.requires:
            if condition not in done:
                raise StepRefused(
                    condition,
                    f"{stage.name} cannot close before the "
                    f"{condition.replace('-', ' ')}",
                    [str(s) for s in self.allowed(fmt)],
                )
        self._session_held(stage=stage.name, state=state, actor=actor, origin=origin)

    def state_urgency(
        self, fmt: Format, sponsor: str, statement: str, *, actor: str, origin: str
    ) -> None:
        """The sponsor states why the challenge is urgent."""
        state = self._step(fmt, "state_urgency")
        self._check_present(sponsor, {"sponsor"}, "state the urgency")
        self._urgency_stated(
            sponsor=sponsor,
            statement=text(statement, "urgency statement"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def take_hot_seat(
        self, fmt: Format, participant: str, *, topic: str = "", actor: str, origin: str
    ) -> None:
        """A present participant takes the hot seat and presents."""
        state = self._step(fmt, TAKE_HOT_SEAT)
        stage = self._open_stage()
        self._check_present(participant, {"participant"}, "take the hot seat")
        if participant in self.hot_seats_done.get(stage, []):
            raise StepRefused(
                "one-hot-seat",
                f"{participant} had the hot seat in {stage} already; waiting: "
                f"{', '.join(self._hot_seats_waiting(stage)) or 'nobody'}",
            )
        self._hot_seat_taken(
            participant=participant,
            topic=text(topic, "topic", required=False),
            state=state,
            actor=actor,
            origin=origin,
        )

    def give_feedback(
        self,
        fmt: Format,
        giver: str,
        kind: str,
        feedback: str,
        *,
        actor: str,
        origin: str,
    ) -> None:
        """A colleague or the master gives feedback to the one in the hot seat."""
        state = self._step(fmt, GIVE_FEEDBACK)
        if kind not in FEEDBACK_KINDS:
            raise InvalidInput(
                f"unknown feedback kind {kind!r}; use one of {list(FEEDBACK_KINDS)}"
            )
        self._check_present(giver, {"participant", "master"}, "give feedback")
        if giver == self.hot_seat:
            raise StepRefused(
                "feedback-from-others", "the one in the hot seat cannot give feedback"
            )
        self._feedback_given(
            giver=giver,
            receiver=self.hot_seat,
            kind=kind,
            feedback=text(feedback, "feedback"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def hold_master_dialogue(
        self, fmt: Format, master: str, *, summary: str = "", actor: str, origin: str
    ) -> None:
        """The participant in the hot seat talks one-to-one with the master."""
        state = self._step(fmt, HOLD_MASTER_DIALOGUE)
        self._check_present(master, {"master"}, "hold the master dialogue")
        self._master_dialogue_held(
            participant=self.hot_seat,
            master=master,
            summary=text(summary, "summary", required=False),
            state=state,
            actor=actor,
            origin=origin,
        )

    def note_synergy(
        self,
        fmt: Format,
        noted_by: str,
        between: Iterable[str],
        note: str,
        *,
        actor: str,
        origin: str,
    ) -> None:
        """Someone present points out a synergy between participants."""
        state = self._step(fmt, "note_synergy")
        self._check_present(
            noted_by, {"master", "facilitator", "participant"}, "note a synergy"
        )
        people = list(dict.fromkeys(between))
        if len(people) < 2:
            raise InvalidInput("a synergy is between at least two participants")
        for person in people:
            if self.role_of(person) != "participant":
                raise InvalidInput(f"{person} is not a participant of this circle")
        self._synergy_noted(
            noted_by=noted_by,
            between=people,
            note=text(note, "synergy note"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def record_action(
        self, fmt: Format, participant: str, action: str, *, actor: str, origin: str
    ) -> None:
        """A participant commits to an on-the-job action before the next session."""
        state = self._step(fmt, "record_action")
        self._check_present(participant, {"participant"}, "record an action")
        self._action_recorded(
            participant=participant,
            action=text(action, "action"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def present_harvest(
        self, fmt: Format, presenter: str, harvest: str, *, actor: str, origin: str
    ) -> None:
        """The harvest is presented to the sponsor."""
        state = self._step(fmt, "present_harvest")
        self._check_present(
            presenter, {"participant", "facilitator"}, "present the harvest"
        )
        self._harvest_presented(
            presenter=presenter,
            harvest=text(harvest, "harvest"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def accept_harvest(
        self, fmt: Format, sponsor: str, *, note: str = "", actor: str, origin: str
    ) -> None:
        """The sponsor accepts the presented harvest."""
        state = self._step(fmt, "accept_harvest")
        self._check_present(sponsor, {"sponsor"}, "accept the harvest")
        stage = self._open_stage()
        if "harvest-presented" not in self.fulfilled.get(stage, []):
            raise StepRefused(
                "harvest-presented",
                "the harvest must be presented before it is accepted",
                ["present_harvest"],
            )
        self._harvest_accepted(
            sponsor=sponsor,
            note=text(note, "note", required=False),
            state=state,
            actor=actor,
            origin=origin,
        )

    # -- checks -----------------------------------------------------------------

    def _workflow(self, fmt: Format) -> Workflow:
        if fmt.key != (self.format_name, self.format_version):
            raise InvalidInput(
                f"this circle runs on format {self.format_name!r} version "
                f"{self.format_version}, not {fmt.name!r} version {fmt.version}"
            )
        return workflow_for(fmt)

    def _step(self, fmt: Format, command: str) -> str:
        workflow = self._workflow(fmt)
        dest = workflow.next_state(self.state, command)
        if dest is None:
            raise StepRefused(
                _ORDER_RULES.get(command, "activity-place"),
                f"{command} is not allowed at {self.state}",
                [str(s) for s in workflow.allowed(self.state)],
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

    def _open_stage(self) -> str:
        return self.state.split(SEPARATOR, 1)[0]

    def _element_name(self) -> str:
        parts = self.state.split(SEPARATOR)
        return parts[1] if len(parts) > 1 else parts[0]

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
        if not self.attendance:
            count = len(self.members_with("participant"))
            if not fmt.participants.allows(count):
                raise StepRefused(
                    "group-size",
                    f"the circle has {count} participants, the {fmt.title} "
                    f"needs {fmt.participants}",
                )
        limit = fmt.sessions_per_master
        if limit is None:
            return
        for person, role in roles.items():
            if role != "master":
                continue
            earlier = [s for s, who in self.attendance.items() if person in who]
            if len(earlier) >= limit:
                raise StepRefused(
                    "master-sessions",
                    f"master {person} attended {', '.join(earlier)} already; a master "
                    f"attends at most {limit} session(s) of a {fmt.title}",
                )

    def _check_present(self, person: str, roles: set[str], doing: str) -> None:
        role = self.role_of(person)
        if role not in roles:
            raise StepRefused(
                "role",
                f"{person} is a {role}; "
                f"only a {' or '.join(sorted(roles))} can {doing}",
            )
        stage = self._open_stage()
        if person not in self.attendance.get(stage, []):
            raise StepRefused(
                "attendance", f"{person} is not present in {stage} and cannot {doing}"
            )

    def _hot_seats_waiting(self, stage: str) -> list[str]:
        done = self.hot_seats_done.get(stage, [])
        return [
            p
            for p in self.attendance.get(stage, [])
            if self.members.get(p) == "participant" and p not in done
        ]

    def _check_hot_seats_complete(
        self, stage: Stage, doing: str, *, anywhere: bool = False
    ) -> None:
        element = stage.hot_seat_element
        if element is None or not (anywhere or self._element_name() == element.name):
            return
        waiting = self._hot_seats_waiting(stage.name)
        if waiting:
            raise StepRefused(
                "hot-seats-complete",
                f"cannot {doing} before every present participant had the hot seat; "
                f"waiting: {', '.join(waiting)}",
                ["take_hot_seat"],
            )

    # -- events (apply steps only change state) ---------------------------------

    @event("MemberJoined")
    def _member_joined(
        self,
        person: str,
        role: str,
        challenge: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.members[person] = role
        self.state = state

    @event("SessionScheduled")
    def _session_scheduled(
        self, stage: str, date: str, state: str, actor: str, origin: str
    ) -> None:
        self.schedule[stage] = date
        self.state = state

    @event("SessionOpened")
    def _session_opened(
        self, stage: str, attendees: list[str], state: str, actor: str, origin: str
    ) -> None:
        self.attendance[stage] = list(attendees)
        self.state = state

    @event("UrgencyStated")
    def _urgency_stated(
        self, sponsor: str, statement: str, state: str, actor: str, origin: str
    ) -> None:
        self._fulfil("urgency-stated")
        self.state = state

    @event("ElementEntered")
    def _element_entered(
        self, stage: str, element: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state

    @event("HotSeatTaken")
    def _hot_seat_taken(
        self, participant: str, topic: str, state: str, actor: str, origin: str
    ) -> None:
        self.hot_seat = participant
        self.state = state

    @event("FeedbackGiven")
    def _feedback_given(
        self,
        giver: str,
        receiver: str | None,
        kind: str,
        feedback: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("MasterDialogueHeld")
    def _master_dialogue_held(
        self,
        participant: str | None,
        master: str,
        summary: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        stage = self._open_stage()
        if participant is not None:
            self.hot_seats_done.setdefault(stage, []).append(participant)
        self.hot_seat = None
        self.state = state

    @event("SynergyNoted")
    def _synergy_noted(
        self,
        noted_by: str,
        between: list[str],
        note: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("ActionRecorded")
    def _action_recorded(
        self, participant: str, action: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state

    @event("HarvestPresented")
    def _harvest_presented(
        self, presenter: str, harvest: str, state: str, actor: str, origin: str
    ) -> None:
        self._fulfil("harvest-presented")
        self.state = state

    @event("HarvestAccepted")
    def _harvest_accepted(
        self, sponsor: str, note: str, state: str, actor: str, origin: str
    ) -> None:
        self._fulfil("harvest-accepted")
        self.state = state

    @event("SessionHeld")
    def _session_held(self, stage: str, state: str, actor: str, origin: str) -> None:
        self.state = state

    def _fulfil(self, condition: str) -> None:
        done = self.fulfilled.setdefault(self._open_stage(), [])
        if condition not in done:
            done.append(condition)


def snapshot_state(circle: Circle) -> dict[str, Any]:
    """The circle's state as plain data, for comparing two reconstructions."""
    return {k: v for k, v in vars(circle).items() if not k.startswith("_")}
