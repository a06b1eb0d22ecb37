# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Leergroep's steps as methods of :class:`circleflow.Circles`."""

from __future__ import annotations

from uuid import UUID

from circleflow.facade import Steps


class LeergroepSteps(Steps):
    """Subjects, insights and the agenda for the Secretaries-General."""

    def choose_subject(
        self,
        circle_id: UUID | str,
        subject: str,
        *,
        brought_by: UUID | str | None = None,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """The group chooses the meeting's question or case."""
        self.take(
            circle_id,
            "choose_subject",
            subject=subject,
            brought_by=brought_by,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def record_insight(
        self,
        circle_id: UUID | str,
        kind: str,
        insight: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> int:
        """Record a lesson, dilemma or intervention; returns its number."""
        number: int = self.take(
            circle_id,
            "record_insight",
            kind=kind,
            insight=insight,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
        return number

    def propose_agenda_item(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        item: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> int:
        """Propose an item for the Secretaries-General; returns its number."""
        number: int = self.take(
            circle_id,
            "propose_agenda_item",
            person=person,
            item=item,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
        return number

    def decide_agenda_item(
        self,
        circle_id: UUID | str,
        number: int,
        adopt: bool,
        *,
        why: str = "",
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """The group adopts (``adopt=True``) or drops a proposed agenda item."""
        self.take(
            circle_id,
            "decide_agenda_item",
            number=number,
            adopt=adopt,
            why=why,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def submit_agenda_item(
        self,
        circle_id: UUID | str,
        number: int,
        *,
        to: str = "Secretarissen-Generaal",
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Submit an adopted agenda item to the Secretaries-General."""
        self.take(
            circle_id,
            "submit_agenda_item",
            number=number,
            to=to,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
