# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""SQLite stores: eventsourcing's, safe to open and close from many places.

:class:`Factory` is the persistence module :func:`circleflow.store.store_env`
names for an SQLite file. It is ``eventsourcing``'s, with two changes:

- Switching a new file to write-ahead logging (``PRAGMA journal_mode =
  WAL``) needs a lock that SQLite does not wait for: the busy timeout does
  not apply, so processes opening one new file together could fail at once
  with "database is locked". :func:`use_wal` tries again until the store's
  lock timeout (``SQLITE_LOCK_TIMEOUT``) has passed, before the first
  connection of the pool is made; circleflow's own connections use it too.
- Closing waits for the reads and writes of other threads to finish and
  refuses new ones with a :class:`StoreError` (see :mod:`circleflow.closing`),
  instead of closing connections that are in use.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager

from eventsourcing import sqlite
from eventsourcing.utils import Environment, EnvType

from circleflow.closing import Gate

#: Seconds SQLite waits for a lock when the store does not say.
DEFAULT_LOCK_TIMEOUT = 10.0


def use_wal(connection: sqlite3.Connection, timeout: float) -> None:
    """Put the database of ``connection`` in write-ahead-log mode, trying
    again for up to ``timeout`` seconds while another connection holds the
    lock this needs."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as error:
            left = deadline - time.monotonic()
            if "locked" not in str(error) or left <= 0:
                raise
            time.sleep(min(pause, left))
            pause = min(pause * 2, 0.05)


class Factory(sqlite.SQLiteFactory):
    """eventsourcing's SQLite factory, opened and closed safely (see above)."""

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        # The same datastore and pool, with the behaviour above (neither has
        # made a connection yet, and eventsourcing offers no way to choose
        # their classes).
        datastore = self.datastore
        datastore.gate = Gate()  # type: ignore[attr-defined]
        datastore.__class__ = Datastore
        datastore.pool.__class__ = ConnectionPool


class Datastore(sqlite.SQLiteDatastore):
    """eventsourcing's SQLite datastore, closed only when nobody uses it."""

    gate: Gate

    @contextmanager
    def get_connection(self, *, commit: bool) -> Iterator[sqlite.SQLiteConnection]:
        with self.gate.passing(), super().get_connection(commit=commit) as connection:
            yield connection

    def close(self) -> None:
        gate = getattr(self, "gate", None)
        if gate is not None:
            gate.close()
        super().close()


class ConnectionPool(sqlite.SQLiteConnectionPool):
    """eventsourcing's SQLite pool, switching a new file to WAL with retries."""

    def _create_connection(self) -> sqlite.SQLiteConnection:
        writable = "mode=ro" not in self.db_name
        if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal and writable:
            timeout = float(self.lock_timeout or DEFAULT_LOCK_TIMEOUT)
            try:
                connection = sqlite3.connect(self.db_name, uri=True, timeout=timeout)
            except sqlite3.Error:
                pass  # eventsourcing says why it cannot be opened
            else:
                with closing(connection):
                    use_wal(connection, timeout)
                self.is_journal_mode_wal = True
        return super()._create_connection()
