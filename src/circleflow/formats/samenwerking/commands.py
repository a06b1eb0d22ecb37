# SPDX-License-Identifier: EUPL-1.2
"""The steps of Samenwerken DOEN."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from circleflow.errors import InvalidInput
from circleflow.formats.samenwerking import events as ev
from circleflow.inputs import listed, text
from circleflow.rules import Command, Move, choice, free, person, persons

_MEMBERS = {"participant"}
_CHAIRS = {"participant", "facilitator"}


def _renew(move: Move, person: str, scope: str) -> None:
    move.record(
        ev.MandateRenewed,
        person=person,
        organisation=move.circle.organisations.get(person, ""),
        scope=text(scope, "mandate scope"),
        after_meeting=move.circle.held_count(),
    )


def _voice(move: Move, person: str, concerns: str) -> None:
    move.record(
        ev.ConcernsVoiced,
        person=person,
        concerns=text(concerns, "concerns", required=False),
    )


def _name_problem(move: Move, person: str, problem: str) -> int:
    number = len(move.circle.part("problems")) + 1
    move.record(
        ev.ProblemNamed, number=number, person=person, problem=text(problem, "problem")
    )
    return number


def _problems(move: Move) -> list[int]:
    return sorted(int(n) for n in move.circle.part("problems"))


def _unknown_problem(move: Move, number: Any) -> str:
    return (
        f"there is no problem {number}; named problems are {_problems(move) or 'none'}"
    )


def _propose(move: Move, person: str, problem: int, proposal: str) -> None:
    move.record(
        ev.SolutionProposed,
        problem=problem,
        person=person,
        proposal=text(proposal, "proposal"),
    )


def _items(move: Move) -> Sequence[str]:
    return move.stage.consensus if move.stage is not None else ()


def _unknown_item(move: Move, item: Any) -> str:
    return f"unknown consensus item {item!r}; the items are {list(_items(move))}"


def _record_consensus(move: Move, item: str, agreed: str) -> None:
    move.record(ev.ConsensusRecorded, item=item, agreed=text(agreed, "consensus text"))


def _twos(move: Move) -> list[int]:
    return sorted(int(n) for n in move.circle.part("twos"))


def _unknown_two(move: Move, number: Any) -> str:
    return f"there is no TWO {number}; agreed TWOs are {_twos(move) or 'none'}"


def _agree(
    move: Move,
    parties: list[str],
    agreement: str,
    why: str,
    supersedes: int | None,
) -> int:
    number = len(move.circle.part("twos")) + 1
    move.record(
        ev.TWOAgreed,
        number=number,
        parties=list(parties),
        agreement=text(agreement, "agreement"),
        why=text(why, "why"),
        supersedes=supersedes,
    )
    return number


def _act(move: Move, number: int, person: str, note: str) -> None:
    move.record(ev.TWOActedOn, number=number, person=person, note=text(note, "note"))


def _reflect(move: Move, number: int, person: str, reflection: str) -> None:
    move.record(
        ev.TWOReflectedOn,
        number=number,
        person=person,
        reflection=text(reflection, "reflection"),
    )


def _prepare_role(move: Move) -> None:
    move.args["role"] = text(move.args["role"], "role name")
    move.args["tasks"] = [text(t, "task") for t in listed(move.args["tasks"], "tasks")]
    if not move.args["tasks"]:
        raise InvalidInput("a role carries at least one task")


def _assign(move: Move, role: str, holder: str, tasks: list[str]) -> None:
    move.record(ev.RoleAssigned, role=role, holder=holder, tasks=list(tasks))


def _roles(move: Move) -> list[str]:
    return sorted(move.circle.part("roles"))


def _unknown_role(move: Move, role: Any) -> str:
    return f"unknown role {role!r}; roles are {_roles(move) or 'none yet'}"


def _successors(move: Move) -> list[str]:
    holder = move.circle.part("roles").get(move.args["role"])
    return [p for p in move.circle.members if p != holder]


def _holds_already(move: Move, person: Any) -> str:
    return f"{person} holds role {move.args['role']!r} already"


def _hand_over(move: Move, role: str, to: str, note: str) -> None:
    move.record(
        ev.RoleHandedOver,
        role=role,
        from_person=move.circle.part("roles")[role],
        to_person=to,
        note=text(note, "note", required=False),
    )


def _two(name: str, **kwargs: Any) -> Any:
    return choice(name, _twos, unknown=_unknown_two, **kwargs)


COMMANDS = (
    Command(
        "renew_mandate",
        "a member (re)confirms the mandate of their organisation after a meeting",
        (person("person", _MEMBERS, by=True), free("scope")),
        _renew,
        doing="hold a mandate",
    ),
    Command(
        "voice_concerns",
        "a present member voices concerns or reservations (empty: none)",
        (person("person", _MEMBERS, by=True), free("concerns", "")),
        _voice,
        in_meeting=True,
        doing="voice concerns",
    ),
    Command(
        "name_problem",
        "a member names a problem, which needs a proposal before the meeting "
        "closes; returns its number",
        (person("person", _CHAIRS, by=True), free("problem")),
        _name_problem,
        in_meeting=True,
        doing="name a problem",
    ),
    Command(
        "propose_solution",
        "a member proposes a solution the parties can deploy themselves",
        (
            person("person", _CHAIRS, by=True),
            choice("problem", _problems, expand=False, unknown=_unknown_problem),
            free("proposal"),
        ),
        _propose,
        doing="propose",
    ),
    Command(
        "record_consensus",
        "record (or refine) one item of the consensus record",
        (
            choice("item", _items, expand=False, unknown=_unknown_item),
            free("agreed"),
        ),
        _record_consensus,
        in_meeting=True,
    ),
    Command(
        "agree_two",
        "the parties agree a Temporary Workable Agreement once everyone present "
        "was heard; returns its number",
        (
            persons("parties", _MEMBERS, minimum=2),
            free("agreement"),
            free("why"),
            _two("supersedes", expand=False, required=False),
        ),
        _agree,
        in_meeting=True,
        doing="be a party to a TWO",
    ),
    Command(
        "act_on_two",
        "record acting on a current TWO in practice",
        (_two("number"), person("person", _MEMBERS, by=True), free("note")),
        _act,
        doing="act on a TWO",
    ),
    Command(
        "reflect_on_two",
        "reflect on how a TWO worked out in practice, after acting on it",
        (_two("number"), person("person", _CHAIRS, by=True), free("reflection")),
        _reflect,
        doing="reflect",
    ),
    Command(
        "assign_role",
        "create a role with its tasks, held by a member",
        (free("role"), person("holder", present=False), free("tasks", ())),
        _assign,
        prepare=_prepare_role,
        doing="hold a role",
    ),
    Command(
        "hand_over_role",
        "hand a role, with its tasks, to another member",
        (
            choice("role", _roles, unknown=_unknown_role),
            person("to", present=False, options=_successors, unknown=_holds_already),
            free("note", ""),
        ),
        _hand_over,
        doing="take over a role",
    ),
)
