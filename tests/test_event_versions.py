# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Events keep their older stored shapes readable.

An event class that gained fields has a ``class_version`` above 1 and an
upcaster per step (``upcast_v1_v2``, ...), eventsourcing's own mechanism.
The first releases stored ``MemberJoined`` without ``organisation``,
``SessionOpened`` without ``number``, ``host`` and ``carried_over``, and
``SessionHeld`` without ``number``: such a history still loads.
"""

from __future__ import annotations

import json
import sqlite3

from circleflow import Circles
from circleflow.circle import snapshot_state
from tests.conftest import ACTOR, Cast
from tests.test_lookups import _same_as_the_mapper_reads

#: The fields each event lacked in the first releases.
FIRST_SHAPES = {
    "MemberJoined": ("organisation",),
    "SessionOpened": ("number", "host", "carried_over"),
    "SessionHeld": ("number",),
}


def _store_as_first_releases_did(path: str) -> int:
    """Rewrite the stored events named in :data:`FIRST_SHAPES` in the shape
    the first releases stored them: no class version, without the fields
    added since. Returns how many were rewritten."""
    rewritten = 0
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT rowid, topic, state FROM stored_events").fetchall()
        for rowid, topic, state in rows:
            name = topic.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
            if name not in FIRST_SHAPES:
                continue
            values = json.loads(state)
            values.pop("class_version", None)
            for field in FIRST_SHAPES[name]:
                values.pop(field)
            db.execute(
                "UPDATE stored_events SET state = ? WHERE rowid = ?",
                (json.dumps(values).encode(), rowid),
            )
            rewritten += 1
    return rewritten


def test_a_history_stored_before_events_gained_fields_still_loads(
    db_path: str,
) -> None:
    writer = Circles(db_path, snapshot_every=1000)
    cast = Cast(writer).join_all().run_urgentie()
    cid = cast.id
    writer.close()
    assert _store_as_first_releases_did(db_path) == 11  # 8 joined, opened, held

    reader = Circles(db_path)
    circle = reader.circle(cid)
    assert circle.organisations == {}
    [meeting] = circle.meetings
    assert meeting["stage"] == "Urgentie"
    assert meeting["host"] is None
    assert meeting["held"] is True
    opened = [e for e in reader.history(cid) if e.event == "SessionOpened"]
    assert [(e.details["number"], e.details["host"]) for e in opened] == [(0, None)]
    assert opened[0].details["carried_over"] == []
    # The log, which decodes without making event objects, upcasts the same.
    _same_as_the_mapper_reads(reader)
    # And the circle goes on: the next meeting is recorded in the new shape.
    reader.open_session(cid, "Opgave", [*cast.group(), cast.masters[0]], actor=ACTOR)
    newest = reader.history(cid)[-1]
    assert newest.event == "SessionOpened"
    assert newest.details["number"] == 2
    assert snapshot_state(reader.circle(cid))["meetings"][-1]["stage"] == "Opgave"


def test_events_recorded_now_carry_their_class_version(db_path: str) -> None:
    app = Circles(db_path)
    Cast(app).join_all().run_urgentie()
    with sqlite3.connect(db_path) as db:
        states = {
            topic.rsplit(":", 1)[-1]: json.loads(state)
            for topic, state in db.execute("SELECT topic, state FROM stored_events")
        }
    assert states["SessionOpened"]["class_version"] == 2
    assert states["SessionHeld"]["class_version"] == 2
    assert states["MemberJoined"]["class_version"] == 2
    assert "class_version" not in states["UrgencyStated"]  # still version 1
