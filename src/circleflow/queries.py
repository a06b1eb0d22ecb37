# SPDX-License-Identifier: EUPL-1.2
"""Reading circles back: as they stand, as they stood, what they may do next,
their history and the store's log; and the plumbing commands share.

:class:`CircleQueries` is the part of :class:`circleflow.Circles` that reads.
Queries replay the stored events: the circle as it stands, as it stood at a
version or a moment, its full history, and the steps allowed now.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from attrs import field, frozen
from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
)
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import EnvType

from circleflow import audit, engine, planning
from circleflow.circle import Circle, CircleEvent
from circleflow.community import Community
from circleflow.errors import ConcurrentChange, InvalidInput, UnknownCircle
from circleflow.format import Format
from circleflow.inputs import LARGEST, text, whole_number
from circleflow.locks import CircleLocks
from circleflow.person import Person
from circleflow.store_errors import store_errors
from circleflow.workflow import Step, workflow_for

if TYPE_CHECKING:
    from circleflow.person_keys import PersonKeys
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
    """One recorded event: what happened, who recorded it, when and from where."""

    version: int
    recorded_at: datetime
    event: str
    actor: str
    origin: str
    state_before: str | None
    state: str | None
    details: Mapping[str, Any] = field(factory=dict)


@frozen
class LoggedEvent:
    """One event of the store's log, which holds every event of every circle,
    person and community in the order they were recorded.

    ``position`` increases with each event; a projection that remembers the
    last position it folded can catch up from there.
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
        cid = _uuid(circle_id, "circle id")
        if at is not None:
            if version is not None:
                raise InvalidInput("give a version or a moment, not both")
            version = self._version_at(cid, at)
        return self._get_circle(cid, version)

    def _get_circle(self, cid: UUID, version: int | None = None) -> Circle:
        """The circle from the store, as an object of the caller's own: a
        copy of the cached circle, or rebuilt at ``version``."""
        if version is not None:
            version = whole_number(version, "the version", minimum=1)
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
                    self.repository.get(cid, version=version, deepcopy_from_cache=copy),
                )
        except AggregateNotFoundError:
            return None

    @staticmethod
    def _found(cid: UUID, circle: object, version: int | None = None) -> Circle:
        if not isinstance(circle, Circle):
            raise UnknownCircle(f"no circle with id {cid} in the store")
        if version is not None and circle.version != version:
            raise UnknownCircle(
                f"circle {cid} has no version {version}; its latest is {circle.version}"
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
            with self._reading(_uuid(circle_id, "circle id")) as circle:
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
                circle, fmt, is_forgotten=self.person_keys.forgotten
            ),
        )

    def history(self, circle_id: UUID | str) -> list[HistoryEntry]:
        """Every event of the circle, oldest first: what, who, when, from where."""
        cid = _uuid(circle_id, "circle id")
        entries: list[HistoryEntry] = []
        before: str | None = None
        for domain_event in self._events(cid):
            state = getattr(domain_event, "state", None)
            entries.append(
                HistoryEntry(
                    version=domain_event.originator_version,
                    recorded_at=domain_event.timestamp,
                    event=type(domain_event).__name__,
                    actor=getattr(domain_event, "actor", ""),
                    origin=getattr(domain_event, "origin", ""),
                    state_before=before,
                    state=state,
                    details={
                        k: v for k, v in vars(domain_event).items() if k not in _COMMON
                    },
                )
            )
            before = state
        return entries

    def list_circles(self) -> list[CircleSummary]:
        """Every circle in the store, in the order they were founded."""
        topic = f"{Circle.__module__}:{Circle.__qualname__}.CircleFounded"
        found: list[CircleSummary] = []
        start = 1
        while True:
            with store_errors(reading=True):
                batch = self.recorder.select_notifications(
                    start=start, limit=500, topics=[topic]
                )
                events = [
                    cast(DomainEvent, self.mapper.to_domain_event(n)) for n in batch
                ]
            for founded in events:
                found.append(
                    CircleSummary(
                        circle_id=founded.originator_id,
                        title=getattr(founded, "title", ""),
                        format=f"{getattr(founded, 'format_name', '?')} "
                        f"v{getattr(founded, 'format_version', '?')}",
                        founded_at=founded.timestamp,
                    )
                )
            if len(batch) < 500:
                return found
            start = batch[-1].id + 1

    def read_log(self, after: int = 0, *, limit: int = 500) -> list[LoggedEvent]:
        """At most ``limit`` events recorded after log position ``after``,
        oldest first; an empty list when there are none yet.

        This is what projections and reports read: events only, never the
        aggregates. Pass the last position seen to read on from there.
        """
        after = whole_number(after, "after", minimum=0, noun="a log position")
        limit = whole_number(limit, "limit", minimum=1)
        with store_errors(reading=True):
            notifications = self.recorder.select_notifications(
                start=min(after + 1, LARGEST), limit=limit
            )
            return [
                _logged(n.id, cast(DomainEvent, self.mapper.to_domain_event(n)))
                for n in notifications
            ]

    def log_position(self) -> int:
        """The position of the last event recorded in the store (0 if none)."""
        with store_errors():
            return self.recorder.max_notification_id() or 0

    def find_circle(self, reference: UUID | str) -> UUID:
        """The id of the circle ``reference`` names: a full id or a unique prefix."""
        if isinstance(reference, UUID):
            return reference
        ref = text(reference, "circle id").lower()
        try:
            return UUID(ref)
        except ValueError:
            pass
        matches = [
            c.circle_id for c in self.list_circles() if str(c.circle_id).startswith(ref)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UnknownCircle(f"no circle id starts with {ref!r}")
        raise UnknownCircle(
            f"{len(matches)} circles start with {ref!r}; give more of the id"
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
        cid = _uuid(circle_id, "circle id")
        who = None if person is None else _pid(person)
        with self._reading(cid, version) as circle:
            return engine.allowed(
                circle,
                self._format_of(circle),
                person=who,
                is_forgotten=self.person_keys.forgotten,
            )

    def next_meeting(self, circle_id: UUID | str) -> planning.NextMeeting | None:
        """The meeting the circle holds next, with the date planned for it or
        the date the stage's rhythm proposes; ``None`` when no meeting can
        open any more."""
        cid = _uuid(circle_id, "circle id")
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
        with self._reading(cid) as circle:
            return planning.next_meeting(circle, self._format_of(circle), planned, last)

    # -- what commands share ------------------------------------------------------

    def _by(self, actor: str, origin: str | None) -> dict[str, str]:
        return {
            "actor": text(actor, "actor", single_line=True),
            "origin": (
                self.origin
                if origin is None
                else text(origin, "origin", single_line=True)
            ),
        }

    def _format_of(self, circle: Circle) -> Format:
        return self.formats.get(circle.format_name, circle.format_version)

    def _save(
        self, *aggregates: Circle | Person | Community, cache: bool = True
    ) -> None:
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
                    "the circle was changed by someone else since it was loaded; "
                    "load it again and retry the command"
                ) from error
        for aggregate in aggregates:
            if cache:
                self._cache_saved(aggregate)
            else:
                self._drop_cached(aggregate.id)
        audit.recorded(pending)

    def _record_and_snapshot(
        self, aggregates: tuple[Circle | Person | Community, ...]
    ) -> None:
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

    def _cache_saved(self, aggregate: Circle | Person | Community) -> None:
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

    def _events(self, cid: UUID) -> list[DomainEvent]:
        with store_errors(reading=True):
            events = cast(list[DomainEvent], list(self.repository.event_store.get(cid)))
        if not events or type(events[0]).__name__ != "CircleFounded":
            raise UnknownCircle(f"no circle with id {cid} in the store")
        return events

    def _version_at(self, cid: UUID, at: datetime) -> int:
        if not isinstance(at, datetime) or at.tzinfo is None:
            raise InvalidInput("a moment must be a datetime with a time zone")
        version = None
        for domain_event in self._events(cid):
            if domain_event.timestamp > at:
                break
            version = domain_event.originator_version
        if version is None:
            raise UnknownCircle(f"circle {cid} was not founded yet at {at.isoformat()}")
        return version


def _uuid(value: UUID | str, what: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInput(f"{what} {value!r} is not a valid id (a UUID)") from None


def _pid(value: UUID | str) -> str:
    return str(_uuid(value, "person id"))


def _aggregate_kind(domain_event: DomainEvent) -> str:
    if isinstance(domain_event, Circle.Event | CircleEvent):
        return "circle"
    if isinstance(domain_event, Person.Event):
        return "person"
    if isinstance(domain_event, Community.Event):
        return "community"
    return type(domain_event).__qualname__.split(".")[0].lower()


def _logged(position: int, domain_event: DomainEvent) -> LoggedEvent:
    return LoggedEvent(
        position=position,
        aggregate=_aggregate_kind(domain_event),
        aggregate_id=domain_event.originator_id,
        version=domain_event.originator_version,
        recorded_at=domain_event.timestamp,
        event=type(domain_event).__name__,
        actor=getattr(domain_event, "actor", ""),
        origin=getattr(domain_event, "origin", ""),
        state=getattr(domain_event, "state", None),
        details={k: v for k, v in vars(domain_event).items() if k not in _COMMON},
    )
