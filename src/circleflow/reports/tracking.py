# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Where projections keep their read model and the position it reached.

A projection's read model is a set of keyed models (the circle report: one
per circle and one per person). The store keeps one row per key, and one
row per projection with the log position its rows match:

- ``circleflow_projection_positions``: ``name``, ``position``, ``saved_at``;
- ``circleflow_projection_models``: ``name``, ``key``, ``position`` (where
  the row was written), ``model`` (JSON), ``saved_at``.

A save writes the position and only the keys that changed since the last
save, in one transaction, so keeping a report current after one event costs
the same with ten circles as with ten thousand. Models are read one key at
a time when the projection needs them, together with the saved position,
and a projection keeps a bounded number of them in memory
(:attr:`Projection.cache_size`).

A save is refused when another process saved a position further along (or
the saved rows were forgotten meanwhile): the position is never set back,
and the projection goes on from what is saved. So two processes may keep
the same projection current; neither sets the other back.

The store is chosen by URL, like a circle store: ``memory:``, an SQLite
file, or ``postgresql://``; it may be the circle store itself (the tables
sit beside the events) or another database. The tables are created under
the store's schema lock, so processes opening a fresh database together
take turns. On SQLite a save is atomic but not synced to disk one by one
(``synchronous = NORMAL``): after a power failure the store may be a few
saves behind, never inconsistent, and the projection folds those events
again. Its write-ahead log is copied back every 10,000 pages (40 MB), not
every 1,000, so a rebuild syncs less often.

A saved read model may hold personal data (names in reports). When rows
are deleted (:meth:`ProjectionStore.forget`) or replaced after a person was
forgotten (``save(..., scrub=True)``), their old bytes are scrubbed from the
disk the way destroyed keys are: SQLite overwrites them (``secure_delete``
and a checkpoint that must finish), PostgreSQL vacuums the table.

Stores written by circleflow 0.1 kept a projection in one row of the table
``circleflow_projections``. Opening such a store deletes that table (and
scrubs its bytes): the read models are derived data, and each projection is
rebuilt from the events on its next catch-up.

To time keeping a report current::

    store = ProjectionStore(url)
    reports = CircleReports()
    reports.catch_up(app, store=store)  # resumes from what is saved
    # ... one more event is recorded ...
    reports.catch_up(app, store=store)  # folds it, writes the changed rows
    store.rows_written, store.rows_read  # model rows written and read so far

A fresh ``CircleReports()`` given the same store does the same: it reads
the saved position, then only the rows the new events need.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from circleflow import ForgettingIncomplete, StoreError, store_env
from circleflow.language import gettext
from circleflow.person_keys import SCRUB_SECONDS
from circleflow.side_tables import SideTables, Transaction
from circleflow.store import describe
from circleflow.store_errors import store_errors

if TYPE_CHECKING:
    from circleflow.reports.projection import Projection

POSITIONS = "circleflow_projection_positions"
MODELS = "circleflow_projection_models"
#: The table of circleflow 0.1: one JSON blob per projection.
OLD_TABLE = "circleflow_projections"
#: Pages of SQLite's write-ahead log after which a save copies them back.
_CHECKPOINT = 10_000


def _create(key_type: str) -> tuple[tuple[str, tuple[()]], ...]:
    """The tables; keys sort by their bytes, so a prefix is a range of the
    primary key."""
    return (
        (
            f"CREATE TABLE IF NOT EXISTS {POSITIONS} ("
            " name TEXT PRIMARY KEY,"
            " position BIGINT NOT NULL,"
            " saved_at TEXT NOT NULL)",
            (),
        ),
        (
            f"CREATE TABLE IF NOT EXISTS {MODELS} ("
            " name TEXT NOT NULL,"
            f" key {key_type} NOT NULL,"
            " position BIGINT NOT NULL,"
            " model TEXT NOT NULL,"
            " saved_at TEXT NOT NULL,"
            " PRIMARY KEY (name, key))",
            (),
        ),
    )


_MOVE_ON = (
    f"UPDATE {POSITIONS} SET position = {{p}}, saved_at = {{p}}"
    " WHERE name = {p} AND position >= {p} AND position < {p}"
)
_START = (
    f"INSERT INTO {POSITIONS} (name, position, saved_at) VALUES ({{p}}, {{p}}, {{p}})"
    " ON CONFLICT (name) DO NOTHING"
)
_WRITE = (
    f"INSERT INTO {MODELS} (name, key, position, model, saved_at)"
    " VALUES ({p}, {p}, {p}, {p}, {p})"
    " ON CONFLICT (name, key) DO UPDATE SET position = excluded.position,"
    " model = excluded.model, saved_at = excluded.saved_at"
)
_READ = (
    f"SELECT s.position, m.position, m.model FROM {POSITIONS} s"
    f" LEFT JOIN {MODELS} m ON m.name = s.name AND m.key = {{p}}"
    " WHERE s.name = {p}"
)


