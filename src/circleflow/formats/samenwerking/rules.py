# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The rules of Samenwerken DOEN: mandates renewed after every meeting (and
held on behalf of an organisation), everyone heard, a proposal for every
problem, a complete consensus record, TWOs that are current, and roles."""

from __future__ import annotations

from typing import Any

from circleflow.language import _, lazy_gettext
from circleflow.rules import Move, Param, Rule


def mandates_missing(move: Move) -> list[str]:
    """The participants who did not renew their mandate since the last meeting."""
    held = move.circle.held_count()
    mandates = move.circle.part("mandates")
    return [
        p for p in move.circle.members_with("participant") if mandates.get(p) != held
    ]


def _mandates_renewed(move: Move) -> str | None:
    waiting = mandates_missing(move)
    if not waiting:
        return None
    stage = move.stage.name if move.stage is not None else _("the meeting")
    return _(
        "cannot open {stage}: mandates not renewed since the last meeting by {persons}"
    ).format(stage=stage, persons=", ".join(waiting))


MANDATES_RENEWED = Rule(
    "mandates-renewed",
    lazy_gettext(
        "a meeting opens once every member renewed their mandate after the previous "
        "one (ground rule 4)"
    ),
    check=_mandates_renewed,
    condition="open",
    fulfilled_by="renew_mandate",
)


def _one_renewal(move: Move, param: Param, person: Any) -> str | None:
    if move.circle.part("mandates").get(person) == move.circle.held_count():
        return _(
            "{person} renewed their mandate after the last meeting already; the "
            "next renewal follows the next meeting"
        ).format(person=person)
    return None


ONE_RENEWAL = Rule(
    "one-renewal",
    lazy_gettext("each member renews their mandate once after every meeting"),
    steps={"renew_mandate"},
    params={"person"},
    check_each=_one_renewal,
)


def _mandate_organisation(move: Move, param: Param, person: Any) -> str | None:
    if move.circle.organisations.get(person):
        return None
    return _(
        "{person} represents no organisation in this circle; a mandate is held on "
        "behalf of one (ground rule 3): join with an organisation"
    ).format(person=person)


MANDATE_ORGANISATION = Rule(
    "mandate-organisation",
    lazy_gettext("a mandate is held on behalf of an organisation (ground rule 3)"),
    steps={"renew_mandate"},
    params={"person"},
    check_each=_mandate_organisation,
)


def _unheard(move: Move) -> list[str]:
    heard = move.meeting.get("heard", ())
    return [p for p in move.present_participants if p not in heard]


def _concerns_heard(move: Move) -> str | None:
    waiting = _unheard(move)
    if not waiting:
        return None
    stage = move.stage.name if move.stage is not None else _("the meeting")
    return _("cannot close {stage}: not yet heard: {persons}").format(
        stage=stage, persons=", ".join(waiting)
    )


CONCERNS_HEARD = Rule(
    "concerns-heard",
    lazy_gettext(
        "a meeting closes once every present member voiced their concerns, or none "
        "(ground rule 5)"
    ),
    check=_concerns_heard,
    condition="hold",
    fulfilled_by="voice_concerns",
)


def _everyone_heard(move: Move) -> str | None:
    waiting = _unheard(move)
    if not waiting:
        return None
    return _(
        "a TWO is agreed once everyone present was heard; not yet heard: {persons}"
    ).format(persons=", ".join(waiting))


EVERYONE_HEARD = Rule(
    "everyone-heard",
    lazy_gettext("a TWO is agreed once everyone present was heard"),
    steps={"agree_two"},
    check=_everyone_heard,
)


def _problems_have_proposals(move: Move) -> str | None:
    waiting = move.meeting.get("open_problems", ())
    if not waiting:
        return None
    stage = move.stage.name if move.stage is not None else _("the meeting")
    return _("cannot close {stage}: problems without a proposal: {problems}").format(
        stage=stage, problems=", ".join(str(n) for n in waiting)
    )


PROBLEMS_HAVE_PROPOSALS = Rule(
    "problems-have-proposals",
    lazy_gettext(
        "a problem named in a meeting gets a proposal before it closes (ground rule 2)"
    ),
    check=_problems_have_proposals,
    condition="hold",
    fulfilled_by="propose_solution",
)


def _consensus_complete(move: Move) -> str | None:
    meetings = move.circle.meetings
    if not meetings:
        return None
    leaving = move.format.stage(meetings[-1]["stage"])
    recorded = move.circle.part("consensus")
    waiting = [i for i in leaving.consensus if i not in recorded]
    if not waiting:
        return None
    if move.command.name == "conclude":
        message = _("cannot conclude: consensus items not yet recorded: {items}")
    else:
        message = _("cannot leave {stage}: consensus items not yet recorded: {items}")
    return message.format(stage=leaving.name, items=", ".join(waiting))


CONSENSUS_COMPLETE = Rule(
    "consensus-complete",
    lazy_gettext(
        "a stage with a consensus record is left only once every item is recorded"
    ),
    check=_consensus_complete,
    condition="leave",
    fulfilled_by="record_consensus",
)


def _two_current(move: Move, param: Param, number: Any) -> str | None:
    two = move.circle.part("twos").get(str(number))
    if two is None or two["superseded_by"] is None:
        return None
    if param.name == "supersedes":
        message = _(
            "TWO {number} was superseded by TWO {later}; only a current TWO can be "
            "superseded"
        )
    else:
        message = _(
            "TWO {number} was superseded by TWO {later}; only a current TWO can be "
            "acted on"
        )
    return message.format(number=number, later=two["superseded_by"])


TWO_CURRENT = Rule(
    "two-current",
    lazy_gettext(
        "only a current TWO is acted on or revised; a later TWO that names it "
        "supersedes it"
    ),
    steps={"agree_two", "act_on_two"},
    params={"supersedes", "number"},
    check_each=_two_current,
)


def _two_acted(move: Move, param: Param, number: Any) -> str | None:
    two = move.circle.part("twos").get(str(number))
    if two is None or two["acted"]:
        return None
    return _("TWO {number} has not been acted on yet").format(number=number)


TWO_ACTED = Rule(
    "two-acted",
    lazy_gettext("a TWO is reflected on after it was acted on"),
    steps={"reflect_on_two"},
    params={"number"},
    check_each=_two_acted,
)


def _role_exists(move: Move) -> str | None:
    role, roles = move.args["role"], move.circle.part("roles")
    if role in roles:
        return _("role {role!r} is held by {holder}; hand it over instead").format(
            role=role, holder=roles[role]
        )
    return None


ROLE_EXISTS = Rule(
    "role-exists",
    lazy_gettext("a role is created once; after that it is handed over"),
    steps={"assign_role"},
    check=_role_exists,
)

RULES = (
    MANDATES_RENEWED,
    ONE_RENEWAL,
    MANDATE_ORGANISATION,
    CONCERNS_HEARD,
    EVERYONE_HEARD,
    PROBLEMS_HAVE_PROPOSALS,
    CONSENSUS_COMPLETE,
    TWO_CURRENT,
    TWO_ACTED,
    ROLE_EXISTS,
)
