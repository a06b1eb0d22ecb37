# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The rules of a Leernetwerkgroep: learning wishes and the aim at the start,
one assignment per participant, all of them done before the closing meeting
closes."""

from __future__ import annotations

from typing import Any

from circleflow.language import _, lazy_gettext
from circleflow.rules import Move, Param, Rule


def _wishes_stated(move: Move) -> str | None:
    stated = move.meeting.get("wishes", ())
    waiting = [p for p in move.present_participants if p not in stated]
    if not waiting:
        return None
    where = move.stage.name if move.stage is not None else _("the meeting")
    return _("cannot close {stage}: learning wishes are missing from {persons}").format(
        stage=where, persons=", ".join(waiting)
    )


LEARNING_WISHES_STATED = Rule(
    "learning-wishes-stated",
    lazy_gettext(
        "a meeting that requires it closes once every present participant stated a "
        "learning wish"
    ),
    check=_wishes_stated,
    condition="hold",
    fulfilled_by="state_learning_wish",
)


def _aim_set(move: Move) -> str | None:
    if move.command.name == "complete_assignment":
        if any(m["held"] for m in move.circle.meetings):
            return None
        return _(
            "assignments follow from the aim set in the start meeting; hold the "
            "start meeting first"
        )
    if "aim-set" in move.meeting.get("fulfilled", ()):
        return None
    where = move.stage.name if move.stage is not None else _("the meeting")
    return _("cannot close {stage}: the group has not set its aim yet").format(
        stage=where
    )


AIM_SET = Rule(
    "aim-set",
    lazy_gettext(
        "the group sets its aim in the start meeting; assignments follow from it"
    ),
    steps={"complete_assignment"},
    check=_aim_set,
    condition="hold",
    fulfilled_by="set_aim",
)


def _one_assignment(move: Move, param: Param, participant: Any) -> str | None:
    if participant in move.circle.part("assignments_done"):
        return _("{participant} completed an assignment already").format(
            participant=participant
        )
    return None


ONE_ASSIGNMENT = Rule(
    "one-assignment",
    lazy_gettext("each participant completes one assignment in their own practice"),
    steps={"complete_assignment"},
    params={"participant"},
    check_each=_one_assignment,
)


def _assignments_done(move: Move) -> str | None:
    done = move.circle.part("assignments_done")
    waiting = [p for p in move.circle.members_with("participant") if p not in done]
    if not waiting:
        return None
    where = move.stage.name if move.stage is not None else _("the meeting")
    return _("cannot close {stage}: assignments not yet completed by {persons}").format(
        stage=where, persons=", ".join(waiting)
    )


ASSIGNMENTS_DONE = Rule(
    "assignments-done",
    lazy_gettext(
        "a meeting that requires it closes once every participant completed their "
        "assignment"
    ),
    check=_assignments_done,
    condition="hold",
    fulfilled_by="complete_assignment",
)

RULES = (LEARNING_WISHES_STATED, AIM_SET, ONE_ASSIGNMENT, ASSIGNMENTS_DONE)
