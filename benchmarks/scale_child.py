# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""What the scale benchmark runs in a fresh process, with its peak memory.

Run as ``python scale_child.py CASE STORE [PROJECTIONS]``; prints one JSON
object: ``seconds`` (of the work alone, not of starting Python and opening
the store), ``events`` read, ``base_kib`` (peak RSS before the work) and
``peak_kib`` (peak RSS after it).

Cases: ``catch_up`` (``CircleReports.catch_up``, the rebuild of a report
without a projection store), ``catch_up_count`` (the same for a projection
that only counts events: the cost of catching up itself),
``catch_up_saved`` (the report with a ``ProjectionStore``, from scratch),
``read_log`` (``Circles.read_log`` only),
``plain`` (eventsourcing's own ``Mapper`` on the notifications, sealed texts
left sealed), ``raw`` (``sqlite3`` rows and ``json.loads``).

The calls that depend on the projection store's API are in
:func:`open_projections`, :func:`rebuild_saved` and :func:`keep_current`, so
that they can follow a change of that API in one place.
"""

from __future__ import annotations

import json
import resource
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable
from uuid import UUID

from eventsourcing.persistence import Mapper

from circleflow import Circles, LoggedEvent
from circleflow.reports import CircleReports, Projection, ProjectionStore

BATCH = 500


# -- the projection store: the only place that knows its API ------------------------


def open_projections(url: str) -> ProjectionStore:
    """The projection store at ``url``."""
    return ProjectionStore(url)


def rebuild_saved(app: Circles, projections: ProjectionStore) -> int:
    """Rebuild the circle reports from scratch, saved in ``projections``
    after every batch; returns the events folded."""
    projections.forget(CircleReports.name)
    return CircleReports().catch_up(app, batch=BATCH, store=projections)


def save_once(app: Circles, projections: ProjectionStore) -> int:
    """Fold the whole log without saving, then save the reports once: how a
    big saved report is set up quickly; returns its position."""
    reports = CircleReports()
    reports.catch_up(app, batch=BATCH)
    projections.forget(CircleReports.name)
    projections.save(reports)
    return reports.position


def keep_current(app: Circles, projections: ProjectionStore) -> int:
    """What a report process does when events were added: load the saved
    reports, fold what is new, save; returns the events folded."""
    return CircleReports().catch_up(app, batch=BATCH, store=projections)


# -- reading the log ----------------------------------------------------------------


def catch_up(app: Circles) -> int:
    return CircleReports().catch_up(app, batch=BATCH)


class EventCounts(Projection):
    """The smallest projection: how many events of each kind. Its fold
    costs next to nothing, so catching it up measures what ``catch_up``
    itself costs."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    def apply(self, event: LoggedEvent) -> None:
        self.counts[event.event] += 1


def catch_up_count(app: Circles) -> int:
    return EventCounts().catch_up(app, batch=BATCH)


def read_log(app: Circles) -> int:
    count, after = 0, 0
    while True:
        events = app.read_log(after, limit=BATCH)
        count += len(events)
        if len(events) < BATCH:
            return count
        after = events[-1].position


def plain(app: Circles) -> int:
    """eventsourcing's own decoding of the same notifications: its ``Mapper``
    with the application's transcoder, no sealing (texts stay sealed)."""
    mapper: Mapper[UUID] = Mapper(transcoder=app.mapper.transcoder)
    count, start = 0, 1
    while True:
        batch = app.recorder.select_notifications(start=start, limit=BATCH)
        for notification in batch:
            mapper.to_domain_event(notification)
        count += len(batch)
        if len(batch) < BATCH:
            return count
        start = batch[-1].id + 1


def raw(path: str) -> int:
    """The rows alone: ``sqlite3`` in batches, each state parsed as JSON."""
    count, after = 0, 0
    with sqlite3.connect(path) as db:
        while True:
            rows = db.execute(
                "SELECT rowid, originator_id, originator_version, topic, state "
                "FROM stored_events WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (after, BATCH),
            ).fetchall()
            for row in rows:
                json.loads(row[4])
            count += len(rows)
            if len(rows) < BATCH:
                return count
            after = rows[-1][0]


def _peak_kib() -> int:
    """The process's peak RSS so far, in KiB: Linux's ``VmHWM``, which starts
    afresh in a new program (``ru_maxrss`` keeps the parent's peak across
    ``exec``), or ``ru_maxrss`` elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def run(case: str, store: str, projections: str | None = None) -> dict[str, float]:
    """Run ``case`` on ``store``; the seconds, events and peak memory."""
    work: Callable[[], int]
    if case == "raw":
        work = lambda: raw(store)  # noqa: E731
    else:
        app = Circles(store)
        if case == "catch_up_saved":
            assert projections is not None
            saved = open_projections(projections)
            work = lambda: rebuild_saved(app, saved)  # noqa: E731
        else:
            work = {
                "catch_up": lambda: catch_up(app),
                "catch_up_count": lambda: catch_up_count(app),
                "read_log": lambda: read_log(app),
                "plain": lambda: plain(app),
            }[case]
    base = _peak_kib()
    began = time.perf_counter()
    events = work()
    seconds = time.perf_counter() - began
    return {
        "seconds": seconds,
        "events": events,
        "base_kib": base,
        "peak_kib": _peak_kib(),
    }


if __name__ == "__main__":
    print(json.dumps(run(*sys.argv[1:])))
