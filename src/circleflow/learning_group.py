# SPDX-License-Identifier: EUPL-1.2
"""The Leergroep: intervision meetings of programme directors.

Each meeting takes a question or case chosen with the group and records
lessons, dilemmas and interventions, which carry over as input to the next
meeting. Agenda items for the Secretaries-General are proposed, adopted by
the group (or dropped), and only then submitted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.domain import event

from circleflow.circle_base import CircleBase, text
from circleflow.errors import InvalidInput, StepRefused
from circleflow.format import Format

#: What a Leergroep meeting records as input for the next one.
INSIGHT_KINDS = ("lesson", "dilemma", "intervention")


class LearningGroup(CircleBase):
    """Subjects, insights and the agenda for the Secretaries-General."""

    if TYPE_CHECKING:
        insights: list[int]
        agenda: dict[str, str]

    def choose_subject(
        self,
        fmt: Format,
        subject: str,
        *,
        brought_by: str | None = None,
        actor: str,
        origin: str,
    ) -> None:
        """The group chooses the meeting's question or case."""
        state = self._step(fmt, "choose_subject")
        if brought_by is not None:
            self._check_member(
                brought_by, {"participant", "facilitator", "guest"}, "bring a subject"
            )
        self._subject_chosen(
            subject=text(subject, "subject"),
            brought_by=brought_by,
            state=state,
            actor=actor,
            origin=origin,
        )

    def record_insight(
        self, fmt: Format, kind: str, insight: str, *, actor: str, origin: str
    ) -> int:
        """Record a lesson, dilemma or intervention; returns its number."""
        state = self._step(fmt, "record_insight")
        if kind not in INSIGHT_KINDS:
            raise InvalidInput(
                f"unknown insight kind {kind!r}; use one of {list(INSIGHT_KINDS)}"
            )
        number = len(self.insights) + 1
        self._insight_recorded(
            number=number,
            kind=kind,
            insight=text(insight, "insight"),
            meeting=len(self.meetings),
            state=state,
            actor=actor,
            origin=origin,
        )
        return number

    def propose_agenda_item(
        self, fmt: Format, person: str, item: str, *, actor: str, origin: str
    ) -> int:
        """Propose an item for the Secretaries-General; returns its number."""
        state = self._step(fmt, "propose_agenda_item")
        self._check_member(person, {"participant", "facilitator"}, "propose an item")
        number = len(self.agenda) + 1
        self._agenda_item_proposed(
            number=number,
            person=person,
            item=text(item, "agenda item"),
            state=state,
            actor=actor,
            origin=origin,
        )
        return number

    def decide_agenda_item(
        self,
        fmt: Format,
        number: int,
        adopt: bool,
        *,
        why: str = "",
        actor: str,
        origin: str,
    ) -> None:
        """The group adopts a proposed item, or drops it."""
        state = self._step(fmt, "decide_agenda_item")
        if not isinstance(adopt, bool):
            raise InvalidInput(
                f"adopt must be True (adopt the item) or False (drop it), got {adopt!r}"
            )
        status = self._agenda_status(number)
        if status != "proposed":
            raise StepRefused(
                "agenda-proposed",
                f"agenda item {number} is {status}; only a proposed item is decided",
            )
        reason = text(why, "why", required=False)
        if adopt:
            self._agenda_item_adopted(
                number=number, why=reason, state=state, actor=actor, origin=origin
            )
        else:
            self._agenda_item_dropped(
                number=number, why=reason, state=state, actor=actor, origin=origin
            )

    def submit_agenda_item(
        self,
        fmt: Format,
        number: int,
        *,
        to: str = "Secretarissen-Generaal",
        actor: str,
        origin: str,
    ) -> None:
        """Submit an adopted item to the Secretaries-General."""
        state = self._step(fmt, "submit_agenda_item")
        status = self._agenda_status(number)
        if status != "adopted":
            raise StepRefused(
                "agenda-adopted",
                f"agenda item {number} is {status}; only an adopted item can be "
                "submitted",
                ["decide_agenda_item"] if status == "proposed" else [],
            )
        self._agenda_item_submitted(
            number=number,
            to=text(to, "addressee"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def carried_over(self) -> list[int]:
        """The insights of the last held meeting: input for the next one."""
        held = [i for i, m in enumerate(self.meetings, start=1) if m["held"]]
        if not held:
            return []
        return [n for n, m in enumerate(self.insights, start=1) if m == held[-1]]

    def _agenda_status(self, number: int) -> str:
        try:
            return self.agenda[str(number)]
        except KeyError:
            raise InvalidInput(
                f"there is no agenda item {number}; items are "
                f"{sorted(int(n) for n in self.agenda) or 'none yet'}"
            ) from None

    @event("SubjectChosen")
    def _subject_chosen(
        self,
        subject: str,
        brought_by: str | None,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self._fulfil("subject-chosen")
        self.state = state

    @event("InsightRecorded")
    def _insight_recorded(
        self,
        number: int,
        kind: str,
        insight: str,
        meeting: int,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.insights.append(meeting)
        self.state = state

    @event("AgendaItemProposed")
    def _agenda_item_proposed(
        self, number: int, person: str, item: str, state: str, actor: str, origin: str
    ) -> None:
        self.agenda[str(number)] = "proposed"
        self.state = state

    @event("AgendaItemAdopted")
    def _agenda_item_adopted(
        self, number: int, why: str, state: str, actor: str, origin: str
    ) -> None:
        self.agenda[str(number)] = "adopted"
        self.state = state

    @event("AgendaItemDropped")
    def _agenda_item_dropped(
        self, number: int, why: str, state: str, actor: str, origin: str
    ) -> None:
        self.agenda[str(number)] = "dropped"
        self.state = state

    @event("AgendaItemSubmitted")
    def _agenda_item_submitted(
        self, number: int, to: str, state: str, actor: str, origin: str
    ) -> None:
        self.agenda[str(number)] = "submitted"
        self.state = state
