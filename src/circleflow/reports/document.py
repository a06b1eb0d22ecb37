# SPDX-License-Identifier: EUPL-1.2
"""A circle report laid out as a document: a title, facts and tables.

The Markdown, HTML and ODF renderers all draw this same layout, so the
reports say the same thing in every format.
"""

from __future__ import annotations

from datetime import datetime

from attrs import frozen

from circleflow.reports.report import CircleReport


@frozen
class Table:
    """A titled table: one heading row, then the rows."""

    title: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@frozen
class Document:
    """A report: its title, labelled facts, and tables."""

    title: str
    facts: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]


def iso(moment: datetime | None) -> str:
    """A moment in ISO 8601 to the second, or nothing."""
    return "" if moment is None else moment.isoformat(timespec="seconds")


def _status(superseded_by: int | None) -> str:
    return "current" if superseded_by is None else f"superseded by {superseded_by}"


def _life_tables(report: CircleReport) -> list[Table]:
    """The members who left, corrected attendance lists and corrected texts."""
    tables = []
    left = [m for m in report.members if m.left_at is not None]
    if left:
        tables.append(
            Table(
                "Members who left",
                "Members who left the circle, when and why",
                ("name", "role", "left", "reason"),
                tuple((m.name, m.role, iso(m.left_at), m.left_reason) for m in left),
            )
        )
    corrected = [m for m in report.meetings if m.attendance_corrected]
    if corrected:
        tables.append(
            Table(
                "Corrected attendance",
                "Meetings whose attendance list was corrected afterwards",
                ("stage", "number", "attendees", "reason"),
                tuple(
                    (m.stage, str(m.number), str(m.attendees), m.attendance_corrected)
                    for m in corrected
                ),
            )
        )
    if report.corrections:
        tables.append(
            Table(
                "Corrected texts",
                "Recorded texts superseded by a correction (the history keeps both)",
                ("event", "field", "text now", "reason", "by", "corrected"),
                tuple(
                    (
                        f"{c.event} ({c.version})",
                        c.field,
                        c.text,
                        c.reason,
                        c.actor,
                        iso(c.corrected_at),
                    )
                    for c in report.corrections
                ),
            )
        )
    return tables


def report_document(report: CircleReport) -> Document:
    """Lay out ``report`` as a document."""
    facts = [
        ("Format", f"{report.format} v{report.format_version}"),
        ("Challenge", report.challenge),
        ("Founded", f"{iso(report.founded_at)} by {report.founded_by}"),
        ("State", f"{report.state} (version {report.version})"),
        ("Meetings held", f"{report.meetings_held()} of {len(report.meetings)}"),
    ]
    for moved in report.migrations:
        facts.append(
            (
                "Migrated",
                f"v{moved.from_version} to v{moved.to_version} on "
                f"{iso(moved.migrated_at)} by {moved.by} ({moved.changes} "
                f"change{'' if moved.changes == 1 else 's'})",
            )
        )
    if report.ended:
        facts.append(
            (
                report.ended.capitalize(),
                f"{iso(report.concluded_at)}: {report.end_reason}",
            )
        )
    elif report.concluded_at is not None:
        facts.append(("Concluded", iso(report.concluded_at)))
    if report.mandates_renewed:
        facts.append(("Mandates renewed", str(report.mandates_renewed)))
    tables = [
        Table(
            "Members",
            "Members of the circle with their role and organisation",
            ("name", "role", "organisation"),
            tuple((m.name, m.role, m.organisation) for m in report.members),
        ),
        Table(
            "Meetings",
            "Meetings as planned and as held",
            (
                "stage",
                "number",
                "scheduled",
                "held",
                "attendees",
                "hot seats",
                "feedback",
            ),
            tuple(
                (
                    m.stage,
                    str(m.number),
                    m.scheduled or "",
                    iso(m.held_at),
                    str(m.attendees),
                    str(m.hot_seats),
                    str(m.feedback),
                )
                for m in report.meetings
            ),
        ),
    ]
    tables += _life_tables(report)
    if report.twos:
        tables.append(
            Table(
                "Temporary Workable Agreements",
                "Temporary Workable Agreements and what became of them",
                ("number", "agreement", "why", "parties", "acted on", "status"),
                tuple(
                    (
                        str(t.number),
                        t.agreement,
                        t.why,
                        str(t.parties),
                        str(t.acted_on),
                        _status(t.superseded_by),
                    )
                    for t in report.twos
                ),
            )
        )
    tables.append(
        Table(
            "Events",
            "How many events of each type the circle recorded",
            ("event", "count"),
            tuple((name, str(n)) for name, n in sorted(report.events.items())),
        )
    )
    return Document(report.title, tuple(facts), tuple(tables))
