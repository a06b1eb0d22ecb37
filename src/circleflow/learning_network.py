# SPDX-License-Identifier: EUPL-1.2
"""The Leernetwerkgroep: registration with a go or no-go, learning wishes,
the group's aim, and each participant's assignment in practice."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from eventsourcing.domain import event

from circleflow.circle_base import CircleBase, text
from circleflow.errors import InvalidInput, StepRefused
from circleflow.format import CANCELLED, GO, Format
from circleflow.workflow import CLOSE_REGISTRATION


class LearningNetwork(CircleBase):
    """Registration, learning wishes, aim and assignments."""

    if TYPE_CHECKING:
        registration_deadline: str | None
        assignments_done: list[str]

    def set_registration_deadline(
        self, fmt: Format, deadline: date, *, actor: str, origin: str
    ) -> None:
        """Set or move the date registration closes."""
        state = self._step(fmt, "set_registration_deadline")
        if not isinstance(deadline, date):
            raise InvalidInput(f"the deadline must be a date, got {deadline!r}")
        self._registration_deadline_set(
            deadline=deadline.isoformat(), state=state, actor=actor, origin=origin
        )

    def close_registration(
        self, fmt: Format, on: date, *, actor: str, origin: str
    ) -> bool:
        """Close registration on or after the deadline: go with enough
        participants, no-go below the minimum. Returns whether it goes ahead."""
        self._step(fmt, CLOSE_REGISTRATION)
        if not isinstance(on, date):
            raise InvalidInput(f"the closing date must be a date, got {on!r}")
        if self.registration_deadline is None:
            raise StepRefused(
                "registration-deadline",
                "set the registration deadline before closing registration",
                ["set_registration_deadline"],
            )
        if on.isoformat() < self.registration_deadline:
            raise StepRefused(
                "registration-open",
                f"registration is open until {self.registration_deadline}",
            )
        count = len(self.members_with("participant"))
        go = fmt.participants.allows(count)
        state = self._step(fmt, CLOSE_REGISTRATION, GO if go else CANCELLED)
        self._registration_closed(
            on=on.isoformat(),
            participants=count,
            decision="go" if go else "no-go",
            state=state,
            actor=actor,
            origin=origin,
        )
        return go

    def state_learning_wish(
        self, fmt: Format, participant: str, wish: str, *, actor: str, origin: str
    ) -> None:
        """A participant states a personal learning wish."""
        state = self._step(fmt, "state_learning_wish")
        self._check_member(participant, {"participant"}, "state a learning wish")
        self._learning_wish_stated(
            participant=participant,
            wish=text(wish, "learning wish"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def set_aim(
        self,
        fmt: Format,
        assignments: str,
        intended_results: str,
        *,
        actor: str,
        origin: str,
    ) -> None:
        """The group sets its aim, its 'dot on the horizon'."""
        state = self._step(fmt, "set_aim")
        self._aim_set(
            assignments=text(assignments, "assignments"),
            intended_results=text(intended_results, "intended results"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def complete_assignment(
        self,
        fmt: Format,
        participant: str,
        assignment: str,
        *,
        result: str = "",
        actor: str,
        origin: str,
    ) -> None:
        """A participant carried out their assignment in their own practice.

        The work happens outside the meetings, so it may be recorded for a
        participant who is absent from the meeting open now."""
        state = self._step(fmt, "complete_assignment")
        self._check_member(
            participant, {"participant"}, "complete an assignment", present=False
        )
        if not any(m["held"] for m in self.meetings):
            raise StepRefused(
                "aim-set",
                "assignments follow from the aim set in the start meeting; hold the "
                "start meeting first",
            )
        if participant in self.assignments_done:
            raise StepRefused(
                "one-assignment", f"{participant} completed an assignment already"
            )
        self._assignment_completed(
            participant=participant,
            assignment=text(assignment, "assignment"),
            result=text(result, "result", required=False),
            state=state,
            actor=actor,
            origin=origin,
        )

    def _wishes_missing(self) -> list[str]:
        stated = self._meeting()["wishes"]
        return [p for p in self._present_participants() if p not in stated]

    @event("RegistrationDeadlineSet")
    def _registration_deadline_set(
        self, deadline: str, state: str, actor: str, origin: str
    ) -> None:
        self.registration_deadline = deadline
        self.state = state

    @event("RegistrationClosed")
    def _registration_closed(
        self,
        on: str,
        participants: int,
        decision: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("LearningWishStated")
    def _learning_wish_stated(
        self, participant: str, wish: str, state: str, actor: str, origin: str
    ) -> None:
        wishes: list[str] = self._meeting()["wishes"]
        if participant not in wishes:
            wishes.append(participant)
        self.state = state

    @event("AimSet")
    def _aim_set(
        self,
        assignments: str,
        intended_results: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self._fulfil("aim-set")
        self.state = state

    @event("AssignmentCompleted")
    def _assignment_completed(
        self,
        participant: str,
        assignment: str,
        result: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.assignments_done.append(participant)
        self.state = state
