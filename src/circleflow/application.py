# SPDX-License-Identifier: EUPL-1.2
"""The application: commands and queries on circles in one store.

:class:`Circles` loads a circle, lets it check and record a command, and
saves the new events in one transaction; a refused command raises before
anything is saved. Queries replay the stored events: the circle as it stands,
as it stood at a version or a moment, and its full history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, cast
from uuid import UUID

from attrs import field, frozen
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import IntegrityError

from circleflow.circle import Circle, text
from circleflow.errors import (
    ConcurrentChange,
    InvalidInput,
    UnknownCircle,
    UnknownPerson,
)
from circleflow.format import Format
from circleflow.person import Person
from circleflow.registry import FormatRegistry
from circleflow.store import DEFAULT_STORE, store_env
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
class CircleSummary:
    """A stored circle, as listed by :meth:`Circles.list_circles`."""

    circle_id: UUID
    title: str
    format: str
    founded_at: datetime


class Circles(Application[UUID]):
    """Circles and persons in one store, chosen by URL (see :mod:`circleflow.store`).

    ``origin`` is recorded on every event whose command does not name its own;
    a host tool sets it to its own name. ``snapshot_every`` events a circle is
    snapshotted, so that long histories load quickly.
    """

    snapshotting_intervals = {Circle: 100}  # noqa: RUF012 (eventsourcing's API)

    def __init__(
        self,
        store: str = DEFAULT_STORE,
        *,
        formats: FormatRegistry | None = None,
        origin: str = "circleflow",
        snapshot_every: int = 100,
    ) -> None:
        self.store_url = store
        self.formats = (
            formats if formats is not None else FormatRegistry.with_builtins()
        )
        self.origin = text(origin, "origin")
        if snapshot_every < 1:
            raise InvalidInput("snapshot_every must be >= 1")
        # eventsourcing reads the intervals from the instance at each save.
        self.snapshotting_intervals = {Circle: snapshot_every}  # type: ignore[misc]
        env = store_env(store) | {"AGGREGATE_CACHE_MAXSIZE": "256"}
        super().__init__(env=env)

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
        person = Person(
            name=text(name, "name"),
            email=text(email, "email", required=False),
            organisation=text(organisation, "organisation", required=False),
            **self._by(actor, origin),
        )
        self._save(person)
        return person.id

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

    def found_circle(
        self,
        format: str = "mastercircle",
        *,
        title: str,
        challenge: str,
        version: int | None = None,
        actor: str,
        origin: str | None = None,
    ) -> UUID:
        """Found a circle of ``format`` (its newest version unless given)."""
        fmt = self.formats.get(format, version)
        circle = Circle.found(
            fmt, title=title, challenge=challenge, **self._by(actor, origin)
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
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Add a registered person to the circle with ``role``."""
        person = str(self.person(person_id).id)
        self._change(
            circle_id,
            lambda c, f: c.join(
                f, person, role, challenge=challenge, **self._by(actor, origin)
            ),
        )

    def schedule(
        self,
        circle_id: UUID | str,
        start: date,
        *,
        actor: str,
        origin: str | None = None,
    ) -> dict[str, date]:
        """Schedule every session from the format's template, counting weeks
        from ``start``; returns the dates. Move one later with :meth:`reschedule`.
        """
        if not isinstance(start, date):
            raise InvalidInput(f"the start must be a date, got {start!r}")
        circle = self._load(circle_id)
        fmt = self._format_of(circle)
        dates = {
            s.name: start + timedelta(weeks=s.week)
            for s in fmt.stages
            if s.week is not None and s.name not in circle.attendance
        }
        circle.schedule_sessions(fmt, dates, **self._by(actor, origin))
        self._save(circle)
        return dates

    def reschedule(
        self,
        circle_id: UUID | str,
        stage: str,
        on: date,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Move the date of one session that has not been opened yet."""
        self._change(
            circle_id,
            lambda c, f: c.schedule_sessions(f, {stage: on}, **self._by(actor, origin)),
        )

    def open_session(
        self,
        circle_id: UUID | str,
        stage: str,
        attendees: Iterable[UUID | str],
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Open the next session with the members present."""
        present = [str(_uuid(a, "attendee id")) for a in attendees]
        self._change(
            circle_id,
            lambda c, f: c.open_session(f, stage, present, **self._by(actor, origin)),
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
        self._change(
            circle_id,
            lambda c, f: c.enter_element(f, element, **self._by(actor, origin)),
        )

    def hold_session(
        self, circle_id: UUID | str, *, actor: str, origin: str | None = None
    ) -> None:
        """Close the open session: it has been held."""
        self._change(
            circle_id, lambda c, f: c.hold_session(f, **self._by(actor, origin))
        )

    def state_urgency(
        self,
        circle_id: UUID | str,
        sponsor: UUID | str,
        statement: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """The sponsor states the urgency (Urgentie)."""
        who = _pid(sponsor)
        self._change(
            circle_id,
            lambda c, f: c.state_urgency(f, who, statement, **self._by(actor, origin)),
        )

    def take_hot_seat(
        self,
        circle_id: UUID | str,
        participant: UUID | str,
        *,
        topic: str = "",
        actor: str,
        origin: str | None = None,
    ) -> None:
        """A present participant takes the hot seat and presents."""
        who = _pid(participant)
        self._change(
            circle_id,
            lambda c, f: c.take_hot_seat(
                f, who, topic=topic, **self._by(actor, origin)
            ),
        )

    def give_feedback(
        self,
        circle_id: UUID | str,
        giver: UUID | str,
        kind: str,
        feedback: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Feedback (``"appreciative"`` or ``"addition"``) to the hot seat."""
        who = _pid(giver)
        self._change(
            circle_id,
            lambda c, f: c.give_feedback(
                f, who, kind, feedback, **self._by(actor, origin)
            ),
        )

    def hold_master_dialogue(
        self,
        circle_id: UUID | str,
        master: UUID | str,
        *,
        summary: str = "",
        actor: str,
        origin: str | None = None,
    ) -> None:
        """The one-to-one dialogue with the master that ends a hot seat."""
        who = _pid(master)
        self._change(
            circle_id,
            lambda c, f: c.hold_master_dialogue(
                f, who, summary=summary, **self._by(actor, origin)
            ),
        )

    def note_synergy(
        self,
        circle_id: UUID | str,
        noted_by: UUID | str,
        between: Iterable[UUID | str],
        note: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Record a synergy between participants, pointed out by ``noted_by``."""
        who = _pid(noted_by)
        people = [_pid(p) for p in between]
        self._change(
            circle_id,
            lambda c, f: c.note_synergy(
                f, who, people, note, **self._by(actor, origin)
            ),
        )

    def record_action(
        self,
        circle_id: UUID | str,
        participant: UUID | str,
        action: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """An on-the-job action a participant takes before the next session."""
        who = _pid(participant)
        self._change(
            circle_id,
            lambda c, f: c.record_action(f, who, action, **self._by(actor, origin)),
        )

    def present_harvest(
        self,
        circle_id: UUID | str,
        presenter: UUID | str,
        harvest: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Present the harvest to the sponsor (Oogst)."""
        who = _pid(presenter)
        self._change(
            circle_id,
            lambda c, f: c.present_harvest(f, who, harvest, **self._by(actor, origin)),
        )

    def accept_harvest(
        self,
        circle_id: UUID | str,
        sponsor: UUID | str,
        *,
        note: str = "",
        actor: str,
        origin: str | None = None,
    ) -> None:
        """The sponsor accepts the presented harvest."""
        who = _pid(sponsor)
        self._change(
            circle_id,
            lambda c, f: c.accept_harvest(f, who, note=note, **self._by(actor, origin)),
        )

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
        circle: object
        try:
            circle = cast(object, self.repository.get(cid, version=version))
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
            hot_seat=circle.hot_seat,
            hot_seat_step=place.hot_seat_step,
            complete=place.complete,
            allowed=circle.allowed(fmt),
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

    def _change(
        self, circle_id: UUID | str, command: Callable[[Circle, Format], None]
    ) -> None:
        circle = self._load(circle_id)
        command(circle, self._format_of(circle))
        self._save(circle)

    def _save(self, *aggregates: Circle | Person) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError as error:
            raise ConcurrentChange(
                "the circle was changed by someone else since it was loaded; "
                "load it again and retry the command"
            ) from error

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
