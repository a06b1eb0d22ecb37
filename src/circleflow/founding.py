# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Finding circles by their founding events, without reading every event.

Every circle starts with one ``CircleFounded`` event. Listing the circles
and finding one by the first characters of its id read only those events:
two partial indexes on the events table cover just the founding events, one
in the order they were recorded and one by circle id, so both cost what
they return, however many events the circles recorded since.

:func:`create_indexes` makes them when a store is opened for writing (under
the store's schema lock). A store opened read-only that has no such indexes
is still read correctly, by the same queries, only more slowly. A store in
memory is scanned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent

from circleflow.circle import Circle

#: The topic of the event that founds a circle.
FOUNDED = f"{Circle.__module__}:{Circle.__qualname__}.CircleFounded"

_PAGE = 500


def _kind(recorder: ApplicationRecorder) -> str:
    """``sqlite``, ``postgres`` or ``other`` (a store in memory)."""
    module = type(recorder).__module__
    if module.startswith("eventsourcing.sqlite"):
        return "sqlite"
    if module.startswith("eventsourcing.postgres"):
        return "postgres"
    return "other"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _index_names(table: str) -> tuple[str, str]:
    base = table.replace(".", "_")
    return f"{base}_founded_order", f"{base}_founded_id"


def create_indexes(recorder: ApplicationRecorder, *, read_only: bool) -> None:
    """Make the indexes on founding events, if the store has none yet and
    is not opened ``read_only``.

    Call under :func:`circleflow.store.schema_lock`.
    """
    kind = _kind(recorder)
    if kind == "other" or read_only:
        return
    table: str = getattr(recorder, "events_table_name")  # noqa: B009
    datastore: Any = getattr(recorder, "datastore")  # noqa: B009
    in_order, by_id = _index_names(table)
    where = f"WHERE topic = {_literal(FOUNDED)}"
    if kind == "sqlite":
        # An index on the topic alone holds the founding events in the
        # order of their rowid, which is the order they were recorded.
        # The one by id names the topic too, so that SQLite's planner sees
        # that it fits a search by topic and id better than the other.
        statements: list[Any] = [
            f"CREATE INDEX IF NOT EXISTS {in_order} ON {table} (topic) {where}",
            f"CREATE INDEX IF NOT EXISTS {by_id} "
            f"ON {table} (topic, originator_id) {where}",
        ]
    else:
        from psycopg.sql import SQL, Identifier

        statements = [
            SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} ({}) " + where).format(
                Identifier(name),
                Identifier(datastore.schema),
                Identifier(table),
                Identifier(column),
            )
            for name, column in (
                (in_order, "notification_id"),
                (by_id, "originator_id"),
            )
        ]
    # Look first, so that opening a store that has them takes no lock that
    # writers wait for (PostgreSQL locks the table before it sees that an
    # index exists).
    if kind == "sqlite":
        check: Any = (
            "SELECT count(*) AS found FROM sqlite_master "
            "WHERE type = 'index' AND name IN (?, ?)"
        )
        names: tuple[str, ...] = (in_order, by_id)
    else:
        check = (
            "SELECT count(*) AS found FROM pg_indexes "
            "WHERE schemaname = %s AND indexname IN (%s, %s)"
        )
        names = (datastore.schema, in_order, by_id)
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(check, names)
        if cursor.fetchone()["found"] == 2:
            return
    with datastore.transaction(commit=True) as cursor:
        for statement in statements:
            cursor.execute(statement)


class FoundingEvents:
    """The founding events of a store's circles."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self._recorder = recorder
        self._kind = _kind(recorder)
        self._table: str = getattr(recorder, "events_table_name", "")
        self._datastore: Any = getattr(recorder, "datastore", None)

    def in_order(self) -> Iterator[StoredEvent]:
        """Every founding event, in the order they were recorded."""
        after = 0
        while True:
            page = self._page(after)
            for _, stored in page:
                yield stored
            if len(page) < _PAGE:
                return
            after = page[-1][0]

    def ids_starting_with(self, prefix: str) -> list[UUID]:
        """The ids of the circles whose id (as text, with its dashes) starts
        with ``prefix``, in the order of their ids."""
        digits = _hex_digits(prefix)
        if digits is None:
            return []
        if self._kind == "other":
            return sorted(
                UUID(str(s.originator_id))
                for s in self.in_order()
                if str(s.originator_id).startswith(prefix)
            )
        low = UUID(digits.ljust(32, "0"))
        high = UUID(digits.ljust(32, "f"))
        if self._kind == "sqlite":
            sql: Any = (
                f"SELECT originator_id FROM {self._table} "
                f"WHERE topic = {_literal(FOUNDED)} "
                "AND originator_id >= ? AND originator_id <= ? ORDER BY originator_id"
            )
            parameters: tuple[Any, ...] = (low.hex, high.hex)
        else:
            sql = self._postgres(
                "SELECT originator_id FROM {}.{} WHERE topic = "
                + _literal(FOUNDED)
                + " AND originator_id >= %s AND originator_id <= %s"
                " ORDER BY originator_id"
            )
            parameters = (low, high)
        rows = self._select(sql, parameters)
        return [UUID(str(row["originator_id"])) for row in rows]

    def _page(self, after: int) -> list[tuple[int, StoredEvent]]:
        if self._kind == "other":
            notifications = self._recorder.select_notifications(
                start=after, limit=_PAGE, topics=[FOUNDED], inclusive_of_start=False
            )
            return [(n.id, n) for n in notifications]
        if self._kind == "sqlite":
            sql: Any = (
                "SELECT rowid AS position, originator_id, originator_version, "
                f"state FROM {self._table} WHERE topic = {_literal(FOUNDED)} "
                "AND rowid > ? ORDER BY rowid LIMIT ?"
            )
        else:
            sql = self._postgres(
                "SELECT notification_id AS position, originator_id, "
                "originator_version, state FROM {}.{} WHERE topic = "
                + _literal(FOUNDED)
                + " AND notification_id > %s ORDER BY notification_id LIMIT %s"
            )
        rows = self._select(sql, (after, _PAGE))
        return [
            (
                row["position"],
                StoredEvent(
                    originator_id=UUID(str(row["originator_id"])),
                    originator_version=row["originator_version"],
                    topic=FOUNDED,
                    state=bytes(row["state"]),
                ),
            )
            for row in rows
        ]

    def _select(self, sql: Any, parameters: tuple[Any, ...]) -> list[Any]:
        """The rows of one query: on PostgreSQL in one round trip, outside
        a transaction (the pool's connections commit each statement)."""
        if self._kind == "postgres":
            with self._datastore.get_connection() as connection:
                return list(connection.execute(sql, parameters).fetchall())
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, parameters)
            return list(cursor.fetchall())

    def _postgres(self, sql: str) -> Any:
        from psycopg.sql import SQL, Identifier

        return SQL(sql).format(
            Identifier(self._datastore.schema), Identifier(self._table)
        )


_DASHES = (8, 13, 18, 23)
_HEX = frozenset("0123456789abcdef")


def _hex_digits(prefix: str) -> str | None:
    """The hex digits of ``prefix`` of an id written with dashes; ``None``
    when no id starts with it."""
    if len(prefix) > 36:
        return None
    for index, char in enumerate(prefix):
        if (char != "-") if index in _DASHES else (char not in _HEX):
            return None
    return prefix.replace("-", "")
