# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Persons as methods of :class:`circleflow.Circles`: registering, looking
up and forgetting them (crash-safe, and final on disk)."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from circleflow import audit
from circleflow.errors import (
    ConcurrentChange,
    ForgettingIncomplete,
    InvalidInput,
    UnknownPerson,
)
from circleflow.inputs import text
from circleflow.language import _
from circleflow.person import FORGOTTEN_TEXT, Person
from circleflow.person_events import person_events
from circleflow.person_keys import Forgetting
from circleflow.queries import CircleQueries, LoggedEvent, _uuid
from circleflow.receipts import Once
from circleflow.references import (
    PersonSummary,
    ReferenceClaim,
    claim_id,
)
from circleflow.references import reference as _reference
from circleflow.store_errors import store_errors

_log = logging.getLogger("circleflow")


class PersonSteps(CircleQueries):
    """Registering, looking up and forgetting persons."""

    if TYPE_CHECKING:
        retries: int

    def register_person(
        self,
        name: str,
        *,
        email: str = "",
        organisation: str = "",
        reference: str | None = None,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> UUID:
        """Register someone who can join circles; returns the person's id.

        ``reference`` is the host tool's own reference to the person (an
        employee number, an account name): one line, unique in the store,
        sealed like the name (see :mod:`circleflow.references`). With
        ``command_id``, registering again returns the same id and records
        nothing (see :mod:`circleflow.receipts`).
        """
        with audit.refusals("register_person", None, actor, origin or self.origin):
            by = self._by(actor, origin)
            ref = None if reference is None else _reference(reference)
            details = {
                "name": text(name, _("the name")),
                "email": text(email, _("the email address"), required=False),
                "organisation": text(
                    organisation, _("the organisation"), required=False
                ),
            }
            once = Once.of(
                command_id,
                "register_person",
                None,
                {**details, "reference": ref, "actor": by["actor"]},
            )
            done, earlier = self._earlier(once)
            if done:
                return UUID(str(earlier))
            person = Person(**details, **by)
            saved: list[Person | ReferenceClaim] = [person]
            if ref is not None:
                self._refuse_claimed(ref)
                saved.append(
                    ReferenceClaim(
                        person=str(person.id), reference=ref, **by, id=claim_id(ref)
                    )
                )
            try:
                result = self._save_once(
                    *saved, once=once, result=str(person.id), by=by
                )
            except ConcurrentChange:
                if ref is not None:
                    self._refuse_claimed(ref)
                raise
        return UUID(str(result))

    def find_person(self, reference: str) -> Person:
        """The person registered with ``reference`` (see
        :meth:`register_person`); a forgotten one too, whose ``forgotten``
        is true. An :class:`UnknownPerson` when no person has it."""
        ref = _reference(reference)
        claim = self._claim(ref)
        if claim is None:
            raise UnknownPerson(
                _("no person is registered with the reference {reference!r}").format(
                    reference=ref
                )
            )
        return self.person(claim.person)

    def persons(self) -> list[PersonSummary]:
        """Every registered person, in the order they were registered, with
        their reference and whether they were forgotten.

        Reads the registrations without opening anyone's name: only the
        references are opened.
        """
        found: dict[UUID, PersonSummary] = {}
        references: dict[UUID, str | None] = {}
        forgotten: set[UUID] = set()
        for logged in self._person_events():
            if logged.event == "PersonRegistered":
                found[logged.aggregate_id] = PersonSummary(
                    logged.aggregate_id, logged.recorded_at, None, False
                )
            elif logged.event == "PersonForgotten":
                forgotten.add(logged.aggregate_id)
            else:
                person = UUID(str(logged.details["person"]))
                ref = str(logged.details["reference"])
                if ref == FORGOTTEN_TEXT:
                    forgotten.add(person)
                references[person] = ref
        return [
            PersonSummary(
                pid,
                summary.registered_at,
                None if pid in forgotten else references.get(pid),
                pid in forgotten,
            )
            for pid, summary in found.items()
        ]

    def _person_events(self) -> list[LoggedEvent]:
        """The registrations, forgettings and reference claims, in the order
        they were recorded (their personal texts opened when read; see
        :mod:`circleflow.person_events`)."""
        events: list[LoggedEvent] = []
        with store_errors(reading=True):
            for page in person_events(self.recorder):
                events.extend(self._decode(page, LoggedEvent))
        return events

    def _claim(self, ref: str) -> ReferenceClaim | None:
        try:
            with store_errors():
                claim = cast(object, self.repository.get(claim_id(ref)))
        except AggregateNotFoundError:
            return None
        return claim if isinstance(claim, ReferenceClaim) else None

    def _refuse_claimed(self, ref: str) -> None:
        claim = self._claim(ref)
        if claim is not None:
            raise InvalidInput(
                _(
                    "the reference {reference!r} names another person already "
                    "({person}); a reference is unique in the store"
                ).format(reference=ref, person=claim.person)
            )

    def forget_person(
        self, person_id: UUID | str, *, actor: str, origin: str | None = None
    ) -> None:
        """Forget a person: destroy their key, so their name, contact data and
        every text about them can no longer be read, anywhere in the history.

        The events stay (the workflow's history is complete); readers see
        ``[forgotten]`` in place of the text. ``PersonForgotten`` records who
        did it and when. Nothing new can be recorded about the person after
        this. Forgetting is final; doing it again changes nothing. Saved
        reports that fold ``PersonForgotten`` drop the person's name on
        their next catch-up.

        The key is destroyed first, in one transaction with a note that the
        forgetting is pending; then ``PersonForgotten`` is recorded and the
        key's old bytes are scrubbed from the disk (see
        :meth:`finish_forgetting`). A crash in between is repaired the next
        time the store is opened. Raises :class:`ForgettingIncomplete` when
        other readers of an SQLite store keep the key's old bytes on disk.
        """
        with audit.refusals("forget_person", person_id, actor, origin or self.origin):
            person = self.person(person_id)
            self.person_keys.forget(person.id, **self._by(actor, origin))
        self.finish_forgetting()

    def finish_forgetting(self, *, wait: float | None = None) -> None:
        """Finish every forgetting whose key was destroyed: record the
        missing ``PersonForgotten`` events (once each) and scrub the keys'
        old bytes from the disk.

        Raises :class:`ForgettingIncomplete` when other connections still
        read an older snapshot of an SQLite store after ``wait`` seconds
        (``person_keys.scrub_seconds`` unless given); the persons read as
        forgotten already, and calling this again once those readers are
        done finishes it.
        """
        pending = self.person_keys.pending()
        if not pending:
            return
        for forgetting in pending:
            self._record_forgotten(forgetting)
        if not self.person_keys.scrub(wait):
            persons = ", ".join(str(f.person) for f in pending)
            raise ForgettingIncomplete(
                _(
                    "forgotten, but not yet scrubbed from the disk: {persons}. "
                    "Another connection is still reading an older snapshot of the "
                    "store, so the destroyed keys' bytes may remain in its -wal "
                    "file until it is done; then call finish_forgetting() (or "
                    "forget the person again) to overwrite them"
                ).format(persons=persons)
            )
        self.person_keys.finished([f.person for f in pending])

    def _record_forgotten(self, forgetting: Forgetting) -> None:
        """Record ``PersonForgotten`` for ``forgetting`` unless it is there,
        at the moment the key was destroyed."""
        for attempt in range(self.retries + 1):
            self._evict(forgetting.person)
            try:
                person = self.person(forgetting.person)
            except UnknownPerson:
                return
            if person.forgotten:
                return
            person.forget_as_of(forgetting.at, forgetting.actor, forgetting.origin)
            try:
                self._save(person)
            except ConcurrentChange:
                # Someone else recorded it first (or another event came in).
                if attempt == self.retries:
                    raise
                continue
            finally:
                self._evict(forgetting.person)
            return

    def _evict(self, aggregate_id: UUID) -> None:
        if self.repository.cache is not None:
            with contextlib.suppress(KeyError):
                self.repository.cache.get(aggregate_id, evict=True)

    def person(self, person_id: UUID | str) -> Person:
        """The registered person ``person_id``."""
        pid = _uuid(person_id, _("person id"))
        person: object
        try:
            with store_errors():
                person = cast(object, self.repository.get(pid))
        except AggregateNotFoundError:
            person = None
        if not isinstance(person, Person):
            raise UnknownPerson(
                _("no person with id {person} is registered").format(person=pid)
            )
        return person

    def _repair_forgetting(self) -> None:
        """Finish forgettings a crash interrupted, on opening the store.

        When other readers keep the keys' old bytes on disk this does not
        wait for them: the persons are forgotten, and the scrub is retried
        on the next open or :meth:`finish_forgetting`.
        """
        try:
            self.finish_forgetting(wait=0.0)
        except ForgettingIncomplete as error:
            _log.warning("%s", error)
