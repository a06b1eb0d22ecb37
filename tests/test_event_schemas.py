# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""An event's stored shape changes only with a new version and an upcaster.

``data/event-schemas.json`` lists every event type's topic, class version
and fields as stored. A change to an event that would leave stored
histories unreadable fails here, saying what to do (see docs/events.md).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from tests.event_schemas import (
    WRITE,
    committed,
    event_classes,
    missing_upcasters,
    problems,
    schemas,
)


def test_every_event_type_is_stored_as_the_manifest_says() -> None:
    found = problems(schemas(), committed(), event_classes())
    assert not found, "\n".join(found)


def test_every_class_version_has_its_upcasters() -> None:
    lacking = {n: missing_upcasters(c) for n, c in event_classes().items()}
    assert {n: m for n, m in lacking.items() if m} == {}


def test_the_manifest_holds_the_events_of_every_aggregate_and_pack() -> None:
    manifest = committed()
    assert {"CircleFounded", "PersonRegistered", "CommunityFormed"} <= set(manifest)
    assert {"SessionOpened", "HotSeatTaken", "TWOAgreed", "AimSet"} <= set(manifest)
    assert manifest["SessionOpened"]["class_version"] == 2
    assert "carried_over" in manifest["SessionOpened"]["fields"]


def test_a_field_added_without_a_new_version_is_refused_with_what_to_do() -> None:
    now = copy.deepcopy(schemas())
    now["SessionOpened"]["fields"].append("room")
    [problem] = problems(now, committed())
    assert problem.startswith("SessionOpened: fields changed (added ['room']")
    assert "raise class_version to 3" in problem
    assert "upcast_v2_v3(state)" in problem
    assert WRITE in problem


def test_a_field_removed_without_a_new_version_is_refused() -> None:
    now = copy.deepcopy(schemas())
    now["UrgencyStated"]["fields"].remove("statement")
    [problem] = problems(now, committed())
    assert "removed ['statement']" in problem
    assert "raise class_version to 2" in problem


def test_a_new_version_with_its_upcaster_asks_only_for_the_manifest() -> None:
    now = copy.deepcopy(schemas())
    now["UrgencyStated"]["fields"].append("urgency")
    now["UrgencyStated"]["class_version"] = 2
    [problem] = problems(now, committed())
    assert problem.startswith("UrgencyStated: changed from the manifest")
    assert WRITE in problem


def test_a_version_without_its_upcaster_is_refused() -> None:
    class Evolved:
        class_version = 3

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["x"] = None

    assert missing_upcasters(Evolved) == ["upcast_v2_v3"]


def test_an_event_type_removed_or_moved_is_refused() -> None:
    now = copy.deepcopy(schemas())
    del now["HotSeatTaken"]
    moved = copy.deepcopy(schemas())
    moved["AimSet"]["topic"] = "circleflow.elsewhere:AimSet"
    [removed] = problems(now, committed())
    assert removed.startswith("HotSeatTaken: no longer defined")
    [changed] = problems(moved, committed())
    assert changed.startswith("AimSet: changed from the manifest")


def test_every_event_above_version_one_is_in_the_documented_table() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs" / "events.md"
    rows = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", docs.read_text(), re.M))
    versioned = {
        name: str(schema["class_version"])
        for name, schema in committed().items()
        if schema["class_version"] > 1
    }
    assert rows == versioned
