# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The personal-data catalogue covers every event type and names only
fields that exist and persons that are there."""

from __future__ import annotations

import inspect
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import DomainEvent

from circleflow import Circles
from circleflow.circle import Circle
from circleflow.community import Community
from circleflow.demo import DEMOS
from circleflow.packs import registry
from circleflow.person import Person
from circleflow.personal_data import CATALOGUE, THE_PERSON, personal_data_of
from circleflow.receipts import Receipt
from circleflow.references import ReferenceClaim

_NOT_DETAILS = {"self", "originator_id", "originator_version", "timestamp"}
_NOT_DETAILS |= {"state", "actor", "origin"}


def _event_classes() -> dict[str, type[DomainEvent]]:
    """The events of the aggregates and of every registered pack."""
    found: dict[str, type[DomainEvent]] = {e.__name__: e for e in registry().events()}
    for aggregate in (Circle, Person, Community, Receipt, ReferenceClaim):
        for klass in aggregate.__mro__:
            for name, value in vars(klass).items():
                if (
                    inspect.isclass(value)
                    and issubclass(value, DomainEvent)
                    and name not in ("Event", "Created", "Snapshot")
                ):
                    found[name] = value
    return found


def _details_of(event_class: type[DomainEvent]) -> set[str]:
    parameters = inspect.signature(event_class.__init__).parameters
    return set(parameters) - _NOT_DETAILS


def test_every_event_type_is_in_the_catalogue_once() -> None:
    names = [entry.event for entry in CATALOGUE]
    assert len(names) == len(set(names))
    assert set(names) == set(_event_classes())


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: entry.event)
def test_the_catalogue_names_fields_the_event_has(entry: Any) -> None:
    details = _details_of(_event_classes()[entry.event])
    assert set(entry.texts) <= details
    assert set(entry.refers) <= details
    if entry.about not in (None, THE_PERSON):
        assert entry.about in entry.refers


def test_every_person_id_an_event_holds_is_in_a_listed_field() -> None:
    app = Circles("memory:")
    for run in DEMOS.values():
        run(app)
    persons = {
        e.aggregate_id
        for e in app.read_log(limit=100_000)
        if e.event == "PersonRegistered"
    }
    for event in app.read_log(limit=100_000):
        listed = set(personal_data_of(event.event).refers)
        for field, value in event.details.items():
            values = value if isinstance(value, list) else [value]
            holds_person = any(
                isinstance(v, str) and _is_uuid(v) and UUID(v) in persons
                for v in values
            )
            assert not holds_person or field in listed, (event.event, field)


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def test_an_unknown_event_type_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="unknown event type 'Bestaat niet'"):
        personal_data_of("Bestaat niet")
