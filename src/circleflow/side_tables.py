# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""circleflow's own tables beside the events, in the same database.

The person keys, the log's hash chain and saved projections each keep a
small table next to ``eventsourcing``'s. :class:`SideTables` is one
connection to that database (SQLite or PostgreSQL, from the store's
settings) that runs a few statements in one transaction at a time. SQL is
written with ``{p}`` for each parameter.

On a store opened read-only (see :func:`circleflow.store.store_env`) the
connection cannot write, and a table that is missing is not made: the
``CREATE TABLE IF NOT EXISTS`` statements are passed over.

One open store shares one :class:`SideTables` among its parts (a
:class:`~circleflow.Circles` among its person keys and, on PostgreSQL, its
log chain), so each store costs the server one connection for them; the
same connection holds the schema lock while tables are made
(:meth:`SideTables.schema_lock`). :meth:`SideTables.close` waits for the
statement under way and closes the connection; using it after that is a
:class:`StoreError`.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from circleflow.closing import CLOSED
from circleflow.errors import StoreError
from circleflow.store import (
    READ_ONLY,
    connect_postgres,
    create_store_file,
    is_postgres,
    is_sqlite,
    postgres_errors,
    schema_lock,
)
from circleflow.store_errors import store_errors

Statement = tuple[str, tuple[Any, ...]]


class SideTables:
    """One connection for circleflow's own tables of a store."""

    def __init__(
        self, env: Mapping[str, str], *, sync_each_commit: bool = True
    ) -> None:
        self.module = env["PERSISTENCE_MODULE"]
        if not is_sqlite(env) and not is_postgres(env):
            raise StoreError(
                "this needs an SQLite or PostgreSQL store, not one in memory"
            )
        self._env = dict(env)
        self.read_only = env.get(READ_ONLY) == "y"
        self._sync = sync_each_commit
        self._lock = threading.Lock()
        self._connection: Any = None
        self._closed = False

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self._env)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close the connection, after the statement under way; any use
        after this is a :class:`StoreError`. Closing again does nothing."""
        with self._lock:
            self._closed = True
            connection, self._connection = self._connection, None
            if connection is not None:
                connection.close()

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """Inside, this store's schema lock is held (on PostgreSQL, with this
        connection; see :func:`circleflow.store.schema_lock`)."""
        if not is_postgres(self._env):
            yield
            return
        with self._lock, store_errors():
            connection = self._connect()
        with schema_lock(self._env, connection):
            yield

    def execute(self, *statements: Statement) -> list[Any]:
        """Run ``statements`` in one transaction; the rows of the last one."""
        rows: list[Any] = []
        marker = "?" if self.is_sqlite else "%s"
        if self.read_only:
            statements = tuple(
                (sql, parameters)
                for sql, parameters in statements
                if not sql.startswith("CREATE TABLE IF NOT EXISTS")
            )
        with self._lock, store_errors():
            connection = self._connect()
            if self.is_sqlite:
                with connection:
                    for sql, parameters in statements:
                        cursor = connection.execute(sql.format(p=marker), parameters)
                        rows = cursor.fetchall()
                return rows
            with postgres_errors(self._env), connection.transaction():
                for sql, parameters in statements:
                    cursor = connection.execute(sql.format(p=marker), parameters)
                    rows = cursor.fetchall() if cursor.description else []
            return rows

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One transaction for statements that depend on each other's
        results: committed when the block ends, rolled back when it raises."""
        marker = "?" if self.is_sqlite else "%s"
        with self._lock, store_errors():
            connection = self._connect()
            if self.is_sqlite:
                with connection:
                    yield Transaction(connection, marker)
                return
            with postgres_errors(self._env), connection.transaction():
                yield Transaction(connection, marker)

    def has_table(self, table: str) -> bool:
        """Whether the store holds ``table``."""
        if self.is_sqlite:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = {p}"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE tablename = {p}"
        return bool(self.execute((sql, (table,))))

    def scrub(self, table: str, *, wait: float = 10.0) -> bool:
        """Overwrite on disk what was deleted from ``table``; whether it is done.

        SQLite has already zeroed deleted rows in the pages it wrote to the
        write-ahead log (``secure_delete``); a ``TRUNCATE`` checkpoint copies
        those pages over the old ones in the database file and empties the
        log, which held the old pages. It cannot finish while another
        connection reads an older snapshot: this waits up to ``wait``
        seconds for such readers, then returns False. Scrubbing again later
        finishes it. PostgreSQL vacuums the table.
        """
        with self._lock, store_errors():
            connection = self._connect()
            if not self.is_sqlite:
                with postgres_errors(self._env):
                    connection.execute(f"VACUUM {table}")
                return True
            return self._checkpoint(connection, time.monotonic() + wait)

    def _checkpoint(self, connection: sqlite3.Connection, deadline: float) -> bool:
        """Checkpoint and truncate the log, trying again until ``deadline``."""
        lock_timeout = self._lock_timeout()
        try:
            while True:
                left = max(0.0, deadline - time.monotonic())
                connection.execute(f"PRAGMA busy_timeout = {int(left * 1000)}")
                busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if busy is None or busy[0] == 0:
                    return True
                if left == 0.0:
                    return False
                time.sleep(min(0.05, left))
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")

    def _prepare_sqlite(self, connection: sqlite3.Connection) -> None:
        """Settings of a new SQLite connection that writes; closed when they
        cannot be made."""
        from circleflow.sqlite import use_wal

        try:
            connection.execute("PRAGMA secure_delete = ON")
            use_wal(connection, self._lock_timeout())
            if not self._sync:
                connection.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            connection.close()
            raise

    def _lock_timeout(self) -> float:
        return float(self._env.get("SQLITE_LOCK_TIMEOUT", "10"))

    def _connect(self) -> Any:
        if self._closed:
            raise StoreError(CLOSED)
        if self._connection is None:
            if self.is_sqlite:
                if not self.read_only:
                    create_store_file(self._env)
                connection = sqlite3.connect(
                    self._env["SQLITE_DBNAME"],
                    timeout=self._lock_timeout(),
                    check_same_thread=False,
                    uri=self.read_only,
                )
                if not self.read_only:
                    self._prepare_sqlite(connection)
                self._connection = connection
            else:
                connection = connect_postgres(self._env, autocommit=True)
                if self.read_only:
                    connection.execute(
                        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
                    )
                self._connection = connection
        return self._connection


class Transaction:
    """Statements run inside :meth:`SideTables.transaction`."""

    def __init__(self, connection: Any, marker: str) -> None:
        self._connection = connection
        self._marker = marker

    def execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
        """Run one statement; its cursor (``fetchall``, ``rowcount``)."""
        return self._connection.execute(sql.format(p=self._marker), parameters)

    def executemany(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Run one statement once for each of ``rows``."""
        if rows:
            cursor = self._connection.cursor()
            cursor.executemany(sql.format(p=self._marker), rows)
