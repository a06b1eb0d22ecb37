# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Scale benchmark: how costs grow with the age of a circle and the size of
a store, against plain ``eventsourcing`` and raw ``sqlite3``.

One table per figure of issue 13, each a growth curve of at least four
sizes (every size against the smallest) or a ratio against a baseline:

1. reports: keeping a saved report current after one new event, by circles
   in the store; a full rebuild with and without a ``ProjectionStore``, and
   its peak memory, by events in the store;
2. commands: one command on Leergroepen of increasing age (meetings held),
   snapshot storage against event storage as they age, and write
   throughput against plain eventsourcing (``bench_core.py``'s cases);
3. lookups: ``list_circles`` and id-prefix lookup (``find_circle``) by
   circles in the store, ``circle(at=...)`` and ``history()`` by events in
   one circle;
4. reading the log: ``read_log`` and ``CircleReports.catch_up`` against
   eventsourcing's own decoding and against raw ``sqlite3``, with peak RSS;
5. start-up: ``import circleflow`` and a cold ``circleflow status`` in new
   processes, against ``import eventsourcing.application``;
6. writers: 1, 2 and 4 writer processes, circleflow against plain
   eventsourcing with the same events, on SQLite (and PostgreSQL when a
   throwaway server can be started).

Big stores are bulk-loaded copies of recorded circles (see
``scale_store.py``); the output says so. The cases compared in a table run
interleaved, round by round, so that a busy moment of a shared machine hits
them alike; min and median are over rounds. Timings are never asserted: the
script fails (exit status 1) only when a sanity check fails.

    .venv/bin/python benchmarks/bench_scale.py            # about 10 minutes
    .venv/bin/python benchmarks/bench_scale.py --quick    # under a minute
    .venv/bin/python benchmarks/bench_scale.py --full     # the big sizes
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Any
from uuid import UUID

import scale_child
import scale_store
import scale_writers
from bench_core import Script, Settings, bench_writes, build_history
from scale_store import Templates

import circleflow
from circleflow import Circles, engine
from circleflow.walk import ACTOR, register_people

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class Mode:
    """The sizes and rounds of one kind of run."""

    name: str
    rounds: int
    current_circles: tuple[int, ...]
    rebuild_events: tuple[int, ...]
    rebuild_rounds: int
    saved_rebuild_cap: float  # seconds a saved rebuild may be estimated to take
    saved_repeat: float  # a saved rebuild slower than this runs in one round only
    meetings: tuple[int, ...]
    command_rounds: int
    core_rounds: int
    list_circles: tuple[int, ...]
    big_lookup: tuple[int, int] | None  # circles, events
    history_events: tuple[int, ...]
    history_rounds: int
    log_events: tuple[int, ...]
    log_rounds: int
    startup_runs: int
    writers: tuple[int, ...]
    writer_circles: int
    writer_rounds: int


MODES = {
    "quick": Mode(
        "quick",
        rounds=2,
        current_circles=(10, 20, 40, 80),
        rebuild_events=(1_000, 2_000, 3_000, 4_000),
        rebuild_rounds=1,
        saved_rebuild_cap=10,
        saved_repeat=10,
        meetings=(2, 4, 8, 16),
        command_rounds=2,
        core_rounds=2,
        list_circles=(50, 100, 200, 400),
        big_lookup=None,
        history_events=(500, 1_000, 1_500, 2_000),
        history_rounds=2,
        log_events=(1_000, 2_000, 4_000, 8_000),
        log_rounds=1,
        startup_runs=2,
        writers=(1, 2),
        writer_circles=1,
        writer_rounds=1,
    ),
    "default": Mode(
        "default",
        rounds=5,
        current_circles=(100, 500, 1_000, 4_000),
        rebuild_events=(10_000, 25_000, 50_000, 100_000),
        rebuild_rounds=2,
        saved_rebuild_cap=120,
        saved_repeat=30,
        meetings=(16, 100, 300, 1_000),
        command_rounds=10,
        core_rounds=20,
        list_circles=(1_000, 2_500, 5_000, 10_000),
        big_lookup=None,
        history_events=(10_000, 20_000, 35_000, 50_000),
        history_rounds=3,
        log_events=(25_000, 50_000, 100_000, 250_000),
        log_rounds=3,
        startup_runs=20,
        writers=(1, 2, 4),
        writer_circles=3,
        writer_rounds=3,
    ),
    "full": Mode(
        "full",
        rounds=5,
        current_circles=(100, 500, 1_000, 4_000),
        rebuild_events=(10_000, 50_000, 100_000, 500_000),
        rebuild_rounds=2,
        saved_rebuild_cap=2_400,
        saved_repeat=120,
        meetings=(16, 100, 300, 1_000),
        command_rounds=10,
        core_rounds=50,
        list_circles=(1_000, 2_500, 5_000, 10_000),
        big_lookup=(10_000, 2_000_000),
        history_events=(10_000, 20_000, 35_000, 50_000),
        history_rounds=5,
        log_events=(100_000, 250_000, 500_000, 1_000_000),
        log_rounds=3,
        startup_runs=20,
        writers=(1, 2, 4),
        writer_circles=5,
        writer_rounds=5,
    ),
}


# -- numbers and tables -------------------------------------------------------------


@dataclass
class Series:
    """Measurements of one case at several sizes, in seconds (or bytes)."""

    values: dict[int, list[float]] = field(default_factory=dict)

    def add(self, size: int, value: float) -> None:
        self.values.setdefault(size, []).append(value)

    def low(self, size: int) -> float:
        return min(self.values[size])

    def mid(self, size: int) -> float:
        return statistics.median(self.values[size])

    def growth(self, size: int) -> str:
        """The median at ``size`` against the median at the smallest size."""
        first = self.mid(min(self.values))
        return f"{self.mid(size) / first:.2f}" if first > 0 else "-"

    def __contains__(self, size: int) -> bool:
        return size in self.values


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.2f}" if seconds < 1 else f"{seconds * 1000:,.0f}"


