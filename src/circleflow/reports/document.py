# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A circle report laid out as a document: a title, facts and tables.

The Markdown, HTML and ODF renderers all draw this same layout, so the
reports say the same thing in every format. Every heading, label and value
word is shown in the language texts are shown in (Dutch unless chosen
otherwise, see :mod:`circleflow.language`), and moments in local time (see
:mod:`circleflow.local_time`).

The document has the circle's facts and members, its meetings, what the
format recorded (see :mod:`circleflow.reports.sections`), what is next at
the report's moment, and an appendix with who recorded what, and when.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

from circleflow.deadlines import Due, due_items
from circleflow.errors import UnknownFormat
from circleflow.format import Format
from circleflow.language import N_, _, current_language, ngettext, use_language
from circleflow.registry import FormatRegistry
from circleflow.reports import words
from circleflow.reports.layout import Document, Table
from circleflow.reports.report import CircleReport, MeetingRow
from circleflow.reports.sections import format_tables, open_items
from circleflow.workflow import workflow_for

__all__ = ["Document", "Table", "iso", "report_document"]


def iso(moment: datetime | None) -> str:
    """A moment in ISO 8601 to the second, or nothing."""
    return "" if moment is None else moment.isoformat(timespec="seconds")


def _life_tables(report: CircleReport, names: dict[str, str]) -> list[Table]:
    """The members who left, corrected attendance lists and corrected texts."""
    tables = []
    left = [m for m in report.members if m.left_at is not None]
    if left:
        tables.append(
            Table(
                _("Members who left"),
                _("Members who left the circle, when and why"),
                (_("name"), _("role"), _("left"), _("reason")),
                tuple(
                    (
                        words.person(names, m.person),
                        words.role(m.role),
                        words.moment(m.left_at),
                        words.text(m.left_reason),
                    )
                    for m in left
                ),
            )
        )
    corrected = [m for m in report.meetings if m.attendance_corrected]
    if corrected:
        tables.append(
            Table(
                _("Corrected attendance"),
                _("Meetings whose attendance list was corrected afterwards"),
                (_("meeting"), _("attendees"), _("reason")),
                tuple(
                    (
                        words.meeting(report, m.number),
                        str(m.attendees),
                        m.attendance_corrected,
                    )
                    for m in corrected
                ),
            )
        )
    if report.corrections:
        tables.append(
            Table(
                _("Corrected texts"),
                _("Recorded texts superseded by a correction (the history keeps both)"),
                (_("what"), _("field"), _("text now"), _("reason"), _("by"), _("when")),
                tuple(
                    (
                        _("{what} (record {version})").format(
                            what=words.event(c.event), version=c.version
                        ),
                        c.field,
                        words.text(c.text),
                        words.text(c.reason),
                        c.actor,
                        words.moment(c.corrected_at),
                    )
                    for c in report.corrections
                ),
            )
        )
    return tables


def _facts(report: CircleReport) -> list[tuple[str, str]]:
    held = report.meetings_held()
    facts = [
        (_("Format"), words.format_name(report.format, report.format_version)),
        (_("Challenge"), words.text(report.challenge)),
        (
            _("Founded"),
            _("{when} by {actor}").format(
                when=words.moment(report.founded_at), actor=report.founded_by
            ),
        ),
        (_("Where it stands"), words.state(report.state)),
        (
            _("Meetings held"),
            ngettext(
                "{held} of {count} meeting",
                "{held} of {count} meetings",
                len(report.meetings),
            ).format(held=held, count=len(report.meetings)),
        ),
    ]
    for moved in report.migrations:
        facts.append(
            (
                _("Moved to a newer version"),
                ngettext(
                    "version {old} to {new} on {when} by {actor} ({count} change)",
                    "version {old} to {new} on {when} by {actor} ({count} changes)",
                    moved.changes,
                ).format(
                    old=moved.from_version,
                    new=moved.to_version,
                    when=words.moment(moved.migrated_at),
                    actor=moved.by,
                    count=moved.changes,
                ),
            )
        )
    if report.ended:
        facts.append(
            (
                words.kind(report.ended).capitalize(),
                _("{when}: {reason}").format(
                    when=words.moment(report.concluded_at),
                    reason=words.text(report.end_reason),
                ),
            )
        )
    elif report.concluded_at is not None:
        facts.append((_("Concluded"), words.moment(report.concluded_at)))
    return facts


def _meetings(report: CircleReport) -> Table:
    """The meetings; the hot-seat columns only where there were hot seats."""
    seats = any(m.hot_seats or m.feedback for m in report.meetings)
    headers: tuple[str, ...] = (_("meeting"), _("planned"), _("held"), _("attendees"))
    if seats:
        headers += (_("hot seats"), _("feedback"))

    def row(m: MeetingRow) -> tuple[str, ...]:
        cells = (
            _("{stage} ({number})").format(stage=words.words(m.stage), number=m.number),
            words.span(m.scheduled),
            words.moment(m.held_at),
            str(m.attendees) if m.opened_at is not None else "",
        )
        return cells + ((str(m.hot_seats), str(m.feedback)) if seats else ())

    return Table(
        _("Meetings"),
        _("Meetings as planned and as held"),
        headers,
        tuple(row(m) for m in report.meetings),
    )


#: What each kind of deadline is called in the "what is next" table.
_DUE_KINDS = {
    "registration": N_("Registration"),
    "session": N_("Meeting"),
    "mandate": N_("Mandate"),
    "two": N_("TWO"),
    "next-meeting": N_("Next meeting"),
}


