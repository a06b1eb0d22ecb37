# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Sealing personal text in stored events with the keys of the persons it is
about (AES-256-GCM), and opening it again when events are read.

:class:`SealingMapper` is the ``eventsourcing`` mapper of a
:class:`~circleflow.Circles` application: before an event is stored, each
field the personal-data catalogue names as personal text is replaced by a
sealed text; when an event is read, sealed texts are opened, or replaced by
:data:`FORGOTTEN` when a key was destroyed. Text about several persons is
sealed with each of their keys in turn, so forgetting any one of them makes
it unreadable. Everything else in the event is stored as it was.

Reading the log does not open every sealed text: :class:`Details` holds an
event's details with its texts still sealed and opens each when it is
first read, with the keys of all persons a batch of events names fetched
at once (see :class:`Opener`).
"""

from __future__ import annotations

import base64
import os
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Mapper, StoredEvent

from circleflow.person import FORGOTTEN_TEXT
from circleflow.person_keys import PersonKeys
from circleflow.personal_data import THE_PERSON, PersonalData, catalogue

#: What a reader sees in place of text about a forgotten person.
FORGOTTEN = FORGOTTEN_TEXT

_PREFIX = "sealed:v1:"
_specs: dict[str, PersonalData] = {}
_specs_from = -1


def sealed_specs() -> dict[str, PersonalData]:
    """What of each event type is sealed, and for whom, by event name."""
    global _specs, _specs_from
    from circleflow.packs import registry

    known = registry().generation
    if known != _specs_from:
        _specs = {e.event: e for e in catalogue() if e.texts and e.about}
        _specs_from = known
    return _specs


def _spec(event: str) -> PersonalData | None:
    """What of an ``event`` is sealed, and for whom; ``None`` if nothing."""
    return sealed_specs().get(event)


def _subjects(event: Any, spec: PersonalData) -> list[str]:
    """The ids of the persons the event's personal text is about, sorted."""
    if spec.about == THE_PERSON:
        return [str(event.originator_id)]
    value = vars(event).get(spec.about or "")
    values = value if isinstance(value, list | tuple) else [value]
    return sorted({str(v) for v in values if v})


def seal(text: str, persons: list[str], keys: PersonKeys, field: str) -> str:
    """``text`` encrypted with the key of each of ``persons`` in turn."""
    data = text.encode("utf-8")
    aad = field.encode()
    for person in persons:
        nonce = os.urandom(12)
        data = nonce + keys.cipher_for_writing(person).encrypt(nonce, data, aad)
    return f"{_PREFIX}{','.join(persons)}:{base64.b64encode(data).decode('ascii')}"


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(_PREFIX)


def sealed_for(value: str) -> list[str]:
    """The ids of the persons whose keys sealed ``value``."""
    return value[len(_PREFIX) :].partition(":")[0].split(",")


def open_sealed(value: str, keys: PersonKeys, field: str) -> str:
    """The text inside a sealed value, or :data:`FORGOTTEN`."""
    return _open(value, keys.cipher_for_reading, field)


def _open(value: str, cipher_for: Callable[[str], AESGCM | None], field: str) -> str:
    who, _, payload = value[len(_PREFIX) :].partition(":")
    data = base64.b64decode(payload)
    aad = field.encode()
    for person in reversed(who.split(",")):
        cipher = cipher_for(person)
        if cipher is None:
            return FORGOTTEN
        try:
            data = cipher.decrypt(data[:12], data[12:], aad)
        except InvalidTag:
            return FORGOTTEN
    return data.decode("utf-8")


