# SPDX-License-Identifier: EUPL-1.2
"""circleflow's own tables beside the events, in the same database.

The person keys, the log's hash chain and saved projections each keep a
small table next to ``eventsourcing``'s. :class:`SideTables` is one
connection to that database (SQLite or PostgreSQL, from the store's
settings) that runs a few statements in one transaction at a time. SQL is
written with ``{p}`` for each parameter.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping
from typing import Any

from circleflow.errors import StoreError
from circleflow.store import connect_postgres
from circleflow.store_errors import store_errors

Statement = tuple[str, tuple[Any, ...]]


class SideTables:
    """One connection for circleflow's own tables of a store."""

    def __init__(
        self, env: Mapping[str, str], *, sync_each_commit: bool = True
    ) -> None:
        self.module = env["PERSISTENCE_MODULE"]
        if self.module not in ("eventsourcing.sqlite", "eventsourcing.postgres"):
            raise StoreError(
                "this needs an SQLite or PostgreSQL store, not one in memory"
            )
        self._env = dict(env)
        self._sync = sync_each_commit
        self._lock = threading.Lock()
        self._connection: Any = None

    @property
    def is_sqlite(self) -> bool:
        return self.module == "eventsourcing.sqlite"

    def execute(self, *statements: Statement) -> list[Any]:
        """Run ``statements`` in one transaction; the rows of the last one."""
        rows: list[Any] = []
        marker = "?" if self.is_sqlite else "%s"
        with self._lock, store_errors():
            connection = self._connect()
            if self.is_sqlite:
                with connection:
                    for sql, parameters in statements:
                        cursor = connection.execute(sql.format(p=marker), parameters)
                        rows = cursor.fetchall()
                return rows
            with connection.transaction():
                for sql, parameters in statements:
                    cursor = connection.execute(sql.format(p=marker), parameters)
                    rows = cursor.fetchall() if cursor.description else []
            return rows

    def scrub(self, table: str) -> None:
        """Make deleted rows of ``table`` unreachable on disk."""
        with self._lock, store_errors():
            connection = self._connect()
            if self.is_sqlite:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                connection.execute(f"VACUUM {table}")

    def _connect(self) -> Any:
        if self._connection is None:
            if self.is_sqlite:
                connection = sqlite3.connect(
                    self._env["SQLITE_DBNAME"],
                    timeout=float(self._env.get("SQLITE_LOCK_TIMEOUT", "10")),
                    check_same_thread=False,
                )
                connection.execute("PRAGMA secure_delete = ON")
                connection.execute("PRAGMA journal_mode = WAL")
                if not self._sync:
                    connection.execute("PRAGMA synchronous = NORMAL")
                self._connection = connection
            else:
                self._connection = connect_postgres(self._env, autocommit=True)
        return self._connection
