# SPDX-License-Identifier: EUPL-1.2
"""What is due: the deadlines a format sets, measured against the clock.

A format lists its deadlines as data (:class:`~circleflow.format.Deadline`).
:class:`DueView` folds the store's log into a small record per circle (who
is a member, what is planned, which meetings were opened and held, which
mandates and TWOs are outstanding) and catches up from the last position it
read, so asking again reads only the events recorded since. :func:`due_items`
then says, for one circle and a moment, what is due and what is overdue.

An item is listed from the day its deadline starts to run (``since``); it is
overdue once ``by`` has passed, or once the moment it had to happen by went
by without it (a TWO not reflected on when its next meeting was held). A
circle that was concluded or cancelled has nothing due.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from attrs import frozen

from circleflow.format import CANCELLED, CONCLUDED, Format
from circleflow.language import N_, _
from circleflow.workflow import SEPARATOR

if TYPE_CHECKING:
    from circleflow.queries import LoggedEvent

__all__ = ["CircleDue", "Due", "DueTrack", "DueView", "due_items"]

#: How many log events are read at a time while catching up.
_BATCH = 5000


@frozen
class Due:
    """One thing that is due on a circle.

    ``what`` is the deadline's kind (see
    :data:`~circleflow.format.DEADLINE_KINDS`) and ``detail`` says what is
    to be done. ``since`` is the day the deadline started to run, ``by`` the
    last day it may be done (``None`` when no date is known yet).
    ``roles`` and ``persons`` are who is to act.
    """

    circle_id: UUID
    title: str
    what: str
    detail: str
    since: date
    by: date | None
    overdue: bool
    roles: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain data, for JSON."""
        return {
            "circle_id": str(self.circle_id),
            "title": self.title,
            "what": self.what,
            "detail": self.detail,
            "since": self.since.isoformat(),
            "by": None if self.by is None else self.by.isoformat(),
            "overdue": self.overdue,
            "roles": list(self.roles),
            "persons": list(self.persons),
        }


@frozen
class CircleDue:
    """What is due on one circle, oldest deadline first."""

    circle_id: UUID
    title: str
    format: str
    items: tuple[Due, ...]

    @property
    def overdue(self) -> tuple[Due, ...]:
        """The items whose deadline has passed."""
        return tuple(i for i in self.items if i.overdue)


