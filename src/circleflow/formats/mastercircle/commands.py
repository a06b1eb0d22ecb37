# SPDX-License-Identifier: EUPL-1.2
"""The steps of a Mastercircle: the sponsor's urgency and harvest, and the
hot seat (present, feedback, dialogue with the master), synergies and
on-the-job actions."""

from __future__ import annotations

from collections.abc import Sequence

from circleflow.formats.mastercircle import events as ev
from circleflow.inputs import text
from circleflow.rules import Command, Move, choice, free, person, persons
from circleflow.workflow import GIVE_FEEDBACK, HOLD_MASTER_DIALOGUE, TAKE_HOT_SEAT

#: Kinds of feedback a colleague or master gives in a hot seat.
FEEDBACK_KINDS = ("appreciative", "addition")


def _state_urgency(move: Move, sponsor: str, statement: str) -> None:
    move.record(
        ev.UrgencyStated,
        sponsor=sponsor,
        statement=text(statement, "urgency statement"),
    )


def _present_harvest(move: Move, presenter: str, harvest: str) -> None:
    move.record(
        ev.HarvestPresented, presenter=presenter, harvest=text(harvest, "harvest")
    )


def _accept_harvest(move: Move, sponsor: str, note: str) -> None:
    move.record(
        ev.HarvestAccepted, sponsor=sponsor, note=text(note, "note", required=False)
    )


def _take_hot_seat(move: Move, participant: str, topic: str) -> None:
    move.record(
        ev.HotSeatTaken,
        participant=participant,
        topic=text(topic, "topic", required=False),
    )


def _kinds(move: Move) -> Sequence[str]:
    return FEEDBACK_KINDS


def _unknown_kind(move: Move, kind: object) -> str:
    return f"unknown feedback kind {kind!r}; use one of {list(FEEDBACK_KINDS)}"


def _give_feedback(move: Move, giver: str, kind: str, feedback: str) -> None:
    move.record(
        ev.FeedbackGiven,
        giver=giver,
        receiver=move.circle.__dict__.get("hot_seat"),
        kind=kind,
        feedback=text(feedback, "feedback"),
    )


def _hold_master_dialogue(move: Move, master: str, summary: str) -> None:
    move.record(
        ev.MasterDialogueHeld,
        participant=move.circle.__dict__.get("hot_seat"),
        master=master,
        summary=text(summary, "summary", required=False),
    )


def _note_synergy(move: Move, noted_by: str, between: list[str], note: str) -> None:
    move.record(
        ev.SynergyNoted,
        noted_by=noted_by,
        between=list(between),
        note=text(note, "synergy note"),
    )


def _record_action(move: Move, participant: str, action: str) -> None:
    move.record(
        ev.ActionRecorded, participant=participant, action=text(action, "action")
    )


COMMANDS = (
    Command(
        "state_urgency",
        "the sponsor states why the challenge is urgent",
        (person("sponsor", {"sponsor"}, by=True), free("statement")),
        _state_urgency,
        in_meeting=True,
        doing="state the urgency",
    ),
    Command(
        "present_harvest",
        "the harvest is presented (to the sponsor, or to colleagues)",
        (
            person("presenter", {"participant", "facilitator"}, by=True),
            free("harvest"),
        ),
        _present_harvest,
        in_meeting=True,
        doing="present the harvest",
    ),
    Command(
        "accept_harvest",
        "the sponsor accepts the presented harvest",
        (person("sponsor", {"sponsor"}, by=True), free("note", "")),
        _accept_harvest,
        in_meeting=True,
        doing="accept the harvest",
    ),
    Command(
        TAKE_HOT_SEAT,
        "a present participant takes the hot seat and presents",
        (person("participant", {"participant"}, by=True), free("topic", "")),
        _take_hot_seat,
        activity=False,
        order_rule="hot-seat-order",
        doing="take the hot seat",
    ),
    Command(
        GIVE_FEEDBACK,
        "a colleague or the master gives feedback to the one in the hot seat",
        (
            person("giver", {"participant", "master"}, by=True),
            choice("kind", _kinds, expand=False, unknown=_unknown_kind),
            free("feedback"),
        ),
        _give_feedback,
        activity=False,
        order_rule="hot-seat-order",
        doing="give feedback",
    ),
    Command(
        HOLD_MASTER_DIALOGUE,
        "the participant in the hot seat talks one-to-one with the master",
        (person("master", {"master"}, by=True), free("summary", "")),
        _hold_master_dialogue,
        activity=False,
        order_rule="hot-seat-order",
        doing="hold the master dialogue",
    ),
    Command(
        "note_synergy",
        "someone present points out a synergy between participants",
        (
            person("noted_by", {"master", "facilitator", "participant"}, by=True),
            persons("between", {"participant"}, minimum=2, present=False),
            free("note"),
        ),
        _note_synergy,
        doing="note a synergy",
    ),
    Command(
        "record_action",
        "a participant commits to an on-the-job action before the next session",
        (person("participant", {"participant"}, by=True), free("action")),
        _record_action,
        doing="record an action",
    ),
)