class SealingMapper(Mapper[UUID]):
    """Seals personal text on the way into the store, opens it on the way out."""

    keys: PersonKeys

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        spec = _spec(type(domain_event).__name__)
        if spec is None:
            return super().to_stored_event(domain_event)
        persons = _subjects(domain_event, spec)
        state = vars(domain_event)
        plain = {
            field: state[field]
            for field in spec.texts
            if persons and isinstance(state.get(field), str) and state[field]
        }
        if not plain:
            return super().to_stored_event(domain_event)
        # The event is stored with its texts sealed and handed back unchanged.
        try:
            for field, text in plain.items():
                state[field] = seal(text, persons, self.keys, field)
            return super().to_stored_event(domain_event)
        finally:
            state.update(plain)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        domain_event = super().to_domain_event(stored_event)
        spec = _spec(type(domain_event).__name__)
        if spec is not None:
            state = vars(domain_event)
            for field in spec.texts:
                if is_sealed(state.get(field)):
                    state[field] = open_sealed(state[field], self.keys, field)
        return domain_event


class Opener:
    """Opens the sealed texts of one batch of events.

    The keys of every person the batch's sealed texts name are read in one
    go, when the first text is opened, and kept for the batch as long as
    the key store trusts what it read (see :attr:`PersonKeys.cache_seconds`)
    and forgets nobody; a batch nobody reads a sealed text of reads no key.
    """

    __slots__ = ("_ciphers", "_keys", "_noted", "_read")

    def __init__(self, keys: PersonKeys) -> None:
        self._keys = keys
        #: The details of the batch, not kept alive by the opener.
        self._noted: list[weakref.ref[Details]] | None = []
        self._ciphers: dict[str, AESGCM | None] = {}
        self._read = (0, 0.0)

    def note(self, details: Details) -> None:
        """Note ``details``, to fetch the keys of all its persons together."""
        if self._noted is not None:
            self._noted.append(weakref.ref(details))

    def open(self, value: str, field: str) -> str:
        """The text inside sealed ``value`` of ``field``, or :data:`FORGOTTEN`."""
        keys = self._keys
        if self._noted is not None:
            noted, self._noted = self._noted, None
            persons = set(sealed_for(value))
            for reference in noted:
                details = reference()
                if details is not None:
                    for sealed in details.sealed():
                        persons.update(sealed_for(sealed))
            self._read = (keys.forgettings, time.monotonic())
            self._ciphers = {
                person: None if key is None else AESGCM(key)
                for person, key in keys.fetch(persons).items()
            }
        forgettings, at = self._read
        if (
            forgettings != keys.forgettings
            or time.monotonic() - at >= keys.cache_seconds
        ):
            self._ciphers = {}
        return _open(value, self._cipher_for, field)

    def _cipher_for(self, person: str) -> AESGCM | None:
        if person in self._ciphers:
            return self._ciphers[person]
        return self._keys.cipher_for_reading(person)


class Details(Mapping[str, Any]):
    """An event's details, whose sealed personal texts are opened when they
    are first read (then kept): reading :data:`FORGOTTEN` for a person
    forgotten by then."""

    __slots__ = ("__weakref__", "_opener", "_texts", "_values")

    def __init__(
        self, values: dict[str, Any], texts: tuple[str, ...], opener: Opener
    ) -> None:
        self._values = values
        self._texts = texts  # the fields that may be sealed and are not opened
        self._opener = opener
        opener.note(self)

    def __getitem__(self, name: str) -> Any:
        value = self._values[name]
        if name in self._texts:
            if value.__class__ is str and value.startswith(_PREFIX):
                value = self._opener.open(value, name)
                self._values[name] = value
            self._texts = tuple(field for field in self._texts if field != name)
        return value

    def sealed(self) -> list[str]:
        """The sealed texts not opened yet."""
        found = []
        for field in self._texts:
            value = self._values.get(field)
            if isinstance(value, str) and value.startswith(_PREFIX):
                found.append(value)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __repr__(self) -> str:
        return repr(dict(self.items()))


def details_of(
    values: dict[str, Any], spec: PersonalData | None, opener: Opener
) -> Mapping[str, Any]:
    """``values`` as the details of an event of ``spec``, with its sealed
    texts opened when read."""
    return values if spec is None else Details(values, spec.texts, opener)