def mib(kib: float) -> str:
    return f"{kib / 1024:,.1f}"


def n(value: float) -> str:
    return f"{value:,.0f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A Markdown table, so that it can be pasted into the README as it is."""
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
        for i, h in enumerate(header)
    ]
    print(
        "| "
        + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
        + " |"
    )
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        print("| " + " | ".join(cells) + " |")


def heading(title: str, *notes: str) -> None:
    print()
    print(f"### {title}")
    print()
    for note in notes:
        print(note)
    if notes:
        print()


def timed(work: Callable[[], object]) -> float:
    gc.collect()
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def env_for_children() -> dict[str, str]:
    """The environment of child processes: this checkout's sources first, and
    byte code cached (so a cold start is not a first start)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    paths = [str(ROOT / "src"), str(HERE)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def child(case: str, store: Path, projections: Path | None = None) -> dict[str, float]:
    """Run a case of ``scale_child.py`` in a fresh process."""
    args = [sys.executable, str(HERE / "scale_child.py"), case, str(store)]
    if projections is not None:
        args.append(str(projections))
    done = subprocess.run(
        args, capture_output=True, text=True, env=env_for_children(), check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_scale: {case} on {store} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout)
    return result


# -- 1. reports ---------------------------------------------------------------------


def one_event(app: Circles, cid: UUID, givers: Sequence[UUID], number: int) -> None:
    """Record one event on the live circle: feedback in its hot seat."""
    app.take(
        cid,
        "give_feedback",
        giver=givers[number % len(givers)],
        kind="appreciative",
        feedback=f"Nieuwe feedback {number}",
        actor=ACTOR,
    )


def fig_reports(
    folder: Path, templates: Templates, mode: Mode, problems: list[str]
) -> None:
    # (1a) keeping a saved report current after one new event
    path = folder / "current.db"
    scale_store.copy_file(templates.path, path)
    live = Circles(str(path))
    cid, givers = _live_circle(live)
    filled = scale_store.Filled(
        path, templates.circles_in_store + 1, live.log_position()
    )
    rows = []
    current = Series()
    for circles in mode.current_circles:
        filled = scale_store.grow(filled, templates, circles)
        projections = scale_child.open_projections(
            str(folder / f"current-{circles}.db")
        )
        app = Circles(str(path))
        scale_child.save_once(app, projections)
        for number in range(mode.rounds):
            one_event(app, cid, givers, number)
            current.add(
                circles,
                timed(lambda: scale_child.keep_current(app, projections)),  # noqa: B023
            )
        app.close()
        rows.append([n(filled.circles), n(filled.events)])
    live.close()
    heading(
        "1a. Keeping a saved report current after 1 new event",
        "CircleReports saved in a ProjectionStore (SQLite file); per round one "
        "give_feedback is recorded (not timed), then a new CircleReports loads "
        "the saved reports, folds the event and saves (timed). Target: <= 2 ms "
        "at 4,000 circles, flat.",
    )
    table(
        ["circles", "events", "min ms", "median ms", "x smallest"],
        [
            [*row, ms(current.low(c)), ms(current.mid(c)), current.growth(c)]
            for row, c in zip(rows, mode.current_circles, strict=True)
        ],
    )

    # (1b) a full rebuild with and without a projection store, and its memory
    plain_runs, saved_runs = Series(), Series()
    plain_mem, saved_mem = Series(), Series()
    skipped: dict[int, float] = {}
    stores = []
    filled = scale_store.fill(
        templates, folder / "rebuild.db", templates.circles_in_store
    )
    for events in mode.rebuild_events:
        filled = scale_store.grow_to_events(filled, templates, events)
        store = folder / f"rebuild-{events}.db"
        scale_store.copy_file(filled.path, store)
        stores.append((events, store, filled))
    last: tuple[int, float] | None = None
    for round_ in range(mode.rebuild_rounds):
        for events, store, _ in stores:
            run = child("catch_up", store)
            plain_runs.add(events, run["seconds"])
            plain_mem.add(events, run["peak_kib"] - run["base_kib"])
            if events in skipped:
                continue
            if round_ > 0 and saved_runs.low(events) > mode.saved_repeat:
                continue
            if round_ == 0 and last is not None:
                estimate = last[1] * (events / last[0]) ** 2
                if estimate > mode.saved_rebuild_cap:
                    skipped[events] = estimate
                    continue
            run = child("catch_up_saved", store, folder / f"saved-{events}-{round_}.db")
            saved_runs.add(events, run["seconds"])
            saved_mem.add(events, run["peak_kib"] - run["base_kib"])
            if round_ == 0:
                last = (events, run["seconds"])
    heading(
        "1b. Full rebuild of the circle reports, with and without a ProjectionStore",
        "CircleReports.catch_up from position 0 in a new process, batches of 500; "
        "with the store it is saved every 5,000 events (catch_up's save_every) "
        "and once caught up. Store: bulk-loaded copies "
        f"of the demo circles. {mode.rebuild_rounds} interleaved rounds; a rebuild "
        f"with the store that took over {mode.saved_repeat:.0f} s runs in the first "
        "round only, and one estimated (quadratically from the size before) to take "
        f"over {mode.saved_rebuild_cap / 60:.0f} min is skipped. with/without: "
        "medians. Target: with/without <= 1.3 at 100k and 500k events.",
    )
    rows = []
    for events, _, filled in stores:
        with_store = (
            [
                ms(saved_runs.low(events)),
                ms(saved_runs.mid(events)),
                str(len(saved_runs.values[events])),
            ]
            if events in saved_runs
            else [f"skipped (est. {skipped[events] / 60:,.0f} min)", "-", "0"]
        )
        ratio = (
            f"{saved_runs.mid(events) / plain_runs.mid(events):.2f}"
            if events in saved_runs
            else "-"
        )
        rows.append(
            [
                n(filled.events),
                n(filled.circles),
                ms(plain_runs.low(events)),
                ms(plain_runs.mid(events)),
                plain_runs.growth(events),
                *with_store,
                ratio,
            ]
        )
    table(
        [
            "events",
            "circles",
            "without min ms",
            "without median ms",
            "x smallest",
            "with store min ms",
            "with store median ms",
            "rounds",
            "with/without",
        ],
        rows,
    )
    heading(
        "1c. Peak memory of a rebuild",
        "Growth of the peak RSS (VmHWM) of the process during the rebuild, over "
        "its RSS after opening the store, median of the rounds. Target: flat "
        "(within 20%) from 100k to 1M events.",
    )
    table(
        ["events", "without store MiB", "x smallest", "with store MiB"],
        [
            [
                n(filled.events),
                mib(plain_mem.mid(events)),
                plain_mem.growth(events),
                mib(saved_mem.mid(events)) if events in saved_mem else "-",
            ]
            for events, _, filled in stores
        ],
    )


def _live_circle(app: Circles) -> tuple[UUID, list[UUID]]:
    """A Mastercircle in a hot seat in ``app``'s store, and who may give
    feedback there."""
    facilitator = app.register_person("Fenna", actor=ACTOR)
    sponsor = app.register_person("Sam", organisation="BZK", actor=ACTOR)
    master = app.register_person("Mira", actor=ACTOR)
    people = register_people(app, "Deelnemer", 4)
    cid = app.found_circle(
        "mastercircle", title="Levend", challenge="Feedback", actor=ACTOR
    )
    app.join(cid, facilitator, "facilitator", actor=ACTOR)
    app.join(cid, sponsor, "sponsor", actor=ACTOR)
    app.join(cid, master, "master", actor=ACTOR)
    for person in people:
        app.join(cid, person, "participant", actor=ACTOR)
    app.schedule(cid, datetime(2027, 1, 4, tzinfo=UTC).date(), actor=ACTOR)
    app.open_session(cid, "Urgentie", [facilitator, *people, sponsor], actor=ACTOR)
    app.state_urgency(cid, sponsor, "Het moet nu.", actor=ACTOR)
    app.hold_session(cid, actor=ACTOR)
    app.open_session(cid, "Opgave", [facilitator, *people, master], actor=ACTOR)
    for element in ("Koersbepalen", "Voorbereiden", "Uitwisselen"):
        app.enter_element(cid, element, actor=ACTOR)
    app.take_hot_seat(cid, people[0], topic="Mijn aanpak", actor=ACTOR)
    return cid, [*people[1:], master]


# -- 2. commands on old circles -----------------------------------------------------


#: Events saved per ``Circles.save`` while building old circles.
BUILD_BATCH = 50


class Leergroep:
    """A Leergroep of its own persons, holding meeting after meeting."""

    def __init__(self, app: Circles, number: int) -> None:
        self.facilitators = register_people(app, f"Begeleider {number}", 2)
        self.directors = register_people(app, f"Programmadirecteur {number}", 4)
        self.circle_id = app.found_circle(
            "leergroep",
            title=f"Leergroep {number}",
            challenge="Grenzeloos samenwerken",
            actor=ACTOR,
        )
        for person in self.facilitators:
            app.join(self.circle_id, person, "facilitator", actor=ACTOR)
        for person in self.directors:
            app.join(self.circle_id, person, "participant", actor=ACTOR)
        self.meetings = 0

    def commands(self) -> list[tuple[str, dict[str, Any]]]:
        """The commands of the next meeting, with their arguments."""
        self.meetings += 1
        present = [str(p) for p in (*self.facilitators, *self.directors)]
        brought_by = str(self.directors[self.meetings % len(self.directors)])
        return [
            ("open_session", {"stage": "Bijeenkomst", "attendees": present}),
            (
                "choose_subject",
                {"subject": f"Onderwerp {self.meetings}", "brought_by": brought_by},
            ),
            (
                "record_insight",
                {"kind": "lesson", "insight": "Benoem de spanning eerst."},
            ),
            ("hold_session", {}),
        ]

    def build(self, app: Circles, meetings: int) -> None:
        """Hold ``meetings`` meetings quickly: each command checked by the
        engine on one circle kept in hand, saved every :data:`BUILD_BATCH`
        events (snapshots are taken at those saves)."""
        circle = app.circle(self.circle_id)
        fmt = app.formats.get(circle.format_name, circle.format_version)
        for _ in range(meetings):
            for name, args in self.commands():
                engine.take(circle, fmt, name, args, actor=ACTOR, origin=app.origin)
            if len(circle.pending_events) >= BUILD_BATCH:
                app.save(circle)
        app.save(circle)

    def meeting(self, app: Circles) -> list[float]:
        """Hold one meeting through ``app``; returns the seconds of each command."""
        return [
            timed(lambda: app.take(self.circle_id, name, actor=ACTOR, **args))  # noqa: B023
            for name, args in self.commands()
        ]


def stored_bytes(path: Path, table_name: str, cid: UUID) -> int:
    with closing(sqlite3.connect(path)) as db:
        found = db.execute(
            f"SELECT COALESCE(SUM(LENGTH(state)), 0) FROM {table_name} "
            "WHERE originator_id = ?",
            (cid.hex,),
        ).fetchone()[0]
    return int(found)


def fig_commands(folder: Path, mode: Mode, problems: list[str]) -> None:
    path = folder / "commands.db"
    builder = Circles(str(path))
    groups = {}
    began = time.perf_counter()
    for number, meetings in enumerate(mode.meetings):
        group = Leergroep(builder, number)
        group.build(builder, meetings)
        groups[meetings] = group
    builder.close()
    built = time.perf_counter() - began
    app = Circles(str(path))
    sizes = {
        m: (
            app.circle(g.circle_id).version,
            stored_bytes(path, "stored_events", g.circle_id),
            stored_bytes(path, "stored_snapshots", g.circle_id),
        )
        for m, g in groups.items()
    }
    commands = Series()
    for _ in range(mode.command_rounds):
        for meetings, group in groups.items():
            for seconds in group.meeting(app):
                commands.add(meetings, seconds)
    app.close()
    heading(
        "2a. One command on a Leergroep, by meetings held",
        f"{len(groups)} Leergroepen in one store (SQLite file, snapshot every 100 "
        "events). Built quickly: every command checked by the engine on one circle "
        f"in hand and saved through Circles every {BUILD_BATCH} events "
        f"({built:.0f} s). Then, through Circles.take, per round each circle holds one "
        "more meeting: open_session, choose_subject, record_insight, hold_session, "
        f"each timed; {mode.command_rounds} rounds, the circles in turn. Target: "
        "1,000 meetings within 1.5x of 16.",
    )
    table(
        ["meetings", "events", "min ms", "median ms", "x smallest"],
        [
            [
                n(m),
                n(sizes[m][0]),
                ms(commands.low(m)),
                ms(commands.mid(m)),
                commands.growth(m),
            ]
            for m in groups
        ],
    )
    heading(
        "2b. Snapshot storage by age",
        "Bytes of the circle's rows in stored_events and stored_snapshots (sum of "
        "LENGTH(state)), before the rounds above. Target: snapshots linear in age "
        "(snapshots/events flat).",
    )
    table(
        ["meetings", "events", "events KiB", "snapshots KiB", "snapshots/events"],
        [
            [
                n(m),
                n(version),
                n(events / 1024),
                n(snaps / 1024),
                f"{snaps / events:.2f}",
            ]
            for m, (version, events, snaps) in sizes.items()
        ],
    )
    settings = Settings(
        circles=mode.core_rounds,
        participants=8,
        history=0,
        repeat=1,
        quick=mode.name == "quick",
        sizes=(),
    )
    core = folder / "core"
    core.mkdir()
    writes = bench_writes(core, settings)
    problems += writes.problems
    heading(
        "2c. Write throughput against plain eventsourcing and raw sqlite3",
        f"bench_core.py's write cases, {mode.core_rounds} interleaved rounds of one "
        "scripted Mastercircle each: (a) Circles, (b) the same events on a plain "
        "eventsourcing Aggregate and Application, (c) raw sqlite3, one commit per "
        "row. Target: a/b >= 1.0.",
    )
    a, _, b, c = writes.rows
    table(
        ["case", "events/s", "ratio min", "ratio median"],
        [
            [a.label, n(a.per_second), "", ""],
            [b.label, n(b.per_second), "", ""],
            [c.label, n(c.per_second), "", ""],
            [
                "a/b",
                f"{a.per_second / b.per_second:.2f}",
                f"{min(writes.ab):.2f}",
                f"{statistics.median(writes.ab):.2f}",
            ],
            [
                "a/c",
                f"{a.per_second / c.per_second:.2f}",
                f"{min(writes.ac):.2f}",
                f"{statistics.median(writes.ac):.2f}",
            ],
        ],
    )


# -- 3. lookups ---------------------------------------------------------------------


def truncated(source: Path, target: Path, cid: UUID, version: int) -> None:
    """A copy of ``source`` in which the circle ends at ``version``."""
    scale_store.copy_file(source, target)
    with closing(sqlite3.connect(target)) as db, db:
        db.execute(
            "DELETE FROM stored_events "
            "WHERE originator_id = ? AND originator_version > ?",
            (cid.hex, version),
        )


def moment_of(path: Path, cid: UUID, version: int) -> datetime:
    """When the circle's event ``version`` was recorded."""
    with closing(sqlite3.connect(path)) as db:
        state = db.execute(
            "SELECT state FROM stored_events WHERE originator_id = ? AND "
            "originator_version = ?",
            (cid.hex, version),
        ).fetchone()[0]
    return datetime.fromisoformat(json.loads(state)["timestamp"]["_data_"])


