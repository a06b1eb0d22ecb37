# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Core benchmark of circleflow: write throughput and load time, in one process.

Write throughput (events per second, one durable SQLite commit per command):

(a) circleflow: complete scripted Mastercircles
    (:func:`circleflow.demo.run_mastercircle`, 8 participants by default)
    through :class:`circleflow.Circles` on an SQLite file. Every command loads
    the circle, checks it against the format's state machine and rules, and
    saves. The demo's walk runs silently, so no queries are made between
    the commands.
(a+) the same walk as ``circleflow demo`` runs it: it also reads
    ``Circles.position`` after every step to report the transition.
(b) the same events, in the same order and with the same payloads (read back
    from one circle of (a) with ``Circles.history``), through a plain
    ``eventsourcing`` aggregate (one ``@event`` method per event type, no
    state machine, no rules) and a plain ``eventsourcing`` ``Application``
    with the settings circleflow uses (SQLite, WAL, aggregate cache of 256,
    a snapshot every 100 events): one ``repository.get``, one command and one
    ``save`` per event. This is the floor set by the library circleflow is
    built on.
(c) raw ``sqlite3`` in WAL mode: the stored rows of (a) (originator id,
    version, topic, JSON state) inserted again into a table of the same
    shape, one row per commit.

Load time of one circle with a long history (median of cold loads, each on a
newly constructed ``Circles``, so the aggregate cache is empty): a Mastercircle
in ``Opgave.Uitwisselen`` with a hot seat taken and then thousands of
``give_feedback`` commands (10,000 events in all by default), stored twice:
without a snapshot, and with one snapshot taken at the end. Loaded with the
state machine (``Circles.position``: replay, then ask the workflow where the
circle stands and what it may do) and without (``repository.get``: replay
only). Peak memory of one load is measured with :mod:`tracemalloc`.

Run it from the repository root::

    .venv/bin/python benchmarks/bench_core.py            # about 1 minute
    .venv/bin/python benchmarks/bench_core.py --quick    # about 10 seconds
    .venv/bin/python benchmarks/bench_core.py --circles 20 --history 5000

Timings are printed next to the project's targets; they are never asserted,
so the script fails only when a sanity check fails (for instance a load from
the snapshot that differs from a full replay), with exit status 1.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Any
from uuid import UUID

from attrs import evolve
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from circleflow import (
    Circle,
    Circles,
    FormatRegistry,
    HistoryEntry,
    engine,
    store_env,
    workflow_for,
)
from circleflow.circle import snapshot_state
from circleflow.demo import ACTOR, Transition, run_mastercircle

#: The aggregate cache size circleflow sets (see ``Circles.__init__``).
CACHE_MAXSIZE = "256"
#: circleflow's default snapshot interval, used by the plain baseline too.
SNAPSHOT_EVERY = 100
#: Events saved per ``app.save`` while building the long history.
BUILD_BATCH = 500
#: A snapshot interval that is never reached: snapshotting stays unused.
NEVER = 10**9

TARGET_AB = "target: a/b >= 0.8"
TARGET_ALLOWED = "target: allowed() at most 0.5 of one command (8 participants)"
TARGET_SNAPSHOT = "target: snapshot load <= 5 ms"
TARGET_MACHINE = "target: with/without state machine ~ 1.0"


@dataclass(frozen=True)
class Settings:
    """What one run measures, from the command line."""

    circles: int
    participants: int
    history: int
    repeat: int
    quick: bool
    sizes: tuple[int, ...]


@dataclass(frozen=True)
class Throughput:
    """One row of the write table."""

    label: str
    events: int
    seconds: float
    note: str = ""

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else float("inf")


@dataclass(frozen=True)
class LoadTiming:
    """One row of the load table: milliseconds of each repetition."""

    label: str
    snapshot: bool
    machine: bool
    millis: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.millis)

    @property
    def best(self) -> float:
        return min(self.millis)


# -- (b) the plain eventsourcing baseline ------------------------------------------


