# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A Mastercircle's part of the report: the urgency the sponsor stated,
each participant's hot seats with the feedback they received and from
whom, the master dialogues, synergies, actions, and the harvest with the
sponsor's acceptance."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from circleflow.language import _
from circleflow.reports import words
from circleflow.reports.layout import Table
from circleflow.reports.sections.kept import records

if TYPE_CHECKING:
    from circleflow.reports.report import CircleReport

#: The events this part reads.
EVENTS = (
    "UrgencyStated",
    "HotSeatTaken",
    "FeedbackGiven",
    "MasterDialogueHeld",
    "SynergyNoted",
    "ActionRecorded",
    "HarvestPresented",
    "HarvestAccepted",
)


def _when(record: dict[str, object]) -> str:
    return words.moment(datetime.fromisoformat(str(record["at"])))


def tables(report: CircleReport, names: dict[str, str]) -> list[Table]:
    """The Mastercircle's tables."""
    t, who = words.text, words.person
    urgency = tuple(
        (
            words.meeting(report, r["meeting"]),
            who(names, r["d"]["sponsor"]),
            t(r["d"]["statement"]),
        )
        for r in records(report, "UrgencyStated")
    )
    hot_seats = []
    dialogues = {
        (r["meeting"], r["d"].get("participant")): r
        for r in records(report, "MasterDialogueHeld")
    }
    for r in records(report, "HotSeatTaken"):
        dialogue = dialogues.get((r["meeting"], r["d"]["participant"]))
        hot_seats.append(
            (
                words.meeting(report, r["meeting"]),
                who(names, r["d"]["participant"]),
                t(r["d"]["topic"]),
                "" if dialogue is None else who(names, dialogue["d"]["master"]),
                "" if dialogue is None else t(dialogue["d"]["summary"]),
            )
        )
    feedback = tuple(
        (
            words.meeting(report, r["meeting"]),
            who(names, r["d"].get("receiver")),
            who(names, r["d"]["giver"]),
            words.kind(r["d"]["kind"]),
            t(r["d"]["feedback"]),
        )
        for r in records(report, "FeedbackGiven")
    )
    synergies = tuple(
        (
            words.meeting(report, r["meeting"]),
            who(names, r["d"]["noted_by"]),
            words.persons(names, r["d"]["between"]),
            t(r["d"]["note"]),
        )
        for r in records(report, "SynergyNoted")
    )
    actions = tuple(
        (
            words.meeting(report, r["meeting"]),
            who(names, r["d"]["participant"]),
            t(r["d"]["action"]),
        )
        for r in records(report, "ActionRecorded")
    )
    harvest = []
    for r in records(report, "HarvestPresented", "HarvestAccepted"):
        presented = r["event"] == "HarvestPresented"
        harvest.append(
            (
                _("presented") if presented else _("accepted by the sponsor"),
                who(names, r["d"]["presenter" if presented else "sponsor"]),
                t(r["d"]["harvest" if presented else "note"]),
                _when(r),
            )
        )
    return [
        Table(
            _("Urgency"),
            _("The urgency the sponsor stated"),
            (_("session"), _("sponsor"), _("urgency")),
            urgency,
        ),
        Table(
            _("Hot seats"),
            _("Each participant's hot-seat topic per session, and the master dialogue"),
            (_("session"), _("participant"), _("topic"), _("master"), _("dialogue")),
            tuple(hot_seats),
        ),
        Table(
            _("Feedback"),
            _("The feedback each participant received in the hot seat, and from whom"),
            (_("session"), _("for"), _("from"), _("kind"), _("feedback")),
            feedback,
        ),
        Table(
            _("Synergies"),
            _("Synergies noted between participants"),
            (_("session"), _("noted by"), _("between"), _("synergy")),
            synergies,
        ),
        Table(
            _("Actions"),
            _("The actions participants take on the job before the next session"),
            (_("session"), _("participant"), _("action")),
            actions,
        ),
        Table(
            _("Harvest"),
            _("The harvest and the sponsor's acceptance"),
            (_("step"), _("by"), _("text"), _("when")),
            tuple(harvest),
        ),
    ]


def open_items(report: CircleReport, names: dict[str, str]) -> list[tuple[str, str]]:
    """What is open: a harvest presented but not yet accepted."""
    presented = any(records(report, "HarvestPresented"))
    accepted = any(records(report, "HarvestAccepted"))
    if presented and not accepted and not report.concluded_at:
        return [(_("Harvest"), _("the sponsor has not yet accepted the harvest"))]
    return []
