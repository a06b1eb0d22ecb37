# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A projection: a fold over the store's event log into a read model.

A projection remembers the log position of the last event it folded, so
:meth:`Projection.catch_up` reads only what was recorded since. Folding the
whole log at once or in any number of catch-ups gives the same read model.

The read model is a set of models by key (the circle report keeps one per
circle and one per person). :meth:`Projection.apply` reaches them with
:meth:`~Projection.read` (to look), :meth:`~Projection.write` (to change
one in place) and :meth:`~Projection.put` (to set one); what it wrote is
what changed.

Given a :class:`~circleflow.reports.tracking.ProjectionStore`, a projection
goes on from the saved position, reads each key's model from the store when
it first needs it, and saves the keys that changed together with the
position, in one transaction, once caught up and every ``save_every``
events on the way: after a crash it resumes from the last save, never from
a position its read model does not match. It keeps at most
:attr:`Projection.cache_size` models in memory between saves, so a rebuild
of a large store needs no more memory than a small one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from circleflow import Circles, LoggedEvent, StoreError
from circleflow.inputs import whole_number
from circleflow.language import gettext
from circleflow.reports.tracking import corrupt

if TYPE_CHECKING:
    from circleflow.reports.tracking import ProjectionStore

_RETRIES = 10


class _Overtaken(Exception):
    """The saved read model moved on (or was forgotten) under the projection:
    it has to go on from what is saved now."""


