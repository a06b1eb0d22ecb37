# SPDX-License-Identifier: EUPL-1.2
"""A projection: a fold over the store's event log into a read model.

A projection remembers the log position of the last event it folded, so
:meth:`Projection.catch_up` reads only what was recorded since. Folding the
whole log at once or in any number of catch-ups gives the same read model.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from circleflow import Circles, LoggedEvent


class Projection(ABC):
    """Base class of read models built from events only."""

    def __init__(self) -> None:
        self.position = 0

    @abstractmethod
    def apply(self, event: LoggedEvent) -> None:
        """Fold one event into the read model."""

    def catch_up(self, app: Circles, *, batch: int = 500) -> int:
        """Fold every event recorded after :attr:`position`; returns how many."""
        folded = 0
        while True:
            events = app.read_log(self.position, limit=batch)
            for event in events:
                self.apply(event)
                self.position = event.position
            folded += len(events)
            if len(events) < batch:
                return folded
