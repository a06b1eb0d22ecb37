# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The steps of Samenwerken DOEN."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from circleflow.errors import InvalidInput
from circleflow.formats.samenwerking import events as ev
from circleflow.inputs import listed, text
from circleflow.language import _, lazy_gettext
from circleflow.rules import Command, Move, choice, free, person, persons

_MEMBERS = {"participant"}
_CHAIRS = {"participant", "facilitator"}


def _renew(move: Move, person: str, scope: str) -> None:
    move.record(
        ev.MandateRenewed,
        person=person,
        organisation=move.circle.organisations.get(person, ""),
        scope=text(scope, _("the scope of the mandate")),
        after_meeting=move.circle.held_count(),
    )


def _voice(move: Move, person: str, concerns: str) -> None:
    move.record(
        ev.ConcernsVoiced,
        person=person,
        concerns=text(concerns, _("the concerns"), required=False),
    )


def _name_problem(move: Move, person: str, problem: str) -> int:
    number = len(move.circle.part("problems")) + 1
    move.record(
        ev.ProblemNamed,
        number=number,
        person=person,
        problem=text(problem, _("the problem")),
    )
    return number


def _problems(move: Move) -> list[int]:
    return sorted(int(n) for n in move.circle.part("problems"))


def _unknown_problem(move: Move, number: Any) -> str:
    named = _problems(move)
    if not named:
        return _("there is no problem {number}; no problems have been named").format(
            number=number
        )
    return _("there is no problem {number}; named problems are {named}").format(
        number=number, named=named
    )


def _propose(move: Move, person: str, problem: int, proposal: str) -> None:
    move.record(
        ev.SolutionProposed,
        problem=problem,
        person=person,
        proposal=text(proposal, _("the proposal")),
    )


def _items(move: Move) -> Sequence[str]:
    return move.stage.consensus if move.stage is not None else ()


def _unknown_item(move: Move, item: Any) -> str:
    return _("unknown consensus item {item!r}; the items are {items}").format(
        item=item, items=list(_items(move))
    )


def _record_consensus(move: Move, item: str, agreed: str) -> None:
    move.record(
        ev.ConsensusRecorded, item=item, agreed=text(agreed, _("the consensus text"))
    )


def _twos(move: Move) -> list[int]:
    return sorted(int(n) for n in move.circle.part("twos"))


def _unknown_two(move: Move, number: Any) -> str:
    agreed = _twos(move)
    if not agreed:
        return _("there is no TWO {number}; no TWOs have been agreed").format(
            number=number
        )
    return _("there is no TWO {number}; agreed TWOs are {agreed}").format(
        number=number, agreed=agreed
    )


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
        agreement=text(agreement, _("the agreement")),
        why=text(why, _("the reason")),
        supersedes=supersedes,
    )
    return number


def _act(move: Move, number: int, person: str, note: str) -> None:
    move.record(
        ev.TWOActedOn, number=number, person=person, note=text(note, _("the note"))
    )


def _reflect(move: Move, number: int, person: str, reflection: str) -> None:
    move.record(
        ev.TWOReflectedOn,
        number=number,
        person=person,
        reflection=text(reflection, _("the reflection")),
    )


def _prepare_role(move: Move) -> None:
    move.args["role"] = text(move.args["role"], _("the name of the role"))
    move.args["tasks"] = [
        text(t, _("a task")) for t in listed(move.args["tasks"], _("the tasks"))
    ]
    if not move.args["tasks"]:
        raise InvalidInput(_("a role carries at least one task"))


def _assign(move: Move, role: str, holder: str, tasks: list[str]) -> None:
    move.record(ev.RoleAssigned, role=role, holder=holder, tasks=list(tasks))


def _roles(move: Move) -> list[str]:
    return sorted(move.circle.part("roles"))


