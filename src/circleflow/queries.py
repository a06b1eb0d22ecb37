# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reading circles back: as they stand, as they stood, what they may do next,
their history and the store's log; and the plumbing commands share.

:class:`CircleQueries` is the part of :class:`circleflow.Circles` that reads.
Queries replay the stored events: the circle as it stands, as it stood at a
version or a moment, its full history, and the steps allowed now.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload
from uuid import UUID

from attrs import field, frozen
from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
)
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import IntegrityError, Mapper, StoredEvent
from eventsourcing.utils import EnvType, resolve_topic

from circleflow import audit, engine, planning
from circleflow.circle import Circle, CircleEvent
from circleflow.community import Community
from circleflow.errors import ConcurrentChange, InvalidInput, UnknownCircle
from circleflow.format import Format
from circleflow.founding import FoundingEvents
from circleflow.inputs import LARGEST, text, whole_number
from circleflow.language import N_, gettext
from circleflow.locks import CircleLocks
from circleflow.meetings import DEFAULT_ZONE, Meeting, fold_meetings, zone_named
from circleflow.migration import stage_renames
from circleflow.person import Person
from circleflow.receipts import Once, Receipt, Result
from circleflow.sealing import Opener, details_of, sealed_specs
from circleflow.store_errors import store_errors
from circleflow.workflow import Step, workflow_for

if TYPE_CHECKING:
    from circleflow.person_keys import PersonKeys
    from circleflow.references import ReferenceClaim

    #: What :meth:`CircleQueries._save` saves.
    _Saved = Circle | Person | Community | Receipt | ReferenceClaim
    from circleflow.registry import FormatRegistry

#: Event attributes every circle event has; the rest are an event's details.
_COMMON = frozenset(
    {
        "originator_id",
        "originator_version",
        "timestamp",
        "originator_topic",
        "actor",
        "origin",
        "state",
    }
)

#: How many events a history reads from the store at a time.
_PAGE = 500


@frozen
class Position:
    """Where a circle stands, on both levels, and what it may do next."""

    circle_id: UUID
    version: int
    format: str
    state: str
    stage: str | None
    stage_status: str
    session_element: str | None
    circle_element: str | None
    hot_seat: str | None
    hot_seat_step: str | None
    complete: bool
    allowed: tuple[Step, ...]


@frozen
class HistoryEntry:
    """One recorded event: what happened, who recorded it, when and from where.

    ``details`` is a read-only mapping of the event's own data; personal text
    in it is opened when it is read (``dict(entry.details)`` opens it all),
    which needs the store open.
    """

    version: int
    recorded_at: datetime
    event: str
    actor: str
    origin: str
    state_before: str | None
    state: str | None
    details: Mapping[str, Any] = field(factory=dict)


@frozen(slots=False)  # attrs fills a frozen instance's __dict__ faster than slots
class LoggedEvent:
    """One event of the store's log, which holds every event of every circle,
    person and community in the order they were recorded, and those of
    reference claims and receipts (``aggregate`` is ``"referenceclaim"``
    or ``"receipt"``; see :mod:`circleflow.references` and
    :mod:`circleflow.receipts`): a projection of circles passes them by.

    ``position`` increases with each event; a projection that remembers the
    last position it folded can catch up from there. ``details`` is a
    read-only mapping of the event's own data; personal text in it is opened
    when it is read, so a reader that never looks at it pays nothing for it.
    """

    position: int
    aggregate: str
    aggregate_id: UUID
    version: int
    recorded_at: datetime
    event: str
    actor: str
    origin: str
    state: str | None
    details: Mapping[str, Any] = field(factory=dict)


@frozen
class CircleSummary:
    """A stored circle, as listed by :meth:`Circles.list_circles`."""

    circle_id: UUID
    title: str
    format: str
    founded_at: datetime


