# SPDX-License-Identifier: EUPL-1.2
"""Where projections keep their read model and the position it reached.

One row per projection holds both, written in one transaction, so a
projection never resumes from a position its read model does not match.
The store is chosen by URL, like a circle store: ``memory:``, an SQLite
file, or ``postgresql://``; it may be the circle store itself (the table
``circleflow_projections`` sits beside the events) or another database.

A row is only replaced by one further along, so two processes catching up
the same projection do not set each other back.

A saved read model may hold personal data (names in reports). When a row is
deleted (:meth:`ProjectionStore.forget`) or replaced after a person was
forgotten (``save(..., scrub=True)``), its old bytes are scrubbed from the
disk the way destroyed keys are: SQLite overwrites them (``secure_delete``
and a checkpoint that must finish), PostgreSQL vacuums the table.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from circleflow import ForgettingIncomplete, StoreError, store_env
from circleflow.person_keys import SCRUB_SECONDS
from circleflow.side_tables import SideTables
from circleflow.store import describe
from circleflow_adapters.projection import Projection

_TABLE = "circleflow_projections"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {_TABLE} ("
    " name TEXT PRIMARY KEY,"
    " position BIGINT NOT NULL,"
    " model TEXT NOT NULL,"
    " saved_at TEXT NOT NULL)"
)
_UPSERT = (
    f"INSERT INTO {_TABLE} (name, position, model, saved_at)"
    " VALUES ({p}, {p}, {p}, {p})"
    " ON CONFLICT (name) DO UPDATE SET position = excluded.position,"
    " model = excluded.model, saved_at = excluded.saved_at"
    f" WHERE {_TABLE}.position < excluded.position"
)


class ProjectionStore:
    """Saved read models of projections, by projection name."""

    def __init__(self, url: str) -> None:
        self.url = url
        env = store_env(url)
        self._module = env["PERSISTENCE_MODULE"]
        self._memory: dict[str, tuple[int, str]] = {}
        #: How long scrubbing waits for other readers of an SQLite store.
        self.scrub_seconds = SCRUB_SECONDS
        self._tables: SideTables | None = None
        if self._module != "eventsourcing.popo":
            self._tables = SideTables(env)
            self._tables.execute((_CREATE, ()))

    def load(self, name: str) -> tuple[int, dict[str, Any]] | None:
        """The saved position and read model of ``name``, or None."""
        if self._module == "eventsourcing.popo":
            row = self._memory.get(name)
        else:
            assert self._tables is not None
            rows = self._tables.execute(
                (f"SELECT position, model FROM {_TABLE} WHERE name = {{p}}", (name,))
            )
            row = rows[0] if rows else None
        if row is None:
            return None
        try:
            position, model = int(row[0]), json.loads(row[1])
        except (TypeError, ValueError):
            raise _corrupt(name) from None
        if not isinstance(model, dict):
            raise _corrupt(name)
        return position, model

    def resume(self, projection: Projection) -> None:
        """Load the saved read model into ``projection`` if it is further
        along than the projection is now."""
        saved = self.load(_name(projection))
        if saved is not None and saved[0] > projection.position:
            try:
                projection.load_plain(saved[1])
            except (TypeError, ValueError, KeyError, AttributeError):
                raise _corrupt(_name(projection)) from None
            projection.position = saved[0]

    def save(self, projection: Projection, *, scrub: bool = False) -> None:
        """Save the projection's read model and position together; with
        ``scrub``, also overwrite the model saved before on disk (see
        :meth:`finish_forgetting`)."""
        name = _name(projection)
        model = json.dumps(projection.to_plain(), ensure_ascii=False, sort_keys=True)
        if self._module == "eventsourcing.popo":
            saved = self._memory.get(name)
            if saved is None or saved[0] < projection.position:
                self._memory[name] = (projection.position, model)
            return
        saved_at = datetime.now(UTC).isoformat()
        assert self._tables is not None
        self._tables.execute((_UPSERT, (name, projection.position, model, saved_at)))
        if scrub:
            self.finish_forgetting()

    def forget(self, name: str) -> None:
        """Drop the saved read model of ``name``, also from the disk; it is
        rebuilt from events."""
        if self._module == "eventsourcing.popo":
            self._memory.pop(name, None)
            return
        assert self._tables is not None
        self._tables.execute((f"DELETE FROM {_TABLE} WHERE name = {{p}}", (name,)))
        self.finish_forgetting()

    def finish_forgetting(self) -> None:
        """Overwrite on disk the read models deleted or replaced so far.

        Raises :class:`ForgettingIncomplete` when other connections still
        read an older snapshot of an SQLite store after
        :attr:`scrub_seconds`; call this again once they are done.
        """
        if self._tables is None or self._tables.scrub(_TABLE, wait=self.scrub_seconds):
            return
        raise ForgettingIncomplete(
            f"saved read models in {describe(self.url)} were deleted or replaced, "
            "but another connection is still reading an older snapshot of the "
            "store, so their old bytes may remain in its -wal file until it is "
            "done; then call ProjectionStore.finish_forgetting() to overwrite them"
        )


def _corrupt(name: str) -> StoreError:
    return StoreError(
        f"the saved read model of projection {name!r} is corrupt; rebuild it "
        f"from the events with ProjectionStore.forget({name!r})"
    )


def _name(projection: Projection) -> str:
    if not projection.name:
        raise StoreError(
            f"{type(projection).__name__} has no name, so it cannot be saved"
        )
    return projection.name