def fig_lookups(
    folder: Path, templates: Templates, mode: Mode, problems: list[str]
) -> None:
    stores: list[tuple[str, scale_store.Filled]] = []
    filled = scale_store.fill(
        templates, folder / "lookups.db", templates.circles_in_store
    )
    for circles in mode.list_circles:
        filled = scale_store.grow(filled, templates, circles)
        copy = folder / f"lookups-{circles}.db"
        scale_store.copy_file(filled.path, copy)
        stores.append(
            (n(circles), scale_store.Filled(copy, filled.circles, filled.events))
        )
    if mode.big_lookup is not None:
        circles, events = mode.big_lookup
        big = scale_store.fill(templates, folder / "lookups-big.db", circles, events)
        stores.append((f"{n(circles)} ({n(big.long_circles)} long)", big))
    apps = [Circles(str(f.path), read_only=True) for _, f in stores]
    prefixes = []
    for app, (_, f) in zip(apps, stores, strict=True):
        with closing(sqlite3.connect(f.path)) as db:
            last = db.execute(
                "SELECT originator_id FROM stored_events WHERE topic = ? "
                "ORDER BY rowid DESC LIMIT 1",
                (scale_store.FOUNDED,),
            ).fetchone()[0]
        prefixes.append(str(UUID(last))[:13])
        found = len(app.list_circles())
        if found != f.circles:
            problems.append(f"list_circles found {found} circles, expected {f.circles}")
    listing, prefix = Series(), Series()
    for _ in range(mode.rounds):
        for index, app in enumerate(apps):
            listing.add(index, timed(app.list_circles))
            prefix.add(index, timed(lambda: app.find_circle(prefixes[index])))  # noqa: B023
    for app in apps:
        app.close()
    heading(
        "3a. Listing circles and id-prefix lookup, by circles in the store",
        "Circles.list_circles() and Circles.find_circle(first 13 characters of an "
        "id) on a read-only Circles per store, opened once; stores are bulk-loaded "
        f"copies of the demo circles; {mode.rounds} interleaved rounds. In the row "
        "marked 'long', that many of the circles are copies of a Mastercircle with "
        "1,000 events, to reach 2M events. Target: prefix lookup <= 5 ms at 10,000 "
        "circles and 2M events.",
    )
    table(
        [
            "circles",
            "events",
            "list min ms",
            "list median ms",
            "x smallest",
            "prefix min ms",
            "prefix median ms",
            "x smallest",
        ],
        [
            [
                label,
                n(f.events),
                ms(listing.low(i)),
                ms(listing.mid(i)),
                listing.growth(i),
                ms(prefix.low(i)),
                ms(prefix.mid(i)),
                prefix.growth(i),
            ]
            for i, (label, f) in enumerate(stores)
        ],
    )

    # circle(at=...) and history() on one long circle, cut at several lengths
    longest = max(mode.history_events)
    source = folder / "history.db"
    began = time.perf_counter()
    cid = build_history(source, longest)
    built = time.perf_counter() - began
    paths = {}
    for events in mode.history_events:
        paths[events] = source if events == longest else folder / f"history-{events}.db"
        if events != longest:
            truncated(source, paths[events], cid, events)
    moments = {e: moment_of(p, cid, e // 2) for e, p in paths.items()}
    apps_by = {e: Circles(str(p), read_only=True) for e, p in paths.items()}
    at = Series()
    for _ in range(mode.history_rounds):
        for events, app in apps_by.items():
            at.add(events, timed(lambda: app.circle(cid, at=moments[events])))  # noqa: B023
    for events, app in apps_by.items():
        if app.circle(cid, at=moments[events]).version != events // 2:
            problems.append(f"circle(at=) at {events} events found the wrong version")
    memory = {}
    for events, app in apps_by.items():
        gc.collect()
        tracemalloc.start()
        walked = sum(1 for _ in app.history(cid))  # walked through, not kept
        memory[events] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if walked != events:
            problems.append(f"history() gave {walked} entries, expected {events}")
        app.close()
    heading(
        "3b. circle(at=...) and history(), by events in the circle",
        "One Mastercircle in a hot seat with feedback after feedback (built with "
        f"bench_core.build_history in {built:.0f} s, no snapshots), cut at each "
        "length; circle(at=moment of the middle event) on a read-only Circles per "
        f"store; {mode.history_rounds} interleaved rounds. history(): peak memory "
        "(tracemalloc) of one call, walked through entry by entry (nothing kept). "
        "Targets: circle(at=) <= 10 ms at 50k events; history() memory flat.",
    )
    first = min(memory.values())
    table(
        [
            "events",
            "at= min ms",
            "at= median ms",
            "x smallest",
            "history() peak MiB",
            "x smallest",
        ],
        [
            [
                n(e),
                ms(at.low(e)),
                ms(at.mid(e)),
                at.growth(e),
                mib(memory[e] / 1024),
                f"{memory[e] / first:.1f}",
            ]
            for e in mode.history_events
        ],
    )


# -- 4. reading the log -------------------------------------------------------------


def fig_log(
    folder: Path, templates: Templates, mode: Mode, problems: list[str]
) -> None:
    stores = []
    filled = scale_store.fill(templates, folder / "log.db", templates.circles_in_store)
    for events in mode.log_events:
        filled = scale_store.grow_to_events(filled, templates, events)
        copy = folder / f"log-{events}.db"
        scale_store.copy_file(filled.path, copy)
        stores.append((events, scale_store.Filled(copy, filled.circles, filled.events)))
    cases = ("read_log", "catch_up_count", "catch_up", "plain", "raw")
    seconds = {case: Series() for case in cases}
    memory = {case: Series() for case in cases}
    ratios = {case: Series() for case in ("read_log", "catch_up_count", "catch_up")}
    raw_ratio = Series()
    for _ in range(mode.log_rounds):
        for events, f in stores:
            runs = {case: child(case, f.path) for case in cases}
            for case, run in runs.items():
                if run["events"] != f.events:
                    problems.append(f"{case} read {run['events']} of {f.events} events")
                seconds[case].add(events, run["seconds"])
                memory[case].add(events, run["peak_kib"] - run["base_kib"])
            for case in ratios:
                ratios[case].add(
                    events, runs["plain"]["seconds"] / runs[case]["seconds"]
                )
            raw_ratio.add(events, runs["raw"]["seconds"] / runs["read_log"]["seconds"])
    heading(
        "4. Reading the whole log, by events in the store",
        "Each case in a new process, batches of 500: read_log (Circles.read_log), "
        "catch_up_count (Projection.catch_up of a projection that only counts "
        "events: what catching up costs), catch_up (CircleReports.catch_up: the "
        "report's own fold too, which opens the sealed texts it shows), plain "
        "(eventsourcing's own Mapper with the same transcoder, sealed texts left "
        "sealed), raw "
        "(sqlite3 rows + json.loads). Ratios are rates against plain (or raw), "
        f"per round; {mode.log_rounds} interleaved rounds. Memory: growth of peak RSS "
        "over the RSS after opening the store, median. Store: bulk-loaded copies "
        "of the demo circles, each copy with its own persons and keys. Target: "
        "read_log and catch_up >= 0.8 of plain, memory flat from 100k to 1M events "
        "(the report's read model itself grows with the circles it holds).",
    )
    table(
        [
            "events",
            "read_log median ms",
            "x smallest",
            "read_log/plain min",
            "median",
            "catch_up_count/plain min",
            "median",
            "catch_up/plain min",
            "median",
            "read_log/raw median",
            "read_log MiB",
            "catch_up_count MiB",
            "catch_up MiB",
            "plain MiB",
            "raw MiB",
        ],
        [
            [
                n(f.events),
                ms(seconds["read_log"].mid(e)),
                seconds["read_log"].growth(e),
                f"{ratios['read_log'].low(e):.2f}",
                f"{ratios['read_log'].mid(e):.2f}",
                f"{ratios['catch_up_count'].low(e):.2f}",
                f"{ratios['catch_up_count'].mid(e):.2f}",
                f"{ratios['catch_up'].low(e):.2f}",
                f"{ratios['catch_up'].mid(e):.2f}",
                f"{raw_ratio.mid(e):.2f}",
                mib(memory["read_log"].mid(e)),
                mib(memory["catch_up_count"].mid(e)),
                mib(memory["catch_up"].mid(e)),
                mib(memory["plain"].mid(e)),
                mib(memory["raw"].mid(e)),
            ]
            for e, f in stores
        ],
    )


# -- 5. start-up --------------------------------------------------------------------


def fig_startup(
    folder: Path, templates: Templates, mode: Mode, problems: list[str]
) -> None:
    store = folder / "startup.db"
    scale_store.copy_file(templates.path, store)
    circle = templates.circles[0].circle_id
    python = sys.executable
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import eventsourcing.application (floor)": [
            python, "-c", "import eventsourcing.application"],
        "import circleflow": [python, "-c", "import circleflow"],
        "circleflow status (cold)": [
            python, "-m", "circleflow", "--db", str(store), "status", str(circle)[:8]],
    }  # fmt: skip
    env = env_for_children()
    times = Series()

    def once(index: int, command: list[str]) -> float:
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=env, check=False)
        took = time.perf_counter() - began
        if done.returncode != 0:
            problems.append(f"{command[1:]} failed: {done.stderr.decode()[-300:]}")
        return took

    for index, command in enumerate(commands.values()):  # warm-up: byte code
        once(index, command)
    for _ in range(mode.startup_runs):
        for index, command in enumerate(commands.values()):
            times.add(index, once(index, command))
    heading(
        "5. Start-up: new processes",
        f"Wall time of each command, {mode.startup_runs} interleaved runs after one "
        "warm-up (byte code cached). 'circleflow status' runs on a small store with "
        "an id prefix. Targets: import circleflow <= 150 ms, a cold status <= 250 ms.",
    )
    floor = times.mid(1)
    table(
        ["command", "min ms", "median ms", "x floor"],
        [
            [label, ms(times.low(i)), ms(times.mid(i)), f"{times.mid(i) / floor:.2f}"]
            for i, label in enumerate(commands)
        ],
    )


