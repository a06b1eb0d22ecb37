# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Report benchmark: folding the event log into circle reports, in one process.

A store on an SQLite file is filled with complete scripted Mastercircles and
Samenwerking circles (the demo scripts). Then, each on a newly constructed
application (cold: nothing cached), the whole log is read in batches of 500:

(a) circleflow: ``CircleReports.catch_up`` — ``Circles.read_log`` (decode
    every event, open its sealed personal text, make it a ``LoggedEvent``)
    and fold it into the reports.
(a-) the same fold with the read model saved in a ``ProjectionStore`` after
    every batch (one SQLite transaction per batch).
(b) plain ``eventsourcing``: ``recorder.select_notifications`` and
    ``to_domain_event`` of eventsourcing's own mapper for every notification
    (sealed texts left sealed), no fold — the floor set by the library.
(c) raw ``sqlite3``: the same rows selected in batches of 500 and their JSON
    state parsed, no objects built.

It prints events per second for each (median of the runs), the ratios a/b
and a/c, the time to render every report in every format, the time to
render one report of each built-in format in each kind as a ratio to
folding that circle's events (an SQLite file holding just that demo
circle, read cold by a new application as ``circleflow report`` does;
interleaved rounds, min and median; the target is at most 1x the fold),
the same ratio for Leergroepen of 5, 25, 100 and 400 meetings (how it
grows with the age of a circle),
and the peak memory of (a) measured with :mod:`tracemalloc`. Timings are
never asserted.

    .venv/bin/python benchmarks/bench_reports.py             # about 30 s
    .venv/bin/python benchmarks/bench_reports.py --quick     # a few seconds
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from bench_scale import Leergroep
from eventsourcing.persistence import Mapper

from circleflow import Circles
from circleflow.demo import DEMOS, run_mastercircle, run_samenwerking
from circleflow.reports import FORMATS, CircleReports, ProjectionStore, render_bytes

BATCH = 500


def _fill(db: str, circles: int) -> int:
    app = Circles(db)
    for number in range(circles):
        if number % 2:
            run_samenwerking(app)
        else:
            run_mastercircle(app, participants=8)
    return app.log_position()


def _fold(db: str) -> int:
    reports = CircleReports()
    return reports.catch_up(Circles(db), batch=BATCH)


def _fold_saved(db: str, projections: str) -> int:
    store = ProjectionStore(projections)
    store.forget(CircleReports.name)
    return CircleReports().catch_up(Circles(db), batch=BATCH, store=store)


def _plain(db: str) -> int:
    app = Circles(db)
    # eventsourcing's own mapper with the same transcoder: sealed texts stay
    # sealed, as a plain eventsourcing application would read them.
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


def _raw(db: str) -> int:
    count, after = 0, 0
    with sqlite3.connect(db) as connection:
        while True:
            rows = connection.execute(
                "SELECT rowid, state FROM stored_events WHERE rowid > ? "
                "ORDER BY rowid LIMIT ?",
                (after, BATCH),
            ).fetchall()
            for _, state in rows:
                json.loads(state)
            count += len(rows)
            if len(rows) < BATCH:
                return count
            after = rows[-1][0]


def _rate(run: Callable[[], int], repeat: int, expected: int) -> float:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        count = run()
        seconds.append(time.perf_counter() - started)
        if count != expected:
            sys.exit(f"sanity check failed: read {count} events, expected {expected}")
    return expected / statistics.median(seconds)


def _render_ratios(repeat: int, folder: str) -> None:
    """Per built-in format: the time to render one report of each kind, as
    a ratio to folding that circle's events (interleaved rounds: each round
    folds, then renders every kind once, in a rotating order)."""
    rounds = max(repeat, 5)
    print(
        f"\n  rendering one report, as a ratio to folding its circle "
        f"({rounds} interleaved rounds; min and median)"
    )
    print(f"  {'format':<17} {'fold ms':>8}  " + "  ".join(f"{k:>11}" for k in FORMATS))
    for format_name, run in DEMOS.items():
        db = str(Path(folder) / f"{format_name}.db")
        circle = run(Circles(db))
        folds: list[float] = []
        renders: dict[str, list[float]] = {kind: [] for kind in FORMATS}
        for round_number in range(rounds):
            app = Circles(db)  # cold: nothing read or cached yet
            started = time.perf_counter()
            reports = CircleReports()
            reports.catch_up(app, batch=BATCH)
            report = reports.get(circle)
            folds.append(time.perf_counter() - started)
            kinds = list(FORMATS)
            kinds = (
                kinds[round_number % len(kinds) :] + kinds[: round_number % len(kinds)]
            )
            for kind in kinds:
                started = time.perf_counter()
                render_bytes(report, kind)
                renders[kind].append(time.perf_counter() - started)
        fold_ms = statistics.median(folds) * 1000
        print(f"  {format_name:<17} {fold_ms:>8.1f}  " + _ratio_cells(folds, renders))