class CircleQueries(Application[UUID]):
    """Queries on circles, and what commands share (see :class:`Circles`)."""

    if TYPE_CHECKING:
        formats: FormatRegistry
        person_keys: PersonKeys
        origin: str
        clock: Callable[[], datetime]

    def __init__(self, env: EnvType | None = None) -> None:
        #: Held by a command on a circle, and by readers of its cached state.
        self.circle_locks = CircleLocks()
        super().__init__(env=env)

    # -- queries ------------------------------------------------------------------

    def circle(
        self,
        circle_id: UUID | str,
        *,
        version: int | None = None,
        at: datetime | None = None,
    ) -> Circle:
        """The circle now, or as it stood at ``version`` or moment ``at``."""
        cid = _uuid(circle_id, gettext("circle id"))
        if at is not None:
            if version is not None:
                raise InvalidInput(gettext("give a version or a moment, not both"))
            version = self._version_at(cid, at)
        return self._get_circle(cid, version)

    def _get_circle(self, cid: UUID, version: int | None = None) -> Circle:
        """The circle from the store, as an object of the caller's own: a
        copy of the cached circle, or rebuilt at ``version``."""
        if version is not None:
            version = whole_number(version, gettext("the version"), minimum=1)
            rebuilt = self._repository_get(cid, version, copy=True)
            return self._found(cid, rebuilt, version)
        with self.circle_locks.hold(cid):
            return self._found(cid, self._repository_get(cid, None, copy=True))

    @contextmanager
    def _reading(self, cid: UUID, version: int | None = None) -> Iterator[Circle]:
        """The circle to read in the ``with`` block: the cached circle itself,
        held against commands until the block ends (do not change it), or
        rebuilt at ``version``."""
        if version is not None:
            yield self._get_circle(cid, version)
            return
        with self.circle_locks.hold(cid):
            yield self._load(cid)

    def _load(self, cid: UUID) -> Circle:
        """The cached circle itself, brought up to date with the store; the
        caller holds the circle's lock (see :meth:`_reading`). A command works
        on this instance; when it fails, :meth:`_drop_cached` forgets it."""
        return self._found(cid, self._repository_get(cid, None, copy=False))

    def _repository_get(self, cid: UUID, version: int | None, *, copy: bool) -> object:
        try:
            with store_errors():
                return cast(
                    object,
                    self.repository.get(
                        cid,
                        version=version,
                        deepcopy_from_cache=copy,
                        projector_func=_replay,
                    ),
                )
        except AggregateNotFoundError:
            return None

    @staticmethod
    def _found(cid: UUID, circle: object, version: int | None = None) -> Circle:
        if not isinstance(circle, Circle):
            raise UnknownCircle(
                gettext("no circle with id {circle} in the store").format(circle=cid)
            )
        if version is not None and circle.version != version:
            raise UnknownCircle(
                gettext(
                    "circle {circle} has no version {version}; its latest is {latest}"
                ).format(circle=cid, version=version, latest=circle.version)
            )
        return circle

    def _drop_cached(self, aggregate_id: UUID) -> None:
        """Forget the cached aggregate: the next load reads the store."""
        if self.repository.cache is not None:
            with contextlib.suppress(KeyError):
                self.repository.cache.get(aggregate_id, evict=True)

    def position(
        self,
        circle_id: UUID | str,
        *,
        version: int | None = None,
        at: datetime | None = None,
    ) -> Position:
        """Where the circle stands (or stood) on both levels, and what is allowed."""
        if version is None and at is None:
            # Read under the circle's lock: no need to copy the cached circle.
            with self._reading(_uuid(circle_id, gettext("circle id"))) as circle:
                return self._position(circle)
        return self._position(self.circle(circle_id, version=version, at=at))

    def _position(self, circle: Circle) -> Position:
        fmt = self._format_of(circle)
        place = workflow_for(fmt).place(circle.state)
        return Position(
            circle_id=circle.id,
            version=circle.version,
            format=f"{fmt.name} v{fmt.version}",
            state=circle.state,
            stage=place.stage,
            stage_status=place.stage_status,
            session_element=place.session_element,
            circle_element=place.circle_element,
            hot_seat=circle.__dict__.get("hot_seat"),
            hot_seat_step=place.hot_seat_step,
            complete=place.complete,
            allowed=engine.allowed(
                circle,
                fmt,
                is_forgotten=self.person_keys.forgotten,
                today=self.clock().date(),
            ),
        )

    def history(self, circle_id: UUID | str) -> History:
        """Every event of the circle, oldest first: what, who, when, from where.

        The history is read from the store a page at a time as it is walked,
        so a long one takes no more memory than a short one. It holds the
        events recorded up to the moment it was asked for.
        """
        cid = _uuid(circle_id, gettext("circle id"))
        return History(cid, self._latest_version(cid), self._page)

    def list_circles(self) -> list[CircleSummary]:
        """Every circle in the store, in the order they were founded."""
        found: list[CircleSummary] = []
        with store_errors(reading=True):
            for stored in FoundingEvents(self.recorder).in_order():
                founded = cast(DomainEvent, self.mapper.to_domain_event(stored))
                found.append(
                    CircleSummary(
                        circle_id=founded.originator_id,
                        title=getattr(founded, "title", ""),
                        format=f"{getattr(founded, 'format_name', '?')} "
                        f"v{getattr(founded, 'format_version', '?')}",
                        founded_at=founded.timestamp,
                    )
                )
        return found

    def read_log(self, after: int = 0, *, limit: int = 500) -> list[LoggedEvent]:
        """At most ``limit`` events recorded after log position ``after``,
        oldest first; an empty list when there are none yet.

        This is what projections and reports read: events only, never the
        aggregates. Pass the last position seen to read on from there.
        Personal text in an event's details is opened when it is read.
        """
        after = whole_number(after, "after", minimum=0, noun=N_("a log position"))
        limit = whole_number(limit, "limit", minimum=1)
        with store_errors(reading=True):
            notifications = self.recorder.select_notifications(
                start=min(after + 1, LARGEST), limit=limit
            )
            return self._decode(notifications, LoggedEvent)

    def log_position(self) -> int:
        """The position of the last event recorded in the store (0 if none)."""
        with store_errors():
            return self.recorder.max_notification_id() or 0

    def find_circle(self, reference: UUID | str) -> UUID:
        """The id of the circle ``reference`` names: a full id or a unique prefix."""
        if isinstance(reference, UUID):
            return reference
        ref = text(reference, gettext("circle id")).lower()
        try:
            return UUID(ref)
        except ValueError:
            pass
        with store_errors(reading=True):
            matches = FoundingEvents(self.recorder).ids_starting_with(ref)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UnknownCircle(
                gettext("no circle id starts with {start!r}").format(start=ref)
            )
        raise UnknownCircle(
            gettext("{count} circles start with {start!r}; give more of the id").format(
                count=len(matches), start=ref
            )
        )

    def allowed(
        self,
        circle_id: UUID | str,
        *,
        person: UUID | str | None = None,
        version: int | None = None,
    ) -> tuple[Step, ...]:
        """The steps that succeed now, with their bounded arguments.

        Every listed step succeeds when it is taken with these arguments (and
        valid free text), and every step that would succeed is listed. With
        ``person``: only the steps that person takes (see
        :func:`circleflow.engine.allowed`).
        """
        cid = _uuid(circle_id, gettext("circle id"))
        who = None if person is None else _pid(person)
        with self._reading(cid, version) as circle:
            return engine.allowed(
                circle,
                self._format_of(circle),
                person=who,
                is_forgotten=self.person_keys.forgotten,
                today=self.clock().date(),
            )

    def next_meeting(self, circle_id: UUID | str) -> planning.NextMeeting | None:
        """The meeting the circle holds next, with the date planned for it or
        the date the stage's rhythm proposes; ``None`` when no meeting can
        open any more."""
        cid = _uuid(circle_id, gettext("circle id"))
        planned: dict[str, str] = {}
        last: date | None = None
        for event in self._events(cid):
            kind = type(event).__name__
            if kind == "SessionOpened":
                planned.pop(getattr(event, "stage", ""), None)
                last = event.timestamp.date()
            elif kind == "SessionScheduled":
                until = getattr(event, "until", None)
                day = getattr(event, "date", "")
                planned[getattr(event, "stage", "")] = (
                    day if until is None else f"{day}/{until}"
                )
            elif kind == "CircleMigrated":  # plans of a renamed stage
                for old, new in stage_renames(getattr(event, "difference", {})).items():
                    if old in planned:
                        planned[new] = planned.pop(old)
        with self._reading(cid) as circle:
            return planning.next_meeting(circle, self._format_of(circle), planned, last)

    def meetings(
        self, circle_id: UUID | str, *, time_zone: str | tzinfo = DEFAULT_ZONE
    ) -> list[Meeting]:
        """The circle's meetings, planned, open, held and cancelled, in the
        order they fall; the days of those opened are told in ``time_zone``
        (see :mod:`circleflow.meetings`)."""
        cid = _uuid(circle_id, gettext("circle id"))
        zone = zone_named(time_zone)
        events = self._events(cid)
        founded = next(events)
        fmt = self.formats.get(
            getattr(founded, "format_name", ""), getattr(founded, "format_version", 0)
        )
        return fold_meetings(itertools.chain([founded], events), fmt, zone)

    def calendar(
        self, circle_id: UUID | str, *, time_zone: str | tzinfo = DEFAULT_ZONE
    ) -> bytes:
        """The circle's meetings as an iCalendar file (RFC 5545), one all-day
        event per meeting with a lasting UID (see :mod:`circleflow.calendar`)."""
        from circleflow.calendar import circle_calendar

        return circle_calendar(self, circle_id, time_zone=time_zone)

    # -- what commands share ------------------------------------------------------

    def _by(self, actor: str, origin: str | None) -> dict[str, str]:
        return {
            "actor": text(actor, gettext("the actor"), single_line=True),
            "origin": (
                self.origin
                if origin is None
                else text(origin, gettext("the origin"), single_line=True)
            ),
        }

    def _format_of(self, circle: Circle) -> Format:
        return self.formats.get(circle.format_name, circle.format_version)

    def _earlier(self, once: Once | None) -> tuple[bool, Result]:
        """Whether the command ``once`` was recorded already, and its result
        then; an :class:`InvalidInput` when its id was used for another
        command."""
        if once is None:
            return False, None
        try:
            with store_errors():
                found = cast(object, self.repository.get(once.id))
        except AggregateNotFoundError:
            return False, None
        if not isinstance(found, Receipt):
            return False, None
        return True, once.check(found)

    def _save_once(
        self,
        *aggregates: _Saved,
        once: Once | None,
        result: Result,
        by: Mapping[str, str],
    ) -> Result:
        """Save the aggregates, with the receipt of ``once`` if given, and
        return ``result``; when another writer recorded the same command id
        first, return the result it recorded (nothing of this one is saved)."""
        if once is None:
            self._save(*aggregates)
            return result
        try:
            self._save(
                *aggregates,
                once.receipt(result, actor=by["actor"], origin=by["origin"]),
            )
        except ConcurrentChange:
            done, earlier = self._earlier(once)
            if not done:
                raise
            return earlier
        return result

    def _save(self, *aggregates: _Saved, cache: bool = True) -> None:
        """Save the aggregates' new events in one transaction.

        The saved aggregates are the state their events lead to, so they go
        into the cache as they are, and the next load need not read back
        what was just written. ``cache=False`` for an aggregate the caller
        keeps using: it is dropped from the cache instead.
        """
        pending = [e for a in aggregates for e in a.pending_events]
        with store_errors():
            try:
                self._record_and_snapshot(aggregates)
            except IntegrityError as error:
                raise ConcurrentChange(
                    gettext(
                        "the circle was changed by someone else since it was "
                        "loaded; load it again and retry the command"
                    )
                ) from error
        for aggregate in aggregates:
            if cache:
                self._cache_saved(aggregate)
            else:
                self._drop_cached(aggregate.id)
        audit.recorded(pending)

    def _record_and_snapshot(self, aggregates: tuple[_Saved, ...]) -> None:
        """What ``Application.save`` does for aggregates, without its checks
        of every argument against eventsourcing's runtime protocols (two
        ``isinstance`` checks on ``typing.Protocol`` classes, about a tenth
        of a command's time): these are known to be aggregates."""
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        for aggregate in aggregates:
            processing.events.extend(aggregate.collect_events())
            processing.aggregates[aggregate.id] = aggregate
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)

    def _cache_saved(self, aggregate: _Saved) -> None:
        """Cache ``aggregate``, unless a newer version of it is cached (then
        that one stays; loading brings an older one up to date anyway)."""
        cache = self.repository.cache
        if cache is None:
            return
        try:
            cached = cache.get(aggregate.id)
        except KeyError:
            cached = None
        if cached is None or cached.version <= aggregate.version:
            cache.put(aggregate.id, aggregate)

    def _decode(
        self, batch: Sequence[StoredEvent], make: Callable[..., _T]
    ) -> list[_T]:
        """``make`` called with the fields of a :class:`LoggedEvent` for each
        event of ``batch`` (a notification's position, else its version),
        with details whose personal texts are opened when read (see
        :class:`~circleflow.sealing.Details`); the keys of the persons they
        are about are read together, for the whole batch, when the first is
        opened.

        The stored state is decoded as eventsourcing's mapper decodes it,
        upcasts included, without making event objects of it.
        """
        mapper = self.mapper
        if mapper.cipher is not None or mapper.compressor is not None:
            return [make(*_fields(s, *self._decode_with(mapper, s))) for s in batch]
        decode = mapper.transcoder.decode
        specs = sealed_specs()
        opener = Opener(self.person_keys)
        decoded: list[_T] = []
        append = decoded.append
        for stored in batch:
            kind = _KINDS.get(stored.topic) or _kind_of(stored.topic)
            values: dict[str, Any] = decode(stored.state)
            if kind.upcast or "class_version" in values:
                _upcast(kind, values)
            pop = values.pop
            pop("originator_topic", None)
            spec = specs.get(kind.name)
            originator_id = stored.originator_id
            append(
                make(
                    getattr(stored, "id", stored.originator_version),
                    kind.aggregate,
                    originator_id
                    if originator_id.__class__ is UUID
                    else _as_uuid(originator_id),
                    stored.originator_version,
                    pop("timestamp"),
                    kind.name,
                    pop("actor", ""),
                    pop("origin", ""),
                    pop("state", None),
                    values if spec is None else details_of(values, spec, opener),
                )
            )
        return decoded

    def _decode_with(
        self, mapper: Mapper[UUID], stored: StoredEvent
    ) -> tuple[DomainEvent, Mapping[str, Any]]:
        """``stored`` decoded by eventsourcing's own mapper (sealed texts
        stay sealed), and its details."""
        event = cast(DomainEvent, Mapper.to_domain_event(mapper, stored))
        values = {k: v for k, v in event.__dict__.items() if k not in _COMMON}
        spec = sealed_specs().get(type(event).__name__)
        return event, details_of(values, spec, Opener(self.person_keys))

    def _page(self, cid: UUID, after: int, upto: int) -> list[_Fields]:
        """At most a page of the circle's events after version ``after`` up
        to version ``upto`` (see :meth:`_decode`)."""
        with store_errors(reading=True):
            stored = self.recorder.select_events(cid, gt=after, lte=upto, limit=_PAGE)
            return self._decode(stored, _tuple)

    def _latest_version(self, cid: UUID) -> int:
        """The circle's latest version; :class:`UnknownCircle` if there is
        no such circle."""
        with store_errors(reading=True):
            first = self.recorder.select_events(cid, limit=1)
            last = self.recorder.select_events(cid, desc=True, limit=1)
        if not first or resolve_topic(first[0].topic).__name__ != "CircleFounded":
            raise UnknownCircle(
                gettext("no circle with id {circle} in the store").format(circle=cid)
            )
        return last[0].originator_version

    def _events(self, cid: UUID) -> Iterator[DomainEvent]:
        """The circle's events, oldest first, read a page at a time, with
        their personal texts still sealed."""
        latest = self._latest_version(cid)
        after = 0
        while after < latest:
            with store_errors(reading=True):
                page = self.recorder.select_events(
                    cid, gt=after, lte=latest, limit=_PAGE
                )
                events = [
                    cast(DomainEvent, Mapper.to_domain_event(self.mapper, stored))
                    for stored in page
                ]
            if not events:
                return
            yield from events
            after = events[-1].originator_version

    def _version_at(self, cid: UUID, at: datetime) -> int:
        """The circle's latest version recorded at or before ``at``.

        A binary search over the versions, decoding one event per step: the
        versions of a circle are recorded one after another, so their times
        only grow.
        """
        if not isinstance(at, datetime) or at.tzinfo is None:
            raise InvalidInput(gettext("a moment must be a datetime with a time zone"))
        latest = self._latest_version(cid)

        def recorded(version: int) -> datetime:
            with store_errors(reading=True):
                [stored] = self.recorder.select_events(cid, gt=version - 1, lte=version)
                event = cast(DomainEvent, Mapper.to_domain_event(self.mapper, stored))
            return event.timestamp

        if recorded(1) > at:
            raise UnknownCircle(
                gettext("circle {circle} was not founded yet at {moment}").format(
                    circle=cid, moment=at.isoformat()
                )
            )
        low, high = 1, latest  # recorded(low) <= at; the answer is in low..high
        while low < high:
            middle = (low + high + 1) // 2
            if recorded(middle) > at:
                high = middle - 1
            else:
                low = middle
        return low


