# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A Leergroep's part of the report: the subjects chosen, the lessons,
dilemmas and interventions and the meetings they were carried over to,
and the agenda items for the Secretaries-General with their fate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from circleflow.language import _
from circleflow.reports import words
from circleflow.reports.layout import Table
from circleflow.reports.sections.kept import records

if TYPE_CHECKING:
    from circleflow.reports.report import CircleReport

#: The events this part reads.
EVENTS = (
    "SubjectChosen",
    "InsightRecorded",
    "AgendaItemProposed",
    "AgendaItemAdopted",
    "AgendaItemDropped",
    "AgendaItemSubmitted",
)

_FATES = {
    "AgendaItemAdopted": "adopted",
    "AgendaItemDropped": "dropped",
    "AgendaItemSubmitted": "submitted",
}


def _agenda(report: CircleReport) -> dict[int, dict[str, Any]]:
    """The agenda items by number: what, by whom, and their fate."""
    items: dict[int, dict[str, Any]] = {}
    for r in records(report, *EVENTS[2:]):
        d = r["d"]
        if r["event"] == "AgendaItemProposed":
            items[d["number"]] = {
                "item": d["item"],
                "person": d["person"],
                "fate": "proposed",
                "why": "",
                "to": "",
            }
            continue
        item = items.get(d["number"])
        if item is None:
            continue
        item["fate"] = _FATES[r["event"]]
        if "why" in d:
            item["why"] = d["why"]
        if "to" in d:
            item["to"] = d["to"]
    return items


def tables(report: CircleReport, names: dict[str, str]) -> list[Table]:
    """The Leergroep's tables."""
    t = words.text
    subjects = tuple(
        (
            words.meeting(report, r["meeting"]),
            t(r["d"]["subject"]),
            words.person(names, r["d"].get("brought_by")),
        )
        for r in records(report, "SubjectChosen")
    )
    carried: dict[int, list[str]] = {}
    for row in report.meetings:
        for number in row.carried_over:
            carried.setdefault(number, []).append(words.meeting(report, row.number))
    insights = tuple(
        (
            str(r["d"]["number"]),
            words.kind(r["d"]["kind"]),
            t(r["d"]["insight"]),
            words.meeting(report, r["d"]["meeting"]),
            ", ".join(carried.get(r["d"]["number"], ())),
        )
        for r in records(report, "InsightRecorded")
    )
    agenda = tuple(
        (
            str(number),
            t(item["item"]),
            words.person(names, item["person"]),
            words.kind(item["fate"]),
            t(item["why"]),
            item["to"],
        )
        for number, item in _agenda(report).items()
    )
    return [
        Table(
            _("Subjects"),
            _("The subject of each meeting, and who brought it"),
            (_("meeting"), _("subject"), _("brought by")),
            subjects,
        ),
        Table(
            _("Lessons, dilemmas and interventions"),
            _("What the group learned, and the meetings it was carried over to"),
            (
                _("number"),
                _("kind"),
                _("insight"),
                _("recorded in"),
                _("carried over to"),
            ),
            insights,
        ),
        Table(
            _("Agenda for the Secretaries-General"),
            _("Items for the agenda of the Secretaries-General, and their fate"),
            (_("number"), _("item"), _("proposed by"), _("fate"), _("why"), _("to")),
            agenda,
        ),
    ]


def open_items(report: CircleReport, names: dict[str, str]) -> list[tuple[str, str]]:
    """What is open: agenda items proposed or adopted, not yet submitted."""
    return [
        (
            _("Agenda item {number}").format(number=number),
            _("{item}: {fate}, not yet submitted").format(
                item=words.text(item["item"]), fate=words.kind(item["fate"])
            ),
        )
        for number, item in _agenda(report).items()
        if item["fate"] in ("proposed", "adopted")
    ]
