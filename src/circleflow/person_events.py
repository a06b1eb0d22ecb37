# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Listing persons by the events that register, forget and reference them,
without reading every event.

Like the founding events of circles (see :mod:`circleflow.founding`), the
events ``PersonRegistered``, ``PersonForgotten`` and ``ReferenceClaimed``
have a partial index of their own, in the order they were recorded, so that
:meth:`circleflow.Circles.persons` costs what it returns, however many
events the circles recorded. :func:`create_person_index` makes it when a
store is opened for writing; without it (a store opened read-only, or in
memory) the same events are found by scanning.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent

from circleflow.founding import _kind, _literal
from circleflow.person import Person
from circleflow.references import ReferenceClaim

#: The topics of the events that say who is registered, with what reference.
TOPICS = (
    f"{Person.__module__}:Person.PersonRegistered",
    f"{Person.__module__}:Person.PersonForgotten",
    f"{ReferenceClaim.__module__}:ReferenceClaim.ReferenceClaimed",
)

_PAGE = 500
_WHERE = f"topic IN ({', '.join(_literal(t) for t in TOPICS)})"


def _index_name(table: str) -> str:
    return f"{table.replace('.', '_')}_person_events"


def create_person_index(recorder: ApplicationRecorder, *, read_only: bool) -> None:
    """Make the index of the persons' events, if the store has none yet and
    is not opened ``read_only``.

    Call under :func:`circleflow.store.schema_lock`.
    """
    kind = _kind(recorder)
    if kind == "other" or read_only:
        return
    table: str = getattr(recorder, "events_table_name")  # noqa: B009
    datastore: Any = getattr(recorder, "datastore")  # noqa: B009
    name = _index_name(table)
    if kind == "sqlite":
        check: Any = (
            "SELECT count(*) AS found FROM sqlite_master "
            "WHERE type = 'index' AND name = ?"
        )
        names: tuple[str, ...] = (name,)
        # In the order of the rowid: the order the events were recorded.
        statement: Any = (
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} (topic) WHERE {_WHERE}"
        )
    else:
        from psycopg.sql import SQL, Identifier

        check = (
            "SELECT count(*) AS found FROM pg_indexes "
            "WHERE schemaname = %s AND indexname = %s"
        )
        names = (datastore.schema, name)
        statement = SQL(
            "CREATE INDEX IF NOT EXISTS {} ON {}.{} (notification_id) WHERE " + _WHERE
        ).format(Identifier(name), Identifier(datastore.schema), Identifier(table))
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(check, names)
        if cursor.fetchone()["found"] == 1:
            return
    with datastore.transaction(commit=True) as cursor:
        cursor.execute(statement)


def person_events(recorder: ApplicationRecorder) -> Iterator[list[StoredEvent]]:
    """The persons' events (see :data:`TOPICS`), in the order they were
    recorded, a page at a time."""
    kind = _kind(recorder)
    table: str = getattr(recorder, "events_table_name", "")
    datastore: Any = getattr(recorder, "datastore", None)
    after = 0
    while True:
        if kind == "other":
            notifications = recorder.select_notifications(
                start=after, limit=_PAGE, topics=TOPICS, inclusive_of_start=False
            )
            page: list[tuple[int, StoredEvent]] = [(n.id, n) for n in notifications]
        else:
            page = _select(kind, table, datastore, after)
        if page:
            yield [stored for _, stored in page]
        if len(page) < _PAGE:
            return
        after = page[-1][0]


def _select(
    kind: str, table: str, datastore: Any, after: int
) -> list[tuple[int, StoredEvent]]:
    if kind == "sqlite":
        sql: Any = (
            "SELECT rowid AS position, originator_id, originator_version, topic, "
            f"state FROM {table} WHERE {_WHERE} AND rowid > ? "
            "ORDER BY rowid LIMIT ?"
        )
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, (after, _PAGE))
            rows = list(cursor.fetchall())
    else:
        from psycopg.sql import SQL, Identifier

        sql = SQL(
            "SELECT notification_id AS position, originator_id, "
            "originator_version, topic, state FROM {}.{} WHERE "
            + _WHERE
            + " AND notification_id > %s ORDER BY notification_id LIMIT %s"
        ).format(Identifier(datastore.schema), Identifier(table))
        with datastore.get_connection() as connection:
            rows = list(connection.execute(sql, (after, _PAGE)).fetchall())
    return [
        (
            row["position"],
            StoredEvent(
                originator_id=UUID(str(row["originator_id"])),
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=bytes(row["state"]),
            ),
        )
        for row in rows
    ]
