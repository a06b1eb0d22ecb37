# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The meetings of a circle, planned and held, read from its history.

Each meeting is one of a stage: the only one of a stage that meets once,
or the first, second, ... of a repeating stage (a Leergroep's meetings).
A plan (``SessionScheduled``) is for the stage's next meeting: the one
after those already opened. What the calendar
(:mod:`circleflow.calendar`) and a timeline show comes from here:

- A meeting that was **opened** is on the day it was opened (the recorded
  moment, in the time zone asked for: Europe/Amsterdam by default), and
  lasts as many days as it was planned, or as its stage lasts when it was
  not planned. Its plan, if it had one, is kept beside it.
- A meeting **planned** and not opened yet is on its planned days.
- A planned meeting that can no longer be held is **cancelled**: the
  circle ended (registration closed with a no-go, or it concluded), or a
  meeting of a later stage opened (formats move forward only).

Nothing here is personal data: attendance is counted per role.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from attrs import field, frozen

from circleflow.errors import InvalidInput
from circleflow.format import CANCELLED, CONCLUDED, Format
from circleflow.language import _
from circleflow.workflow import SEPARATOR

__all__ = ["DEFAULT_ZONE", "Meeting", "fold_meetings", "zone_named"]

#: The time zone the days of meetings are told in, unless another is asked for.
DEFAULT_ZONE = "Europe/Amsterdam"

#: What a meeting's ``status`` can be.
PLANNED = "planned"
OPEN = "open"
HELD = "held"
CANCELLED_MEETING = "cancelled"


@frozen
class Meeting:
    """One meeting of a circle: planned, open, held or cancelled.

    ``number`` counts the meetings of its stage (1 for a stage that meets
    once). ``first`` and ``last`` are its days (the same day for a meeting
    of one day). ``planned`` is the last plan made for it, if any;
    ``opened`` and ``held`` the moments they were recorded, like
    ``recorded`` and ``changed`` told in the time zone asked for.
    ``attendance`` counts who was present per role, once it opened.
    ``revision`` counts the changes after it was first planned or opened
    (each new plan, opening, holding, cancelling); ``recorded`` and
    ``changed`` are the moments of the first and the last of them.
    """

    stage: str
    number: int
    repeating: bool
    first: date
    last: date
    status: str
    planned: tuple[date, date] | None
    opened: datetime | None
    held: datetime | None
    host: str | None
    revision: int
    recorded: datetime
    changed: datetime
    attendance: Mapping[str, int] = field(factory=dict)

    @property
    def days(self) -> int:
        """How many days the meeting takes."""
        return (self.last - self.first).days + 1


def zone_named(name: str | tzinfo) -> tzinfo:
    """The time zone called ``name`` (an IANA name such as
    ``Europe/Amsterdam``); :class:`InvalidInput` if there is none."""
    if isinstance(name, tzinfo):
        return name
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(
            _("a time zone must be a name such as {example!r}, got {name!r}").format(
                example=DEFAULT_ZONE, name=name
            )
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(
            _(
                "unknown time zone {name!r}; give an IANA name such as {example!r}"
            ).format(name=name, example=DEFAULT_ZONE)
        ) from None


class _Entry:
    """What is known of one meeting while the history is folded."""

    def __init__(self, stage: str, number: int, at: datetime) -> None:
        self.stage = stage
        self.number = number
        self.planned: tuple[date, date] | None = None
        self.opened: datetime | None = None
        self.held: datetime | None = None
        self.cancelled = False
        self.host: str | None = None
        self.attendance: dict[str, int] = {}
        self.revision = -1
        self.recorded = at
        self.changed = at

    def touch(self, at: datetime) -> None:
        self.revision += 1
        self.changed = at


def fold_meetings(
    events: Iterable[Any], fmt: Format, zone: str | tzinfo = DEFAULT_ZONE
) -> list[Meeting]:
    """The meetings the circle's ``events`` (oldest first) record, in the
    order they fall (by first day, then the format's order).

    ``events`` are the circle's domain events (or anything with their
    attributes and a ``timestamp``); only the shared events of planning,
    opening and holding meetings, members and the circle's state are read.
    """
    tz = zone_named(zone)
    order = {name: index for index, name in enumerate(fmt.stage_names())}
    entries: dict[tuple[str, int], _Entry] = {}
    opened: Counter[str] = Counter()
    members: dict[str, str] = {}

    def entry(stage: str, at: datetime) -> _Entry:
        key = (stage, opened[stage] + 1)
        if key not in entries:
            entries[key] = _Entry(stage, key[1], at)
        return entries[key]

    def pending() -> list[_Entry]:
        return [e for e in entries.values() if e.opened is None and not e.cancelled]

    for event in events:
        kind = type(event).__name__
        at: datetime = event.timestamp
        if kind == "MemberJoined":
            members[event.person] = event.role
        elif kind == "MemberLeft":
            members.pop(getattr(event, "person", ""), None)
        elif kind == "SessionScheduled" and event.stage in order:
            meeting = entry(event.stage, at)
            first = date.fromisoformat(event.date)
            until = getattr(event, "until", None)
            last = first if until is None else date.fromisoformat(until)
            meeting.planned = (first, last)
            meeting.cancelled = False
            meeting.touch(at)
        elif kind == "SessionOpened" and event.stage in order:
            meeting = entry(event.stage, at)
            meeting.opened = at
            meeting.host = getattr(event, "host", None)
            roles = Counter(members.get(p, "") for p in event.attendees)
            meeting.attendance = {r: n for r, n in sorted(roles.items()) if r}
            meeting.touch(at)
            opened[event.stage] += 1
            for earlier in pending():
                if order[earlier.stage] < order[event.stage]:
                    earlier.cancelled = True
                    earlier.touch(at)
        elif kind == "SessionHeld":
            open_now = [e for e in entries.values() if e.opened and e.held is None]
            for meeting in open_now:
                meeting.held = at
                meeting.touch(at)
        state = getattr(event, "state", None)
        if state and state.split(SEPARATOR, 1)[0] in (CANCELLED, CONCLUDED):
            for meeting in pending():
                meeting.cancelled = True
                meeting.touch(at)

    found = [_meeting(e, fmt, tz) for e in entries.values()]
    found.sort(key=lambda m: (m.first, order[m.stage], m.number))
    return found


def _meeting(known: _Entry, fmt: Format, tz: tzinfo) -> Meeting:
    stage = fmt.stage(known.stage)
    if known.opened is not None:
        first = known.opened.astimezone(tz).date()
        if known.planned is not None:
            length = (known.planned[1] - known.planned[0]).days
        else:
            length = stage.days - 1
        try:
            last = first + timedelta(days=length)
        except OverflowError:
            last = date.max
        status = OPEN if known.held is None else HELD
    else:
        assert known.planned is not None  # a meeting not opened was planned
        first, last = known.planned
        status = CANCELLED_MEETING if known.cancelled else PLANNED
    return Meeting(
        stage=known.stage,
        number=known.number,
        repeating=stage.repeatable,
        first=first,
        last=last,
        status=status,
        planned=known.planned,
        opened=None if known.opened is None else known.opened.astimezone(tz),
        held=None if known.held is None else known.held.astimezone(tz),
        host=known.host,
        revision=known.revision,
        recorded=known.recorded.astimezone(tz),
        changed=known.changed.astimezone(tz),
        attendance=known.attendance,
    )