class Saved:
    """One key's saved model, read together with the projection's position."""

    __slots__ = ("model", "position", "written_at")

    def __init__(self, position: int, written_at: int | None, model: Any) -> None:
        #: The position the saved rows match (0 when nothing is saved).
        self.position = position
        #: Where this key's row was written (None: the key has no row).
        self.written_at = written_at
        #: The key's model as JSON values (None: the key has no row).
        self.model = model


class ProjectionStore:
    """Saved read models of projections: one row per projection and key."""

    def __init__(self, url: str) -> None:
        self.url = url
        env = store_env(url)
        self._module = env["PERSISTENCE_MODULE"]
        #: How long scrubbing waits for other readers of an SQLite store.
        self.scrub_seconds = SCRUB_SECONDS
        #: How many model rows this store object has written (for tests and
        #: benchmarks: keeping current writes only the keys that changed).
        self.rows_written = 0
        #: How many model rows this store object has read.
        self.rows_read = 0
        self._memory = _Memory() if self._module == "eventsourcing.popo" else None
        self._tables: SideTables | None = None
        if self._memory is None:
            self._tables = SideTables(env, sync_each_commit=False)
            try:
                self._create_tables()
            except BaseException:
                self.close()
                raise

    def _create_tables(self) -> None:
        assert self._tables is not None
        with store_errors(), self._tables.schema_lock():
            old = self._tables.has_table(OLD_TABLE)
            key_type = "TEXT" if self._tables.is_sqlite else 'TEXT COLLATE "C"'
            self._tables.execute(*_create(key_type))
            if old and not self._tables.read_only:
                self._tables.execute((f"DELETE FROM {OLD_TABLE}", ()))
                self._tables.execute((f"DROP TABLE {OLD_TABLE}", ()))
        if old and not self._tables.read_only:
            self._finish(OLD_TABLE)
        if self._tables.is_sqlite:
            # Fewer, larger checkpoints: a rebuild writes rows all over
            # the table, and each checkpoint syncs the pages it copies.
            self._tables.execute((f"PRAGMA wal_autocheckpoint = {_CHECKPOINT}", ()))

    def close(self) -> None:
        """Close the store's connection; any use after this is a
        :class:`StoreError`. Closing again does nothing."""
        if self._tables is not None:
            self._tables.close()

    def __enter__(self) -> ProjectionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def position(self, name: str) -> int:
        """The log position the saved read model of ``name`` matches; 0 when
        none is saved."""
        if self._memory is not None:
            return self._memory.position(name)
        assert self._tables is not None
        rows = self._tables.execute(
            (f"SELECT position FROM {POSITIONS} WHERE name = {{p}}", (name,))
        )
        return _whole(rows[0][0], name) if rows else 0

    def read(self, name: str, key: str) -> Saved:
        """The saved model of ``key`` and, read with it, the saved position."""
        if self._memory is not None:
            saved = self._memory.read(name, key)
            self.rows_read += saved.written_at is not None
            return saved
        assert self._tables is not None
        rows = self._tables.execute((_READ, (key, name)))
        if not rows:
            return Saved(0, None, None)
        position, written_at, model = rows[0]
        if written_at is None:
            return Saved(_whole(position, name), None, None)
        self.rows_read += 1
        try:
            plain = json.loads(model)
        except (TypeError, ValueError):
            raise corrupt(name) from None
        return Saved(_whole(position, name), _whole(written_at, name), plain)

    def keys(self, name: str, prefix: str = "") -> list[str]:
        """The saved keys of ``name`` that start with ``prefix``, sorted."""
        if self._memory is not None:
            return self._memory.keys(name, prefix)
        assert self._tables is not None
        sql = f"SELECT key FROM {MODELS} WHERE name = {{p}}"
        parameters: tuple[str, ...] = (name,)
        if prefix:
            sql += " AND key >= {p} AND key < {p}"
            parameters += (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1))
        rows = self._tables.execute((sql + " ORDER BY key", parameters))
        return [str(row[0]) for row in rows]

    def write(
        self,
        name: str,
        *,
        base: int,
        position: int,
        models: dict[str, Any],
        scrub: bool = False,
    ) -> bool:
        """Save ``models`` (key → JSON values) at ``position``, in one
        transaction with the position; whether it was saved.

        ``base`` is the saved position the projection's other models match.
        The save is refused, and nothing is written, unless the saved
        position is at least ``base`` and short of ``position``: another
        process saved further along, or the saved rows were forgotten.
        With ``scrub``, the rows replaced are overwritten on disk too (see
        :meth:`finish_forgetting`).
        """
        rows = [
            (key, json.dumps(plain, ensure_ascii=False, sort_keys=True))
            for key, plain in models.items()
        ]
        saved_at = datetime.now(UTC).isoformat()
        if self._memory is not None:
            saved = self._memory.write(name, base, position, rows, saved_at)
        else:
            assert self._tables is not None
            with self._tables.transaction() as transaction:
                saved = _move_on(transaction, name, base, position, saved_at)
                if saved:
                    transaction.executemany(
                        _WRITE,
                        [(name, k, position, m, saved_at) for k, m in rows],
                    )
        if saved:
            self.rows_written += len(rows)
            if scrub:
                self.finish_forgetting()
        return saved

    def resume(self, projection: Projection) -> None:
        """Go on from the saved read model when it is further along than
        ``projection`` (see :meth:`Projection.use`)."""
        projection.use(self)

    def save(self, projection: Projection, *, scrub: bool = False) -> None:
        """Save what changed in ``projection`` since its last save, unless a
        read model further along is saved; with ``scrub``, also overwrite
        the rows replaced on disk (see :meth:`finish_forgetting`)."""
        projection.use(self)
        projection.save(scrub=scrub)

    def forget(self, name: str) -> None:
        """Drop the saved read model of ``name``, also from the disk; it is
        rebuilt from the events."""
        if self._memory is not None:
            self._memory.forget(name)
            return
        assert self._tables is not None
        self._tables.execute(
            (f"DELETE FROM {MODELS} WHERE name = {{p}}", (name,)),
            (f"DELETE FROM {POSITIONS} WHERE name = {{p}}", (name,)),
        )
        self.finish_forgetting()

    def finish_forgetting(self) -> None:
        """Overwrite on disk the read models deleted or replaced so far.

        Raises :class:`ForgettingIncomplete` when other connections still
        read an older snapshot of an SQLite store after
        :attr:`scrub_seconds`; call this again once they are done.
        """
        self._finish(MODELS)

    def _finish(self, table: str) -> None:
        if self._tables is None or self._tables.scrub(table, wait=self.scrub_seconds):
            return
        raise ForgettingIncomplete(
            gettext(
                "saved read models in {store} were deleted or replaced, but "
                "another connection is still reading an older snapshot of the "
                "store, so their old bytes may remain in its -wal file until it "
                "is done; then call ProjectionStore.finish_forgetting() to "
                "overwrite them"
            ).format(store=describe(self.url))
        )


