# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Moving a history: export and import speed on SQLite, by events in the store.

Stores of four sizes are bulk-loaded copies of recorded circles (see
``scale_store.py``). For each size:

- export: ``circleflow.moving.export_events`` of the whole store to a file,
  against reading the same events with plain eventsourcing's
  ``select_notifications``;
- import: ``circleflow.moving.import_events`` of that file (read, checked
  and written) into a new, empty SQLite store, against plain
  eventsourcing's batch save (``recorder.insert_events`` of the same stored
  events, already in memory, through a plain ``Application``, in batches of
  the same size) and raw ``sqlite3`` ``executemany`` of the same rows into
  the same table, in one transaction.

The cases run interleaved, round by round; min and median are over rounds,
in events per second. Timings are never asserted.

    .venv/bin/python benchmarks/bench_moving.py           # a few minutes
    .venv/bin/python benchmarks/bench_moving.py --quick   # under a minute
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from uuid import UUID

import scale_store
from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent

from circleflow import Circles
from circleflow.moving import BATCH, export_events, import_events

Case = Callable[[Path], None]


def _plain(path: Path) -> Application[UUID]:
    return Application(
        env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    )


def _stored(source: Path) -> list[StoredEvent]:
    app = _plain(source)
    events = [
        StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
        for n in app.recorder.select_notifications(start=1, limit=10**9)
    ]
    app.close()
    return events


def _rate(events: int, seconds: list[float]) -> tuple[float, float]:
    return events / min(seconds), events / statistics.median(seconds)


def measure(source: Path, work: Path, rounds: int) -> dict[str, tuple[float, float]]:
    """Events per second (best, median) of each case on the store ``source``."""
    stored = _stored(source)
    rows = [
        (e.originator_id.hex, e.originator_version, e.topic, e.state)  # type: ignore[union-attr]
        for e in stored
    ]
    export_file = work / "export.jsonl"
    counter = iter(range(10**9))

    def fresh() -> Path:
        return work / f"target-{next(counter)}.db"

    def export_circleflow() -> float:
        app = Circles(str(source), read_only=True)
        started = time.perf_counter()
        with open(export_file, "w", encoding="utf-8") as out:
            export_events(app, out)
        elapsed = time.perf_counter() - started
        app.close()
        return elapsed

    def read_eventsourcing() -> float:
        app = _plain(source)
        started = time.perf_counter()
        start, read = 1, 0
        while True:
            batch = app.recorder.select_notifications(start=start, limit=BATCH)
            read += len(batch)
            if len(batch) < BATCH:
                break
            start = batch[-1].id + 1
        elapsed = time.perf_counter() - started
        app.close()
        assert read == len(stored)
        return elapsed

    def import_circleflow() -> float:
        path = fresh()
        app = Circles(str(path))
        started = time.perf_counter()
        with open(export_file, encoding="utf-8") as lines:
            moved = import_events(app, lines)
        elapsed = time.perf_counter() - started
        app.close()
        assert moved.events == len(stored)
        path.unlink()
        return elapsed

    def save_eventsourcing() -> float:
        path = fresh()
        app = _plain(path)
        started = time.perf_counter()
        for start in range(0, len(stored), BATCH):
            app.recorder.insert_events(stored[start : start + BATCH])
        elapsed = time.perf_counter() - started
        app.close()
        path.unlink()
        return elapsed

    def executemany_sqlite3() -> float:
        path = fresh()
        _plain(path).close()  # the same table, made by eventsourcing
        with closing(sqlite3.connect(path)) as db:
            started = time.perf_counter()
            with db:
                db.executemany(
                    "INSERT INTO stored_events (originator_id, originator_version,"
                    " topic, state) VALUES (?, ?, ?, ?)",
                    rows,
                )
            elapsed = time.perf_counter() - started
        path.unlink()
        return elapsed

    cases: dict[str, Callable[[], float]] = {
        "export: circleflow export_events": export_circleflow,
        "export: eventsourcing select_notifications": read_eventsourcing,
        "import: circleflow import_events": import_circleflow,
        "import: eventsourcing insert_events": save_eventsourcing,
        "import: sqlite3 executemany": executemany_sqlite3,
    }
    export_circleflow()  # the file the imports read
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            timings[name].append(case())
    for leftover in work.glob("target-*"):
        leftover.unlink()
    return {name: _rate(len(stored), seconds) for name, seconds in timings.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, 3 rounds")
    parser.add_argument("--rounds", type=int)
    options = parser.parse_args()
    sizes = (
        (2_000, 5_000, 10_000, 20_000)
        if options.quick
        else (
            10_000,
            30_000,
            100_000,
            300_000,
        )
    )
    rounds = options.rounds or (3 if options.quick else 5)
    print(f"bench_moving: SQLite, {rounds} interleaved rounds; events/s (best, median)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        templates = scale_store.record_templates(work / "templates.db")
        base = scale_store.fill(
            templates, work / "store.db", templates.circles_in_store
        )
        for size in sizes:
            base = scale_store.grow_to_events(base, templates, size)
            print(
                f"\n{base.events} events ({base.circles} circles, bulk-loaded copies)"
            )
            rates = measure(base.path, work, rounds)
            ours = rates["import: circleflow import_events"]
            for name, (best, median) in rates.items():
                print(f"  {name:<45} {best:>10,.0f} {median:>10,.0f}")
            for other in (
                "import: eventsourcing insert_events",
                "import: sqlite3 executemany",
            ):
                ratio = ours[1] / rates[other][1]
                print(
                    f"  circleflow import / {other.split(': ')[1]:<26}"
                    f" {ratio:.2f}x (median)"
                )
            ratio = (
                rates["export: circleflow export_events"][1]
                / rates["export: eventsourcing select_notifications"][1]
            )
            print(
                f"  circleflow export / eventsourcing read{'':<8} {ratio:.2f}x (median)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
