# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""One encryption key per person, so that a person can be forgotten.

Personal text in events (names, contact data, free text about a member; see
:mod:`circleflow.personal_data`) is stored encrypted with the key of the
person it is about. Forgetting a person destroys their key: the events stay,
in order and complete, but that person's text can no longer be read
("crypto-shredding"). The keys live in the table ``circleflow_person_keys``
beside the events; a forgotten person keeps a row without a key, so no new
personal data about them can be recorded by mistake.

Forgetting destroys the key first, in one transaction with a note in
``circleflow_forgetting`` that the forgetting is pending (who, by whom,
from where, when). A crash after that leaves the key destroyed, the safe
side, and the note tells :class:`~circleflow.Circles` what is left to do
when the store is next opened: record ``PersonForgotten`` and scrub.

Scrubbing overwrites the key on disk: in SQLite, ``PRAGMA secure_delete``
zeroes the deleted row and a ``TRUNCATE`` checkpoint, which must finish,
puts that over the old page and empties the write-ahead log; in PostgreSQL
the table is vacuumed, while ``pg_wal``, WAL archives and backups keep
copies until they expire (``docs/personal-data.md`` says what an operator
must do). Each process trusts a key it read for
:data:`KEY_CACHE_SECONDS`; a person forgotten by another process is
forgotten here within that time. It keeps the keys (and ciphers) of the
:data:`KEY_CACHE_SIZE` persons it used last, so reading a log about any
number of persons takes the same memory; a batch of events reads
the keys of many persons in one query (see :meth:`PersonKeys.fetch`).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from attrs import frozen
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from circleflow.errors import ForgottenPerson
from circleflow.language import gettext
from circleflow.side_tables import SideTables, Statement

_TABLE = "circleflow_person_keys"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {_TABLE} ("
    " person TEXT PRIMARY KEY,"
    " key TEXT,"
    " created_at TEXT NOT NULL,"
    " forgotten_at TEXT)"
)

_PENDING = "circleflow_forgetting"
_CREATE_PENDING = (
    f"CREATE TABLE IF NOT EXISTS {_PENDING} ("
    " person TEXT PRIMARY KEY,"
    " actor TEXT NOT NULL,"
    " origin TEXT NOT NULL,"
    " forgotten_at TEXT NOT NULL)"
)

#: Key length in bytes (AES-256).
KEY_BYTES = 32

#: Seconds a process trusts a key it read before reading it again.
KEY_CACHE_SECONDS = 5.0

_V = TypeVar("_V")

#: How many persons' keys (and ciphers) a process keeps at most, the ones
#: it used last.
KEY_CACHE_SIZE = 4096

#: How many persons' keys one query reads at most.
_FETCH = 500

#: Seconds forgetting waits for other readers before it gives up scrubbing.
SCRUB_SECONDS = 10.0