class DueTrack:
    """What :func:`due_items` needs of one circle, folded from its events
    (:meth:`take`); :meth:`to_plain` and :meth:`from_plain` keep it as JSON
    values, so a read model can save it."""

    __slots__ = (
        "deadline",
        "format_name",
        "format_version",
        "held",
        "mandates",
        "members",
        "opened",
        "opening",
        "planned",
        "registration_closed",
        "state",
        "title",
        "twos",
    )

    def __init__(self, details: Mapping[str, Any], state: str) -> None:
        self.format_name: str = details.get("format_name", "")
        self.format_version: int = details.get("format_version", 0)
        self.title: str = details.get("title", "")
        self.state = state
        self.members: dict[str, str] = {}
        #: Plans not opened yet, and the plan of the meeting open now: stage
        #: to first and last day.
        self.planned: dict[str, tuple[date, date]] = {}
        self.opening: dict[str, tuple[date, date]] = {}
        #: The day each meeting opened, and was held, in order.
        self.opened: list[date] = []
        self.held: list[date] = []
        self.deadline: date | None = None
        self.registration_closed = False
        #: Person to the number of meetings held when they last renewed.
        self.mandates: dict[str, int] = {}
        #: TWO number to [parties, meetings opened when agreed, day, open].
        self.twos: dict[int, list[Any]] = {}

    @classmethod
    def founded(cls, event: LoggedEvent) -> DueTrack:
        """The record of a circle founded by ``event``."""
        return cls(event.details, event.state or "")

    def take(self, event: LoggedEvent) -> None:
        """Take one of the circle's logged events into account."""
        if event.state is not None:
            self.state = event.state
        self.fold(event.event, event.recorded_at.date(), event.details)

    def to_plain(self) -> dict[str, Any]:
        """The record as JSON values."""

        def span(plan: tuple[date, date]) -> list[str]:
            return [plan[0].isoformat(), plan[1].isoformat()]

        return {
            "format_name": self.format_name,
            "format_version": self.format_version,
            "title": self.title,
            "state": self.state,
            "members": dict(self.members),
            "planned": {stage: span(p) for stage, p in self.planned.items()},
            "opening": {stage: span(p) for stage, p in self.opening.items()},
            "opened": [day.isoformat() for day in self.opened],
            "held": [day.isoformat() for day in self.held],
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
            "registration_closed": self.registration_closed,
            "mandates": dict(self.mandates),
            "twos": [
                [number, list(parties), after, day.isoformat(), open_]
                for number, (parties, after, day, open_) in self.twos.items()
            ],
        }

    @classmethod
    def from_plain(cls, plain: Mapping[str, Any]) -> DueTrack:
        """The record :meth:`to_plain` gave."""
        day = date.fromisoformat

        def span(value: list[str]) -> tuple[date, date]:
            return day(value[0]), day(value[1])

        track = cls(plain, plain["state"])
        track.members = dict(plain["members"])
        track.planned = {stage: span(p) for stage, p in plain["planned"].items()}
        track.opening = {stage: span(p) for stage, p in plain["opening"].items()}
        track.opened = [day(d) for d in plain["opened"]]
        track.held = [day(d) for d in plain["held"]]
        track.deadline = None if plain["deadline"] is None else day(plain["deadline"])
        track.registration_closed = plain["registration_closed"]
        track.mandates = dict(plain["mandates"])
        track.twos = {
            number: [list(parties), after, day(agreed), open_]
            for number, parties, after, agreed, open_ in plain["twos"]
        }
        return track

    @property
    def ended(self) -> bool:
        return self.state.split(SEPARATOR, 1)[0] in (CANCELLED, CONCLUDED)

    def fold(self, kind: str, day: date, d: Mapping[str, Any]) -> None:
        """Take one event into account (only what deadlines need)."""
        if kind == "MemberJoined":
            self.members[d["person"]] = d["role"]
        elif kind == "MemberLeft":
            self.members.pop(d.get("person", ""), None)
        elif kind == "SessionScheduled":
            first = date.fromisoformat(d["date"])
            until = d.get("until")
            self.planned[d["stage"]] = (
                first,
                first if until is None else date.fromisoformat(until),
            )
        elif kind == "SessionOpened":
            self.opened.append(day)
            plan = self.planned.pop(d["stage"], None)
            if plan is not None:
                self.opening[d["stage"]] = plan
        elif kind == "SessionHeld":
            self.held.append(day)
            self.opening.pop(d["stage"], None)
        elif kind == "CircleMigrated":
            self.migrated(d)
        elif kind == "RegistrationDeadlineSet":
            self.deadline = date.fromisoformat(d["deadline"])
        elif kind == "RegistrationClosed":
            self.registration_closed = True
        elif kind == "MandateRenewed":
            self.mandates[d["person"]] = d["after_meeting"]
        elif kind == "TWOAgreed":
            self.twos[d["number"]] = [list(d["parties"]), len(self.opened), day, True]
            superseded = self.twos.get(d["supersedes"] or -1)
            if superseded is not None:
                superseded[3] = False
        elif kind == "TWOReflectedOn":
            reflected = self.twos.get(d["number"])
            if reflected is not None:
                reflected[3] = False

    def migrated(self, d: Mapping[str, Any]) -> None:
        """The circle runs on a newer format version from here on; plans of
        a renamed stage go by its new name."""
        from circleflow.migration import stage_renames

        self.format_version = d["to_version"]
        for plans in (self.planned, self.opening):
            for old, new in stage_renames(d["difference"]).items():
                if old in plans:
                    plans[new] = plans.pop(old)


