# SPDX-License-Identifier: EUPL-1.2
"""Reverse learning in the hot seat (Mastercircle master sessions).

Every present participant takes the hot seat once per session: presents,
receives feedback from colleagues and the master (appreciative, or an
addition), and ends with a one-to-one dialogue with the master. The master
may point out synergies; on-the-job actions close the session.
"""

from __future__ import annotations

from collections.abc import Iterable

from eventsourcing.domain import event

from circleflow.circle_base import CircleBase, text
from circleflow.errors import InvalidInput, StepRefused
from circleflow.format import Format, Stage
from circleflow.workflow import GIVE_FEEDBACK, HOLD_MASTER_DIALOGUE, TAKE_HOT_SEAT

#: Kinds of feedback a colleague or master gives in a hot seat.
FEEDBACK_KINDS = ("appreciative", "addition")


class ReverseLearning(CircleBase):
    """Hot seats, feedback, master dialogues, synergies and actions."""

    def take_hot_seat(
        self, fmt: Format, participant: str, *, topic: str = "", actor: str, origin: str
    ) -> None:
        """A present participant takes the hot seat and presents."""
        state = self._step(fmt, TAKE_HOT_SEAT)
        self._check_member(participant, {"participant"}, "take the hot seat")
        if participant in self._meeting()["hot_seats_done"]:
            waiting = ", ".join(self._hot_seats_waiting()) or "nobody"
            raise StepRefused(
                "one-hot-seat",
                f"{participant} had the hot seat in this session already; "
                f"waiting: {waiting}",
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
        self._check_member(giver, {"participant", "master"}, "give feedback")
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
        self._check_member(master, {"master"}, "hold the master dialogue")
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
        self._check_member(
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
        self._check_member(participant, {"participant"}, "record an action")
        self._action_recorded(
            participant=participant,
            action=text(action, "action"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def _hot_seats_waiting(self) -> list[str]:
        done = self._meeting()["hot_seats_done"]
        return [p for p in self._present_participants() if p not in done]

    def _check_hot_seats_complete(
        self, stage: Stage, doing: str, *, anywhere: bool = False
    ) -> None:
        element = stage.hot_seat_element
        if element is None or not (anywhere or self._element_name() == element.name):
            return
        waiting = self._hot_seats_waiting()
        if waiting:
            raise StepRefused(
                "hot-seats-complete",
                f"cannot {doing} before every present participant had the hot "
                f"seat; waiting: {', '.join(waiting)}",
                ["take_hot_seat"],
            )

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
        if participant is not None:
            self._meeting()["hot_seats_done"].append(participant)
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
