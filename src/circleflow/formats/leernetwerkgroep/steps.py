# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Leernetwerkgroep's steps as methods of :class:`circleflow.Circles`."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from circleflow.facade import Steps


class LeernetwerkgroepSteps(Steps):
    """Registration, learning wishes, the aim and assignments."""

    def set_registration_deadline(
        self,
        circle_id: UUID | str,
        deadline: date,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Set or move the date registration closes."""
        self.take(
            circle_id,
            "set_registration_deadline",
            deadline=deadline,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def close_registration(
        self,
        circle_id: UUID | str,
        *,
        on: date | None = None,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> bool:
        """Close registration (today unless ``on`` is given), no earlier than
        the deadline: go with enough participants, otherwise no-go."""
        go: bool = self.take(
            circle_id,
            "close_registration",
            on=on,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
        return go

    def state_learning_wish(
        self,
        circle_id: UUID | str,
        participant: UUID | str,
        wish: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """A participant states a personal learning wish (start meeting)."""
        self.take(
            circle_id,
            "state_learning_wish",
            participant=participant,
            wish=wish,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def set_aim(
        self,
        circle_id: UUID | str,
        assignments: str,
        intended_results: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """The group sets its aim: assignments and intended results."""
        self.take(
            circle_id,
            "set_aim",
            assignments=assignments,
            intended_results=intended_results,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def complete_assignment(
        self,
        circle_id: UUID | str,
        participant: UUID | str,
        assignment: str,
        *,
        result: str = "",
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """A participant carried out their assignment in practice."""
        self.take(
            circle_id,
            "complete_assignment",
            participant=participant,
            assignment=assignment,
            result=result,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
