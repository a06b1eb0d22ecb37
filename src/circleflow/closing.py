# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Closing a store while other threads still use it.

``eventsourcing``'s connection pools close every connection at once, also
one that another thread is reading with; an SQLite connection closed under
a running statement can crash the whole process. A :class:`Gate` counts the
operations in flight: :meth:`Gate.close` refuses new ones with a
:class:`StoreError` and waits until those under way are done, so that the
connections are closed only when nobody uses them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from circleflow.errors import StoreError

#: What an operation on a closed store is told.
CLOSED = "the store is closed; open it again (a new Circles) to use it"


class Gate:
    """Operations pass while the store is open; closing waits for them."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._in_flight: dict[int, int] = {}  # thread id -> nested operations
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @contextmanager
    def passing(self) -> Iterator[None]:
        """Inside, one operation is in flight; a :class:`StoreError` once closed."""
        me = threading.get_ident()
        with self._changed:
            if self._closed:
                raise StoreError(CLOSED)
            self._in_flight[me] = self._in_flight.get(me, 0) + 1
        try:
            yield
        finally:
            with self._changed:
                left = self._in_flight.pop(me) - 1
                if left:
                    self._in_flight[me] = left
                else:
                    self._changed.notify_all()

    def close(self) -> None:
        """Refuse new operations, then wait for those of other threads to end.

        An operation of the closing thread itself (closing from inside one)
        is not waited for.
        """
        me = threading.get_ident()
        with self._changed:
            self._closed = True
            self._changed.wait_for(lambda: not set(self._in_flight) - {me})
