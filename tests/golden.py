# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Golden histories: one finished circle of each built-in format, as stored.

Each ``data/golden/<format>.jsonl`` holds the stored events of the circle the
format's demo script records (:data:`circleflow.demo.DEMOS`), one JSON object
a line: ``originator_id``, ``version``, ``topic`` and ``state``, the event's
fields exactly as the store keeps them. ``data/golden/<format>.state.json``
holds the circle those events replay to, in canonical JSON, and
``data/golden/digests.json`` its SHA-256.

To keep the files reviewable and stable, ids and times are fixed when they
are recorded: every id becomes a name-based UUID in the order it first
appears, and the event of version ``n`` is recorded at ``n`` minutes after
:data:`RECORDED_FROM`. The circles are recorded in a store in memory; their
personal texts stay sealed (``sealed:v1:...``) with keys that are not kept,
so the files hold no readable personal data and the replay never opens it.
Only the circle's own events are kept: no persons, no community.

Write the files anew only deliberately (see docs/events.md)::

    PYTHONPATH=src python tools/golden.py
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.persistence import StoredEvent

from circleflow import Circles
from circleflow.circle import snapshot_state
from circleflow.demo import DEMOS

GOLDEN = Path(__file__).parent / "data" / "golden"
DIGESTS = GOLDEN / "digests.json"
RECORDED_FROM = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
_NAMESPACE = UUID("6f1d3c2e-5b0a-4e8f-9c47-2a61d0b7e915")
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def record(format_name: str) -> list[dict[str, Any]]:
    """The stored events of the circle the demo of ``format_name`` records,
    with fixed ids and times."""
    app = Circles("memory:")
    try:
        circle_id = DEMOS[format_name](app)
        stored = app.recorder.select_events(circle_id)
    finally:
        app.close()
    ids: dict[str, str] = {}

    def fixed(match: re.Match[str]) -> str:
        found = match.group(0)
        if found not in ids:
            ids[found] = str(uuid5(_NAMESPACE, f"{format_name}/{len(ids)}"))
        return ids[found]

    lines = []
    for event in stored:
        state = json.loads(event.state)
        moment = RECORDED_FROM + timedelta(minutes=event.originator_version)
        state["timestamp"] = {"_type_": "datetime_iso", "_data_": moment.isoformat()}
        line = {
            "originator_id": str(event.originator_id),
            "version": event.originator_version,
            "topic": event.topic,
            "state": state,
        }
        lines.append(json.loads(_ID.sub(fixed, json.dumps(line))))
    return lines


def write_lines(path: Path, lines: list[dict[str, Any]]) -> None:
    path.write_text(
        "".join(
            json.dumps(line, sort_keys=True, ensure_ascii=False) + "\n"
            for line in lines
        ),
        encoding="utf-8",
    )


def read_lines(path: Path) -> list[StoredEvent]:
    """The stored events of a golden file."""
    events = []
    for text in path.read_text(encoding="utf-8").splitlines():
        line = json.loads(text)
        events.append(
            StoredEvent(
                originator_id=UUID(line["originator_id"]),
                originator_version=line["version"],
                topic=line["topic"],
                state=json.dumps(line["state"], ensure_ascii=False).encode(),
            )
        )
    return events


def replay(path: Path, store: str = "memory:") -> str:
    """The canonical JSON of the circle the golden file at ``path`` holds,
    replayed into a fresh store at ``store``: its state, what is allowed
    next, and its history's events, versions and states."""
    events = read_lines(path)
    app = Circles(store)
    try:
        app.recorder.insert_events(events)
        circle_id = events[0].originator_id
        circle = app.circle(circle_id)
        replayed = {
            "state": snapshot_state(circle),
            "allowed": [step.label for step in app.allowed(circle_id)],
            "history": [
                [entry.version, entry.event, entry.state]
                for entry in app.history(circle_id)
            ],
        }
    finally:
        app.close()
    return canonical(replayed)


def canonical(value: object) -> str:
    """``value`` as JSON with sorted keys, one way only."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def write_all() -> None:
    """Record every golden history and write its state and digest."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    digests = {}
    for name in sorted(DEMOS):
        path = GOLDEN / f"{name}.jsonl"
        write_lines(path, record(name))
        state = replay(path)
        (GOLDEN / f"{name}.state.json").write_text(state, encoding="utf-8")
        digests[name] = digest(state)
    DIGESTS.write_text(canonical(digests), encoding="utf-8")
