# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Tamper evidence for the event log: a hash chain over the stored events.

:meth:`LogChain.extend` links every stored event not yet in the chain: the
digest of event *n* is SHA-256 over the digest of event *n - 1* and the
event exactly as stored (its log position, aggregate id, version, type and
stored bytes). The digests live in the table ``circleflow_log_chain`` beside
the events. :meth:`LogChain.verify` reads the log again and recomputes the
chain: an event that was changed, removed or slipped in after it was
chained breaks it at that position. A broken chain is never extended.

What else the store holds is checked against the events: every snapshot
must be the state its aggregate's events lead to, and every destroyed key
must have its recorded forgetting (and every recorded forgetting its
destroyed key). Forgetting a person destroys a key and changes no event, so
it leaves the chain intact.

Whoever can write the database can also rewrite or empty the chain. Keep a
copy of the head (:attr:`Verification.head`) outside the database and give
it to :meth:`LogChain.verify`: a chain that no longer holds it was cut short
or rewritten. See ``docs/tamper-evidence.md``.

Processes may open and extend one chain at the same time: the table is made
under the store's schema lock, and a link another process stored first is
kept when it is the same (see :meth:`LogChain.extend`). On PostgreSQL a
chain shares the connection of its :class:`~circleflow.Circles` for
circleflow's own tables; :meth:`LogChain.close` closes what it opened
itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from attrs import frozen
from eventsourcing.persistence import Notification

from circleflow.errors import ChainBroken, InvalidInput, StoreError
from circleflow.language import gettext
from circleflow.side_tables import SideTables, Statement
from circleflow.store import describe, is_postgres, store_env

_TABLE = "circleflow_log_chain"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {_TABLE} ("
    " position BIGINT PRIMARY KEY,"
    " digest TEXT NOT NULL)"
)
_INSERT = (
    f"INSERT INTO {_TABLE} (position, digest) VALUES ({{p}}, {{p}})"
    " ON CONFLICT (position) DO NOTHING"
)
_LINKS = (
    f"SELECT position, digest FROM {_TABLE}"
    " WHERE position >= {p} AND position <= {p} ORDER BY position"
)
_KEYS = "circleflow_person_keys"
_GENESIS = "0" * 64
_BATCH = 1000
#: The persons a sealed text in a stored event was sealed for.
_SEALED_FOR = re.compile(rb"sealed:v1:([0-9a-f,-]+):")


@frozen
class Verification:
    """What :meth:`LogChain.verify` found."""

    #: Events whose digest was recomputed and matched.
    checked: int
    #: The digest of the last event checked (the chain's head).
    head: str
    #: The log position where the chain breaks, or None when it holds.
    broken_at: int | None = None
    #: What is wrong at ``broken_at``.
    problem: str = ""
    #: Stored events the chain does not cover: recorded since the last
    #: :meth:`LogChain.extend`, or left out by a chain cut short.
    unchained: int = 0
    #: What else does not match the chained events, one line each:
    #: snapshots, destroyed keys, a head kept elsewhere.
    findings: tuple[str, ...] = ()

    @property
    def intact(self) -> bool:
        """The chain holds and nothing else contradicts it."""
        return self.broken_at is None and not self.findings

    @property
    def complete(self) -> bool:
        """Intact, and every stored event is in the chain."""
        return self.intact and self.unchained == 0


def _digest(previous: str, notification: Notification) -> str:
    record = (
        f"{notification.id}|{notification.originator_id}|"
        f"{notification.originator_version}|{notification.topic}|"
    ).encode()
    return hashlib.sha256(
        bytes.fromhex(previous) + record + notification.state
    ).hexdigest()


def _person_event(topic: str) -> str:
    """``PersonRegistered`` or ``PersonForgotten`` for a person's event, else ''."""
    name = topic.rpartition(":")[2]
    return name.removeprefix("Person.") if name.startswith("Person.") else ""


class _Persons:
    """What the stored events say about persons' keys."""

    def __init__(self) -> None:
        self.sealed_for: set[str] = set()
        self.forgotten: set[str] = set()

    def note(self, notification: Notification) -> None:
        if _person_event(notification.topic) == "PersonForgotten":
            self.forgotten.add(str(notification.originator_id))
        for persons in _SEALED_FOR.findall(notification.state):
            self.sealed_for.update(persons.decode().split(","))


