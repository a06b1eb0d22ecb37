# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A Leernetwerkgroep's part of the report: registration and the go or
no-go, the learning wishes, the aim, the assignments with their results,
the host of each meeting, and the cost and subsidy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from circleflow.language import _
from circleflow.reports import words
from circleflow.reports.layout import Table
from circleflow.reports.sections.kept import records

if TYPE_CHECKING:
    from circleflow.reports.report import CircleReport

#: The events this part reads.
EVENTS = (
    "RegistrationDeadlineSet",
    "RegistrationClosed",
    "LearningWishStated",
    "AimSet",
    "AssignmentCompleted",
)


def _day(value: object) -> str:
    return words.span(str(value)) if value else ""


def tables(report: CircleReport, names: dict[str, str]) -> list[Table]:
    """The Leernetwerkgroep's tables."""
    t = words.text
    registration: list[tuple[str, str]] = []
    for r in records(report, "RegistrationDeadlineSet", "RegistrationClosed"):
        d = r["d"]
        if r["event"] == "RegistrationDeadlineSet":
            registration.append((_("registration deadline"), _day(d["deadline"])))
        else:
            registration += [
                (_("registration closed on"), _day(d["on"])),
                (_("participants registered"), str(d["participants"])),
                (_("go or no-go"), words.kind(d["decision"])),
            ]
    cost = report.details.get("cost_per_person")
    if cost:
        registration.append((_("cost per person"), str(cost)))
    subsidy = report.details.get("subsidy")
    if subsidy:
        registration.append((_("subsidy"), str(subsidy)))
    wishes = tuple(
        (words.person(names, r["d"]["participant"]), t(r["d"]["wish"]))
        for r in records(report, "LearningWishStated")
    )
    aims = tuple(
        (t(r["d"]["assignments"]), t(r["d"]["intended_results"]))
        for r in records(report, "AimSet")
    )
    assignments = tuple(
        (
            words.person(names, r["d"]["participant"]),
            t(r["d"]["assignment"]),
            t(r["d"]["result"]),
        )
        for r in records(report, "AssignmentCompleted")
    )
    hosts = tuple(
        (
            words.meeting(report, m.number),
            words.span(m.scheduled) or words.day(m.opened_at),
            words.person(names, m.host) or _("no host"),
        )
        for m in report.meetings
        if m.opened_at is not None
    )
    return [
        Table(
            _("Registration, cost and subsidy"),
            _("Registration, the go or no-go, and the cost and subsidy"),
            (_("what"), _("value")),
            tuple(registration),
        ),
        Table(
            _("Learning wishes"),
            _("The learning wish each participant stated"),
            (_("participant"), _("learning wish")),
            wishes,
        ),
        Table(
            _("Aim"),
            _("The dot on the horizon: assignments and intended results"),
            (_("assignments"), _("intended results")),
            aims,
        ),
        Table(
            _("Assignments and results"),
            _("The assignment each participant carried out, and its result"),
            (_("participant"), _("assignment"), _("result")),
            assignments,
        ),
        Table(
            _("Hosts"),
            _("The host of each meeting"),
            (_("meeting"), _("date"), _("host")),
            hosts,
        ),
    ]


def open_items(report: CircleReport, names: dict[str, str]) -> list[tuple[str, str]]:
    """What is open: a registration deadline set and not yet closed."""
    deadline = [r["d"]["deadline"] for r in records(report, "RegistrationDeadlineSet")]
    closed = any(records(report, "RegistrationClosed"))
    if deadline and not closed:
        return [
            (
                _("Registration"),
                _("registration is open until {day}; then the go or no-go").format(
                    day=_day(deadline[-1])
                ),
            )
        ]
    return []
