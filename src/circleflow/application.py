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
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import field, frozen
from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
)
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import IntegrityError, Mapper

from circleflow import audit
from circleflow.circle import Circle
from circleflow.circle_base import CircleBase, text
from circleflow.community import Community
from circleflow.errors import (
    ConcurrentChange,
    ForgottenPerson,
    InvalidInput,
    UnknownCircle,
    UnknownPerson,
)
from circleflow.format import Format
from circleflow.person import Person
from circleflow.person_keys import PersonKeys
from circleflow.registry import FormatRegistry
from circleflow.sealing import SealingMapper
from circleflow.store import DEFAULT_STORE, schema_lock, store_env
from circleflow.workflow import Step, workflow_for

T = TypeVar("T")

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


class Circles(Application[UUID]):
    """Circles and persons in one store, chosen by URL (see :mod:`circleflow.store`).

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
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Add a registered person with ``role``. The organisation they
        represent defaults to the one they were registered with."""
        with audit.refusals("join", circle_id, actor, origin or self.origin):
            person = self.person(person_id)
            if person.forgotten:
                raise ForgottenPerson(f"person {person.id} has been forgotten")
        represents = person.organisation if organisation is None else organisation
        self._do(
            circle_id,
            Circle.join,
            str(person.id),
            role,
            challenge=challenge,
            organisation=represents,
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
    ) -> dict[str, date]:
        """Schedule every session from the format's template, counting weeks
        from ``start``; returns the dates. Move one with :meth:`reschedule`."""
        if not isinstance(start, date):
            raise InvalidInput(f"the start must be a date, got {start!r}")
        circle = self._load(circle_id)
        fmt = self._format_of(circle)
        dates = {
            s.name: start + timedelta(weeks=s.week)
            for s in fmt.stages
            if s.week is not None and not circle.meetings_of(s.name)
        }
        self._do(circle, Circle.schedule_sessions, dates, actor=actor, origin=origin)
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
        self._do(
            circle_id, Circle.schedule_sessions, {stage: on}, actor=actor, origin=origin
        )

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
        present = [_pid(a) for a in attendees]
        self._do(
            circle_id,
            Circle.open_session,
            stage,
            present,
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
        self._do(circle_id, Circle.enter_element, element, actor=actor, origin=origin)

    def hold_session(
        self, circle_id: UUID | str, *, actor: str, origin: str | None = None
    ) -> None:
        """Close the open session: it has been held."""
        self._do(circle_id, Circle.hold_session, actor=actor, origin=origin)

    def conclude(
        self,
        circle_id: UUID | str,
        *,
        reason: str = "",
        actor: str,
        origin: str | None = None,
    ) -> None:
        """End an open-ended circle (Leergroep, Samenwerking) after a meeting."""
        self._do(circle_id, Circle.conclude, reason=reason, actor=actor, origin=origin)

    # Mastercircle: sponsor and hot seat ------------------------------------------

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
        self._do(
            circle_id,
            Circle.state_urgency,
            _pid(sponsor),
            statement,
            actor=actor,
            origin=origin,
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
        self._do(
            circle_id,
            Circle.take_hot_seat,
            _pid(participant),
            topic=topic,
            actor=actor,
            origin=origin,
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
        self._do(
            circle_id,
            Circle.give_feedback,
            _pid(giver),
            kind,
            feedback,
            actor=actor,
            origin=origin,
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
        self._do(
            circle_id,
            Circle.hold_master_dialogue,
            _pid(master),
            summary=summary,
            actor=actor,
            origin=origin,
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
        self._do(
            circle_id,
            Circle.note_synergy,
            _pid(noted_by),
            [_pid(p) for p in between],
            note,
            actor=actor,
            origin=origin,
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
        self._do(
            circle_id,
            Circle.record_action,
            _pid(participant),
            action,
            actor=actor,
            origin=origin,
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
        """Present the harvest (to the sponsor, or at a manifestation)."""
        self._do(
            circle_id,
            Circle.present_harvest,
            _pid(presenter),
            harvest,
            actor=actor,
            origin=origin,
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
        self._do(
            circle_id,
            Circle.accept_harvest,
            _pid(sponsor),
            note=note,
            actor=actor,
            origin=origin,
        )

    # Leergroep -------------------------------------------------------------------

    def choose_subject(
        self,
        circle_id: UUID | str,
        subject: str,
        *,
        brought_by: UUID | str | None = None,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """The group chooses the meeting's question or case."""
        by = None if brought_by is None else _pid(brought_by)
        self._do(
            circle_id,
            Circle.choose_subject,
            subject,
            brought_by=by,
            actor=actor,
            origin=origin,
        )

    def record_insight(
        self,
        circle_id: UUID | str,
        kind: str,
        insight: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> int:
        """Record a lesson, dilemma or intervention; returns its number."""
        number: int = self._do(
            circle_id, Circle.record_insight, kind, insight, actor=actor, origin=origin
        )
        return number

    def propose_agenda_item(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        item: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> int:
        """Propose an item for the Secretaries-General; returns its number."""
        number: int = self._do(
            circle_id,
            Circle.propose_agenda_item,
            _pid(person),
            item,
            actor=actor,
            origin=origin,
        )
        return number

    def decide_agenda_item(
        self,
        circle_id: UUID | str,
        number: int,
        adopt: bool,
        *,
        why: str = "",
        actor: str,
        origin: str | None = None,
    ) -> None:
        """The group adopts (``adopt=True``) or drops a proposed agenda item."""
        self._do(
            circle_id,
            Circle.decide_agenda_item,
            number,
            adopt,
            why=why,
            actor=actor,
            origin=origin,
        )

    def submit_agenda_item(
        self,
        circle_id: UUID | str,
        number: int,
        *,
        to: str = "Secretarissen-Generaal",
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Submit an adopted agenda item to the Secretaries-General."""
        self._do(
            circle_id,
            Circle.submit_agenda_item,
            number,
            to=to,
            actor=actor,
            origin=origin,
        )

    # Leernetwerkgroep ------------------------------------------------------------

    def set_registration_deadline(
        self,
        circle_id: UUID | str,
        deadline: date,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Set or move the date registration closes."""
        self._do(
            circle_id,
            Circle.set_registration_deadline,
            deadline,
            actor=actor,
            origin=origin,
        )

    def close_registration(
        self,
        circle_id: UUID | str,
        *,
        on: date | None = None,
        actor: str,
        origin: str | None = None,
    ) -> bool:
        """Close registration (today unless ``on`` is given), no earlier than
        the deadline: go with enough participants, otherwise no-go."""
        go: bool = self._do(
            circle_id,
            Circle.close_registration,
            on or date.today(),
            actor=actor,
            origin=origin,
        )
        return go

    def state_learning_wish(
        self,
        circle_id: UUID | str,
        participant: UUID | str,
        wish: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """A participant states a personal learning wish (start meeting)."""
        self._do(
            circle_id,
            Circle.state_learning_wish,
            _pid(participant),
            wish,
            actor=actor,
            origin=origin,
        )

    def set_aim(
        self,
        circle_id: UUID | str,
        assignments: str,
        intended_results: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """The group sets its aim: assignments and intended results."""
        self._do(
            circle_id,
            Circle.set_aim,
            assignments,
            intended_results,
            actor=actor,
            origin=origin,
        )

    def complete_assignment(
        self,
        circle_id: UUID | str,
        participant: UUID | str,
        assignment: str,
        *,
        result: str = "",
        actor: str,
        origin: str | None = None,
    ) -> None:
        """A participant carried out their assignment in practice."""
        self._do(
            circle_id,
            Circle.complete_assignment,
            _pid(participant),
            assignment,
            result=result,
            actor=actor,
            origin=origin,
        )

    # Samenwerking ----------------------------------------------------------------

    def renew_mandate(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        scope: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """A member (re)confirms their organisation's mandate, between meetings."""
        self._do(
            circle_id,
            Circle.renew_mandate,
            _pid(person),
            scope,
            actor=actor,
            origin=origin,
        )

    def voice_concerns(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        concerns: str = "",
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """A present member voices concerns or reservations (empty: none)."""
        self._do(
            circle_id,
            Circle.voice_concerns,
            _pid(person),
            concerns,
            actor=actor,
            origin=origin,
        )

    def name_problem(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        problem: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> int:
        """Name a problem; it needs a proposal before the meeting closes.
        Returns the problem's number."""
        number: int = self._do(
            circle_id,
            Circle.name_problem,
            _pid(person),
            problem,
            actor=actor,
            origin=origin,
        )
        return number

    def propose_solution(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        problem: int,
        proposal: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Propose a solution to problem number ``problem``."""
        self._do(
            circle_id,
            Circle.propose_solution,
            _pid(person),
            problem,
            proposal,
            actor=actor,
            origin=origin,
        )

    def record_consensus(
        self,
        circle_id: UUID | str,
        item: str,
        agreed: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Record one item of the consensus record (Doorzichtig maken)."""
        self._do(
            circle_id, Circle.record_consensus, item, agreed, actor=actor, origin=origin
        )

    def agree_two(
        self,
        circle_id: UUID | str,
        parties: Iterable[UUID | str],
        agreement: str,
        why: str,
        *,
        supersedes: int | None = None,
        actor: str,
        origin: str | None = None,
    ) -> int:
        """Agree a Temporary Workable Agreement; returns its number.
        ``supersedes`` names the current TWO it revises."""
        number: int = self._do(
            circle_id,
            Circle.agree_two,
            [_pid(p) for p in parties],
            agreement,
            why,
            supersedes=supersedes,
            actor=actor,
            origin=origin,
        )
        return number

    def act_on_two(
        self,
        circle_id: UUID | str,
        number: int,
        person: UUID | str,
        note: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Record acting on a current TWO in practice."""
        self._do(
            circle_id,
            Circle.act_on_two,
            number,
            _pid(person),
            note,
            actor=actor,
            origin=origin,
        )

    def reflect_on_two(
        self,
        circle_id: UUID | str,
        number: int,
        person: UUID | str,
        reflection: str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Reflect on how a TWO worked out, after acting on it."""
        self._do(
            circle_id,
            Circle.reflect_on_two,
            number,
            _pid(person),
            reflection,
            actor=actor,
            origin=origin,
        )

    def assign_role(
        self,
        circle_id: UUID | str,
        role: str,
        holder: UUID | str,
        tasks: Iterable[str],
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Create a role with its tasks, held by a member."""
        self._do(
            circle_id,
            Circle.assign_role,
            role,
            _pid(holder),
            list(tasks),
            actor=actor,
            origin=origin,
        )

    def hand_over_role(
        self,
        circle_id: UUID | str,
        role: str,
        to: UUID | str,
        *,
        note: str = "",
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Hand a role, with its tasks, to another member."""
        self._do(
            circle_id,
            Circle.hand_over_role,
            role,
            _pid(to),
            note=note,
            actor=actor,
            origin=origin,
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
            community.add_group(str(circle.id), **self._by(actor, origin))
        self._save(community)

    def hold_gathering(
        self,
        community_id: UUID | str,
        theme: str,
        kind: str,
        attendees: Iterable[UUID | str],
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Record a gathering (webinar, lecture, meeting) of the community,
        attended by members of its groups."""
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
        command: Callable[..., T],
        *args: object,
        actor: str,
        origin: str | None,
        **kwargs: object,
    ) -> T:
        """Run ``command`` on the circle with its format, then save."""
        by = self._by(actor, origin)
        target = circle.id if isinstance(circle, Circle) else circle
        attempt = 0
        while True:
            with audit.refusals(command.__name__, target, actor, by["origin"]):
                loaded = circle if isinstance(circle, Circle) else self._load(circle)
                fmt = self._format_of(loaded)
                result = command(loaded, fmt, *args, **kwargs, **by)
            try:
                self._save(loaded)
            except ForgottenPerson as error:
                audit.refused(command.__name__, target, error, actor, by["origin"])
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
    if isinstance(domain_event, CircleBase.Event):
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
