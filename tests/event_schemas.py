# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The stored shape of every event type, and how it compares with the
committed manifest ``tests/data/event-schemas.json``.

A stored event is its topic and its fields. Changing either without a new
``class_version`` and an upcaster breaks every history already stored, so
:func:`problems` names each such change and what to do about it. After a
deliberate change, write the manifest anew with::

    PYTHONPATH=src python tools/event_schemas.py --write
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from eventsourcing.domain import DomainEvent
from eventsourcing.utils import get_topic

from circleflow.circle import Circle
from circleflow.community import Community
from circleflow.packs import registry
from circleflow.person import Person
from circleflow.receipts import Receipt
from circleflow.references import ReferenceClaim

MANIFEST = Path(__file__).parent / "data" / "event-schemas.json"
WRITE = "PYTHONPATH=src python tools/event_schemas.py --write"

#: Fields every event has, set by eventsourcing itself.
_COMMON = frozenset({"originator_id", "originator_version", "timestamp"})
#: Base classes of the aggregates' events, never stored themselves.
_BASES = frozenset({"Event", "Created", "Snapshot"})

Schema = dict[str, Any]


def event_classes() -> dict[str, type[DomainEvent]]:
    """Every event type circleflow stores, by name: the packs' events and
    those of the circle, person and community aggregates."""
    found: dict[str, type[DomainEvent]] = {}
    for aggregate in (Circle, Person, Community, Receipt, ReferenceClaim):
        for name, value in vars(aggregate).items():
            if (
                isinstance(value, type)
                and issubclass(value, DomainEvent)
                and name not in _BASES
            ):
                found[name] = value
    for cls in registry().events():
        found[cls.__name__] = cls
    return dict(sorted(found.items()))


def schema_of(cls: type[DomainEvent]) -> Schema:
    """The topic, class version and field names ``cls`` is stored with."""
    fields = {f.name for f in dataclasses.fields(cls)} - _COMMON
    if "originator_topic" in fields:  # only founding events, always the same
        fields.discard("originator_topic")
    return {
        "topic": get_topic(cls),
        "class_version": getattr(cls, "class_version", 1),
        "fields": sorted(fields),
    }


def schemas() -> dict[str, Schema]:
    """:func:`schema_of` each of :func:`event_classes`."""
    return {name: schema_of(cls) for name, cls in event_classes().items()}


def committed() -> dict[str, Schema]:
    """The manifest as committed."""
    loaded: dict[str, Schema] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return loaded


def write() -> None:
    """Write the manifest for the code as it is now."""
    text = json.dumps(schemas(), indent=1, sort_keys=True, ensure_ascii=False)
    MANIFEST.write_text(text + "\n", encoding="utf-8")


def missing_upcasters(cls: type) -> list[str]:
    """The upcasters ``cls`` needs for its class version and lacks."""
    version = getattr(cls, "class_version", 1)
    names = [f"upcast_v{n}_v{n + 1}" for n in range(1, version)]
    return [name for name in names if not callable(getattr(cls, name, None))]


def problems(
    now: dict[str, Schema],
    before: dict[str, Schema],
    classes: dict[str, type] | None = None,
) -> list[str]:
    """What is wrong with the event types ``now`` against the manifest
    ``before``, each with what to do; empty when nothing is."""
    found: list[str] = []
    for name in sorted(before.keys() - now.keys()):
        found.append(
            f"{name}: no longer defined, so stored {name} events would not load "
            f"(topic {before[name]['topic']}); keep the class, or map the old "
            "topic to its successor in a pack's `renamed`, then run: " + WRITE
        )
    for name in sorted(now.keys() - before.keys()):
        found.append(f"{name}: a new event type, not in the manifest; run: {WRITE}")
    for name in sorted(now.keys() & before.keys()):
        old, new = before[name], now[name]
        version, was = new["class_version"], old["class_version"]
        if version < was:
            found.append(
                f"{name}: class_version went down from {was} to {version}; events "
                f"stored as version {was} exist, so it can only go up"
            )
        if new["fields"] != old["fields"] and version == was:
            added = sorted(set(new["fields"]) - set(old["fields"]))
            removed = sorted(set(old["fields"]) - set(new["fields"]))
            found.append(
                f"{name}: fields changed (added {added or 'none'}, removed "
                f"{removed or 'none'}) but class_version is still {version}; "
                f"raise class_version to {version + 1}, add a static method "
                f"upcast_v{version}_v{version + 1}(state) that brings a stored "
                f"version {version} to the new shape (give an added field its "
                "default, drop or convert a removed one), then run: " + WRITE
            )
        elif new != old and version >= was:
            found.append(
                f"{name}: changed from the manifest ({old} to {new}); if that is "
                f"deliberate and stored {name} events still load, run: {WRITE}"
            )
        if name in (classes or {}):
            for upcaster in missing_upcasters((classes or {})[name]):
                found.append(
                    f"{name}: class_version {version} needs a static method "
                    f"{upcaster}(state), which is missing"
                )
    return found
