# SPDX-License-Identifier: EUPL-1.2
"""Tamper evidence for the event log: a hash chain over the stored events.

:meth:`LogChain.extend` links every stored event not yet in the chain: the
digest of event *n* is SHA-256 over the digest of event *n - 1* and the
event exactly as stored (its log position, aggregate id, version, type and
stored bytes). The digests live in the table ``circleflow_log_chain`` beside
the events. :meth:`LogChain.verify` reads the log again and recomputes the
chain: an event that was changed, removed or slipped in after it was
chained breaks it at that position.

The chain covers the stored bytes, and personal text is stored sealed, so
forgetting a person (which destroys a key and changes no event) leaves the
chain intact. Keep a copy of the latest digest (:attr:`Verification.head`)
outside the database, for instance in the audit log: whoever can rewrite
both the events and the chain can only be caught against such a copy.
"""

from __future__ import annotations

import hashlib
from typing import Any

from attrs import frozen
from eventsourcing.persistence import Notification

from circleflow.side_tables import SideTables
from circleflow.store import store_env

_TABLE = "circleflow_log_chain"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {_TABLE} ("
    " position BIGINT PRIMARY KEY,"
    " digest TEXT NOT NULL)"
)
_INSERT = f"INSERT INTO {_TABLE} (position, digest) VALUES ({{p}}, {{p}})"
_GENESIS = "0" * 64
_BATCH = 1000


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
    #: Events recorded after the chain's end (not yet linked; not an error).
    unchained: int = 0

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _digest(previous: str, notification: Notification) -> str:
    record = (
        f"{notification.id}|{notification.originator_id}|"
        f"{notification.originator_version}|{notification.topic}|"
    ).encode()
    return hashlib.sha256(
        bytes.fromhex(previous) + record + notification.state
    ).hexdigest()


class LogChain:
    """The hash chain over one store's event log."""

    def __init__(self, app: Any) -> None:
        """``app`` is a :class:`~circleflow.Circles` on an SQLite or
        PostgreSQL store."""
        self._app = app
        self._tables = SideTables(store_env(app.store_url))
        self._tables.execute((_CREATE, ()))

    def extend(self) -> int:
        """Link every event recorded since the chain's end; returns how many."""
        rows = self._tables.execute(
            (
                f"SELECT position, digest FROM {_TABLE} ORDER BY position DESC LIMIT 1",
                (),
            )
        )
        position, digest = (int(rows[0][0]), str(rows[0][1])) if rows else (0, _GENESIS)
        linked = 0
        while True:
            batch = self._app.recorder.select_notifications(
                start=position + 1, limit=_BATCH
            )
            if not batch:
                return linked
            statements = []
            for notification in batch:
                digest = _digest(digest, notification)
                position = notification.id
                statements.append((_INSERT, (position, digest)))
            self._tables.execute(*statements)
            linked += len(batch)

    def verify(self) -> Verification:
        """Recompute the chain from the stored events and compare."""
        rows = self._tables.execute(
            (f"SELECT position, digest FROM {_TABLE} ORDER BY position", ())
        )
        chained = [(int(p), str(d)) for p, d in rows]
        digest, checked, start, index = _GENESIS, 0, 1, 0
        while True:
            batch = self._app.recorder.select_notifications(start=start, limit=_BATCH)
            for notification in batch:
                if index == len(chained):
                    # Recorded after the chain's end: not linked yet.
                    later = self._count_from(notification.id)
                    return Verification(checked, digest, unchained=later)
                position, expected = chained[index]
                if notification.id > position:
                    return Verification(
                        checked, digest, position, "a chained event is missing"
                    )
                if notification.id < position:
                    return Verification(
                        checked,
                        digest,
                        notification.id,
                        "an event was added inside the chain",
                    )
                digest = _digest(digest, notification)
                if digest != expected:
                    return Verification(
                        checked,
                        digest,
                        position,
                        "the event differs from the one chained",
                    )
                checked += 1
                index += 1
                start = notification.id + 1
            if len(batch) < _BATCH:
                break
        if index < len(chained):
            return Verification(
                checked, digest, chained[index][0], "a chained event is missing"
            )
        return Verification(checked, digest)

    def _count_from(self, position: int) -> int:
        """How many events are stored from log position ``position`` on."""
        count = 0
        while True:
            batch = self._app.recorder.select_notifications(
                start=position, limit=_BATCH
            )
            count += len(batch)
            if len(batch) < _BATCH:
                return count
            position = batch[-1].id + 1
