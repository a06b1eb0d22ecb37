# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The steps of a Leernetwerkgroep: learning wishes, the group's aim, and each
participant's assignment in their own practice."""

from __future__ import annotations

from circleflow.formats.leernetwerkgroep import events as ev
from circleflow.inputs import text
from circleflow.language import _, lazy_gettext
from circleflow.rules import Command, Move, free, person


def _state_wish(move: Move, participant: str, wish: str) -> None:
    move.record(
        ev.LearningWishStated,
        participant=participant,
        wish=text(wish, _("the learning wish")),
    )


def _set_aim(move: Move, assignments: str, intended_results: str) -> None:
    move.record(
        ev.AimSet,
        assignments=text(assignments, _("the assignments")),
        intended_results=text(intended_results, _("the intended results")),
    )


def _complete(move: Move, participant: str, assignment: str, result: str) -> None:
    move.record(
        ev.AssignmentCompleted,
        participant=participant,
        assignment=text(assignment, _("the assignment")),
        result=text(result, _("the result"), required=False),
    )


COMMANDS = (
    Command(
        "state_learning_wish",
        lazy_gettext("a participant states a personal learning wish"),
        (person("participant", {"participant"}, by=True), free("wish")),
        _state_wish,
        in_meeting=True,
        doing=lazy_gettext("state a learning wish"),
    ),
    Command(
        "set_aim",
        lazy_gettext("the group sets its aim, its 'dot on the horizon'"),
        (free("assignments"), free("intended_results")),
        _set_aim,
        in_meeting=True,
    ),
    Command(
        "complete_assignment",
        lazy_gettext(
            "a participant carried out their assignment in their own practice (also "
            "while absent: the work happens outside the meetings)"
        ),
        (
            person("participant", {"participant"}, by=True, present=False),
            free("assignment"),
            free("result", ""),
        ),
        _complete,
        doing=lazy_gettext("complete an assignment"),
    ),
)