class LogChain:
    """The hash chain over one store's event log."""

    def __init__(self, app: Any) -> None:
        """``app`` is a :class:`~circleflow.Circles` on an SQLite or
        PostgreSQL store (opened ``read_only`` to verify without writing)."""
        self._app = app
        env = store_env(app.store_url, read_only=getattr(app, "read_only", False))
        shared = getattr(app, "side_tables", None)
        if is_postgres(env) and isinstance(shared, SideTables):
            self._tables, self._own = shared, False
        else:
            self._tables, self._own = SideTables(env), True
        try:
            with self._tables.schema_lock():
                self._tables.execute((_CREATE, ()))
        except BaseException:
            self.close()
            raise
        #: The log position and digest of the chain's last event, as far as
        #: this object last read or extended it.
        self.last: tuple[int, str] = (0, _GENESIS)

    def close(self) -> None:
        """Close the connection this chain opened itself (not one it shares
        with its :class:`~circleflow.Circles`)."""
        if self._own:
            self._tables.close()

    def extend(self) -> int:
        """Link every event recorded since the chain's end; returns how many.

        The chain is checked first: a broken one raises :class:`ChainBroken`
        and is not extended, so a changed event is never chained over. When
        another process extends the chain at the same time, a link it stored
        first is kept if it is the one computed here; a different one breaks
        the chain.
        """
        found, _, _ = self._walk(None)
        if found.broken_at is not None:
            raise ChainBroken(
                gettext(
                    "the chain is broken at log position {position}: {problem}; it "
                    "is not extended"
                ).format(position=found.broken_at, problem=found.problem)
            )
        position, digest = self.last
        linked = 0
        while True:
            batch = self._app.recorder.select_notifications(
                start=position + 1, limit=_BATCH
            )
            if not batch:
                return linked
            statements: list[Statement] = []
            links = []
            for notification in batch:
                digest = _digest(digest, notification)
                position = notification.id
                statements.append((_INSERT, (position, digest)))
                links.append((position, digest))
            statements.append((_LINKS, (links[0][0], position)))
            stored = dict(self._tables.execute(*statements))
            for link, expected in links:
                if str(stored.get(link)) != expected:
                    raise ChainBroken(
                        gettext(
                            "the chain is broken at log position {position}: another "
                            "process chained a different event there"
                        ).format(position=link)
                    )
            self.last = (position, digest)
            linked += len(batch)

    def verify(self, head: str | None = None) -> Verification:
        """Recompute the chain from the stored events and compare; check the
        snapshots and the destroyed keys against the events.

        ``head`` is a digest kept elsewhere (printed by an earlier
        :meth:`extend`): the recomputed chain must still hold it.
        """
        if head is not None:
            head = head.strip().lower()
            if not re.fullmatch(r"[0-9a-f]{64}", head):
                raise InvalidInput(gettext("a head is 64 hexadecimal digits"))
        found, head_found, persons = self._walk(head)
        if found.broken_at is not None:
            return found
        findings: list[str] = []
        if head is not None and not head_found:
            findings.append(
                gettext(
                    "the chain does not hold head {head}: it was cut short or rewritten"
                ).format(head=head)
            )
        findings += self._key_findings(persons)
        findings += self._snapshot_findings()
        return Verification(
            found.checked,
            found.head,
            unchained=found.unchained,
            findings=tuple(findings),
        )

    def _walk(self, head: str | None) -> tuple[Verification, bool, _Persons]:
        """Recompute the chain over every stored event; whether ``head`` is
        one of its digests; what the events say about persons."""
        if not self._tables.has_table(self._app.recorder.events_table_name):
            raise StoreError(
                gettext("no circleflow store at {store}").format(
                    store=describe(self._app.store_url)
                )
            )
        chained = self._chained()
        persons = _Persons()
        digest, checked, index, unchained = _GENESIS, 0, 0, 0
        head_found = head == _GENESIS
        self.last = (0, _GENESIS)

        def broken(position: int, problem: str) -> tuple[Verification, bool, _Persons]:
            return Verification(checked, digest, position, problem), False, persons

        for notification in self._notifications():
            persons.note(notification)
            if index == len(chained):
                unchained += 1
                continue
            position, expected = chained[index]
            if notification.id > position:
                return broken(position, gettext("a chained event is missing"))
            if notification.id < position:
                return broken(
                    notification.id, gettext("an event was added inside the chain")
                )
            digest = _digest(digest, notification)
            if digest != expected:
                return broken(
                    position, gettext("the event differs from the one chained")
                )
            checked += 1
            index += 1
            self.last = (position, digest)
            head_found = head_found or digest == head
        if index < len(chained):
            return broken(chained[index][0], gettext("a chained event is missing"))
        return Verification(checked, digest, unchained=unchained), head_found, persons

    def _chained(self) -> list[tuple[int, str]]:
        if not self._tables.has_table(_TABLE):
            return []
        rows = self._tables.execute(
            (f"SELECT position, digest FROM {_TABLE} ORDER BY position", ())
        )
        return [(int(p), str(d)) for p, d in rows]

    def _notifications(self) -> Iterator[Notification]:
        start = 1
        while True:
            batch = self._app.recorder.select_notifications(start=start, limit=_BATCH)
            yield from batch
            if len(batch) < _BATCH:
                return
            start = batch[-1].id + 1

    def _key_findings(self, persons: _Persons) -> list[str]:
        """Every destroyed key has its recorded forgetting, and back."""
        rows = []
        if self._tables.has_table(_KEYS):
            rows = self._tables.execute(
                (f"SELECT person, key IS NULL FROM {_KEYS}", ())
            )
        destroyed = {str(person) for person, gone in rows if gone}
        kept = {str(person) for person, gone in rows if not gone}
        findings = []
        for person in sorted(destroyed - persons.forgotten):
            findings.append(
                gettext(
                    "the key of person {person} was destroyed but no forgetting "
                    "is recorded (an interrupted forgetting, or a key destroyed "
                    "outside circleflow)"
                ).format(person=person)
            )
        for person in sorted(persons.forgotten - destroyed):
            findings.append(
                gettext(
                    "person {person} is recorded as forgotten but the key table "
                    "does not say so"
                ).format(person=person)
            )
        for person in sorted(persons.sealed_for - kept - destroyed):
            findings.append(
                gettext(
                    "the key of person {person} was deleted but no forgetting is "
                    "recorded"
                ).format(person=person)
            )
        return findings

    def _snapshot_findings(self) -> list[str]:
        """Every snapshot is the state its aggregate's events lead to."""
        snapshots = self._app.snapshots
        if snapshots is None:
            return []
        table = snapshots.recorder.events_table_name
        if not self._tables.has_table(table):
            return []
        rows = self._tables.execute((f"SELECT DISTINCT originator_id FROM {table}", ()))
        findings = []
        for aggregate_id in sorted(UUID(str(row[0])) for row in rows):
            for version in self._forged_snapshots(aggregate_id):
                findings.append(
                    gettext(
                        "the snapshot of {aggregate} at version {version} does not "
                        "match its events"
                    ).format(aggregate=aggregate_id, version=version)
                )
        return findings

    def _forged_snapshots(self, aggregate_id: UUID) -> list[int]:
        """The versions of the snapshots of ``aggregate_id`` that differ from
        the state its stored events lead to."""
        try:
            taken = {
                s.originator_version: s for s in self._app.snapshots.get(aggregate_id)
            }
        except Exception:  # an unreadable snapshot is a forged one
            recorder = self._app.snapshots.recorder
            stored = recorder.select_events(aggregate_id)
            return sorted(event.originator_version for event in stored)
        forged = []
        aggregate = None
        for event in self._app.events.get(aggregate_id):
            aggregate = event.mutate(aggregate)
            snapshot = taken.pop(event.originator_version, None)
            if snapshot is not None and not _same(snapshot, aggregate):
                forged.append(snapshot.originator_version)
        return sorted([*forged, *taken])


def _same(snapshot: Any, aggregate: Any) -> bool:
    """Whether ``snapshot`` holds the state of ``aggregate``."""
    try:
        restored = snapshot.mutate(None)
    except Exception:  # a snapshot that cannot be restored matches nothing
        return False
    return type(restored) is type(aggregate) and _state(restored) == _state(aggregate)


def _state(aggregate: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}