def _unknown_role(move: Move, role: Any) -> str:
    roles = _roles(move)
    if not roles:
        return _("unknown role {role!r}; there are no roles yet").format(role=role)
    return _("unknown role {role!r}; roles are {roles}").format(role=role, roles=roles)


def _successors(move: Move) -> list[str]:
    holder = move.circle.part("roles").get(move.args["role"])
    return [p for p in move.circle.members if p != holder]


def _holds_already(move: Move, person: Any) -> str:
    return _("{person} holds role {role!r} already").format(
        person=person, role=move.args["role"]
    )


def _hand_over(move: Move, role: str, to: str, note: str) -> None:
    move.record(
        ev.RoleHandedOver,
        role=role,
        from_person=move.circle.part("roles")[role],
        to_person=to,
        note=text(note, _("the note"), required=False),
    )


def _two(name: str, **kwargs: Any) -> Any:
    return choice(name, _twos, unknown=_unknown_two, **kwargs)


COMMANDS = (
    Command(
        "renew_mandate",
        lazy_gettext(
            "a member (re)confirms the mandate of their organisation after a meeting"
        ),
        (person("person", _MEMBERS, by=True), free("scope")),
        _renew,
        doing=lazy_gettext("hold a mandate"),
    ),
    Command(
        "voice_concerns",
        lazy_gettext("a present member voices concerns or reservations (empty: none)"),
        (person("person", _MEMBERS, by=True), free("concerns", "")),
        _voice,
        in_meeting=True,
        doing=lazy_gettext("voice concerns"),
    ),
    Command(
        "name_problem",
        lazy_gettext(
            "a member names a problem, which needs a proposal before the meeting "
            "closes; returns its number"
        ),
        (person("person", _CHAIRS, by=True), free("problem")),
        _name_problem,
        in_meeting=True,
        doing=lazy_gettext("name a problem"),
    ),
    Command(
        "propose_solution",
        lazy_gettext("a member proposes a solution the parties can deploy themselves"),
        (
            person("person", _CHAIRS, by=True),
            choice("problem", _problems, expand=False, unknown=_unknown_problem),
            free("proposal"),
        ),
        _propose,
        doing=lazy_gettext("propose"),
    ),
    Command(
        "record_consensus",
        lazy_gettext("record (or refine) one item of the consensus record"),
        (
            choice("item", _items, expand=False, unknown=_unknown_item),
            free("agreed"),
        ),
        _record_consensus,
        in_meeting=True,
    ),
    Command(
        "agree_two",
        lazy_gettext(
            "the parties agree a Temporary Workable Agreement once everyone present "
            "was heard; returns its number"
        ),
        (
            persons("parties", _MEMBERS, minimum=2),
            free("agreement"),
            free("why"),
            _two("supersedes", expand=False, required=False),
        ),
        _agree,
        in_meeting=True,
        doing=lazy_gettext("be a party to a TWO"),
    ),
    Command(
        "act_on_two",
        lazy_gettext("record acting on a current TWO in practice"),
        (_two("number"), person("person", _MEMBERS, by=True), free("note")),
        _act,
        doing=lazy_gettext("act on a TWO"),
    ),
    Command(
        "reflect_on_two",
        lazy_gettext("reflect on how a TWO worked out in practice, after acting on it"),
        (_two("number"), person("person", _CHAIRS, by=True), free("reflection")),
        _reflect,
        doing=lazy_gettext("reflect"),
    ),
    Command(
        "assign_role",
        lazy_gettext("create a role with its tasks, held by a member"),
        (free("role"), person("holder", present=False), free("tasks", ())),
        _assign,
        prepare=_prepare_role,
        doing=lazy_gettext("hold a role"),
    ),
    Command(
        "hand_over_role",
        lazy_gettext("hand a role, with its tasks, to another member"),
        (
            choice("role", _roles, unknown=_unknown_role),
            person("to", present=False, options=_successors, unknown=_holds_already),
            free("note", ""),
        ),
        _hand_over,
        doing=lazy_gettext("take over a role"),
    ),
)
