# SPDX-License-Identifier: EUPL-1.2
"""The application: commands and queries on circles in one store.

:class:`Circles` loads a circle, lets it check and record a command, and
saves the new events in one transaction; a refused command raises before
anything is saved. Queries replay the stored events: the circle as it stands,
as it stood at a version or a moment, and its full history.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from attrs import field, frozen
from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
)
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import IntegrityError, Mapper

from circleflow import audit, engine, planning
from circleflow.circle import Circle, CircleEvent
from circleflow.community import Community
from circleflow.errors import (
    ConcurrentChange,
    ForgottenPerson,
    InvalidInput,
    UnknownCircle,
    UnknownPerson,
)
from circleflow.format import Format
from circleflow.formats.leergroep.steps import LeergroepSteps
from circleflow.formats.leernetwerkgroep.steps import LeernetwerkgroepSteps
from circleflow.formats.mastercircle.steps import MastercircleSteps
from circleflow.formats.samenwerking.steps import SamenwerkingSteps
from circleflow.inputs import text
from circleflow.packs import registry
from circleflow.person import Person
from circleflow.person_keys import PersonKeys
from circleflow.registry import FormatRegistry
from circleflow.sealing import SealingMapper
from circleflow.store import DEFAULT_STORE, schema_lock, store_env
from circleflow.workflow import Step, workflow_for

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


class Circles(
    MastercircleSteps,
    LeergroepSteps,
    LeernetwerkgroepSteps,
    SamenwerkingSteps,
    Application[UUID],
):
    """Circles and persons in one store, chosen by URL (see :mod:`circleflow.store`).

    Every step of every registered pack is taken with :meth:`take`; the
    built-in packs add typed methods for theirs (``take_hot_seat``,
    ``renew_mandate``, ...). :meth:`allowed` lists the steps that succeed now.

    ``origin`` is recorded on every event whose command does not name its own;
    a host tool sets it to its own name. ``snapshot_every`` events a circle is
    snapshotted, so that long histories load quickly. A command that loses a
    race with another writer is checked again on the circle as it is now and
    recorded if still allowed, up to ``retries`` times; then it raises
    :class:`ConcurrentChange`.
    """

    snapshotting_intervals = {Circle: 100}  # noqa: RUF012 (eventsourcing's API)

    def __init__(
        self,
        store: str = DEFAULT_STORE,
        *,
        formats: FormatRegistry | None = None,
        origin: str = "circleflow",
        snapshot_every: int = 100,
        retries: int = 10,
    ) -> None:
        self.store_url = store
        self.formats = (
            formats if formats is not None else FormatRegistry.with_builtins()
        )
        self.origin = text(origin, "origin")
        if snapshot_every < 1:
            raise InvalidInput("snapshot_every must be >= 1")
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise InvalidInput(f"retries must be a whole number >= 0, not {retries!r}")
        self.retries = retries
        # eventsourcing reads the intervals from the instance at each save.
        self.snapshotting_intervals = {Circle: snapshot_every}  # type: ignore[misc]
        registry()  # the packs' events must be known before anything is read
        env = store_env(store) | {"AGGREGATE_CACHE_MAXSIZE": "256"}
        with schema_lock(env):
            self.person_keys = PersonKeys(env)
            super().__init__(env=env)

    def construct_mapper(self) -> Mapper[UUID]:
        """The mapper that seals personal text with per-person keys."""
        mapper = self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=SealingMapper
        )
        assert isinstance(mapper, SealingMapper)
        mapper.keys = self.person_keys
        return mapper

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Snapshot a circle from the state just saved.

        ``eventsourcing`` rebuilds the aggregate from the store to snapshot
        it; the circle that was just saved already is the state its events
        lead to, so that replay would only repeat work (and open every
        sealed text again).
        """
        if self.snapshots is None:
            return
        due: dict[UUID, Any] = {}
        for event in processing_event.events:
            aggregate = processing_event.aggregates.get(event.originator_id)
            if aggregate is None:
                continue
            interval = self.snapshotting_intervals.get(type(aggregate))
            if interval and event.originator_version % interval == 0:
                due[event.originator_id] = aggregate
        for aggregate in due.values():
            self.snapshots.put([type(aggregate).Snapshot.take(aggregate)])

    # -- persons ----------------------------------------------------------------

    def register_person(
        self,
        name: str,
        *,
        email: str = "",
        organisation: str = "",
        actor: str,
        origin: str | None = None,
    ) -> UUID:
        """Register someone who can join circles; returns the person's id."""
        with audit.refusals("register_person", None, actor, origin or self.origin):
            person = Person(
                name=text(name, "name"),
                email=text(email, "email", required=False),
                organisation=text(organisation, "organisation", required=False),
                **self._by(actor, origin),
            )
        self._save(person)
        return person.id

    def forget_person(
        self, person_id: UUID | str, *, actor: str, origin: str | None = None
    ) -> None:
        """Forget a person: destroy their key, so their name, contact data and
        every text about them can no longer be read, anywhere in the history.

        The events stay (the workflow's history is complete); readers see
        ``[forgotten]`` in place of the text. ``PersonForgotten`` records who
        did it and when. Nothing new can be recorded about the person after
        this. Forgetting is final; doing it again changes nothing. Saved
        reports hold names too: rebuild them (``ProjectionStore.forget``).
        """
        with audit.refusals("forget_person", person_id, actor, origin or self.origin):
            person = self.person(person_id)
            if not person.forgotten:
                person.forget(**self._by(actor, origin))
                self._save(person)
            self.person_keys.forget(person.id)
            if self.repository.cache is not None:
                with contextlib.suppress(KeyError):
                    self.repository.cache.get(person.id, evict=True)

    def person(self, person_id: UUID | str) -> Person:
        """The registered person ``person_id``."""
        pid = _uuid(person_id, "person id")
        person: object
        try:
            person = cast(object, self.repository.get(pid))
        except AggregateNotFoundError:
            person = None
        if not isinstance(person, Person):
            raise UnknownPerson(f"no person with id {pid} is registered")
        return person

    # -- commands on circles ----------------------------------------------------
    #
    # Each command loads the circle, lets it check and record (see the
    # circleflow.circle modules for the rules), and saves in one transaction.
    # Person arguments take a person id (UUID or its text).

    def found_circle(
        self,
        format: str = "mastercircle",
        *,
        title: str,
        challenge: str,
        details: Mapping[str, object] | None = None,
        version: int | None = None,
        actor: str,
        origin: str | None = None,
    ) -> UUID:
        """Found a circle of ``format`` (its newest version unless given).

        ``details`` holds the data the format asks of a circle (its
        ``circle_fields``, such as ``cost_per_person`` and ``subsidy``).
        """
        with audit.refusals("found_circle", None, actor, origin or self.origin):
            fmt = self.formats.get(format, version)
            by = self._by(actor, origin)
            circle = Circle.found(
                fmt,
                title=title,
                challenge=challenge,
                details=details,
                actor=by["actor"],
                origin=by["origin"],
            )
        self._save(circle)
        return circle.id

    def join(
        self,
        circle_id: UUID | str,
        person_id: UUID | str,
        role: str,
        *,
        challenge: str = "",
        organisation: str | None = None,
        on: date | None = None,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Add a registered person with ``role``. The organisation they
        represent defaults to the one they were registered with; ``on`` is
        the date of registration (today unless given)."""
        with audit.refusals("join", circle_id, actor, origin or self.origin):
            person = self.person(person_id)
        represents = person.organisation if organisation is None else organisation
        if person.forgotten:
            represents = ""
        self.take(
            circle_id,
            "join",
            person=person.id,
            role=role,
            challenge=challenge,
            organisation=represents,
            on=on,
            actor=actor,
            origin=origin,
        )

    def schedule(
        self,
        circle_id: UUID | str,
        start: date,
        *,
        actor: str,
        origin: str | None = None,
    ) -> dict[str, planning.Span]:
        """Plan the sessions from the format's template, counting weeks from
        ``start`` (a meeting of several days gets its first and last day);
        in a format without weeks, the next meeting on ``start``. Returns what
        was planned. Move one with :meth:`reschedule`."""
        if not isinstance(start, date):
            raise InvalidInput(f"the start must be a date, got {start!r}")
        circle = self._load(circle_id)
        dates = planning.template(circle, self._format_of(circle), start)
        self.take(circle, "schedule", dates=dates, actor=actor, origin=origin)
        return dates

    def next_meeting(self, circle_id: UUID | str) -> planning.NextMeeting | None:
        """The meeting the circle holds next, with the date planned for it or
        the date the stage's rhythm proposes; ``None`` when no meeting can
        open any more."""
        cid = _uuid(circle_id, "circle id")
        circle = self._get_circle(cid, copy=False)
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
        return planning.next_meeting(circle, self._format_of(circle), planned, last)

    def plan_next_meeting(
        self,
        circle_id: UUID | str,
        on: date | None = None,
        *,
        actor: str,
        origin: str | None = None,
    ) -> date:
        """Plan the next meeting on ``on``, or on the date the stage's rhythm
        proposes (about every two months for a Leergroep); returns it."""
        coming = self.next_meeting(circle_id)
        if coming is None:
            raise InvalidInput("no meeting can be planned: the circle has ended")
        day = on if on is not None else coming.proposed
        if day is None:
            raise InvalidInput(
                f"give a date for the next {coming.stage} meeting: the format "
                "proposes none (no rhythm, or no meeting held yet)"
            )
        stage = self._format_of(self._load(circle_id)).stage(coming.stage)
        self.reschedule(
            circle_id,
            coming.stage,
            planning.span(stage, day),
            actor=actor,
            origin=origin,
        )
        return day

    def reschedule(
        self,
        circle_id: UUID | str,
        stage: str,
        on: date | tuple[date, date],
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Move the date of one session that has not been opened yet, or plan
        the next meeting of a repeating stage. ``on`` is a date, or the first
        and last day of a meeting of several days."""
        self.take(circle_id, "schedule", dates={stage: on}, actor=actor, origin=origin)

    def open_session(
        self,
        circle_id: UUID | str,
        stage: str,
        attendees: Iterable[UUID | str],
        *,
        host: str | None = None,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Open the next session (or meeting) of ``stage`` with the members
        present; hosted formats name the host organisation."""
        self.take(
            circle_id,
            "open_session",
            stage=stage,
            attendees=list(attendees),
            host=host,
            actor=actor,
            origin=origin,
        )

    def enter_element(
        self,
        circle_id: UUID | str,
        element: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Move to the session-level element ``element`` (the next one)."""
        self.take(
            circle_id, "enter_element", element=element, actor=actor, origin=origin
        )

    def hold_session(
        self, circle_id: UUID | str, *, actor: str, origin: str | None = None
    ) -> None:
        """Close the open session: it has been held."""
        self.take(circle_id, "hold_session", actor=actor, origin=origin)

    def conclude(
        self,
        circle_id: UUID | str,
        *,
        reason: str = "",
        actor: str,
        origin: str | None = None,
    ) -> None:
        """End an open-ended circle (Leergroep, Samenwerking) after a meeting."""
        self.take(circle_id, "conclude", reason=reason, actor=actor, origin=origin)

    def take(
        self,
        circle_id: UUID | str | Circle,
        command: str,
        *,
        actor: str,
        origin: str | None = None,
        **arguments: Any,
    ) -> Any:
        """Take step ``command`` of any registered pack with ``arguments``.

        Persons are given by id (a UUID or its text). The engine checks the
        state machine and every rule of the step; a refused step raises
        :class:`StepRefused` naming the rule and listing what is allowed now,
        and records nothing. Returns what the step returns (a number for
        numbered items, ``None`` otherwise).
        """
        spec = engine.command_named(command)
        for param in spec.params:
            value = arguments.get(param.name)
            if value is None or not param.names_persons:
                continue
            if param.kind == "persons":
                if isinstance(value, str | UUID):
                    raise InvalidInput(f"{param.name} must be a list of person ids")
                arguments[param.name] = [_pid(v) for v in value]
            else:
                arguments[param.name] = _pid(value)
        return self._do(circle_id, command, arguments, actor=actor, origin=origin)

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
        circle = self._get_circle(cid, version, copy=False)
        who = None if person is None else _pid(person)
        return engine.allowed(
            circle,
            self._format_of(circle),
            person=who,
            is_forgotten=self.person_keys.forgotten,
        )

    # Learning community (several Leergroepen) -----------------------------------

    def form_community(
        self, name: str, *, actor: str, origin: str | None = None
    ) -> UUID:
        """Form a learning community; returns its id."""
        with audit.refusals("form_community", None, actor, origin or self.origin):
            by = self._by(actor, origin)
            community = Community(
                name=text(name, "name"), actor=by["actor"], origin=by["origin"]
            )
        self._save(community)
        return community.id

    def add_group(
        self,
        community_id: UUID | str,
        circle_id: UUID | str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Add a group (a stored circle) to a learning community."""
        with audit.refusals("add_group", community_id, actor, origin or self.origin):
            circle = self.circle(circle_id)
            community = self.community(community_id)
            community.add_group(
                str(circle.id),
                elsewhere=self._community_of(circle.id, besides=community.id),
                **self._by(actor, origin),
            )
        self._save(community)

    def _community_of(self, circle_id: UUID, *, besides: UUID) -> UUID | None:
        """The other community the group ``circle_id`` belongs to, if any."""
        topics = [
            f"{Community.__module__}:Community.GroupAdded",
            "circleflow.community:Community.GroupAdded",
        ]
        start = 1
        while True:
            batch = self.recorder.select_notifications(
                start=start, limit=500, topics=topics
            )
            for notification in batch:
                added = cast(DomainEvent, self.mapper.to_domain_event(notification))
                if (
                    getattr(added, "circle", None) == str(circle_id)
                    and added.originator_id != besides
                ):
                    return added.originator_id
            if len(batch) < 500:
                return None
            start = batch[-1].id + 1

    def hold_gathering(
        self,
        community_id: UUID | str,
        theme: str,
        kind: str,
        attendees: Iterable[UUID | str],
        *,
        on: date | None = None,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Record a gathering (webinar, lecture, meeting) of the community on
        ``on`` (today unless given), attended by members of its groups."""
        with audit.refusals(
            "hold_gathering", community_id, actor, origin or self.origin
        ):
            community = self.community(community_id)
            members = {
                person
                for group in community.groups
                for person in self.circle(group).members
            }
            community.hold_gathering(
                theme,
                kind,
                [_pid(a) for a in attendees],
                members,
                on=date.today() if on is None else on,
                **self._by(actor, origin),
            )
        self._save(community)

    def community(self, community_id: UUID | str) -> Community:
        """The learning community ``community_id``."""
        cid = _uuid(community_id, "community id")
        found: object
        try:
            found = cast(object, self.repository.get(cid))
        except AggregateNotFoundError:
            found = None
        if not isinstance(found, Community):
            raise UnknownCircle(f"no learning community with id {cid} in the store")
        return found

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
        if version is not None and (not isinstance(version, int) or version < 1):
            raise InvalidInput(f"a version is a whole number >= 1, got {version!r}")
        return self._get_circle(cid, version)

    def _get_circle(
        self, cid: UUID, version: int | None = None, *, copy: bool = True
    ) -> Circle:
        """The circle from the store; ``copy=False`` hands out the cached
        instance itself, for read-only use inside the library."""
        circle: object
        try:
            circle = cast(
                object,
                self.repository.get(cid, version=version, deepcopy_from_cache=copy),
            )
        except AggregateNotFoundError:
            circle = None
        if not isinstance(circle, Circle):
            raise UnknownCircle(f"no circle with id {cid} in the store")
        if version is not None and circle.version != version:
            raise UnknownCircle(
                f"circle {cid} has no version {version}; its latest is {circle.version}"
            )
        return circle

    def position(
        self,
        circle_id: UUID | str,
        *,
        version: int | None = None,
        at: datetime | None = None,
    ) -> Position:
        """Where the circle stands (or stood) on both levels, and what is allowed."""
        if version is None and at is None:
            # Read-only: no need to copy the cached circle.
            circle = self._get_circle(_uuid(circle_id, "circle id"), copy=False)
        else:
            circle = self.circle(circle_id, version=version, at=at)
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
            batch = self.recorder.select_notifications(
                start=start, limit=500, topics=[topic]
            )
            for notification in batch:
                founded = cast(DomainEvent, self.mapper.to_domain_event(notification))
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
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise InvalidInput(f"after must be a log position >= 0, not {after!r}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidInput(f"limit must be a whole number >= 1, not {limit!r}")
        notifications = self.recorder.select_notifications(start=after + 1, limit=limit)
        return [
            _logged(n.id, cast(DomainEvent, self.mapper.to_domain_event(n)))
            for n in notifications
        ]

    def log_position(self) -> int:
        """The position of the last event recorded in the store (0 if none)."""
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

    # -- plumbing -----------------------------------------------------------------

    def _by(self, actor: str, origin: str | None) -> dict[str, str]:
        return {
            "actor": text(actor, "actor"),
            "origin": self.origin if origin is None else text(origin, "origin"),
        }

    def _format_of(self, circle: Circle) -> Format:
        return self.formats.get(circle.format_name, circle.format_version)

    def _load(self, circle_id: UUID | str) -> Circle:
        return self.circle(circle_id)

    def _do(
        self,
        circle: UUID | str | Circle,
        command: str,
        arguments: dict[str, Any],
        *,
        actor: str,
        origin: str | None,
    ) -> Any:
        """Take ``command`` on the circle with its format, then save."""
        by = self._by(actor, origin)
        target = circle.id if isinstance(circle, Circle) else circle
        attempt = 0
        while True:
            with audit.refusals(command, target, actor, by["origin"]):
                loaded = circle if isinstance(circle, Circle) else self._load(circle)
                result = engine.take(
                    loaded,
                    self._format_of(loaded),
                    command,
                    dict(arguments),
                    actor=by["actor"],
                    origin=by["origin"],
                    is_forgotten=self.person_keys.forgotten,
                )
            try:
                self._save(loaded)
            except ForgottenPerson as error:
                audit.refused(command, target, error, actor, by["origin"])
                raise
            except ConcurrentChange:
                # Another writer saved first: check the command again on the
                # circle as it is now, and record it if it is still allowed.
                if isinstance(circle, Circle) or attempt >= self.retries:
                    raise
                attempt += 1
                # A short random pause, so the losers do not race again in step.
                time.sleep(random.uniform(0, 0.002 * attempt))
                continue
            return result

    def _save(self, *aggregates: Circle | Person | Community) -> None:
        pending = [e for a in aggregates for e in a.pending_events]
        try:
            self.save(*aggregates)
        except IntegrityError as error:
            raise ConcurrentChange(
                "the circle was changed by someone else since it was loaded; "
                "load it again and retry the command"
            ) from error
        audit.recorded(pending)

    def _events(self, cid: UUID) -> list[DomainEvent]:
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
