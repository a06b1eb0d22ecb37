# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The rules of a Leergroep and of a learning community."""

from __future__ import annotations

from typing import Any

from circleflow.language import N_, _, lazy_gettext
from circleflow.rules import Move, Param, Rule


def _subject_chosen(move: Move) -> str | None:
    if "subject-chosen" in move.meeting.get("fulfilled", ()):
        return None
    where = move.stage.name if move.stage is not None else _("the meeting")
    return _("cannot close {stage}: no subject has been chosen yet").format(stage=where)


SUBJECT_CHOSEN = Rule(
    "subject-chosen",
    lazy_gettext("a meeting closes only once the group chose its subject"),
    check=_subject_chosen,
    condition="hold",
    fulfilled_by="choose_subject",
)


#: The states of an agenda item, marked to be shown in the reasons below.
AGENDA_STATES = (
    # Translators: the state of an agenda item: "agenda item 2 is proposed".
    N_("proposed"),
    # Translators: the state of an agenda item: "agenda item 2 is adopted".
    N_("adopted"),
    # Translators: the state of an agenda item: "agenda item 2 is dropped".
    N_("dropped"),
    # Translators: the state of an agenda item: "agenda item 2 is submitted".
    N_("submitted"),
)


def _status(move: Move, number: Any) -> str | None:
    status: str | None = move.circle.part("agenda").get(str(number))
    return status


def _agenda_proposed(move: Move, param: Param, number: Any) -> str | None:
    status = _status(move, number)
    if status is None or status == "proposed":
        return None
    return _(
        "agenda item {number} is {status}; only a proposed item is decided"
    ).format(number=number, status=_(status))


def _agenda_adopted(move: Move, param: Param, number: Any) -> str | None:
    status = _status(move, number)
    if status is None or status == "adopted":
        return None
    return _(
        "agenda item {number} is {status}; only an adopted item can be submitted"
    ).format(number=number, status=_(status))


AGENDA_PROPOSED = Rule(
    "agenda-proposed",
    lazy_gettext("the group decides (adopts or drops) only a proposed agenda item"),
    steps={"decide_agenda_item"},
    params={"number"},
    check_each=_agenda_proposed,
)
AGENDA_ADOPTED = Rule(
    "agenda-adopted",
    lazy_gettext("only an agenda item the group adopted is submitted"),
    steps={"submit_agenda_item"},
    params={"number"},
    check_each=_agenda_adopted,
)

# A learning community is its own aggregate; its rules are asked by its
# commands (see circleflow.formats.leergroep.community).
COMMUNITY_GROUPS = Rule(
    "community-groups",
    lazy_gettext("a learning community gathers once it has groups"),
    steps={"hold_gathering"},
)
COMMUNITY_MEMBER = Rule(
    "community-member",
    lazy_gettext("only members of the community's groups attend its gatherings"),
    steps={"hold_gathering"},
)
ONE_MEMBERSHIP = Rule(
    "one-membership",
    lazy_gettext("a group is added to a community once"),
    steps={"add_group"},
)
ONE_COMMUNITY = Rule(
    "one-community",
    lazy_gettext(
        "a group belongs to one learning community (seed 002: one broad community)"
    ),
    steps={"add_group"},
)

RULES = (
    SUBJECT_CHOSEN,
    AGENDA_PROPOSED,
    AGENDA_ADOPTED,
    COMMUNITY_GROUPS,
    COMMUNITY_MEMBER,
    ONE_MEMBERSHIP,
    ONE_COMMUNITY,
)
