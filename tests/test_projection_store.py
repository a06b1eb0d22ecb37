# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Projections saved with their position: one row per key, only what
changed is written, they resume where they stopped, survive a failure
halfway, and never move back."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from uuid import UUID

import pytest

from circleflow import (
    Circles,
    ForgettingIncomplete,
    InvalidInput,
    LoggedEvent,
    StoreError,
)
from circleflow.demo import run_mastercircle, run_samenwerking
from circleflow.reports import CircleReports, Projection, ProjectionStore

NAME = CircleReports.name


def _whole(app: Circles) -> CircleReports:
    reports = CircleReports()
    reports.catch_up(app)
    return reports


def _same(one: CircleReports, other: CircleReports) -> bool:
    """The same position and the same whole read model."""
    return one.position == other.position and one.to_plain() == other.to_plain()


def _saved(store: ProjectionStore) -> dict[str, object]:
    """Every row saved for the circle reports, as JSON values."""
    return {key: store.read(NAME, key).model for key in store.keys(NAME)}


def test_a_saved_projection_resumes_and_reads_only_what_is_new(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    run_mastercircle(app, participants=2)
    first = CircleReports()
    first.catch_up(app, store=store, batch=50, save_every=50)
    seen = app.log_position()

    run_samenwerking(app)
    later = CircleReports()
    folded = later.catch_up(app, store=store, batch=50, save_every=50)
    assert folded == app.log_position() - seen
    assert _same(later, _whole(app))
    assert store.position(NAME) == app.log_position()
    assert _saved(store) == _whole(app).to_plain()


def test_keeping_current_writes_only_the_keys_that_changed(store_url: str) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    one = run_mastercircle(app, participants=2)
    other = run_samenwerking(app)
    worker = CircleReports()
    worker.catch_up(app, store=store)
    written = store.rows_written
    assert written == len(store.keys(NAME)) > 2

    newcomer = app.register_person("Nina Nieuw", actor="u-1")
    assert worker.catch_up(app, store=store) == 1
    assert store.rows_written - written == 1  # the person's row
    circle = app.found_circle(title="Derde", challenge="Opnieuw", actor="u-1")
    app.join(circle, newcomer, "facilitator", actor="u-1")
    assert worker.catch_up(app, store=store) == 2
    # The new circle, and the person (who now names it among their circles).
    assert store.rows_written - written == 3
    assert store.position(NAME) == app.log_position()
    # The reports of the circles that did not change were neither written
    # nor read again.
    assert worker.get(one) == _whole(app).get(one)
    assert worker.get(other) == _whole(app).get(other)


def test_keeping_current_rewrites_no_other_row_on_disk(db_path: str) -> None:
    app = Circles(db_path)
    store = ProjectionStore(db_path)
    run_mastercircle(app, participants=2)
    run_samenwerking(app)
    worker = CircleReports()
    worker.catch_up(app, store=store)
    before = _rows(db_path)

    circle = app.found_circle(title="Derde", challenge="Opnieuw", actor="u-1")
    worker.catch_up(app, store=store)

    after = _rows(db_path)
    changed = {key for key in after if after[key] != before.get(key)}
    assert changed == {f"circle/{circle}"}


def _rows(db: str) -> dict[str, tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT key, position, model, saved_at FROM circleflow_projection_models"
        ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_a_resumed_projection_reads_only_the_models_it_needs(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    circle = run_mastercircle(app, participants=2)
    run_samenwerking(app)
    CircleReports().catch_up(app, store=store)
    read = store.rows_read

    later = CircleReports()
    app.found_circle(title="Derde", challenge="Opnieuw", actor="u-1")
    assert later.catch_up(app, store=store) == 1
    assert store.rows_read == read  # a new circle: nothing saved to read
    assert later.get(circle).title  # read from the store when asked
    assert store.rows_read == read + 1


def test_a_rebuild_keeps_a_bounded_number_of_models_in_memory(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    run_mastercircle(app, participants=2)
    run_samenwerking(app)
    small = CircleReports()
    small.cache_size = 2
    small.catch_up(app, store=store, batch=10, save_every=10)
    assert small.models_held <= 2 < len(store.keys(NAME))
    assert _same(small, _whole(app))


def test_a_failure_halfway_leaves_the_last_saved_batch(store_url: str) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    run_samenwerking(app)

    class Failing(CircleReports):
        def apply(self, event: LoggedEvent) -> None:
            if event.position == 25:
                raise RuntimeError("the disk is full")
            super().apply(event)

    with pytest.raises(RuntimeError):
        Failing().catch_up(app, store=store, batch=10, save_every=10)
    assert store.position(NAME) == 20

    resumed = CircleReports()
    assert (
        resumed.catch_up(app, store=store, batch=10, save_every=10)
        == app.log_position() - 20
    )
    assert _same(resumed, _whole(app))
    assert _saved(store) == _whole(app).to_plain()


def test_a_rebuild_saves_every_so_many_events_and_once_caught_up(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    run_samenwerking(app)

    class Failing(CircleReports):
        def apply(self, event: LoggedEvent) -> None:
            if event.position == 35:
                raise RuntimeError("the disk is full")
            super().apply(event)

    # Saved after 20 events folded, not after each batch of 10.
    with pytest.raises(RuntimeError):
        Failing().catch_up(app, store=store, batch=10, save_every=20)
    assert store.position(NAME) == 20
    # Caught up, it is saved at once, however few events it folded.
    CircleReports().catch_up(app, store=store, batch=10, save_every=1_000)
    assert store.position(NAME) == app.log_position()
    assert _saved(store) == _whole(app).to_plain()


def test_save_every_must_be_a_positive_number(store_url: str) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    with pytest.raises(InvalidInput, match="save_every"):
        CircleReports().catch_up(app, store=store, save_every=0)
    assert store.position(NAME) == 0


def test_a_projection_further_behind_never_sets_the_saved_one_back(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    run_mastercircle(app, participants=2)
    ahead = CircleReports()
    ahead.catch_up(app, store=store)

    behind = CircleReports()
    for event in app.read_log(0, limit=10):
        behind.apply(event)
        behind.position = event.position
    store.save(behind)
    assert store.position(NAME) == app.log_position()
    assert _saved(store) == _whole(app).to_plain()
    # The one behind goes on from the saved read model.
    assert behind.position == app.log_position()
    assert _same(behind, _whole(app))


class _Meanwhile(CircleReports):
    """Reports whose fold, at one position, lets another worker catch up."""

    def __init__(self, at: int, other: CircleReports, app: Circles) -> None:
        super().__init__()
        self.at, self.other, self.app = at, other, app
        self.store: ProjectionStore | None = None

    def apply(self, event: LoggedEvent) -> None:
        if event.position == self.at and self.store is not None:
            self.other.catch_up(self.app, store=self.store, batch=7, save_every=7)
        super().apply(event)


@pytest.mark.parametrize("cache_size", [1, 2000])
def test_two_workers_catching_up_at_once_end_with_the_same_saved_model(
    store_url: str, cache_size: int
) -> None:
    app = Circles(store_url)
    run_mastercircle(app, participants=2)
    run_samenwerking(app)
    end = app.log_position()
    for overtaken_at in (5, end // 2, end - 1):
        store = ProjectionStore(store_url)
        store.forget(NAME)
        # The other worker saves up to a position the first has not reached.
        partway = _Stopping(at=overtaken_at + 20)
        first = _Meanwhile(at=overtaken_at, other=partway, app=app)
        first.cache_size = partway.cache_size = cache_size
        first.store = store
        first.catch_up(app, store=store, batch=10, save_every=10)
        assert store.position(NAME) == end
        assert _same(first, _whole(app))
        assert _saved(store) == _whole(app).to_plain()


class _Stopping(CircleReports):
    """Reports that stop folding at one position (as if the process ended)."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at

    def catch_up(self, app: Circles, **options: object) -> int:
        try:
            return super().catch_up(app, **options)  # type: ignore[arg-type]
        except _Stop:
            return 0

    def apply(self, event: LoggedEvent) -> None:
        if event.position >= self.at:
            raise _Stop
        super().apply(event)


class _Stop(Exception):
    pass


def test_a_worker_overtaken_by_another_goes_on_from_the_saved_model(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u-1")
    people = [app.register_person(f"P{n}", actor="u-1") for n in range(3)]
    slow = CircleReports()
    slow.cache_size = 0  # it reads every model from the store again
    slow.catch_up(app, store=store)
    app.join(circle, people[0], "facilitator", actor="u-1")
    CircleReports().catch_up(app, store=store)  # another worker saves ahead
    app.join(circle, people[1], "participant", actor="u-1")

    # The report saved ahead already holds the first join: the slow worker
    # must not fold it a second time.
    slow.catch_up(app, store=store)
    assert _same(slow, _whole(app))
    assert _saved(store) == _whole(app).to_plain()
    assert len(slow.get(circle).members) == 2


def test_a_worker_does_not_build_on_a_model_forgotten_and_rebuilt_meanwhile(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    run_mastercircle(app, participants=2)
    worker = CircleReports()
    worker.catch_up(app, store=store)
    run_samenwerking(app)
    store.forget(NAME)
    # Another worker rebuilds part of the way, short of the first one.
    _Stopping(at=worker.position // 2).catch_up(app, store=store, batch=5, save_every=5)
    assert 0 < store.position(NAME) < worker.position

    worker.catch_up(app, store=store, batch=5, save_every=5)
    assert _same(worker, _whole(app))
    assert _saved(store) == _whole(app).to_plain()


def _catch_up_in_turns(url: str, start: Barrier, results: Queue[str]) -> None:
    try:
        app, store = Circles(url), ProjectionStore(url)
        reports = CircleReports()
        reports.cache_size = 3
        start.wait()
        reports.catch_up(app, store=store, batch=3, save_every=3)
        results.put(json.dumps(reports.to_plain(), sort_keys=True))
    except Exception as error:
        results.put(f"{type(error).__name__}: {error}")


def test_processes_catching_up_together_save_the_whole_model(
    file_store_url: str,
) -> None:
    app = Circles(file_store_url)
    run_mastercircle(app, participants=2)
    run_samenwerking(app)
    ProjectionStore(file_store_url)
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(3), context.Queue()
    workers = [
        context.Process(
            target=_catch_up_in_turns, args=(file_store_url, start, results)
        )
        for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    # Read the results before joining: a worker whose result is larger than
    # the pipe holds exits only once it has been read.
    received = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=120)
    whole = json.dumps(_whole(app).to_plain(), sort_keys=True)
    assert received == [whole] * 3
    store = ProjectionStore(file_store_url)
    assert store.position(NAME) == app.log_position()
    assert _saved(store) == _whole(app).to_plain()


def _open(url: str, start: Barrier, results: Queue[str]) -> None:
    start.wait()
    try:
        ProjectionStore(url).position(NAME)
        results.put("ok")
    except Exception as error:
        results.put(f"{type(error).__name__}: {error}")


def test_processes_opening_a_fresh_store_at_once_all_succeed(
    file_store_url: str,
) -> None:
    # 16 at once on a fresh PostgreSQL database, 8 on a fresh SQLite file.
    count = 8 if file_store_url.endswith(".db") else 16
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(count), context.Queue()
    workers = [
        context.Process(target=_open, args=(file_store_url, start, results))
        for _ in range(count)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [results.get(timeout=5) for _ in workers] == ["ok"] * count


def test_forgetting_a_saved_projection_rebuilds_it_from_the_events(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    run_mastercircle(app, participants=2)
    worker = CircleReports()
    worker.catch_up(app, store=store)
    store.forget(NAME)
    assert store.position(NAME) == 0 and store.keys(NAME) == []
    rebuilt = CircleReports()
    assert rebuilt.catch_up(app, store=store) == app.log_position()
    # A worker that had saved before rebuilds too, instead of saving only
    # what changed on top of nothing.
    app.found_circle(title="Derde", challenge="Opnieuw", actor="u-1")
    store.forget(NAME)
    assert worker.catch_up(app, store=store) == app.log_position()
    assert _saved(store) == _whole(app).to_plain()


def test_the_projection_tables_sit_beside_the_events(db_path: str) -> None:
    app = Circles(db_path)
    circle = run_mastercircle(app, participants=2)
    CircleReports().catch_up(app, store=ProjectionStore(db_path))
    reopened = Circles(db_path)
    assert reopened.position(circle) == app.position(circle)
    assert reopened.history(circle) == app.history(circle)


def test_a_projection_without_a_name_cannot_be_saved() -> None:
    class Nameless(Projection):
        def apply(self, event: LoggedEvent) -> None:
            pass

    app = Circles("memory:")
    app.register_person("Anna", actor="u")
    with pytest.raises(StoreError, match="Nameless has no name"):
        Nameless().catch_up(app, store=ProjectionStore("memory:"))


def test_a_projection_store_in_a_missing_folder_is_a_store_error(
    tmp_path: object,
) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        ProjectionStore(f"{tmp_path}/nowhere/projections.db")


def _sponsor(app: Circles, circle: UUID) -> UUID:
    return next(
        UUID(e.details["person"])
        for e in app.history(circle)
        if e.event == "MemberJoined" and e.details["role"] == "sponsor"
    )


def test_a_running_report_worker_drops_a_forgotten_name_on_its_next_catch_up(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    circle = run_mastercircle(app, participants=2)
    worker = CircleReports()
    worker.catch_up(app, store=store)
    sponsor = _sponsor(app, circle)
    assert "Sam Sponsor" in [m.name for m in worker.get(circle).members]

    app.forget_person(sponsor, actor="privacy-officer")
    worker.catch_up(app, store=store)

    assert "Sam Sponsor" not in json.dumps(worker.to_plain())
    assert "Sam Sponsor" not in json.dumps(_saved(store))
    # The same report as one rebuilt from the events after the forgetting.
    assert worker.to_plain() == _whole(app).to_plain()
    # A report saved further along is resumed without the name too.
    resumed = CircleReports()
    resumed.catch_up(app, store=store)
    assert "Sam Sponsor" not in json.dumps(resumed.to_plain())


def test_forgetting_a_person_rewrites_every_report_that_names_them(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    circle = run_mastercircle(app, participants=2)
    sponsor = _sponsor(app, circle)
    elsewhere = app.found_circle(title="Ook", challenge="Daar", actor="u-1")
    app.join(elsewhere, sponsor, "sponsor", actor="u-1")
    untouched = run_samenwerking(app)
    small = CircleReports()
    small.cache_size = 1  # the reports naming the sponsor are not in memory
    small.catch_up(app, store=store)
    written = store.rows_written

    app.forget_person(sponsor, actor="privacy-officer")
    small.catch_up(app, store=store)

    # The person and the two circles they joined; not the third circle.
    assert store.rows_written - written == 3
    assert "Sam Sponsor" not in json.dumps(_saved(store))
    assert small.get(untouched) == _whole(app).get(untouched)


def _on_disk(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


def test_a_forgotten_name_leaves_no_bytes_of_the_saved_report_on_disk(
    tmp_path: Path,
) -> None:
    app = Circles(str(tmp_path / "circles.db"))
    store = ProjectionStore(str(tmp_path / "reports.db"))
    circle = run_mastercircle(app, participants=2)
    worker = CircleReports()
    worker.catch_up(app, store=store, batch=20, save_every=20)
    assert b"Sam Sponsor" in _on_disk(tmp_path)

    app.forget_person(_sponsor(app, circle), actor="privacy-officer")
    worker.catch_up(app, store=store)

    assert b"Sam Sponsor" not in _on_disk(tmp_path)


def test_forgetting_a_saved_report_leaves_no_bytes_of_it_on_disk(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "circles.db")
    app = Circles(db)
    store = ProjectionStore(db)
    run_mastercircle(app, participants=2)
    CircleReports().catch_up(app, store=store)
    assert b"Sam Sponsor" in _on_disk(tmp_path)

    store.forget(NAME)

    assert b"Sam Sponsor" not in _on_disk(tmp_path)


def test_forgetting_a_saved_report_while_another_connection_reads_is_not_final(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "reports.db")
    app = Circles("memory:")
    store = ProjectionStore(db)
    store.scrub_seconds = 0.2
    run_mastercircle(app, participants=2)
    CircleReports().catch_up(app, store=store)
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM circleflow_projection_models").fetchall()

    with pytest.raises(ForgettingIncomplete, match="finish_forgetting"):
        store.forget(NAME)
    assert store.position(NAME) == 0
    reader.rollback()
    reader.close()
    store.finish_forgetting()

    assert b"Sam Sponsor" not in _on_disk(tmp_path)


@pytest.mark.parametrize(
    ("table", "column", "garbage"),
    [
        ("models", "model", "'{not json'"),
        ("models", "model", """'{"title": 3}'"""),
        ("models", "model", "'[]'"),
        ("models", "position", "'later'"),
        ("positions", "position", "-3"),
    ],
)
def test_a_corrupt_saved_row_names_how_to_rebuild_it(
    db_path: str, table: str, column: str, garbage: str
) -> None:
    app = Circles(db_path)
    circle = run_mastercircle(app, participants=2)
    store = ProjectionStore(db_path)
    CircleReports().catch_up(app, store=store)
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            f"UPDATE circleflow_projection_{table} SET {column} = {garbage}"
            + (" WHERE key = ?" if table == "models" else ""),
            (f"circle/{circle}",) if table == "models" else (),
        )
    with pytest.raises(StoreError, match=r"ProjectionStore.forget\('circle-reports"):
        reports = CircleReports()
        reports.catch_up(app, store=store)
        reports.get(circle)
    store.forget(NAME)
    rebuilt = CircleReports()
    rebuilt.catch_up(app, store=store)
    assert rebuilt.position == app.log_position()
    assert rebuilt.get(circle) == _whole(app).get(circle)


def test_a_store_of_the_old_layout_is_rebuilt_from_the_events(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "circles.db")
    app = Circles(db)
    run_mastercircle(app, participants=2)
    with sqlite3.connect(db) as connection:
        connection.execute(
            "CREATE TABLE circleflow_projections (name TEXT PRIMARY KEY,"
            " position BIGINT NOT NULL, model TEXT NOT NULL,"
            " saved_at TEXT NOT NULL)"
        )
        connection.execute(
            "INSERT INTO circleflow_projections VALUES (?, ?, ?, ?)",
            ("circle-reports-v1", 12, '{"persons": {"x": "Oude Naam"}}', "then"),
        )
    assert b"Oude Naam" in _on_disk(tmp_path)

    store = ProjectionStore(db)

    with sqlite3.connect(db) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master")
            if row[0].startswith("circleflow_projection")
        }
    assert tables == {"circleflow_projection_positions", "circleflow_projection_models"}
    assert b"Oude Naam" not in _on_disk(tmp_path)
    rebuilt = CircleReports()
    assert rebuilt.catch_up(app, store=store) == app.log_position()
    assert _same(rebuilt, _whole(app))
