# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""One lock per circle, for threads that share one :class:`circleflow.Circles`.

A command changes the cached circle in place, so two commands on one circle
must take turns, and a reader must not look while one is half done. A lock
exists while someone holds or waits for it, so the registry stays as small
as the number of circles in use at the moment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID


class CircleLocks:
    """Re-entrant locks by circle id, made on first use and dropped when free."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[UUID, tuple[threading.RLock, int]] = {}

    @contextmanager
    def hold(self, circle_id: UUID) -> Iterator[None]:
        """Hold the lock of ``circle_id`` for the ``with`` block."""
        with self._guard:
            entry = self._locks.get(circle_id)
            lock, users = entry if entry is not None else (threading.RLock(), 0)
            self._locks[circle_id] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[circle_id]
                if users == 1:
                    del self._locks[circle_id]
                else:
                    self._locks[circle_id] = (lock, users - 1)

    def __len__(self) -> int:
        """How many circles' locks are held or waited for now."""
        with self._guard:
            return len(self._locks)