@cache
def _shipped_formats() -> FormatRegistry:
    return FormatRegistry.with_builtins()


def _format_of(report: CircleReport) -> Format | None:
    """The format (at its version) ``report``'s circle runs on now, or
    ``None`` for a format not registered."""
    if report.due is None:
        return None
    try:
        return _shipped_formats().get(report.due.format_name, report.due.format_version)
    except UnknownFormat:
        return None


def due_now(report: CircleReport, today: date) -> list[Due]:
    """What is due on ``report``'s circle on ``today``, by the deadlines of
    its format (:func:`circleflow.deadlines.due_items`, the rules of
    :meth:`circleflow.Circles.due`); nothing for a format not registered."""
    fmt = _format_of(report)
    if fmt is None or report.due is None:
        return []
    return due_items(report.circle_id, report.due, fmt, today)


def _meetings_done(report: CircleReport) -> bool:
    """Whether the circle's format lets no further meeting open: every
    session of a Mastercircle held, say."""
    fmt = _format_of(report)
    if fmt is None or report.due is None:
        return False
    steps = workflow_for(fmt).allowed(report.due.state)
    return not any(step.command == "open_session" for step in steps)


def _first_day(scheduled: str | None) -> date | None:
    if not scheduled:
        return None
    try:
        return date.fromisoformat(scheduled.split("/")[0])
    except ValueError:
        return None


def _due_row(item: Due, names: dict[str, str]) -> tuple[str, str, str]:
    detail = item.detail
    if item.by is not None:
        detail = _("{what}, by {day}").format(what=detail, day=words.day(item.by))
    if item.persons:
        detail = _("{what} ({persons})").format(
            what=detail,
            persons=", ".join(words.person(names, p) for p in item.persons),
        )
    what = _DUE_KINDS.get(item.what)
    return (
        _(what) if what else item.what,
        detail,
        _("overdue") if item.overdue else _("due"),
    )


def next_steps(
    report: CircleReport, names: dict[str, str], now: datetime
) -> list[tuple[str, str, str]]:
    """What is next at ``now``: the meeting open now, the next meeting and
    its date, what is due and overdue by the format's deadlines, and what
    else is open, as rows of what, detail and status."""
    if report.ended or report.concluded_at is not None:
        return [(_("Circle"), _("the circle has ended; nothing is next"), "")]
    rows: list[tuple[str, str, str]] = []
    opened = [m for m in report.meetings if m.opened_at and m.held_at is None]
    for m in opened:
        rows.append(
            (
                _("Open now"),
                _("{meeting}, opened {when}").format(
                    meeting=words.meeting(report, m.number),
                    when=words.moment(m.opened_at),
                ),
                _("open"),
            )
        )
    due = due_now(report, words.local_day(now))
    planned = [m for m in report.meetings if m.opened_at is None]
    if planned:
        coming = planned[0]
        first = _first_day(coming.scheduled)
        late = any(i.what == "session" and i.overdue and i.since == first for i in due)
        rows.append(
            (
                _("Next meeting"),
                _("{stage} on {day}").format(
                    stage=words.words(coming.stage),
                    day=words.span(coming.scheduled) or _("a day not yet planned"),
                ),
                _("overdue") if late else _("planned"),
            )
        )
    elif not opened and _meetings_done(report):
        rows.append((_("Meetings"), _("every meeting of the format is held"), ""))
    elif not opened:
        rows.append((_("Next meeting"), _("no meeting planned yet"), _("to plan")))
    rows += [_due_row(i, names) for i in due]
    rows += [(what, detail, _("open")) for what, detail in open_items(report, names)]
    return rows


def _appendix(report: CircleReport) -> Table:
    return Table(
        _("Appendix: who recorded what, and when"),
        _("Every record of the circle: when, what, who recorded it, and from where"),
        (_("number"), _("when"), _("what"), _("by"), _("from")),
        tuple(
            (
                str(a.version),
                words.moment(a.recorded_at),
                words.event(a.event),
                a.actor,
                a.origin,
            )
            for a in report.audit
        ),
    )


def report_document(report: CircleReport, *, now: datetime | None = None) -> Document:
    """Lay out ``report`` as a document, with what is next at ``now`` (the
    current moment when not given)."""
    with use_language(current_language()):
        # The language is looked up once, not for every text.
        return _document(report, datetime.now(UTC) if now is None else now)


def _document(report: CircleReport, moment: datetime) -> Document:
    names = words.names_of(report)
    challenges = any(m.challenge for m in report.members)
    members = Table(
        _("Members"),
        _("Members of the circle with their role and organisation"),
        (_("name"), _("role"), _("organisation"))
        + ((_("challenge"),) if challenges else ()),
        tuple(
            (words.person(names, m.person), words.role(m.role), m.organisation)
            + ((words.text(m.challenge),) if challenges else ())
            for m in report.members
        ),
    )
    tables = [members, _meetings(report)]
    tables += format_tables(report, names)
    tables.append(
        Table(
            _("What is next"),
            _(
                "What is next on {day}: the next meeting, what is open, what is overdue"
            ).format(day=words.day(moment)),
            (_("what"), _("detail"), _("status")),
            tuple(next_steps(report, names, moment)),
        )
    )
    tables += _life_tables(report, names)
    tables.append(_appendix(report))
    return Document(report.title, tuple(_facts(report)), tuple(tables))