def due_items(cid: UUID, track: DueTrack, fmt: Format, today: date) -> list[Due]:
    """What is due on the circle ``track`` describes, on ``today``."""
    if track.ended:
        return []
    items: list[Due] = []

    def add(
        what: str,
        detail: str,
        since: date,
        by: date | None,
        *,
        overdue: bool | None = None,
        persons: tuple[str, ...] = (),
    ) -> None:
        if since > today:
            return
        late = (by is not None and today > by) if overdue is None else overdue
        deadline = fmt.deadline(what)
        roles = tuple(sorted(deadline.who)) if deadline is not None else ()
        items.append(
            Due(cid, track.title, what, detail, since, by, late, roles, persons)
        )

    def after(day: date, days: int) -> date | None:
        try:
            return day + timedelta(days=days)
        except OverflowError:
            return None

    rule = fmt.deadline("registration")
    if rule is not None and not track.registration_closed and track.deadline:
        add(
            "registration",
            _("close registration: go or no-go"),
            track.deadline,
            after(track.deadline, rule.days),
        )
    rule = fmt.deadline("session")
    if rule is not None:
        for plans, to_do in (
            (track.planned, N_("open the meeting of {stage}")),
            (track.opening, N_("hold the meeting of {stage}")),
        ):
            for stage, (first, last) in plans.items():
                by = after(last, rule.days)
                add("session", _(to_do).format(stage=stage), first, by)
    rule = fmt.deadline("mandate")
    if rule is not None and track.held:
        count = len(track.held)
        late = [
            p
            for p, role in track.members.items()
            if role == "participant" and track.mandates.get(p, -1) < count
        ]
        if late:
            since = track.held[-1]
            add(
                "mandate",
                _("renew the mandate after meeting {count}").format(count=count),
                since,
                after(since, rule.days),
                persons=tuple(late),
            )
    rule = fmt.deadline("two")
    if rule is not None:
        for number, (parties, agreed_after, day, open_) in sorted(track.twos.items()):
            if not open_:
                continue
            next_held = (
                track.held[agreed_after] if len(track.held) > agreed_after else None
            )
            plan = min((p[0] for p in track.planned.values()), default=None)
            add(
                "two",
                _("reflect on TWO {number} by the next meeting").format(number=number),
                day,
                next_held if next_held is not None else plan,
                overdue=next_held is not None,
                persons=tuple(parties),
            )
    rule = fmt.deadline("next-meeting")
    if (
        rule is not None
        and track.held
        and len(track.opened) == len(track.held)
        and not track.planned
    ):
        since = track.held[-1]
        add("next-meeting", _("plan the next meeting"), since, after(since, rule.days))
    items.sort(key=lambda i: (i.since, i.what))
    return items


class DueView:
    """A light projection of the store's log for :func:`due_items`.

    It reads the log from the position it reached last time, so the first
    call reads every event and later calls only the new ones.
    """

    def __init__(self) -> None:
        self.position = 0
        self.circles: dict[UUID, DueTrack] = {}
        self.lock = threading.Lock()

    def catch_up(self, read: Any) -> None:
        """Fold the events ``read(after, limit=...)`` returns until none are
        left (call it holding :attr:`lock`)."""
        while True:
            batch: list[LoggedEvent] = read(self.position, limit=_BATCH)
            if not batch:
                return
            self._fold(batch)
            self.position = batch[-1].position

    def _fold(self, batch: list[LoggedEvent]) -> None:
        circles = self.circles
        for event in batch:
            if event.aggregate != "circle":
                continue
            if event.event == "CircleFounded":
                circles[event.aggregate_id] = DueTrack.founded(event)
                continue
            track = circles.get(event.aggregate_id)
            if track is not None:
                track.take(event)


def as_of(now: datetime | None, clock: Any) -> date:
    """The day ``now`` falls on (the clock's now when ``None``)."""
    moment: datetime = clock() if now is None else now
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        from circleflow.errors import InvalidInput

        raise InvalidInput(
            _(
                "now must be an aware datetime (with a time zone), got {moment!r}"
            ).format(moment=moment)
        )
    return moment.date()