def _ratio_cells(folds: list[float], renders: dict[str, list[float]]) -> str:
    fold_min, fold_median = min(folds), statistics.median(folds)
    cells = []
    for kind in FORMATS:
        best = min(renders[kind]) / fold_min
        usual = statistics.median(renders[kind]) / fold_median
        cells.append(f"{best:>5.2f}/{usual:<5.2f}")
    return "  ".join(cells)


def _growth(sizes: tuple[int, ...], rounds: int, folder: str) -> None:
    """How the ratio to the fold grows with the age of a circle: Leergroepen
    of more and more meetings, each in a store of its own, folded and
    rendered in interleaved rounds."""
    print(
        f"\n  by age: a Leergroep of n meetings ({rounds} interleaved rounds; "
        "render / fold, min and median)"
    )
    print(
        f"  {'meetings':>8} {'events':>7} {'fold ms':>8}  "
        + "  ".join(f"{k:>11}" for k in FORMATS)
    )
    stores = {}
    for size in sizes:
        db = str(Path(folder) / f"leergroep-{size}.db")
        builder = Circles(db)
        group = Leergroep(builder, size)
        group.build(builder, size)
        builder.close()
        stores[size] = (db, group.circle_id)
    folds: dict[int, list[float]] = {size: [] for size in sizes}
    renders: dict[int, dict[str, list[float]]] = {
        size: {kind: [] for kind in FORMATS} for size in sizes
    }
    events = {}
    for round_number in range(rounds):
        for size, (db, circle) in stores.items():
            app = Circles(db)
            started = time.perf_counter()
            reports = CircleReports()
            reports.catch_up(app, batch=BATCH)
            report = reports.get(circle)
            folds[size].append(time.perf_counter() - started)
            events[size] = report.version
            turn = round_number % len(FORMATS)
            for kind in [*FORMATS[turn:], *FORMATS[:turn]]:
                started = time.perf_counter()
                render_bytes(report, kind)
                renders[size][kind].append(time.perf_counter() - started)
            app.close()
    for size in sizes:
        fold_ms = statistics.median(folds[size]) * 1000
        print(
            f"  {size:>8} {events[size]:>7,} {fold_ms:>8.1f}  "
            + _ratio_cells(folds[size], renders[size])
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run")
    parser.add_argument("--circles", type=int, help="circles in the store")
    parser.add_argument("--repeat", type=int, help="runs per case")
    options = parser.parse_args()
    circles = options.circles or (6 if options.quick else 60)
    repeat = options.repeat or (3 if options.quick else 7)

    print("circleflow report benchmark")
    print(f"  python {platform.python_version()}, sqlite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "circles.db")
        projections = str(Path(folder) / "projections.db")
        events = _fill(db, circles)
        print(f"  store: {circles} circles, {events:,} events; batches of {BATCH}")
        cases = [
            ("(a) CircleReports.catch_up", lambda: _fold(db)),
            ("(a-) the same, saved per batch", lambda: _fold_saved(db, projections)),
            ("(b) eventsourcing decode only", lambda: _plain(db)),
            ("(c) raw sqlite3 + json.loads", lambda: _raw(db)),
        ]
        rates = {}
        print(f"\n  {'case':<36} {'events/s':>12}")
        for name, run in cases:
            rates[name[:4].strip()] = _rate(run, repeat, events)
            print(f"  {name:<36} {rates[name[:4].strip()]:>12,.0f}")
        a, b, c = rates["(a)"], rates["(b)"], rates["(c)"]
        print(
            f"  a/b = {a / b:.2f}   a/c = {a / c:.2f}   a-/a = {rates['(a-)'] / a:.2f}"
        )

        reports = CircleReports()
        reports.catch_up(Circles(db))
        started = time.perf_counter()
        for report in reports:
            for name in FORMATS:
                render_bytes(report, name)
        spent = time.perf_counter() - started
        per = spent / (len(reports) * len(FORMATS)) * 1000
        print(
            f"\n  rendering {len(reports)} reports in {len(FORMATS)} formats "
            f"({', '.join(FORMATS)}): {spent:.2f} s, {per:.2f} ms per report"
        )

        _render_ratios(repeat, folder)
        sizes = (2, 8, 32, 128) if options.quick else (5, 25, 100, 400)
        _growth(sizes, max(repeat, 5), folder)

        tracemalloc.start()
        _fold(db)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"  peak memory of (a): {peak / 2**20:.1f} MiB for {events:,} events")


if __name__ == "__main__":
    main()