class PlainPerson(Aggregate):
    """A person as a plain aggregate: one event, same fields as circleflow's."""

    @event("PersonRegistered")
    def __init__(
        self, name: str, email: str, organisation: str, actor: str, origin: str
    ) -> None:
        self.name = name


class PlainCircle(Aggregate):
    """The Mastercircle's events on a plain aggregate: no machine, no rules.

    Each method records one event with the fields circleflow's event of the
    same name has (including ``state``, ``actor`` and ``origin``) and only
    keeps the circle's state.
    """

    @event("CircleFounded")
    def __init__(
        self,
        format_name: str,
        format_version: int,
        title: str,
        challenge: str,
        details: dict[str, str],
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("MemberJoined")
    def member_joined(
        self,
        person: str,
        role: str,
        organisation: str,
        challenge: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("SessionScheduled")
    def session_scheduled(
        self,
        stage: str,
        date: str,
        until: str | None,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("SessionOpened")
    def session_opened(
        self,
        stage: str,
        number: int,
        attendees: list[str],
        host: str | None,
        carried_over: list[int],
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("UrgencyStated")
    def urgency_stated(
        self, sponsor: str, statement: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state

    @event("ElementEntered")
    def element_entered(
        self, stage: str, element: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state

    @event("HotSeatTaken")
    def hot_seat_taken(
        self, participant: str, topic: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state

    @event("FeedbackGiven")
    def feedback_given(
        self,
        giver: str,
        receiver: str | None,
        kind: str,
        feedback: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("MasterDialogueHeld")
    def master_dialogue_held(
        self,
        participant: str | None,
        master: str,
        summary: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("SynergyNoted")
    def synergy_noted(
        self,
        noted_by: str,
        between: list[str],
        note: str,
        state: str,
        actor: str,
        origin: str,
    ) -> None:
        self.state = state

    @event("ActionRecorded")
    def action_recorded(
        self, participant: str, action: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state

    @event("HarvestPresented")
    def harvest_presented(
        self, presenter: str, harvest: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state

    @event("HarvestAccepted")
    def harvest_accepted(
        self, sponsor: str, note: str, state: str, actor: str, origin: str
    ) -> None:
        self.state = state

    @event("SessionHeld")
    def session_held(
        self, stage: str, number: int, state: str, actor: str, origin: str
    ) -> None:
        self.state = state


#: The method of :class:`PlainCircle` that records each event (but the first).
PLAIN_METHODS = {
    "MemberJoined": "member_joined",
    "SessionScheduled": "session_scheduled",
    "SessionOpened": "session_opened",
    "UrgencyStated": "urgency_stated",
    "ElementEntered": "element_entered",
    "HotSeatTaken": "hot_seat_taken",
    "FeedbackGiven": "feedback_given",
    "MasterDialogueHeld": "master_dialogue_held",
    "SynergyNoted": "synergy_noted",
    "ActionRecorded": "action_recorded",
    "HarvestPresented": "harvest_presented",
    "HarvestAccepted": "harvest_accepted",
    "SessionHeld": "session_held",
}


class PlainApp(Application[UUID]):
    """A plain eventsourcing application with circleflow's settings."""

    snapshotting_intervals = {PlainCircle: SNAPSHOT_EVERY}  # noqa: RUF012 (API)


class PlainAppUnsnapshotted(PlainApp):
    """The plain application with snapshotting unused (as ``snapshot_every``
    of ``10**9`` in circleflow): the baseline of a replay."""

    snapshotting_intervals = {PlainCircle: NEVER}  # noqa: RUF012 (API)


@dataclass(frozen=True)
class Script:
    """The events of one scripted circle, as payloads for the baseline."""

    persons: tuple[dict[str, str], ...]
    founded: dict[str, Any]
    steps: tuple[tuple[str, dict[str, Any]], ...]

    @property
    def events(self) -> int:
        return len(self.persons) + 1 + len(self.steps)


def read_script(app: Circles, circle_id: UUID) -> Script:
    """The persons and events of one recorded circle, in recorded order."""
    history = app.history(circle_id)
    persons: list[dict[str, str]] = []
    for entry in history:
        if entry.event == "MemberJoined":
            person = app.person(str(entry.details["person"]))
            persons.append(
                {
                    "name": person.name,
                    "email": person.email,
                    "organisation": person.organisation,
                    "actor": ACTOR,
                    "origin": app.origin,
                }
            )
    first, *rest = history
    unknown = sorted({e.event for e in rest if e.event not in PLAIN_METHODS})
    if first.event != "CircleFounded" or unknown:
        raise SystemExit(
            f"bench_core: the Mastercircle script records events the baseline "
            f"does not know ({first.event}, {unknown}); update PlainCircle"
        )
    return Script(
        persons=tuple(persons),
        founded=_payload(first),
        steps=tuple((e.event, _payload(e)) for e in rest),
    )


def _payload(entry: HistoryEntry) -> dict[str, Any]:
    return {
        **entry.details,
        "state": entry.state,
        "actor": entry.actor,
        "origin": entry.origin,
    }


def run_plain(app: PlainApp, script: Script) -> int:
    """Record ``script`` through the plain app; returns the events recorded."""
    for fields in script.persons:
        app.save(PlainPerson(**fields))
    circle = PlainCircle(**script.founded)
    app.save(circle)
    circle_id = circle.id
    for name, fields in script.steps:
        loaded: PlainCircle = app.repository.get(circle_id)
        getattr(loaded, PLAIN_METHODS[name])(**fields)
        app.save(loaded)
    return script.events


# -- (a+) the demo as the CLI runs it -------------------------------------------


def _ignore(transition: Transition) -> None:
    """A report that shows nothing: the walk still reads the position after
    every step, as ``circleflow demo`` does to print it."""


# -- write throughput ---------------------------------------------------------------


def circles_app(path: Path, **kwargs: Any) -> Circles:
    return Circles(str(path), **kwargs)


def plain_app(path: Path, cls: type[PlainApp] = PlainApp) -> PlainApp:
    return cls(env=store_env(str(path)) | {"AGGREGATE_CACHE_MAXSIZE": CACHE_MAXSIZE})


@dataclass(frozen=True)
class Writes:
    """The write cases, measured in interleaved rounds of one circle each."""

    rows: tuple[Throughput, ...]
    ab: tuple[float, ...]
    ac: tuple[float, ...]
    circle_events: int
    problems: tuple[str, ...]


def _raw_table(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(
        "CREATE TABLE stored_events (originator_id TEXT, "
        "originator_version INTEGER, topic TEXT, state BLOB, "
        "PRIMARY KEY (originator_id, originator_version))"
    )
    return connection


def _insert(connection: sqlite3.Connection, rows: Sequence[Row]) -> float:
    """Insert ``rows``, one per commit; returns the seconds it took."""
    insert = "INSERT INTO stored_events VALUES (?, ?, ?, ?)"
    began = time.perf_counter()
    for row in rows:
        connection.execute("BEGIN")
        connection.execute(insert, row)
        connection.execute("COMMIT")
    return time.perf_counter() - began


def bench_writes(folder: Path, settings: Settings) -> Writes:
    """(a), (a+), (b) and (c), one circle of each in turn per round, so that
    the machine's drift hits every case alike."""
    a_app, a2_app = circles_app(folder / "a.db"), circles_app(folder / "a2.db")
    b_app, c_db = plain_app(folder / "b.db"), _raw_table(folder / "c.db")
    n = settings.participants
    warm = run_mastercircle(a_app, participants=n)  # warm-up, and the script
    run_mastercircle(a2_app, participants=n, report=_ignore)
    script = read_script(a_app, warm)
    run_plain(b_app, script)
    seconds = {"a": 0.0, "a+": 0.0, "b": 0.0, "c": 0.0}
    events = dict.fromkeys(seconds, 0)
    ab: list[float] = []
    ac: list[float] = []
    circle_events, sizes = 0, []
    for _ in range(settings.circles):
        start = a_app.recorder.max_notification_id() or 0
        began = time.perf_counter()
        cid = run_mastercircle(a_app, participants=n)
        t_a = time.perf_counter() - began
        recorded = (a_app.recorder.max_notification_id() or 0) - start
        circle_events += a_app.circle(cid).version
        began = time.perf_counter()
        run_mastercircle(a2_app, participants=n, report=_ignore)
        t_a2 = time.perf_counter() - began
        began = time.perf_counter()
        plain = run_plain(b_app, script)
        t_b = time.perf_counter() - began
        rows = stored_rows(folder / "a.db", start)
        sizes += [len(r[3]) for r in rows]
        t_c = _insert(c_db, rows)
        for case, took, count in (
            ("a", t_a, recorded),
            ("a+", t_a2, recorded),
            ("b", t_b, plain),
            ("c", t_c, len(rows)),
        ):
            seconds[case] += took
            events[case] += count
        ab.append((recorded / t_a) / (plain / t_b))
        ac.append((recorded / t_a) / (len(rows) / t_c))
    problems = []
    if events["a"] != settings.circles * script.events:
        problems.append(
            f"(a) recorded {events['a']} events, expected "
            f"{settings.circles} x {script.events}"
        )
    for app in (a_app, a2_app):
        app.close()
    b_app.close()
    c_db.close()
    size = statistics.mean(sizes) if sizes else 0.0
    rows_out = (
        Throughput(
            "(a) circleflow Circles, scripted Mastercircle",
            events["a"],
            seconds["a"],
            "every command checked by the state machine and rules",
        ),
        Throughput(
            "(a+) the same walk as the CLI demo runs it",
            events["a+"],
            seconds["a+"],
            "plus position() (with allowed steps) after every step",
        ),
        Throughput(
            "(b) plain eventsourcing Aggregate, same events",
            events["b"],
            seconds["b"],
            "1 get + command + save per event",
        ),
        Throughput(
            "(c) raw sqlite3 WAL, one row per commit",
            events["c"],
            seconds["c"],
            f"rows of (a), JSON state ~{size:.0f} B",
        ),
    )
    return Writes(rows_out, tuple(ab), tuple(ac), circle_events, tuple(problems))


Row = tuple[str, int, str, bytes]


def stored_rows(path: Path, after: int) -> list[Row]:
    """The rows circleflow stored after notification id ``after``."""
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT originator_id, originator_version, topic, state "
            "FROM stored_events WHERE rowid > ? ORDER BY rowid",
            (after,),
        ).fetchall()
    return [(str(r[0]), int(r[1]), str(r[2]), bytes(r[3])) for r in rows]


# -- the cost of allowed() ------------------------------------------------------------


@dataclass(frozen=True)
class AllowedCost:
    """Median milliseconds per call at one group size, over interleaved rounds."""

    participants: int
    steps: int
    allowed: float
    for_person: float
    command: float


def _in_a_hot_seat(path: Path, participants: int) -> tuple[Circles, UUID, UUID, UUID]:
    """A Mastercircle in the middle of a master session: one participant in
    the hot seat and feedback flowing. Returns the app, the circle, a
    colleague who may give feedback, and the master."""
    app = circles_app(path)
    facilitator = app.register_person("Fenna", actor=ACTOR)
    sponsor = app.register_person("Sam", organisation="BZK", actor=ACTOR)
    master = app.register_person("Mira", actor=ACTOR)
    people = [
        app.register_person(f"Deelnemer {n}", actor=ACTOR) for n in range(participants)
    ]
    cid = app.found_circle("mastercircle", title="T", challenge="C", actor=ACTOR)
    app.join(cid, facilitator, "facilitator", actor=ACTOR)
    app.join(cid, sponsor, "sponsor", actor=ACTOR)
    app.join(cid, master, "master", actor=ACTOR)
    for person in people:
        app.join(cid, person, "participant", actor=ACTOR)
    app.open_session(cid, "Urgentie", [facilitator, *people, sponsor], actor=ACTOR)
    app.state_urgency(cid, sponsor, "Het moet nu.", actor=ACTOR)
    app.hold_session(cid, actor=ACTOR)
    app.open_session(cid, "Opgave", [facilitator, *people, master], actor=ACTOR)
    for element in ("Koersbepalen", "Voorbereiden", "Uitwisselen"):
        app.enter_element(cid, element, actor=ACTOR)
    app.take_hot_seat(cid, people[0], topic="Mijn aanpak", actor=ACTOR)
    app.give_feedback(cid, people[1], "appreciative", "Sterk.", actor=ACTOR)
    return app, cid, people[1], master


def bench_allowed(folder: Path, settings: Settings) -> list[AllowedCost]:
    """``allowed()``, ``allowed(person=...)`` and one command (give_feedback,
    one durable commit), interleaved per round, at several group sizes."""
    calls = 10 if settings.quick else 20
    found: list[AllowedCost] = []
    for size in settings.sizes:
        app, cid, colleague, master = _in_a_hot_seat(folder / f"hot-{size}.db", size)
        steps = len(app.allowed(cid))
        times: dict[str, list[float]] = {"all": [], "person": [], "command": []}
        for _ in range(settings.repeat):
            for _ in range(calls):
                began = time.perf_counter()
                app.allowed(cid)
                times["all"].append(time.perf_counter() - began)
            for _ in range(calls):
                began = time.perf_counter()
                app.allowed(cid, person=colleague)
                times["person"].append(time.perf_counter() - began)
            for n in range(calls):
                began = time.perf_counter()
                app.give_feedback(
                    cid,
                    colleague if n % 2 else master,
                    "addition",
                    "Nog iets.",
                    actor=ACTOR,
                )
                times["command"].append(time.perf_counter() - began)
        app.close()
        found.append(
            AllowedCost(
                size,
                steps,
                statistics.median(times["all"]) * 1000,
                statistics.median(times["person"]) * 1000,
                statistics.median(times["command"]) * 1000,
            )
        )
    return found


# -- load time ------------------------------------------------------------------------


def build_history(path: Path, events: int) -> UUID:
    """A Mastercircle in a hot seat whose history has ``events`` events."""
    app = circles_app(path, snapshot_every=NEVER)
    facilitator = app.register_person("Fenna", actor=ACTOR)
    sponsor = app.register_person("Sam", organisation="BZK", actor=ACTOR)
    master = app.register_person("Mira", actor=ACTOR)
    people = [app.register_person(f"Deelnemer {n}", actor=ACTOR) for n in range(1, 5)]
    cid = app.found_circle(
        "mastercircle",
        title="Lange geschiedenis",
        challenge="Veel feedback",
        actor=ACTOR,
    )
    app.join(cid, facilitator, "facilitator", actor=ACTOR)
    app.join(cid, sponsor, "sponsor", actor=ACTOR)
    app.join(cid, master, "master", actor=ACTOR)
    for person in people:
        app.join(cid, person, "participant", actor=ACTOR)
    app.schedule(cid, date(2027, 1, 4), actor=ACTOR)
    app.open_session(cid, "Urgentie", [facilitator, *people, sponsor], actor=ACTOR)
    app.state_urgency(cid, sponsor, "Het moet nu.", actor=ACTOR)
    app.hold_session(cid, actor=ACTOR)
    app.open_session(cid, "Opgave", [facilitator, *people, master], actor=ACTOR)
    for element in ("Koersbepalen", "Voorbereiden", "Uitwisselen"):
        app.enter_element(cid, element, actor=ACTOR)
    app.take_hot_seat(cid, people[0], topic="Mijn aanpak", actor=ACTOR)

    circle = app.circle(cid)
    fmt = app.formats.get(circle.format_name, circle.format_version)
    givers = [str(p) for p in (*people[1:], master)]
    kinds = ("appreciative", "addition")
    n = 0
    while circle.version < events:
        engine.take(
            circle,
            fmt,
            "give_feedback",
            {
                "giver": givers[n % len(givers)],
                "kind": kinds[n % 2],
                "feedback": f"Feedback nummer {n}: sterk dat je de partners "
                "vroeg betrekt.",
            },
            actor=ACTOR,
            origin=app.origin,
        )
        n += 1
        if circle.version % BUILD_BATCH == 0:
            app.save(circle)
    app.save(circle)
    app.close()
    return cid


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite store (WAL included)."""
    with (
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _load_with_machine(app: Circles, cid: UUID) -> object:
    return app.position(cid)


def _load_without_machine(app: Circles, cid: UUID) -> object:
    loaded: Circle = app.repository.get(cid)
    return loaded


def build_plain_history(path: Path, history: Sequence[HistoryEntry]) -> UUID:
    """The same events as a plain aggregate, saved in the same batches."""
    app = plain_app(path, PlainAppUnsnapshotted)
    first, *rest = history
    circle = PlainCircle(**_payload(first))
    for entry in rest:
        getattr(circle, PLAIN_METHODS[entry.event])(**_payload(entry))
        if circle.version % BUILD_BATCH == 0:
            app.save(circle)
    app.save(circle)
    app.close()
    return circle.id


Load = Callable[[], float]


def cold_circles_load(
    path: Path, cid: UUID, load: Callable[[Circles, UUID], object]
) -> Load:
    """Milliseconds of one load on a newly constructed ``Circles`` (empty cache);
    constructing the app is not timed."""

    def run() -> float:
        app = circles_app(path)
        gc.collect()
        began = time.perf_counter()
        load(app, cid)
        millis = (time.perf_counter() - began) * 1000
        app.close()
        return millis

    return run


def cold_plain_load(path: Path, pid: UUID) -> Load:
    """Milliseconds of one ``repository.get`` on a new plain application."""

    def run() -> float:
        app = plain_app(path, PlainAppUnsnapshotted)
        gc.collect()
        began = time.perf_counter()
        app.repository.get(pid)
        millis = (time.perf_counter() - began) * 1000
        app.close()
        return millis

    return run


def load_history(path: Path, cid: UUID) -> list[HistoryEntry]:
    """The recorded history of the circle, its texts opened (they are opened
    when read, which needs the store open)."""
    app = circles_app(path)
    try:
        return [evolve(e, details=dict(e.details)) for e in app.history(cid)]
    finally:
        app.close()


def load_once(path: Path, cid: UUID) -> Circle:
    """The circle, loaded on a newly constructed app."""
    app = circles_app(path)
    try:
        return app.circle(cid)
    finally:
        app.close()


def peak_memory(path: Path, cid: UUID) -> int:
    """Peak bytes allocated while loading the circle (``repository.get``)."""
    app = circles_app(path)
    gc.collect()
    tracemalloc.start()
    try:
        _load_without_machine(app, cid)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        app.close()
    return peak


# -- output -----------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:,.0f}"


def print_throughput(rows: Sequence[Throughput]) -> None:
    print(f"  {'case':<50} {'events':>8} {'seconds':>8} {'events/s':>9}  note")
    for row in rows:
        print(
            f"  {row.label:<50} {_n(row.events):>8} {row.seconds:>8.2f} "
            f"{_n(row.per_second):>9}  {row.note}"
        )


def print_loads(rows: Sequence[LoadTiming]) -> None:
    print(
        f"  {'case':<38} {'snapshot':>8} {'machine':>8} {'median ms':>10} {'min ms':>8}"
    )
    for row in rows:
        print(
            f"  {row.label:<38} {'yes' if row.snapshot else 'no':>8} "
            f"{'yes' if row.machine else 'no':>8} {row.median:>10.2f} "
            f"{row.best:>8.2f}"
        )


def _mib(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MiB"
    return f"{size / 1024:.0f} KiB"


# -- main -------------------------------------------------------------------------


def parse(argv: Sequence[str] | None) -> Settings:
    parser = argparse.ArgumentParser(
        description="circleflow core benchmark: write throughput and load time."
    )
    parser.add_argument(
        "--quick", action="store_true", help="a short run (about 10 s), for tests"
    )
    parser.add_argument(
        "--circles",
        type=int,
        help="rounds of the write cases (one scripted Mastercircle each)",
    )
    parser.add_argument(
        "--participants", type=int, default=8, help="participants per circle"
    )
    parser.add_argument("--history", type=int, help="events in the long history")
    parser.add_argument("--repeat", type=int, help="cold loads per load case")
    args = parser.parse_args(argv)
    quick: bool = args.quick

    def pick(value: int | None, full: int, short: int, least: int) -> int:
        chosen = value if value is not None else (short if quick else full)
        if chosen < least:
            parser.error(f"values must be >= {least}, got {chosen}")
        return chosen

    return Settings(
        circles=pick(args.circles, 100, 15, 1),
        participants=pick(args.participants, 8, 8, 2),
        history=pick(args.history, 10_000, 2_000, 100),
        repeat=pick(args.repeat, 20, 10, 1),
        quick=quick,
        sizes=(4, 8) if quick else (4, 8, 16, 32),
    )


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse(argv)
    problems: list[str] = []
    began = time.perf_counter()
    print("circleflow core benchmark")
    print(
        f"  python {platform.python_version()}, circleflow "
        f"{dist_version('circleflow')}, eventsourcing {dist_version('eventsourcing')}"
        f", transitions {dist_version('transitions')}, sqlite {sqlite3.sqlite_version}"
    )
    print(
        f"  {'quick' if settings.quick else 'full'} run: {settings.circles} "
        f"Mastercircles of {settings.participants} participants per write case; "
        f"history of {_n(settings.history)} events, {settings.repeat} cold loads "
        "per load case"
    )

    with tempfile.TemporaryDirectory(prefix="circleflow-bench-") as tmp:
        folder = Path(tmp)

        # -- write throughput --------------------------------------------------------
        writes = bench_writes(folder, settings)
        problems += writes.problems
        a, a2, b, c = writes.rows
        print()
        print(
            "Write throughput: one durable SQLite commit per command "
            f"({_n(a.events)} events of (a): {_n(writes.circle_events)} circle events "
            f"and {_n(a.events - writes.circle_events)} persons registered); "
            f"{settings.circles} rounds, one circle of each case in turn"
        )
        print_throughput([a, a2, b, c])
        print(
            f"  a/b  = {a.per_second / b.per_second:.2f} overall; per round min "
            f"{min(writes.ab):.2f}, median {statistics.median(writes.ab):.2f}   "
            f"{TARGET_AB}   (a+/b = {a2.per_second / b.per_second:.2f})"
        )
        print(
            f"  a/c  = {a.per_second / c.per_second:.2f} overall; per round min "
            f"{min(writes.ac):.2f}, median {statistics.median(writes.ac):.2f}"
            f"   (b/c = {b.per_second / c.per_second:.2f})"
        )

        # -- allowed() --------------------------------------------------------------
        costs = bench_allowed(folder, settings)
        print()
        print(
            "The cost of allowed(): a Mastercircle in a hot seat (Opgave.Uitwisselen."
            f"Feedback); median per call over {settings.repeat} interleaved rounds; "
            "one command = give_feedback with its durable commit"
        )
        print(
            f"  {'participants':>12} {'steps':>6} {'allowed ms':>11} "
            f"{'person ms':>10} {'command ms':>11} {'allowed/cmd':>12} "
            f"{'person/cmd':>11}"
        )
        for cost in costs:
            print(
                f"  {cost.participants:>12} {cost.steps:>6} {cost.allowed:>11.3f} "
                f"{cost.for_person:>10.3f} {cost.command:>11.3f} "
                f"{cost.allowed / cost.command:>12.2f} "
                f"{cost.for_person / cost.command:>11.2f}"
            )
        print(f"  {TARGET_ALLOWED}")

        # -- load time -------------------------------------------------------------
        plain_path, snap_path = folder / "history.db", folder / "history-snap.db"
        built = time.perf_counter()
        cid = build_history(plain_path, settings.history)
        build_seconds = time.perf_counter() - built
        copy_store(plain_path, snap_path)
        snap_app = circles_app(snap_path)
        snap_app.take_snapshot(cid)
        snap_app.close()

        with_machine, without = _load_with_machine, _load_without_machine
        long_history = load_history(plain_path, cid)
        pid = build_plain_history(folder / "history-plain.db", long_history)
        cases: list[tuple[str, bool, bool, Load]] = [
            (
                "(1) Circles.position",
                False,
                True,
                cold_circles_load(plain_path, cid, with_machine),
            ),
            (
                "(2) Circles repository.get",
                False,
                False,
                cold_circles_load(plain_path, cid, without),
            ),
            (
                "(3) Circles.position",
                True,
                True,
                cold_circles_load(snap_path, cid, with_machine),
            ),
            (
                "(4) Circles repository.get",
                True,
                False,
                cold_circles_load(snap_path, cid, without),
            ),
            (
                "(5) plain Aggregate repository.get",
                False,
                False,
                cold_plain_load(folder / "history-plain.db", pid),
            ),
        ]
        for *_, load in cases:  # warm-up: imports, machine, page cache
            load()
        millis: list[list[float]] = [[] for _ in cases]
        for _ in range(settings.repeat):  # interleaved, so drift hits all cases
            for index, (*_, load) in enumerate(cases):
                millis[index].append(load())
        loads = [
            LoadTiming(label, snap, machine, tuple(times))
            for (label, snap, machine, _), times in zip(cases, millis, strict=True)
        ]

        replayed = load_once(plain_path, cid)
        from_snapshot = load_once(snap_path, cid)
        if snapshot_state(replayed) != snapshot_state(from_snapshot):
            problems.append("the circle loaded from its snapshot differs from replay")
        if replayed.version != settings.history:
            problems.append(
                f"the long history has {replayed.version} events, "
                f"expected {settings.history}"
            )
        fmt = FormatRegistry.with_builtins().get(
            replayed.format_name, replayed.format_version
        )
        workflow_for.cache_clear()
        machine_began = time.perf_counter()
        workflow_for(fmt)
        machine_ms = (time.perf_counter() - machine_began) * 1000
        peak_plain = peak_memory(plain_path, cid)
        peak_snap = peak_memory(snap_path, cid)

        print()
        print(
            f"Load time of one circle with a {_n(replayed.version)}-event history "
            f"(state {replayed.state}; cold: new Circles per load; median of "
            f"{settings.repeat}; history built in {build_seconds:.1f} s)"
        )
        print_loads(loads)
        no_snap = loads[0].median / loads[1].median
        with_snap = loads[2].median / loads[3].median
        print(
            f"  with/without state machine: {no_snap:.2f} without snapshot, "
            f"{with_snap:.2f} with snapshot   {TARGET_MACHINE}"
        )
        print(f"  snapshot load (3): {loads[2].median:.2f} ms   {TARGET_SNAPSHOT}")
        print(
            f"  replay cost without snapshot: "
            f"{loads[1].median * 1000 / replayed.version:.1f} us per event; "
            f"time (2)/(5), circleflow/plain = {loads[1].median / loads[4].median:.2f}"
        )
        print(
            f"  building the state machine (once per format and process, "
            f"not in the loads): {machine_ms:.1f} ms"
        )
        print(
            f"  peak memory of one load (tracemalloc): {_mib(peak_plain)} without "
            f"snapshot, {_mib(peak_snap)} with snapshot"
        )

    print()
    print(f"Total time {time.perf_counter() - began:.1f} s")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
