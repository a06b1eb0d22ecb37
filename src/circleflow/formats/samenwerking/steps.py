# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Samenwerking's steps as methods of :class:`circleflow.Circles`."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from circleflow.facade import Steps


class SamenwerkingSteps(Steps):
    """Mandates, concerns, problems, the consensus record, TWOs and roles."""

    def renew_mandate(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        scope: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """A member (re)confirms their organisation's mandate, between meetings."""
        self.take(
            circle_id,
            "renew_mandate",
            person=person,
            scope=scope,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def voice_concerns(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        concerns: str = "",
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """A present member voices concerns or reservations (empty: none)."""
        self.take(
            circle_id,
            "voice_concerns",
            person=person,
            concerns=concerns,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def name_problem(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        problem: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> int:
        """Name a problem; it needs a proposal before the meeting closes.
        Returns the problem's number."""
        number: int = self.take(
            circle_id,
            "name_problem",
            person=person,
            problem=problem,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
        return number

    def propose_solution(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        problem: int,
        proposal: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Propose a solution to problem number ``problem``."""
        self.take(
            circle_id,
            "propose_solution",
            person=person,
            problem=problem,
            proposal=proposal,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def record_consensus(
        self,
        circle_id: UUID | str,
        item: str,
        agreed: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Record one item of the consensus record (Doorzichtig maken)."""
        self.take(
            circle_id,
            "record_consensus",
            item=item,
            agreed=agreed,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def agree_two(
        self,
        circle_id: UUID | str,
        parties: Iterable[UUID | str],
        agreement: str,
        why: str,
        *,
        supersedes: int | None = None,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> int:
        """Agree a Temporary Workable Agreement; returns its number.
        ``supersedes`` names the current TWO it revises."""
        number: int = self.take(
            circle_id,
            "agree_two",
            parties=parties,
            agreement=agreement,
            why=why,
            supersedes=supersedes,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
        return number

    def act_on_two(
        self,
        circle_id: UUID | str,
        number: int,
        person: UUID | str,
        note: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Record acting on a current TWO in practice."""
        self.take(
            circle_id,
            "act_on_two",
            number=number,
            person=person,
            note=note,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def reflect_on_two(
        self,
        circle_id: UUID | str,
        number: int,
        person: UUID | str,
        reflection: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Reflect on how a TWO worked out, after acting on it."""
        self.take(
            circle_id,
            "reflect_on_two",
            number=number,
            person=person,
            reflection=reflection,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def assign_role(
        self,
        circle_id: UUID | str,
        role: str,
        holder: UUID | str,
        tasks: Iterable[str],
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Create a role with its tasks, held by a member."""
        self.take(
            circle_id,
            "assign_role",
            role=role,
            holder=holder,
            tasks=tasks,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def hand_over_role(
        self,
        circle_id: UUID | str,
        role: str,
        to: UUID | str,
        *,
        note: str = "",
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Hand a role, with its tasks, to another member."""
        self.take(
            circle_id,
            "hand_over_role",
            role=role,
            to=to,
            note=note,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