# -- 6. writers ---------------------------------------------------------------------


def fig_writers(folder: Path, mode: Mode, problems: list[str], postgres: bool) -> None:
    script = scale_writers.script_of(folder)
    backends = [
        ("SQLite", str(folder / "writers-cf.db"), str(folder / "writers-plain.db"))
    ]
    server = None
    if postgres:
        sys.path.insert(0, str(ROOT))
        from tests.postgres_server import PostgresServer, available

        why = available()
        if why is None:
            server = PostgresServer()
            server.start()
            backends.append(
                (
                    "PostgreSQL",
                    server.fresh_database("writers_cf"),
                    server.fresh_database("writers_plain"),
                )
            )
        else:
            print(f"\n(no PostgreSQL: {why})")
    try:
        for name, cf_url, plain_url in backends:
            _writers_on(name, cf_url, plain_url, script, mode, problems)
    finally:
        if server is not None:
            server.stop()


def _writers_on(
    name: str,
    cf_url: str,
    plain_url: str,
    script: Script,
    mode: Mode,
    problems: list[str],
) -> None:
    scale_writers.prepare("circleflow", cf_url)
    scale_writers.prepare("plain", plain_url)
    rates = {kind: Series() for kind in ("circleflow", "plain")}
    ratio = Series()
    errors: dict[int, list[str]] = {w: [] for w in mode.writers}
    for _ in range(mode.writer_rounds):
        for writers in mode.writers:
            outcome = {}
            for kind, url in (("circleflow", cf_url), ("plain", plain_url)):
                outcome[kind] = scale_writers.run_writers(
                    kind, url, script, writers, mode.writer_circles
                )
                if not outcome[kind].errors:
                    rates[kind].add(writers, outcome[kind].per_second)
                errors[writers] += outcome[kind].errors
                expected = writers * mode.writer_circles * script.events
                if not outcome[kind].errors and outcome[kind].events != expected:
                    problems.append(
                        f"{writers} {kind} writers stored {outcome[kind].events} "
                        f"events, expected {expected}"
                    )
            if not outcome["plain"].errors and not outcome["circleflow"].errors:
                ratio.add(
                    writers,
                    outcome["circleflow"].per_second / outcome["plain"].per_second,
                )
    problems += [f"{name} writer: {e}" for found in errors.values() for e in found]
    heading(
        f"6. Writer processes on one {name} store",
        f"Each writer a process of its own, on its own circles: {mode.writer_circles} "
        f"scripted Mastercircles ({script.events} events each) through Circles, or "
        "the same events through the plain eventsourcing application of "
        "bench_core.py (one get, command and save per event); events per second "
        "from the start barrier to the last writer's end; "
        f"{mode.writer_rounds} interleaved rounds; a round in which a writer "
        "failed counts in no rate or ratio. Ratio: circleflow/plain per round. "
        "Target: >= 0.8 of plain.",
    )
    table(
        [
            "writers",
            "circleflow events/s",
            "plain events/s",
            "ratio min",
            "ratio median",
            "writers failed",
        ],
        [
            [
                str(w),
                n(rates["circleflow"].mid(w)) if w in rates["circleflow"] else "-",
                n(rates["plain"].mid(w)) if w in rates["plain"] else "-",
                f"{ratio.low(w):.2f}" if w in ratio else "-",
                f"{ratio.mid(w):.2f}" if w in ratio else "-",
                str(len(errors[w])),
            ]
            for w in mode.writers
        ],
    )


