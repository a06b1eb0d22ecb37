# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Big SQLite stores for the scale benchmark, built by bulk-loading copies.

Recording thousands of circles through :class:`circleflow.Circles` would take
hours, so a big store is made from recorded ones: one finished circle of each
built-in format is recorded with the demo scripts (:mod:`circleflow.demo`),
its stored rows are read from eventsourcing's ``stored_events`` table, and
copies are inserted with new originator ids (``executemany``, one
transaction). Each copy has its own persons too: the persons the circle
names are copied with new ids (their registration events and their keys,
so sealed personal text in the copy opens as in the original), and every
mention of them in the copied events names the new ids. Copies have no
snapshots, and their rows follow each other circle by circle in the log.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from bench_core import build_history

from circleflow import Circles
from circleflow.demo import DEMOS

#: The topic of a circle's first event.
FOUNDED = "circleflow.circle:Circle.CircleFounded"

#: A stored row with the state as a format string: ``{0}``, ``{1}``, ... stand
#: for the persons the template names.
Row = tuple[int, str, str]  # originator_version, topic, state


@dataclass(frozen=True)
class Person:
    """A person a template names: registration rows and key."""

    rows: tuple[Row, ...]
    key: tuple[str, str, str | None]  # key, created_at, forgotten_at


@dataclass(frozen=True)
class Template:
    """The stored rows of one recorded circle, and of the persons it names."""

    name: str
    circle_id: UUID
    rows: tuple[Row, ...]
    persons: tuple[Person, ...]

    @property
    def events(self) -> int:
        return len(self.rows) + sum(len(p.rows) for p in self.persons)


@dataclass(frozen=True)
class Templates:
    """A store holding recorded circles and the persons they name."""

    path: Path
    circles: tuple[Template, ...]
    long: Template | None
    circles_in_store: int
    events_in_store: int

    @property
    def mean_events(self) -> float:
        return sum(t.events for t in self.circles) / len(self.circles)


def record_templates(path: Path, long_events: int = 0) -> Templates:
    """One finished circle per built-in format (the demo scripts), and with
    ``long_events`` a Mastercircle in a hot seat with that many events."""
    app = Circles(str(path))
    recorded = {name: run(app) for name, run in DEMOS.items()}
    app.close()
    long_id = build_history(path, long_events) if long_events else None
    with closing(sqlite3.connect(path)) as db:
        templates = [_template(db, name, cid) for name, cid in recorded.items()]
        long = None if long_id is None else _template(db, "long", long_id)
        circles = db.execute(
            "SELECT COUNT(*) FROM stored_events WHERE topic = ?", (FOUNDED,)
        ).fetchone()[0]
        events = db.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0]
    return Templates(path, tuple(templates), long, int(circles), int(events))


def _template(db: sqlite3.Connection, name: str, cid: UUID) -> Template:
    rows = _rows(db, cid.hex)
    keys = {
        person: (key, created, forgotten)
        for person, key, created, forgotten in db.execute(
            "SELECT person, key, created_at, forgotten_at FROM circleflow_person_keys"
        )
    }
    text = b"".join(state for _, _, state in rows).decode()
    named = [p for p in keys if p in text]
    persons = [(p, _rows(db, UUID(p).hex)) for p in named]

    def pattern(state: bytes) -> str:
        out = state.decode().replace("{", "{{").replace("}", "}}")
        for number, person in enumerate(named):
            out = out.replace(person, f"{{{number}}}")
        return out

    return Template(
        name,
        cid,
        tuple((v, t, pattern(s)) for v, t, s in rows),
        tuple(
            Person(tuple((v, t, pattern(s)) for v, t, s in person_rows), keys[p])
            for p, person_rows in persons
        ),
    )


def _rows(db: sqlite3.Connection, hex_id: str) -> list[tuple[int, str, bytes]]:
    return db.execute(
        "SELECT originator_version, topic, state FROM stored_events "
        "WHERE originator_id = ? ORDER BY originator_version",
        (hex_id,),
    ).fetchall()


def copy_file(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite store."""
    with (
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def add_copies(path: Path, templates: Sequence[Template], count: int) -> int:
    """Insert ``count`` copies of the templates in turn, each with a new id;
    returns the events inserted."""
    inserted = 0
    keys: list[tuple[str, str, str, str | None]] = []

    def rows() -> Iterator[tuple[str, int, str, bytes]]:
        nonlocal inserted
        for number in range(count):
            template = templates[number % len(templates)]
            pids = [uuid.uuid4() for _ in template.persons]
            names = [str(p) for p in pids]
            for pid, person in zip(pids, template.persons, strict=True):
                keys.append((str(pid), *person.key))
                for version, topic, state in person.rows:
                    yield pid.hex, version, topic, state.format(*names).encode()
            new_id = uuid.uuid4().hex
            inserted += template.events
            for version, topic, state in template.rows:
                yield new_id, version, topic, state.format(*names).encode()

    with closing(sqlite3.connect(path)) as db:
        with db:
            db.executemany(
                "INSERT INTO stored_events "
                "(originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
                rows(),
            )
            db.executemany(
                "INSERT INTO circleflow_person_keys "
                "(person, key, created_at, forgotten_at) VALUES (?, ?, ?, ?)",
                keys,
            )
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return inserted


@dataclass(frozen=True)
class Filled:
    """A bulk-loaded store: how many circles and events it holds."""

    path: Path
    circles: int
    events: int
    long_circles: int = 0


def fill(
    templates: Templates, path: Path, circles: int, events: int | None = None
) -> Filled:
    """A copy of the template store grown to ``circles`` circles by copies of
    the recorded circles; with ``events``, that many circles are copies of
    the long circle that the store reaches about ``events`` events."""
    copy_file(templates.path, path)
    copies = max(0, circles - templates.circles_in_store)
    long_count = 0
    if events is not None and templates.long is not None:
        short = templates.mean_events
        missing = events - templates.events_in_store - copies * short
        long_count = max(
            0, min(copies, round(missing / (templates.long.events - short)))
        )
    added = add_copies(path, templates.circles, copies - long_count)
    if templates.long is not None and long_count:
        added += add_copies(path, [templates.long], long_count)
    return Filled(
        path,
        templates.circles_in_store + copies,
        templates.events_in_store + added,
        long_count,
    )


def grow(filled: Filled, templates: Templates, circles: int) -> Filled:
    """The same store, grown to ``circles`` circles by more copies."""
    more = max(0, circles - filled.circles)
    added = add_copies(filled.path, templates.circles, more)
    return Filled(filled.path, filled.circles + more, filled.events + added)


def grow_to_events(filled: Filled, templates: Templates, events: int) -> Filled:
    """The same store, grown by copies until it holds at least ``events``."""
    circles, total = filled.circles, filled.events
    count = 0
    while total < events:
        total += templates.circles[count % len(templates.circles)].events
        count += 1
    added = add_copies(filled.path, templates.circles, count)
    return Filled(filled.path, circles + count, filled.events + added)
