# SPDX-License-Identifier: EUPL-1.2
"""A projection: a fold over the store's event log into a read model.

A projection remembers the log position of the last event it folded, so
:meth:`Projection.catch_up` reads only what was recorded since. Folding the
whole log at once or in any number of catch-ups gives the same read model.

Given a :class:`~circleflow_adapters.tracking.ProjectionStore`, a projection
starts from its saved read model and position and saves both together after
each batch, in one transaction: after a crash it resumes from the last
batch saved, never from a position its read model does not match.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from circleflow import Circles, LoggedEvent

if TYPE_CHECKING:
    from circleflow_adapters.tracking import ProjectionStore


class Projection(ABC):
    """Base class of read models built from events only.

    Subclasses fold events in :meth:`apply`; to be saved in a
    :class:`ProjectionStore` they also name themselves (:attr:`name`) and turn
    their read model into plain JSON values and back (:meth:`to_plain`,
    :meth:`load_plain`).
    """

    #: The projection's name in a projection store; change it (or the
    #: version in it) when the read model's shape changes, so it is rebuilt.
    name = ""

    def __init__(self) -> None:
        self.position = 0

    @abstractmethod
    def apply(self, event: LoggedEvent) -> None:
        """Fold one event into the read model."""

    def to_plain(self) -> dict[str, Any]:
        """The read model as JSON values (for a projection store)."""
        raise NotImplementedError(f"{type(self).__name__} cannot be saved")

    def load_plain(self, plain: dict[str, Any]) -> None:
        """Replace the read model by one saved with :meth:`to_plain`."""
        raise NotImplementedError(f"{type(self).__name__} cannot be loaded")

    def catch_up(
        self,
        app: Circles,
        *,
        batch: int = 500,
        store: ProjectionStore | None = None,
    ) -> int:
        """Fold every event recorded after :attr:`position`; returns how many.

        With ``store``, the saved read model is loaded first (when it is
        further along than this one) and the model and position are saved
        after every batch. A batch in which a person is forgotten is saved
        with ``scrub=True``, so that the model saved before, which may hold
        that person's data, is overwritten on disk too.
        """
        if store is not None:
            store.resume(self)
        folded = 0
        while True:
            events = app.read_log(self.position, limit=batch)
            forgets = False
            for event in events:
                self.apply(event)
                self.position = event.position
                forgets = forgets or event.event == "PersonForgotten"
            folded += len(events)
            if store is not None and events:
                store.save(self, scrub=forgets)
            if len(events) < batch:
                return folded
