# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The steps of a Mastercircle: the sponsor's urgency and harvest, and the
hot seat (present, feedback, dialogue with the master), synergies and
on-the-job actions."""

from __future__ import annotations

from collections.abc import Sequence

from circleflow.formats.mastercircle import events as ev
from circleflow.inputs import text
from circleflow.language import _, lazy_gettext
from circleflow.rules import Command, Move, choice, free, person, persons
from circleflow.workflow import GIVE_FEEDBACK, HOLD_MASTER_DIALOGUE, TAKE_HOT_SEAT

#: Kinds of feedback a colleague or master gives in a hot seat.
FEEDBACK_KINDS = ("appreciative", "addition")


def _state_urgency(move: Move, sponsor: str, statement: str) -> None:
    move.record(
        ev.UrgencyStated,
        sponsor=sponsor,
        statement=text(statement, _("the urgency statement")),
    )


def _present_harvest(move: Move, presenter: str, harvest: str) -> None:
    move.record(
        ev.HarvestPresented,
        presenter=presenter,
        harvest=text(harvest, _("the harvest")),
    )


def _accept_harvest(move: Move, sponsor: str, note: str) -> None:
    move.record(
        ev.HarvestAccepted,
        sponsor=sponsor,
        note=text(note, _("the note"), required=False),
    )


def _take_hot_seat(move: Move, participant: str, topic: str) -> None:
    move.record(
        ev.HotSeatTaken,
        participant=participant,
        topic=text(topic, _("the topic"), required=False),
    )


def _kinds(move: Move) -> Sequence[str]:
    return FEEDBACK_KINDS


def _unknown_kind(move: Move, kind: object) -> str:
    return _("unknown feedback kind {kind!r}; use one of {kinds}").format(
        kind=kind, kinds=list(FEEDBACK_KINDS)
    )


def _give_feedback(move: Move, giver: str, kind: str, feedback: str) -> None:
    move.record(
        ev.FeedbackGiven,
        giver=giver,
        receiver=move.circle.__dict__.get("hot_seat"),
        kind=kind,
        feedback=text(feedback, _("the feedback")),
    )


def _hold_master_dialogue(move: Move, master: str, summary: str) -> None:
    move.record(
        ev.MasterDialogueHeld,
        participant=move.circle.__dict__.get("hot_seat"),
        master=master,
        summary=text(summary, _("the summary"), required=False),
    )


def _note_synergy(move: Move, noted_by: str, between: list[str], note: str) -> None:
    move.record(
        ev.SynergyNoted,
        noted_by=noted_by,
        between=list(between),
        note=text(note, _("the synergy note")),
    )


def _record_action(move: Move, participant: str, action: str) -> None:
    move.record(
        ev.ActionRecorded, participant=participant, action=text(action, _("the action"))
    )


COMMANDS = (
    Command(
        "state_urgency",
        lazy_gettext("the sponsor states why the challenge is urgent"),
        (person("sponsor", {"sponsor"}, by=True), free("statement")),
        _state_urgency,
        in_meeting=True,
        doing=lazy_gettext("state the urgency"),
    ),
    Command(
        "present_harvest",
        lazy_gettext("the harvest is presented (to the sponsor, or to colleagues)"),
        (
            person("presenter", {"participant", "facilitator"}, by=True),
            free("harvest"),
        ),
        _present_harvest,
        in_meeting=True,
        doing=lazy_gettext("present the harvest"),
    ),
    Command(
        "accept_harvest",
        lazy_gettext("the sponsor accepts the presented harvest"),
        (person("sponsor", {"sponsor"}, by=True), free("note", "")),
        _accept_harvest,
        in_meeting=True,
        doing=lazy_gettext("accept the harvest"),
    ),
    Command(
        TAKE_HOT_SEAT,
        lazy_gettext("a present participant takes the hot seat and presents"),
        (person("participant", {"participant"}, by=True), free("topic", "")),
        _take_hot_seat,
        activity=False,
        order_rule="hot-seat-order",
        doing=lazy_gettext("take the hot seat"),
    ),
    Command(
        GIVE_FEEDBACK,
        lazy_gettext(
            "a colleague or the master gives feedback to the one in the hot seat"
        ),
        (
            person("giver", {"participant", "master"}, by=True),
            choice("kind", _kinds, expand=False, unknown=_unknown_kind),
            free("feedback"),
        ),
        _give_feedback,
        activity=False,
        order_rule="hot-seat-order",
        doing=lazy_gettext("give feedback"),
    ),
    Command(
        HOLD_MASTER_DIALOGUE,
        lazy_gettext(
            "the participant in the hot seat talks one-to-one with the master"
        ),
        (person("master", {"master"}, by=True), free("summary", "")),
        _hold_master_dialogue,
        activity=False,
        order_rule="hot-seat-order",
        doing=lazy_gettext("hold the master dialogue"),
    ),
    Command(
        "note_synergy",
        lazy_gettext("someone present points out a synergy between participants"),
        (
            person("noted_by", {"master", "facilitator", "participant"}, by=True),
            persons("between", {"participant"}, minimum=2, present=False),
            free("note"),
        ),
        _note_synergy,
        doing=lazy_gettext("note a synergy"),
    ),
    Command(
        "record_action",
        lazy_gettext(
            "a participant commits to an on-the-job action before the next session"
        ),
        (person("participant", {"participant"}, by=True), free("action")),
        _record_action,
        doing=lazy_gettext("record an action"),
    ),
)
