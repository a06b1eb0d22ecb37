# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Keeping the latest few snapshots of an aggregate, and no more.

A snapshot holds an aggregate's whole state, so keeping every one costs
O(age²) bytes for a circle that grows by a meeting at a time. Loading needs
only the newest; :func:`prune` drops the older ones, on SQLite, PostgreSQL
and in memory, right after a new one is written. Older stores that kept
every snapshot lose their surplus the next time a circle is snapshotted.

A reader that picked a snapshot just before it was pruned still has it: it
was read whole, and the events after it stay in the store.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from eventsourcing.persistence import AggregateRecorder

#: How many snapshots of each aggregate are kept unless told otherwise.
KEPT = 2


def prune(recorder: AggregateRecorder, aggregate_id: UUID, *, keep: int) -> None:
    """Delete all but the ``keep`` newest snapshots of ``aggregate_id``
    from the snapshot ``recorder``. A recorder of an unknown kind is left
    as it is (nothing is lost, only space)."""
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    # A recorder's module is loaded before the recorder exists: only the
    # loaded ones need asking (and importing the others would cost time).
    if isinstance(recorder, _loaded("eventsourcing.sqlite", "SQLiteAggregateRecorder")):
        _prune_sqlite(recorder, aggregate_id, keep)
    elif isinstance(recorder, _loaded("eventsourcing.popo", "POPOAggregateRecorder")):
        _prune_memory(recorder, aggregate_id, keep)
    elif isinstance(
        recorder, _loaded("eventsourcing.postgres", "PostgresAggregateRecorder")
    ):
        _prune_postgres(recorder, aggregate_id, keep)


def _loaded(module: str, name: str) -> tuple[type, ...]:
    """The class ``name`` of ``module`` if that module is loaded (else none)."""
    found = getattr(sys.modules.get(module), name, None)
    return (found,) if isinstance(found, type) else ()


def _prune_sqlite(recorder: Any, aggregate_id: UUID, keep: int) -> None:
    table = recorder.events_table_name
    statement = (
        f"DELETE FROM {table} WHERE originator_id = ? AND originator_version < "
        f"(SELECT originator_version FROM {table} WHERE originator_id = ? "
        "ORDER BY originator_version DESC LIMIT 1 OFFSET ?)"
    )  # the keep-th newest version; NULL (nothing deleted) while fewer exist
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(statement, (aggregate_id.hex, aggregate_id.hex, keep - 1))


def _prune_memory(recorder: Any, aggregate_id: UUID, keep: int) -> None:
    with recorder._database_lock:  # the recorder's own lock
        index = recorder._stored_events_index[str(aggregate_id)]
        for version in sorted(index)[:-keep]:
            del index[version]


def _prune_postgres(recorder: Any, aggregate_id: UUID, keep: int) -> None:
    from psycopg.sql import SQL, Identifier

    table = SQL("{schema}.{table}").format(
        schema=Identifier(recorder.datastore.schema),
        table=Identifier(recorder.events_table_name),
    )
    statement = SQL(
        "DELETE FROM {table} WHERE originator_id = %s AND originator_version < "
        "(SELECT originator_version FROM {table} WHERE originator_id = %s "
        "ORDER BY originator_version DESC LIMIT 1 OFFSET %s)"
    ).format(table=table)
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(statement, (aggregate_id, aggregate_id, keep - 1))