class _Recent(OrderedDict[str, _V]):
    """A mapping that keeps only the ``size`` entries used last."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def recent(self, name: str) -> _V | None:
        """The entry of ``name`` (now the one used last), or None."""
        value = super().get(name)
        if value is not None:
            self.move_to_end(name)
        return value

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, value)
        self.move_to_end(name)
        while len(self) > self.size:
            self.popitem(last=False)


@frozen
class Forgetting:
    """A forgetting whose key is destroyed: who is forgotten, by whom, from
    where and when."""

    person: UUID
    actor: str
    origin: str
    at: datetime


class PersonKeys:
    """The key store of one circleflow store (see :func:`store_env`)."""

    def __init__(
        self, env: Mapping[str, str], tables: SideTables | None = None
    ) -> None:
        """``tables`` is the store's connection for circleflow's own tables,
        made here unless given (the owner of the store closes it)."""
        self._module = env["PERSISTENCE_MODULE"]
        self._lock = threading.Lock()
        # person: (key, or None once forgotten; when it was read)
        self._cache: _Recent[tuple[bytes | None, float]] = _Recent(KEY_CACHE_SIZE)
        self._ciphers: _Recent[AESGCM] = _Recent(KEY_CACHE_SIZE)
        # person without a key row: when that was read
        self._unkeyed: _Recent[float] = _Recent(KEY_CACHE_SIZE)
        self._forgettings = 0
        #: How long a key read from the store is trusted before it is read
        #: again, so a person forgotten by another process is forgotten here
        #: too within this many seconds.
        self.cache_seconds = KEY_CACHE_SECONDS
        #: How long forgetting waits for other readers of an SQLite store
        #: to let go of the old bytes of a destroyed key (see :meth:`scrub`).
        self.scrub_seconds = SCRUB_SECONDS
        self._memory: dict[UUID, tuple[bytes | None, str]] = {}
        self._pending: dict[UUID, Forgetting] = {}
        self._tables: SideTables | None = None
        if self._module != "eventsourcing.popo":
            # A new key needs no sync of its own: the event sealed with it is
            # committed next, in the same write-ahead log, with a full sync
            # that makes both durable together.
            if tables is None:
                tables = SideTables(env, sync_each_commit=False)
            self._tables = tables
            self._tables.execute((_CREATE, ()), (_CREATE_PENDING, ()))

    def for_writing(self, person: UUID) -> bytes:
        """The key of ``person``, made on first use; refused once forgotten."""
        key = self._lookup(person)
        if key is None and self.is_forgotten(person):
            raise ForgottenPerson(
                gettext(
                    "person {person} has been forgotten; nothing new can be "
                    "recorded about them"
                ).format(person=person)
            )
        if key is None:
            key = self._create(person)
        return key

    def for_reading(self, person: UUID) -> bytes | None:
        """The key of ``person``, or None when they were forgotten (or never
        had one)."""
        return self._lookup(person)

    def cipher_for_writing(self, person: UUID | str) -> AESGCM:
        """An AES-GCM cipher with the key of ``person`` (see :meth:`for_writing`)."""
        key = self.for_writing(UUID(str(person)))
        return self._cipher(str(person), key)

    def cipher_for_reading(self, person: UUID | str) -> AESGCM | None:
        """An AES-GCM cipher with the key of ``person``, or None once forgotten."""
        key = self._lookup(person)
        return None if key is None else self._cipher(str(person), key)

    def _cipher(self, name: str, key: bytes) -> AESGCM:
        with self._lock:
            cipher: AESGCM | None = self._ciphers.recent(name)
        if cipher is None:
            cipher = AESGCM(key)
            with self._lock:
                self._ciphers[name] = cipher
        return cipher

    def fetch(self, persons: Iterable[str]) -> dict[str, bytes | None]:
        """The keys of ``persons`` (None for a forgotten one; a person
        without a key is left out), read in as few queries as can be: only
        those that this process does not trust any more (see
        :attr:`cache_seconds`) are read from the store."""
        now = time.monotonic()
        found: dict[str, bytes | None] = {}
        wanted = []
        with self._lock:
            for name in persons:
                cached = self._cache.recent(name)
                if cached is not None and now - cached[1] < self.cache_seconds:
                    found[name] = cached[0]
                else:
                    wanted.append(name)
        if self._tables is None:
            for name in wanted:
                row = self._row(UUID(name))
                if row is not None:
                    found[name] = None if row[0] is None else bytes.fromhex(row[0])
            return found
        for start in range(0, len(wanted), _FETCH):
            names = wanted[start : start + _FETCH]
            marks = ", ".join("{p}" for _ in names)
            rows = self._sql(
                (
                    f"SELECT person, key FROM {_TABLE} WHERE person IN ({marks})",
                    tuple(names),
                )
            )
            with self._lock:
                for name, key in rows:
                    stored = None if key is None else bytes.fromhex(key)
                    self._cache[name] = (stored, now)
                    if stored is None:
                        self._ciphers.pop(name, None)
                    found[name] = stored
        return found

    @property
    def forgettings(self) -> int:
        """How many times this process forgot someone: keys read before a
        forgetting are read again after it."""
        return self._forgettings

    def is_forgotten(self, person: UUID) -> bool:
        row = self._row(person)
        return row is not None and row[0] is None

    def forgotten(self, person: UUID | str) -> bool:
        """Whether ``person`` was forgotten, trusting what this process read
        in the last :attr:`cache_seconds` (as for keys)."""
        name, now = str(person), time.monotonic()
        with self._lock:
            cached = self._cache.recent(name)
            unkeyed = self._unkeyed.recent(name)
        if cached is not None and now - cached[1] < self.cache_seconds:
            return cached[0] is None
        if unkeyed is not None and now - unkeyed < self.cache_seconds:
            return False
        row = self._row(UUID(name))
        with self._lock:
            if row is None:
                self._unkeyed[name] = now
                return False
            key = None if row[0] is None else bytes.fromhex(row[0])
            self._cache[name] = (key, now)
        return key is None

    def forget(self, person: UUID, *, actor: str, origin: str) -> None:
        """Destroy the key of ``person``, keeping a row that says when, and
        note the forgetting as pending (by ``actor`` from ``origin``), all in
        one transaction.

        The pending note says what is still to be done: record
        ``PersonForgotten`` and scrub the key's old bytes from the disk
        (see :meth:`pending`, :meth:`scrub`, :meth:`finished`). A key once
        destroyed stays destroyed; forgetting again changes nothing.
        """
        now = datetime.now(UTC).isoformat()
        with self._lock:
            self._forgettings += 1
            self._cache[str(person)] = (None, time.monotonic())
            self._ciphers.pop(str(person), None)
            self._unkeyed.pop(str(person), None)
            if self._module == "eventsourcing.popo":
                stored = self._memory.get(person)
                if stored is None or stored[0] is not None:
                    self._memory[person] = (None, now)
                at = datetime.fromisoformat(now)
                self._pending.setdefault(person, Forgetting(person, actor, origin, at))
                return
        # The row is deleted, not updated, so that secure_delete overwrites
        # the key's bytes; a row without a key takes its place.
        self._sql(
            (
                f"DELETE FROM {_TABLE} WHERE person = {{p}} AND key IS NOT NULL",
                (str(person),),
            ),
            (
                f"INSERT INTO {_TABLE} (person, key, created_at, forgotten_at) "
                "VALUES ({p}, NULL, {p}, {p}) ON CONFLICT (person) DO NOTHING",
                (str(person), now, now),
            ),
            (
                f"INSERT INTO {_PENDING} (person, actor, origin, forgotten_at) "
                "VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (person) DO NOTHING",
                (str(person), actor, origin, now),
            ),
        )

    def pending(self) -> list[Forgetting]:
        """The forgettings whose key is destroyed but that are not finished."""
        if self._module == "eventsourcing.popo":
            with self._lock:
                return list(self._pending.values())
        rows = self._sql(
            (
                f"SELECT person, actor, origin, forgotten_at FROM {_PENDING} "
                "ORDER BY forgotten_at, person",
                (),
            )
        )
        return [
            Forgetting(UUID(p), actor, origin, datetime.fromisoformat(at))
            for p, actor, origin, at in rows
        ]

    def scrub(self, wait: float | None = None) -> bool:
        """Overwrite destroyed keys on disk; False when other readers of an
        SQLite store kept that from finishing within ``wait`` seconds
        (:attr:`scrub_seconds` unless given)."""
        if self._tables is None:
            return True
        seconds = self.scrub_seconds if wait is None else wait
        return self._tables.scrub(_TABLE, wait=seconds)

    def finished(self, persons: list[UUID]) -> None:
        """Drop the pending notes of ``persons``: their forgetting is done."""
        if self._module == "eventsourcing.popo":
            with self._lock:
                for person in persons:
                    self._pending.pop(person, None)
            return
        self._sql(
            *(
                (f"DELETE FROM {_PENDING} WHERE person = {{p}}", (str(person),))
                for person in persons
            )
        )

    # -- storage -------------------------------------------------------------------

    def _lookup(self, person: UUID | str) -> bytes | None:
        name, now = str(person), time.monotonic()
        with self._lock:
            cached = self._cache.recent(name)
        if cached is not None and now - cached[1] < self.cache_seconds:
            return cached[0]
        row = self._row(UUID(name))
        key = None if row is None or row[0] is None else bytes.fromhex(row[0])
        with self._lock:
            if row is not None:
                self._cache[name] = (key, now)
            if key is None:
                self._ciphers.pop(name, None)
        return key

    def _row(self, person: UUID) -> tuple[str | None, str] | None:
        if self._module == "eventsourcing.popo":
            with self._lock:
                stored = self._memory.get(person)
            if stored is None:
                return None
            return (None if stored[0] is None else stored[0].hex(), stored[1])
        rows = self._sql(
            (
                f"SELECT key, created_at FROM {_TABLE} WHERE person = {{p}}",
                (str(person),),
            )
        )
        return (rows[0][0], rows[0][1]) if rows else None

    def _create(self, person: UUID) -> bytes:
        key = os.urandom(KEY_BYTES)
        now = datetime.now(UTC).isoformat()
        if self._module == "eventsourcing.popo":
            with self._lock:
                self._memory.setdefault(person, (key, now))
        else:
            self._sql(
                (
                    f"INSERT INTO {_TABLE} (person, key, created_at) "
                    "VALUES ({p}, {p}, {p}) ON CONFLICT (person) DO NOTHING",
                    (str(person), key.hex(), now),
                )
            )
        # Another writer may have made the key first: use the stored one.
        with self._lock:
            self._cache.pop(str(person), None)
        stored = self._lookup(person)
        if stored is None:
            raise ForgottenPerson(
                gettext("person {person} has been forgotten").format(person=person)
            )
        return stored

    def _sql(self, *statements: Statement) -> list[Any]:
        assert self._tables is not None
        return self._tables.execute(*statements)
