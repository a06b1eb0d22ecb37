# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A circle's meetings as an iCalendar file (RFC 5545), for any agenda.

Each meeting (see :mod:`circleflow.meetings`) is one all-day event
(``VEVENT``) on its days, the last day included: a meeting of two days
spans both. An event's ``UID`` is made of the circle's id and the stage
(and the meeting's number, for a repeating stage), so importing a newer
export, or subscribing to one, updates the entries instead of adding
them again; its ``SEQUENCE`` grows with every change to the meeting (a
new plan, opening, holding, cancelling). A planned meeting that will not
be held any more stays in the file as ``STATUS:CANCELLED``, so that
agendas that imported it remove or strike it.

The file holds no personal data: the circle's title, its format and
stages, the dates, the host organisation and how many members of each
role attended. What a person reads is in the language of
:mod:`circleflow.language` (Dutch unless English is chosen).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING
from uuid import UUID

from icalendar import Calendar, Event

from circleflow.format import Format, Stage
from circleflow.language import N_, _
from circleflow.local_time import month_name, show_date
from circleflow.meetings import (
    CANCELLED_MEETING,
    DEFAULT_ZONE,
    HELD,
    OPEN,
    PLANNED,
    Meeting,
)

if TYPE_CHECKING:
    from circleflow.queries import CircleQueries

__all__ = ["circle_calendar", "render_calendar"]

# -- what a person reads, in one place ---------------------------------------------

#: Each role, as one member and as several, in the order they are listed.
_ROLES = {
    "participant": (N_("participant"), N_("participants")),
    "facilitator": (N_("facilitator"), N_("facilitators")),
    "master": (N_("master"), N_("masters")),
    "sponsor": (N_("sponsor"), N_("sponsors")),
    "guest": (N_("guest"), N_("guests")),
}
_STATUS = {
    PLANNED: N_("planned"),
    OPEN: N_("in progress"),
    HELD: N_("held"),
    CANCELLED_MEETING: N_("cancelled (will not be held)"),
}


def _day(day: date) -> str:
    return show_date(day)


def _days(first: date, last: date) -> str:
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        start = str(first.day)
    elif first.year == last.year:
        # Translators: a day and a month without the year, "19 April".
        start = _("{day} {month}").format(day=first.day, month=month_name(first.month))
    else:
        start = _day(first)
    # Translators: the first and the last day of a meeting of several days.
    return _("{first} to {last}").format(first=start, last=_day(last))


def _listing(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    # Translators: the last item of a list: "a, b and c".
    return _("{rest} and {last}").format(rest=", ".join(items[:-1]), last=items[-1])


def _attendance(counts: dict[str, int]) -> str:
    order = [*_ROLES, *sorted(set(counts) - set(_ROLES))]
    parts = []
    for role in order:
        count = counts.get(role, 0)
        if count:
            one, many = _ROLES.get(role, (role, role))
            parts.append(f"{count} {_(one if count == 1 else many)}")
    return _listing(parts)


def _invited(stage: Stage) -> str:
    roles = {"participant", *stage.attendees}
    return _listing([_(_ROLES.get(r, (r, r))[1]) for r in _ROLES if r in roles])


# -- the calendar --------------------------------------------------------------------


def circle_calendar(
    app: CircleQueries,
    circle_id: UUID | str,
    *,
    time_zone: str | tzinfo = DEFAULT_ZONE,
) -> bytes:
    """The meetings of circle ``circle_id`` as an iCalendar file (UTF-8).

    The days of meetings held are told in ``time_zone``; the file's
    ``DTSTAMP`` is the application's clock. Raises
    :class:`~circleflow.errors.UnknownCircle` when there is no such circle.
    """
    meetings = app.meetings(circle_id, time_zone=time_zone)
    circle = app.circle(circle_id)
    fmt = app.formats.get(circle.format_name, circle.format_version)
    return render_calendar(circle.id, circle.title, fmt, meetings, app.clock())


def render_calendar(
    circle_id: UUID,
    title: str,
    fmt: Format,
    meetings: list[Meeting],
    now: datetime,
) -> bytes:
    """The iCalendar file of ``meetings`` of the circle ``circle_id`` called
    ``title``, of format ``fmt``, made at ``now``."""
    from circleflow import __version__

    names = {"title": title, "format": fmt.title}
    calendar = Calendar()
    calendar.add("prodid", f"-//circleflow//circleflow {__version__}//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # Translators: the name of the calendar of a circle.
    name = _("{title} ({format})").format(**names)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add(
        "x-wr-caldesc", _("The meetings of {format} “{title}”").format(**names)
    )
    stamp = now.astimezone(UTC)
    for meeting in meetings:
        calendar.add_component(_event(circle_id, title, fmt, meeting, stamp))
    data: bytes = calendar.to_ical()
    return data


def uid(circle_id: UUID, meeting: Meeting) -> str:
    """The lasting id of ``meeting``'s entry in any agenda: the circle's id,
    the stage's name (letters and digits) and, for a repeating stage, the
    meeting's number."""
    number = f"-{meeting.number}" if meeting.repeating else ""
    return f"{circle_id}-{meeting.stage}{number}@circleflow"


def _event(
    circle_id: UUID, title: str, fmt: Format, meeting: Meeting, stamp: datetime
) -> Event:
    stage = fmt.stage(meeting.stage)
    names = {"title": title, "stage": stage.title, "number": meeting.number}
    if meeting.repeating:
        summary = _("{title} — {stage} (no. {number})").format(**names)
    else:
        summary = _("{title} — {stage}").format(**names)
    cancelled = meeting.status == CANCELLED_MEETING
    if cancelled:
        summary = _("Cancelled: {summary}").format(summary=summary)
    event = Event()
    event.add("uid", uid(circle_id, meeting))
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.revision)
    event.add("created", meeting.recorded.astimezone(UTC))
    event.add("last-modified", meeting.changed.astimezone(UTC))
    event.add("dtstart", meeting.first)
    try:
        event.add("dtend", meeting.last + timedelta(days=1))
    except OverflowError:  # no day after the last date there is
        event.add("duration", timedelta(days=meeting.days))
    event.add("summary", summary)
    event.add("description", _description(title, fmt, stage, meeting))
    if meeting.host:
        event.add("location", meeting.host)
    event.add("categories", [fmt.title])
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _description(title: str, fmt: Format, stage: Stage, meeting: Meeting) -> str:
    if meeting.repeating:
        which = _("Meeting: {stage}, number {number}").format(
            stage=stage.title, number=meeting.number
        )
    else:
        which = _("Meeting: {stage}").format(stage=stage.title)
    lines = [_("{format}: {title}").format(format=fmt.title, title=title), which]
    if stage.duration:
        lines.append(_("Duration: {duration}").format(duration=stage.duration))
    lines.append(_("Status: {status}").format(status=_(_STATUS[meeting.status])))
    if meeting.planned is not None:
        lines.append(_("Planned: {days}").format(days=_days(*meeting.planned)))
    if meeting.opened is not None:
        lines.append(_("Opened on: {day}").format(day=_day(meeting.opened.date())))
        if meeting.held is not None:
            lines.append(_("Closed on: {day}").format(day=_day(meeting.held.date())))
        if meeting.attendance:
            who = _attendance(dict(meeting.attendance))
            lines.append(_("Present: {who}").format(who=who))
    else:
        lines.append(_("For: {who}").format(who=_invited(stage)))
    if meeting.host:
        lines.append(_("Host organisation: {host}").format(host=meeting.host))
    return "\n".join(lines)
