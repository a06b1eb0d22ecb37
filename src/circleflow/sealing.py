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
"""

from __future__ import annotations

import base64
import os
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from eventsourcing.persistence import Mapper, StoredEvent

from circleflow.person import FORGOTTEN_TEXT
from circleflow.person_keys import PersonKeys
from circleflow.personal_data import THE_PERSON, PersonalData, catalogue

#: What a reader sees in place of text about a forgotten person.
FORGOTTEN = FORGOTTEN_TEXT

_PREFIX = "sealed:v1:"
_specs: dict[str, PersonalData] = {}
_specs_from = -1


def _spec(event: str) -> PersonalData | None:
    """What of an ``event`` is sealed, and for whom; ``None`` if nothing."""
    global _specs, _specs_from
    from circleflow.packs import registry

    known = registry().generation
    if known != _specs_from:
        _specs = {e.event: e for e in catalogue() if e.texts and e.about}
        _specs_from = known
    return _specs.get(event)


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


def open_sealed(value: str, keys: PersonKeys, field: str) -> str:
    """The text inside a sealed value, or :data:`FORGOTTEN`."""
    who, _, payload = value[len(_PREFIX) :].partition(":")
    data = base64.b64decode(payload)
    aad = field.encode()
    for person in reversed(who.split(",")):
        cipher = keys.cipher_for_reading(person)
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
