# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of ``Circles.due()``: what is due over 100 to 1,000 circles.

The stores are bulk-loaded copies (see ``scale_store.py``) of eight recorded
circles: the four finished demo circles, and four running ones with
something due (a Mastercircle with its sessions planned, a Leernetwerkgroep
with a registration deadline, a Samenwerking after a meeting with mandates
to renew and a TWO to reflect on, a Leergroep whose next meeting is not
planned). Two cases per size, interleaved round by round; min and median
over rounds:

- warm: ``due()`` on an open ``Circles`` that has asked before (its
  projection reads only the events recorded since: none here);
- cold: the first ``due()`` of a newly opened ``Circles``, which reads the
  whole log once.

The target is warm ``due()`` over 1,000 circles in at most 100 ms. Timings
are never asserted: the script fails only when a sanity check fails.

    .venv/bin/python benchmarks/bench_due.py
    .venv/bin/python benchmarks/bench_due.py --sizes 20 40 --rounds 2   # quick
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from uuid import UUID

from scale_store import FOUNDED, Template, _template, add_copies, copy_file

from circleflow import Circles
from circleflow.builtin import CONSENSUS_ITEMS
from circleflow.demo import DEMOS
from circleflow.walk import ACTOR, register_people

TODAY = datetime.now(UTC).date()
#: The moment asked about: every running template has something due then.
AT = datetime.combine(TODAY + timedelta(days=30), clock_time(12), tzinfo=UTC)


def _running(app: Circles) -> list[UUID]:
    """Four circles that are still running, each with something due at AT."""
    mc = app.found_circle("mastercircle", title="MC", challenge="c", actor=ACTOR)
    app.schedule(mc, TODAY, actor=ACTOR)

    lng = app.found_circle("leernetwerkgroep", title="LNG", challenge="c", actor=ACTOR)
    app.set_registration_deadline(lng, TODAY + timedelta(days=10), actor=ACTOR)

    members = [
        app.register_person(f"Lid {n}", organisation=f"Org {n}", actor=ACTOR)
        for n in range(3)
    ]
    (facilitator,) = register_people(app, "Begeleider", 1)
    sw = app.found_circle("samenwerking", title="SW", challenge="c", actor=ACTOR)
    app.join(sw, facilitator, "facilitator", actor=ACTOR)
    for person in members:
        app.join(sw, person, "participant", actor=ACTOR)
    for stage in ("Erkennen", "DoorzichtigMaken"):
        for person in members:
            app.renew_mandate(sw, person, "scope", actor=ACTOR)
        app.open_session(sw, stage, [facilitator, *members], actor=ACTOR)
        for person in members:
            app.voice_concerns(sw, person, "", actor=ACTOR)
        if stage == "DoorzichtigMaken":
            for item in CONSENSUS_ITEMS:
                app.record_consensus(sw, item, "ok", actor=ACTOR)
            app.agree_two(sw, members, "Overleg", "snel", actor=ACTOR)
        app.hold_session(sw, actor=ACTOR)

    facilitators = register_people(app, "Begeleider", 2)
    directors = register_people(app, "Directeur", 3)
    lg = app.found_circle("leergroep", title="LG", challenge="c", actor=ACTOR)
    for person in facilitators:
        app.join(lg, person, "facilitator", actor=ACTOR)
    for person in directors:
        app.join(lg, person, "participant", actor=ACTOR)
    app.open_session(lg, "Bijeenkomst", [*facilitators, *directors], actor=ACTOR)
    app.choose_subject(lg, "Onderwerp", brought_by=directors[0], actor=ACTOR)
    app.hold_session(lg, actor=ACTOR)
    return [mc, lng, sw, lg]


def record(path: Path) -> tuple[list[Template], int]:
    """The eight template circles, recorded in ``path``; and its circles."""
    app = Circles(str(path))
    ids = [run(app) for run in DEMOS.values()] + _running(app)
    app.close()
    with closing(sqlite3.connect(path)) as db:
        circles = db.execute(
            "SELECT COUNT(*) FROM stored_events WHERE topic = ?", (FOUNDED,)
        ).fetchone()[0]
        return [_template(db, str(n), cid) for n, cid in enumerate(ids)], int(circles)


def timed(call: object) -> float:
    start = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 250, 500, 1000])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "templates.db"
        templates, recorded = record(base)
        print(f"{recorded} circles recorded, {len(templates)} of them copied")
        stores: dict[int, Path] = {}
        for size in args.sizes:
            stores[size] = Path(tmp) / f"due-{size}.db"
            copy_file(base, stores[size])
            add_copies(stores[size], templates, max(0, size - recorded))
        apps = {
            size: Circles(str(path), read_only=True) for size, path in stores.items()
        }
        warm: dict[int, list[float]] = {size: [] for size in args.sizes}
        cold: dict[int, list[float]] = {size: [] for size in args.sizes}
        due_counts: dict[int, int] = {}
        for size, app in apps.items():  # the first call reads the whole log
            due_counts[size] = len(app.due(AT))
        for _ in range(args.rounds):
            for size in args.sizes:
                warm[size].append(timed(lambda a=apps[size]: a.due(AT)))
                fresh = Circles(str(stores[size]), read_only=True)
                cold[size].append(timed(lambda a=fresh: a.due(AT)))
                fresh.close()
        for app in apps.values():
            app.close()

    ok = True
    print(f"due() at {AT:%Y-%m-%d}, bulk-loaded SQLite stores, {args.rounds} rounds")
    print("circles  with due  warm min   warm med   cold min   cold med")
    for size in args.sizes:
        wmin, wmed = min(warm[size]) * 1e3, statistics.median(warm[size]) * 1e3
        cmin, cmed = min(cold[size]) * 1e3, statistics.median(cold[size]) * 1e3
        print(
            f"{size:>7}  {due_counts[size]:>7}  {wmin:7.2f}ms {wmed:7.2f}ms "
            f"{cmin:8.1f}ms {cmed:8.1f}ms"
        )
        # the recorded running circles, and the copies of them
        copies = max(0, size - recorded)
        expected = len(templates) - len(DEMOS)
        expected += sum(1 for n in range(copies) if n % len(templates) >= len(DEMOS))
        if due_counts[size] != expected:
            print(f"  sanity: expected {expected} circles with something due")
            ok = False
    first = args.sizes[0]
    for size in args.sizes[1:]:
        ratio = statistics.median(warm[size]) / statistics.median(warm[first])
        print(f"warm median {size}/{first} circles: {ratio:.2f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