def _move_on(
    transaction: Transaction, name: str, base: int, position: int, saved_at: str
) -> bool:
    """Set the saved position of ``name`` to ``position`` if it is in
    ``[base, position)``, or if none is saved and ``base`` is 0."""
    moved = transaction.execute(_MOVE_ON, (position, saved_at, name, base, position))
    if moved.rowcount == 1:
        return True
    if base != 0:
        return False
    started = transaction.execute(_START, (name, position, saved_at))
    return bool(started.rowcount == 1)


class _Memory:
    """The rows of a ``memory:`` projection store, for tests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._positions: dict[str, int] = {}
        self._models: dict[str, dict[str, tuple[int, str]]] = {}

    def position(self, name: str) -> int:
        return self._positions.get(name, 0)

    def read(self, name: str, key: str) -> Saved:
        with self._lock:
            position = self._positions.get(name, 0)
            row = self._models.get(name, {}).get(key)
        if row is None:
            return Saved(position, None, None)
        return Saved(position, row[0], json.loads(row[1]))

    def keys(self, name: str, prefix: str) -> list[str]:
        with self._lock:
            return sorted(k for k in self._models.get(name, {}) if k.startswith(prefix))

    def write(
        self,
        name: str,
        base: int,
        position: int,
        rows: list[tuple[str, str]],
        saved_at: str,
    ) -> bool:
        with self._lock:
            saved = self._positions.get(name)
            if saved is None and base != 0:
                return False
            if saved is not None and not base <= saved < position:
                return False
            self._positions[name] = position
            models = self._models.setdefault(name, {})
            for key, model in rows:
                models[key] = (position, model)
            return True

    def forget(self, name: str) -> None:
        with self._lock:
            self._positions.pop(name, None)
            self._models.pop(name, None)


def _whole(value: Any, name: str) -> int:
    """A saved position, or a clear error when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise corrupt(name)


def corrupt(name: str) -> StoreError:
    """The error for a saved read model of ``name`` that cannot be read."""
    return StoreError(
        f"the saved read model of projection {name!r} is corrupt; rebuild it "
        f"from the events with ProjectionStore.forget({name!r})"
    )
