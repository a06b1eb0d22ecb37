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
role attended. What a person reads is Dutch.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING
from uuid import UUID

from icalendar import Calendar, Event

from circleflow.format import Format, Stage
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

# -- what a person reads (Dutch), in one place -------------------------------------

_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
#: Each role, as one member and as several, in the order they are listed.
_ROLES = {
    "participant": ("deelnemer", "deelnemers"),
    "facilitator": ("begeleider", "begeleiders"),
    "master": ("master", "masters"),
    "sponsor": ("sponsor", "sponsors"),
    "guest": ("gast", "gasten"),
}
_STATUS = {
    PLANNED: "gepland",
    OPEN: "bezig",
    HELD: "gehouden",
    CANCELLED_MEETING: "vervallen (wordt niet gehouden)",
}
_TEXT = {
    "calendar": "{title} ({format})",
    "calendar_description": "De bijeenkomsten van {format} “{title}”",
    "summary": "{title} — {stage}",
    "summary_number": "{title} — {stage} (nr. {number})",
    "cancelled": "Vervallen: {summary}",
    "circle": "{format}: {title}",
    "meeting": "Bijeenkomst: {stage}",
    "meeting_number": "Bijeenkomst: {stage}, nummer {number}",
    "duration": "Duur: {duration}",
    "status": "Status: {status}",
    "planned": "Gepland: {days}",
    "opened": "Geopend op: {day}",
    "held": "Afgesloten op: {day}",
    "attended": "Aanwezig: {who}",
    "invited": "Voor: {who}",
    "host": "Gastorganisatie: {host}",
    "through": "{first} t/m {last}",
    "and": "{rest} en {last}",
}


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _days(first: date, last: date) -> str:
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        start = str(first.day)
    elif first.year == last.year:
        start = f"{first.day} {_MONTHS[first.month - 1]}"
    else:
        start = _day(first)
    return _TEXT["through"].format(first=start, last=_day(last))


def _listing(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return _TEXT["and"].format(rest=", ".join(items[:-1]), last=items[-1])


def _attendance(counts: dict[str, int]) -> str:
    order = [*_ROLES, *sorted(set(counts) - set(_ROLES))]
    parts = []
    for role in order:
        count = counts.get(role, 0)
        if count:
            one, many = _ROLES.get(role, (role, role))
            parts.append(f"{count} {one if count == 1 else many}")
    return _listing(parts)


def _invited(stage: Stage) -> str:
    roles = {"participant", *stage.attendees}
    return _listing([_ROLES.get(r, (r, r))[1] for r in _ROLES if r in roles])


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
    calendar.add("name", _TEXT["calendar"].format(**names))
    calendar.add("x-wr-calname", _TEXT["calendar"].format(**names))
    calendar.add("x-wr-caldesc", _TEXT["calendar_description"].format(**names))
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
    summary = _TEXT["summary_number" if meeting.repeating else "summary"]
    summary = summary.format(**names)
    cancelled = meeting.status == CANCELLED_MEETING
    if cancelled:
        summary = _TEXT["cancelled"].format(summary=summary)
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
    lines = [
        _TEXT["circle"].format(format=fmt.title, title=title),
        _TEXT["meeting_number" if meeting.repeating else "meeting"].format(
            stage=stage.title, number=meeting.number
        ),
    ]
    if stage.duration:
        lines.append(_TEXT["duration"].format(duration=stage.duration))
    lines.append(_TEXT["status"].format(status=_STATUS[meeting.status]))
    if meeting.planned is not None:
        lines.append(_TEXT["planned"].format(days=_days(*meeting.planned)))
    if meeting.opened is not None:
        lines.append(_TEXT["opened"].format(day=_day(meeting.opened.date())))
        if meeting.held is not None:
            lines.append(_TEXT["held"].format(day=_day(meeting.held.date())))
        if meeting.attendance:
            who = _attendance(dict(meeting.attendance))
            lines.append(_TEXT["attended"].format(who=who))
    else:
        lines.append(_TEXT["invited"].format(who=_invited(stage)))
    if meeting.host:
        lines.append(_TEXT["host"].format(host=meeting.host))
    return "\n".join(lines)