# -- main ---------------------------------------------------------------------------

FIGURES = ("reports", "commands", "lookups", "log", "startup", "writers")


def sanity(folder: Path, templates: Templates, problems: list[str]) -> None:
    """A bulk-loaded copy reads back like the circle it copies."""
    filled = scale_store.fill(
        templates, folder / "sanity.db", templates.circles_in_store + 4
    )
    app = Circles(str(filled.path), read_only=True)
    try:
        copies = app.list_circles()[-4:]
        for copy, template in zip(copies, templates.circles, strict=True):
            original = app.history(template.circle_id)
            copied = app.history(copy.circle_id)
            if [e.details for e in original] == [e.details for e in copied]:
                problems.append("a copied circle names the persons of its original")
            if [e.event for e in original] != [e.event for e in copied] or any(
                "FORGOTTEN" in str(e.details) or "sealed:" in str(e.details)
                for e in copied
            ):
                problems.append(
                    f"a copy of the {template.name} circle reads back wrong"
                )
    finally:
        app.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="tiny sizes, under a minute")
    size.add_argument("--full", action="store_true", help="the big sizes (long)")
    parser.add_argument(
        "--only", choices=FIGURES, action="append", help="run only this figure"
    )
    parser.add_argument(
        "--no-postgres", action="store_true", help="writers on SQLite only"
    )
    args = parser.parse_args(argv)
    mode = MODES["quick" if args.quick else "full" if args.full else "default"]
    figures = args.only or FIGURES
    problems: list[str] = []
    began = time.perf_counter()
    print("## circleflow scale benchmark")
    print()
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {mode.name} run; "
        f"{os.cpu_count()} cores, {platform.machine()}, {platform.system()}; python "
        f"{platform.python_version()}, circleflow {dist_version('circleflow')} "
        f"(from {Path(circleflow.__file__).parent.parent}), "
        f"eventsourcing {dist_version('eventsourcing')}, "
        f"sqlite {sqlite3.sqlite_version}"
    )
    with tempfile.TemporaryDirectory(prefix="circleflow-scale-") as tmp:
        folder = Path(tmp)
        templates = scale_store.record_templates(
            folder / "templates.db", 1_000 if mode.big_lookup else 0
        )
        print(
            "Big stores are BULK-LOADED: one finished circle per built-in format was "
            "recorded with the demo scripts, and copies of its stored rows were "
            "inserted with new ids (each copy with its own persons and keys; "
            f"{templates.mean_events:.0f} events per circle on average, no "
            "snapshots). Times are milliseconds; 'x smallest' is the median against "
            "the median at the smallest size."
        )
        sanity(folder, templates, problems)
        for name in figures:
            sub = folder / name
            sub.mkdir()
            if name == "reports":
                fig_reports(sub, templates, mode, problems)
            elif name == "commands":
                fig_commands(sub, mode, problems)
            elif name == "lookups":
                fig_lookups(sub, templates, mode, problems)
            elif name == "log":
                fig_log(sub, templates, mode, problems)
            elif name == "startup":
                fig_startup(sub, templates, mode, problems)
            else:
                fig_writers(
                    sub, mode, problems, not args.no_postgres and not args.quick
                )
            sys.stdout.flush()
    print()
    print(f"Total time {time.perf_counter() - began:.0f} s")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
