# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Mastercircle's steps as methods of :class:`circleflow.Circles`."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from circleflow.facade import Steps


class MastercircleSteps(Steps):
    """The sponsor's urgency and harvest, the hot seat, synergies, actions."""

    def state_urgency(
        self,
        circle_id: UUID | str,
        sponsor: UUID | str,
        statement: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """The sponsor states the urgency (Urgentie)."""
        self.take(
            circle_id,
            "state_urgency",
            sponsor=sponsor,
            statement=statement,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def take_hot_seat(
        self,
        circle_id: UUID | str,
        participant: UUID | str,
        *,
        topic: str = "",
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """A present participant takes the hot seat and presents."""
        self.take(
            circle_id,
            "take_hot_seat",
            participant=participant,
            topic=topic,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def give_feedback(
        self,
        circle_id: UUID | str,
        giver: UUID | str,
        kind: str,
        feedback: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Feedback (``"appreciative"`` or ``"addition"``) to the hot seat."""
        self.take(
            circle_id,
            "give_feedback",
            giver=giver,
            kind=kind,
            feedback=feedback,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def hold_master_dialogue(
        self,
        circle_id: UUID | str,
        master: UUID | str,
        *,
        summary: str = "",
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """The one-to-one dialogue with the master that ends a hot seat."""
        self.take(
            circle_id,
            "hold_master_dialogue",
            master=master,
            summary=summary,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def note_synergy(
        self,
        circle_id: UUID | str,
        noted_by: UUID | str,
        between: Iterable[UUID | str],
        note: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Record a synergy between participants, pointed out by ``noted_by``."""
        self.take(
            circle_id,
            "note_synergy",
            noted_by=noted_by,
            between=between,
            note=note,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def record_action(
        self,
        circle_id: UUID | str,
        participant: UUID | str,
        action: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """An on-the-job action a participant takes before the next session."""
        self.take(
            circle_id,
            "record_action",
            participant=participant,
            action=action,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def present_harvest(
        self,
        circle_id: UUID | str,
        presenter: UUID | str,
        harvest: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Present the harvest (to the sponsor, or at a manifestation)."""
        self.take(
            circle_id,
            "present_harvest",
            presenter=presenter,
            harvest=harvest,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def accept_harvest(
        self,
        circle_id: UUID | str,
        sponsor: UUID | str,
        *,
        note: str = "",
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """The sponsor accepts the presented harvest."""
        self.take(
            circle_id,
            "accept_harvest",
            sponsor=sponsor,
            note=note,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
