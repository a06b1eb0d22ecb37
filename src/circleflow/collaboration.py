# SPDX-License-Identifier: EUPL-1.2
"""Samenwerken DOEN: mandates, concerns, problems with proposals, the
consensus record, Temporary Workable Agreements (TWOs) and roles.

Members sit at the table on behalf of their organisation with a mandate they
renew after every meeting; a meeting opens only when all have. Every member
voices concerns (or none); a problem named is followed by a proposal before
the meeting closes. A TWO is agreed once everyone present was heard, acted on,
reflected on, and revised only by a later TWO that names it. Roles carry
tasks and pass from member to member without losing their history.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from circleflow.circle_base import CircleBase, text
from circleflow.errors import InvalidInput, StepRefused
from circleflow.format import Format


class Collaboration(CircleBase):
    """The commands of a Samenwerking."""

    if TYPE_CHECKING:
        mandates: dict[str, int]
        problems: dict[str, dict[str, Any]]
        consensus: dict[str, int]
        twos: dict[str, dict[str, Any]]
        roles: dict[str, str]

    # -- mandates and concerns ---------------------------------------------------

    def renew_mandate(
        self, fmt: Format, person: str, scope: str, *, actor: str, origin: str
    ) -> None:
        """``person`` (re)confirms their mandate from their organisation."""
        state = self._step(fmt, "renew_mandate")
        self._check_member(person, {"participant"}, "hold a mandate")
        self._mandate_renewed(
            person=person,
            organisation=self.organisations.get(person, ""),
            scope=text(scope, "mandate scope"),
            after_meeting=self._held_count(),
            state=state,
            actor=actor,
            origin=origin,
        )

    def voice_concerns(
        self, fmt: Format, person: str, concerns: str = "", *, actor: str, origin: str
    ) -> None:
        """A present member voices concerns or reservations (empty: none)."""
        state = self._step(fmt, "voice_concerns")
        self._check_member(person, {"participant"}, "voice concerns")
        self._concerns_voiced(
            person=person,
            concerns=text(concerns, "concerns", required=False),
            state=state,
            actor=actor,
            origin=origin,
        )

    # -- problems and proposals --------------------------------------------------

    def name_problem(
        self, fmt: Format, person: str, problem: str, *, actor: str, origin: str
    ) -> int:
        """A member names a problem; returns its number. It needs a proposal
        before the meeting closes."""
        state = self._step(fmt, "name_problem")
        self._check_member(person, {"participant", "facilitator"}, "name a problem")
        number = len(self.problems) + 1
        self._problem_named(
            number=number,
            person=person,
            problem=text(problem, "problem"),
            state=state,
            actor=actor,
            origin=origin,
        )
        return number

    def propose_solution(
        self,
        fmt: Format,
        person: str,
        problem: int,
        proposal: str,
        *,
        actor: str,
        origin: str,
    ) -> None:
        """A member proposes a solution the parties can deploy themselves."""
        state = self._step(fmt, "propose_solution")
        self._check_member(person, {"participant", "facilitator"}, "propose")
        if str(problem) not in self.problems:
            raise InvalidInput(
                f"there is no problem {problem}; named problems are "
                f"{sorted(int(n) for n in self.problems) or 'none'}"
            )
        self._solution_proposed(
            problem=problem,
            person=person,
            proposal=text(proposal, "proposal"),
            state=state,
            actor=actor,
            origin=origin,
        )

    # -- consensus record ----------------------------------------------------------

    def record_consensus(
        self, fmt: Format, item: str, agreed: str, *, actor: str, origin: str
    ) -> None:
        """Record (or refine) one item of the consensus record."""
        state = self._step(fmt, "record_consensus")
        items = fmt.stage(self._stage_name()).consensus
        if item not in items:
            raise InvalidInput(
                f"unknown consensus item {item!r}; the items are {list(items)}"
            )
        self._consensus_recorded(
            item=item,
            agreed=text(agreed, "consensus text"),
            state=state,
            actor=actor,
            origin=origin,
        )

    # -- Temporary Workable Agreements -------------------------------------------

    def agree_two(
        self,
        fmt: Format,
        parties: Iterable[str],
        agreement: str,
        why: str,
        *,
        supersedes: int | None = None,
        actor: str,
        origin: str,
    ) -> int:
        """The parties agree a TWO, once everyone present was heard; returns its
        number. ``supersedes`` names the current TWO it revises."""
        state = self._step(fmt, "agree_two")
        people = list(dict.fromkeys(parties))
        if len(people) < 2:
            raise InvalidInput("a TWO names at least two parties")
        for person in people:
            self._check_member(person, {"participant"}, "be a party to a TWO")
        unheard = [
            p for p in self._present_participants() if p not in self._meeting()["heard"]
        ]
        if unheard:
            raise StepRefused(
                "everyone-heard",
                f"a TWO is agreed once everyone present was heard; not yet heard: "
                f"{', '.join(unheard)}",
                ["voice_concerns"],
            )
        if supersedes is not None:
            self._check_current_two(supersedes, "superseded")
        number = len(self.twos) + 1
        self._two_agreed(
            number=number,
            parties=people,
            agreement=text(agreement, "agreement"),
            why=text(why, "why"),
            supersedes=supersedes,
            state=state,
            actor=actor,
            origin=origin,
        )
        return number

    def act_on_two(
        self,
        fmt: Format,
        number: int,
        person: str,
        note: str,
        *,
        actor: str,
        origin: str,
    ) -> None:
        """Record acting on a current TWO in practice."""
        state = self._step(fmt, "act_on_two")
        self._check_member(person, {"participant"}, "act on a TWO")
        self._check_current_two(number, "acted on")
        self._two_acted_on(
            number=number,
            person=person,
            note=text(note, "note"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def reflect_on_two(
        self,
        fmt: Format,
        number: int,
        person: str,
        reflection: str,
        *,
        actor: str,
        origin: str,
    ) -> None:
        """Reflect on how a TWO worked out in practice (after acting on it)."""
        state = self._step(fmt, "reflect_on_two")
        self._check_member(person, {"participant", "facilitator"}, "reflect")
        two = self._two(number)
        if not two["acted"]:
            raise StepRefused(
                "two-acted", f"TWO {number} has not been acted on yet", ["act_on_two"]
            )
        self._two_reflected_on(
            number=number,
            person=person,
            reflection=text(reflection, "reflection"),
            state=state,
            actor=actor,
            origin=origin,
        )

    # -- roles -------------------------------------------------------------------

    def assign_role(
        self,
        fmt: Format,
        role: str,
        holder: str,
        tasks: Iterable[str],
        *,
        actor: str,
        origin: str,
    ) -> None:
        """Create a role with its tasks, held by a member."""
        state = self._step(fmt, "assign_role")
        name = text(role, "role name")
        if name in self.roles:
            raise StepRefused(
                "role-exists",
                f"role {name!r} is held by {self.roles[name]}; hand it over instead",
                ["hand_over_role"],
            )
        self.role_of(holder)
        task_list = [text(t, "task") for t in tasks]
        if not task_list:
            raise InvalidInput("a role carries at least one task")
        self._role_assigned(
            role=name,
            holder=holder,
            tasks=task_list,
            state=state,
            actor=actor,
            origin=origin,
        )

    def hand_over_role(
        self,
        fmt: Format,
        role: str,
        to: str,
        *,
        note: str = "",
        actor: str,
        origin: str,
    ) -> None:
        """Hand a role, with its tasks, to another member."""
        state = self._step(fmt, "hand_over_role")
        if role not in self.roles:
            raise InvalidInput(
                f"unknown role {role!r}; roles are {sorted(self.roles) or 'none yet'}"
            )
        self.role_of(to)
        if self.roles[role] == to:
            raise InvalidInput(f"{to} holds role {role!r} already")
        self._role_handed_over(
            role=role,
            from_person=self.roles[role],
            to_person=to,
            note=text(note, "note", required=False),
            state=state,
            actor=actor,
            origin=origin,
        )

    # -- condition checks used when opening, holding and leaving ----------------

    def _held_count(self) -> int:
        return sum(1 for m in self.meetings if m["held"])

    def _mandates_missing(self) -> list[str]:
        held = self._held_count()
        return [
            p for p in self.members_with("participant") if self.mandates.get(p) != held
        ]

    def _two(self, number: int) -> dict[str, Any]:
        try:
            two: dict[str, Any] = self.twos[str(number)]
        except KeyError:
            raise InvalidInput(
                f"there is no TWO {number}; agreed TWOs are "
                f"{sorted(int(n) for n in self.twos) or 'none'}"
            ) from None
        return two

    def _check_current_two(self, number: int, doing: str) -> None:
        two = self._two(number)
        if two["superseded_by"] is not None:
            raise StepRefused(
                "two-current",
                f"TWO {number} was superseded by TWO {two['superseded_by']}; "
                f"only a current TWO can be {doing}",
            )

    # -- events ------------------------------------------------------------------

    @event("MandateRenewed")
    def _mandate_renewed(
        self,
        person: str,
        organisation: str,
        scope: str,
        after_meeting: int,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.mandates[person] = after_meeting
        self.state = state

    @event("ConcernsVoiced")
    def _concerns_voiced(
        self, person: str, concerns: str, state: str, actor: str, origin: str
    ) -> None:
        heard: list[str] = self._meeting()["heard"]
        if person not in heard:
            heard.append(person)
        self.state = state

    @event("ProblemNamed")
    def _problem_named(
        self,
        number: int,
        person: str,
        problem: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.problems[str(number)] = {"meeting": len(self.meetings), "proposed": False}
        self._meeting()["open_problems"].append(number)
        self.state = state

    @event("SolutionProposed")
    def _solution_proposed(
        self,
        problem: int,
        person: str,
        proposal: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.problems[str(problem)]["proposed"] = True
        open_problems: list[int] = self._meeting()["open_problems"]
        if problem in open_problems:
            open_problems.remove(problem)
        self.state = state

    @event("ConsensusRecorded")
    def _consensus_recorded(
        self, item: str, agreed: str, state: str, actor: str, origin: str
    ) -> None:
        self.consensus[item] = len(self.meetings)
        self.state = state

    @event("TWOAgreed")
    def _two_agreed(
        self,
        number: int,
        parties: list[str],
        agreement: str,
        why: str,
        supersedes: int | None,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.twos[str(number)] = {"acted": False, "superseded_by": None}
        if supersedes is not None:
            self.twos[str(supersedes)]["superseded_by"] = number
        self.state = state

    @event("TWOActedOn")
    def _two_acted_on(
        self, number: int, person: str, note: str, state: str, actor: str, origin: str
    ) -> None:
        self.twos[str(number)]["acted"] = True
        self.state = state

    @event("TWOReflectedOn")
    def _two_reflected_on(
        self,
        number: int,
        person: str,
        reflection: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("RoleAssigned")
    def _role_assigned(
        self,
        role: str,
        holder: str,
        tasks: list[str],
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.roles[role] = holder
        self.state = state

    @event("RoleHandedOver")
    def _role_handed_over(
        self,
        role: str,
        from_person: str,
        to_person: str,
        note: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.roles[role] = to_person
        self.state = state