class History(Sequence[HistoryEntry]):
    """A circle's history, oldest first, up to the version it had when it
    was asked for (see :meth:`CircleQueries.history`).

    Walking it reads the events a page at a time; its length, an entry by
    index or a slice read only what they need.
    """

    def __init__(
        self,
        circle_id: UUID,
        latest: int,
        page: Callable[[UUID, int, int], list[_Fields]],
    ) -> None:
        self.circle_id = circle_id
        self._latest = latest
        self._read = page

    def __len__(self) -> int:
        return self._latest

    def __iter__(self) -> Iterator[HistoryEntry]:
        return self._entries(1, self._latest)

    @overload
    def __getitem__(self, index: int) -> HistoryEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[HistoryEntry]: ...

    def __getitem__(self, index: int | slice) -> HistoryEntry | list[HistoryEntry]:
        if isinstance(index, slice):
            versions = range(1, self._latest + 1)[index]
            if not versions:
                return []
            first = min(versions)
            entries = list(self._entries(first, max(versions)))
            return [entries[v - first] for v in versions]
        position = range(self._latest)[index]  # IndexError when out of range
        return next(self._entries(position + 1, position + 1))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History | list):
            return NotImplemented
        return len(self) == len(other) and all(
            a == b for a, b in zip(self, other, strict=True)
        )

    def __repr__(self) -> str:
        return f"<History of circle {self.circle_id}: {self._latest} events>"

    def _entries(self, first: int, last: int) -> Iterator[HistoryEntry]:
        """The entries of versions ``first`` to ``last``."""
        after = max(first - 2, 0)  # the event before ``first`` has its state_before
        before: str | None = None
        while after < last:
            page = self._read(self.circle_id, after, last)
            if not page:
                return
            for _, _, _, version, at, name, actor, origin, state, details in page:
                if version >= first:
                    yield HistoryEntry(
                        version=version,
                        recorded_at=at,
                        event=name,
                        actor=actor,
                        origin=origin,
                        state_before=before,
                        state=state,
                        details=details,
                    )
                before = state
            after = page[-1][3]