class Projection(ABC):
    """Base class of read models built from events only.

    Subclasses fold events in :meth:`apply`; to be saved in a
    :class:`ProjectionStore` they also name themselves (:attr:`name`) and turn
    one key's model into plain JSON values and back
    (:meth:`model_to_plain`, :meth:`model_from_plain`).
    """

    #: The projection's name in a projection store; change it (or the
    #: version in it) when the read model's shape changes, so it is rebuilt.
    name = ""
    #: How many models stay in memory between batches when a projection
    #: store holds them all (without a store, every model stays).
    cache_size = 2000

    def __init__(self) -> None:
        self.position = 0
        self._models: OrderedDict[str, Any] = OrderedDict()
        self._dirty: set[str] = set()
        self._store: ProjectionStore | None = None
        self._base = 0
        self._folding = False

    @abstractmethod
    def apply(self, event: LoggedEvent) -> None:
        """Fold one event into the read model."""

    # -- the read model, by key ------------------------------------------

    def read(self, key: str) -> Any:
        """The model of ``key`` (None if there is none), to look at."""
        if key in self._models:
            if self._store is not None:
                self._models.move_to_end(key)
            return self._models[key]
        if self._store is None:
            return None
        for _ in range(_RETRIES):
            try:
                return self._load(key)
            except _Overtaken:
                if self._folding:
                    raise
                self._go_on_from_store()
        raise StoreError(
            gettext(
                "the saved read model of projection {name!r} kept changing "
                "while it was read; try again"
            ).format(name=self.name)
        )

    def write(self, key: str) -> Any:
        """The model of ``key`` (None if there is none), to change in place:
        it is saved with the next batch."""
        model = self.read(key)
        if model is not None:
            self._models[key] = model
            self._dirty.add(key)
        return model

    def put(self, key: str, model: Any) -> None:
        """Set the model of ``key``; it is saved with the next batch."""
        self._models[key] = model
        self._models.move_to_end(key)
        self._dirty.add(key)

    def model_keys(self, prefix: str = "") -> list[str]:
        """Every key of the read model that starts with ``prefix``."""
        if self._store is None:
            return [key for key in self._models if key.startswith(prefix)]
        saved = self._store.keys(self._name(), prefix)
        known = set(saved)
        new = sorted(k for k in self._dirty if k.startswith(prefix) and k not in known)
        return saved + new

    @property
    def models_held(self) -> int:
        """How many models are in memory now."""
        return len(self._models)

    def model_to_plain(self, key: str, model: Any) -> Any:
        """The model of ``key`` as JSON values (for a projection store)."""
        raise NotImplementedError(f"{type(self).__name__} cannot be saved")

    def model_from_plain(self, key: str, plain: Any) -> Any:
        """The model of ``key`` saved with :meth:`model_to_plain`."""
        raise NotImplementedError(f"{type(self).__name__} cannot be loaded")

    def to_plain(self) -> dict[str, Any]:
        """The whole read model as JSON values, by key."""
        return {
            key: self.model_to_plain(key, self.read(key)) for key in self.model_keys()
        }

    # -- catching up and saving ------------------------------------------

    def catch_up(
        self,
        app: Circles,
        *,
        batch: int = 500,
        store: ProjectionStore | None = None,
        save_every: int = 5_000,
    ) -> int:
        """Fold every event recorded after :attr:`position`; returns how many.

        With ``store`` (kept for later catch-ups too), the projection goes
        on from the saved read model when that is further along, and saves
        the keys that changed and the position together: once it has caught
        up, and on the way after every ``save_every`` events (a crash loses
        at most those, to be folded again). When
        another process saved further along meanwhile, it goes on from
        there. A batch in which a person is forgotten is saved with
        ``scrub=True``, so that the models saved before, which may hold that
        person's data, are overwritten on disk too.
        """
        save_every = whole_number(save_every, "save_every", minimum=1)
        if store is not None:
            self.use(store)
        folded = unsaved = 0
        while True:
            events = app.read_log(self.position, limit=batch)
            forgets = False
            self._folding = True
            try:
                for event in events:
                    self.apply(event)
                    self.position = event.position
                    forgets = forgets or event.event == "PersonForgotten"
            except _Overtaken:
                self._go_on_from_store()
                continue
            finally:
                self._folding = False
            unsaved += len(events)
            last = len(events) < batch
            due = last or forgets or unsaved >= save_every
            if self._store is not None and due:
                if not self.save(scrub=forgets):
                    self._go_on_from_store()
                    unsaved = 0
                    continue
                unsaved = 0
            folded += len(events)
            if last:
                return folded

    def use(self, store: ProjectionStore) -> None:
        """Keep the read model in ``store`` from now on.

        When the model saved there is further along than this one (or this
        projection used another store), go on from the saved one; otherwise
        the whole model held here is saved with the next batch.
        """
        if store is self._store:
            return
        saved = store.position(self._name())
        if self._store is None and saved <= self.position:
            self._dirty.update(self._models)
            self._base = saved
            self._store = store
            return
        self._store = store
        self._go_on_from_store()

    def save(self, *, scrub: bool = False) -> bool:
        """Save the models changed since the last save, with the position;
        whether they were saved (not when the store holds a read model
        further along). With ``scrub``, the rows they replace are
        overwritten on disk too."""
        if self._store is None:
            raise StoreError(f"{type(self).__name__} has no projection store")
        if not self._dirty and self.position == self._base:
            return True
        models = {
            key: self.model_to_plain(key, self._models[key]) for key in self._dirty
        }
        saved = self._store.write(
            self._name(),
            base=self._base,
            position=self.position,
            models=models,
            scrub=scrub,
        )
        if saved:
            self._dirty.clear()
            self._base = self.position
            self._trim()
        return saved

    def _go_on_from_store(self) -> None:
        """Drop what is held here and go on from the saved read model."""
        assert self._store is not None
        self._models.clear()
        self._dirty.clear()
        self.position = self._base = self._store.position(self._name())

    def _load(self, key: str) -> Any:
        assert self._store is not None
        saved = self._store.read(self._name(), key)
        if saved.position < self._base or (
            saved.written_at is not None and saved.written_at > self.position
        ):
            raise _Overtaken
        if saved.model is None:
            return None
        try:
            model = self.model_from_plain(key, saved.model)
        except (TypeError, ValueError, KeyError, AttributeError):
            raise corrupt(self.name) from None
        self._models[key] = model
        if not self._folding:
            self._trim()
        return model

    def _trim(self) -> None:
        """Drop the least recently used saved models beyond :attr:`cache_size`."""
        if self._store is None or self._dirty:
            return
        while len(self._models) > self.cache_size:
            self._models.popitem(last=False)

    def _name(self) -> str:
        if not self.name:
            raise StoreError(
                gettext("{kind} has no name, so it cannot be saved").format(
                    kind=type(self).__name__
                )
            )
        return self.name