def _replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply ``events`` to ``aggregate`` in turn: eventsourcing's own
    projector, without its check of each event against a runtime protocol
    (``isinstance`` on a ``typing.Protocol`` is slow, and was nearly half
    the time of a replay; the events are known to be circle events)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def _uuid(value: UUID | str, what: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInput(
            gettext("{what} {value!r} is not a valid id (a UUID)").format(
                what=what, value=value
            )
        ) from None


def _pid(value: UUID | str) -> str:
    return str(_uuid(value, gettext("person id")))


#: The fields of a :class:`LoggedEvent`, in order.
_Fields = tuple[
    int, str, UUID, int, datetime, str, str, str, str | None, Mapping[str, Any]
]


@frozen
class _Kind:
    """What the log needs to know of an event class, found by its topic."""

    cls: type
    name: str
    aggregate: str
    class_version: int
    #: Whether stored events of an older class version are upcast.
    upcast: bool


_KINDS: dict[str, _Kind] = {}
_T = TypeVar("_T")


def _tuple(*fields: Any) -> _Fields:
    return cast(_Fields, fields)


def _kind_of(topic: str) -> _Kind:
    cls = resolve_topic(topic)
    if issubclass(cls, Circle.Event | CircleEvent):
        aggregate = "circle"
    elif issubclass(cls, Person.Event):
        aggregate = "person"
    elif issubclass(cls, Community.Event):
        aggregate = "community"
    else:
        aggregate = cls.__qualname__.split(".")[0].lower()
    version = getattr(cls, "class_version", 1)
    kind = _Kind(cls, cls.__name__, aggregate, version, version > 1)
    _KINDS[topic] = kind
    return kind


def _upcast(kind: _Kind, values: dict[str, Any]) -> None:
    """Bring stored ``values`` up to the event class's version, as
    eventsourcing's mapper does."""
    version = values.pop("class_version", 1)
    while version < kind.class_version:
        getattr(kind.cls, f"upcast_v{version}_v{version + 1}")(values)
        version += 1


def _as_uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _fields(
    stored: StoredEvent, event: DomainEvent, details: Mapping[str, Any]
) -> _Fields:
    return (
        getattr(stored, "id", stored.originator_version),
        (_KINDS.get(stored.topic) or _kind_of(stored.topic)).aggregate,
        _as_uuid(event.originator_id),
        event.originator_version,
        event.timestamp,
        type(event).__name__,
        getattr(event, "actor", ""),
        getattr(event, "origin", ""),
        getattr(event, "state", None),
        details,
    )
