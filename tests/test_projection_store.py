# SPDX-License-Identifier: EUPL-1.2
"""Projections saved with their position: they resume where they stopped,
survive a failure halfway, and never move back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from uuid import UUID

import pytest

from circleflow import Circles, ForgettingIncomplete, LoggedEvent, StoreError
from circleflow.demo import run_mastercircle, run_samenwerking
from circleflow_adapters import CircleReports, Projection, ProjectionStore


def _whole(app: Circles) -> CircleReports:
    reports = CircleReports()
    reports.catch_up(app)
    return reports


def _same(one: CircleReports, other: CircleReports) -> bool:
    """The same position and the same report for every circle."""
    by_circle = {report.circle_id: report for report in other}
    return (
        one.position == other.position
        and len(one) == len(other)
        and all(report == by_circle.get(report.circle_id) for report in one)
    )


def test_a_saved_projection_resumes_and_reads_only_what_is_new(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    run_mastercircle(app, participants=2)
    first = CircleReports()
    first.catch_up(app, store=store, batch=50)
    seen = app.log_position()

    run_samenwerking(app)
    later = CircleReports()
    folded = later.catch_up(app, store=store, batch=50)
    assert folded == app.log_position() - seen
    assert _same(later, _whole(app))
    assert store.load(CircleReports.name) is not None


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
        Failing().catch_up(app, store=store, batch=10)
    saved = store.load(CircleReports.name)
    assert saved is not None and saved[0] == 20

    resumed = CircleReports()
    assert resumed.catch_up(app, store=store, batch=10) == app.log_position() - 20
    assert _same(resumed, _whole(app))


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
    saved = store.load(CircleReports.name)
    assert saved is not None and saved[0] == app.log_position()


def test_forgetting_a_saved_projection_rebuilds_it_from_the_events(
    store_url: str,
) -> None:
    app = Circles(store_url)
    store = ProjectionStore(store_url)
    run_mastercircle(app, participants=2)
    CircleReports().catch_up(app, store=store)
    store.forget(CircleReports.name)
    assert store.load(CircleReports.name) is None
    rebuilt = CircleReports()
    assert rebuilt.catch_up(app, store=store) == app.log_position()


def test_the_projection_table_sits_beside_the_events(db_path: str) -> None:
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
    saved = store.load(CircleReports.name)
    assert saved is not None and "Sam Sponsor" not in json.dumps(saved[1])
    # The same report as one rebuilt from the events after the forgetting.
    assert worker.to_plain() == _whole(app).to_plain()
    # A report saved further along is resumed without the name too.
    resumed = CircleReports()
    resumed.catch_up(app, store=store)
    assert "Sam Sponsor" not in json.dumps(resumed.to_plain())


def _on_disk(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


def test_a_forgotten_name_leaves_no_bytes_of_the_saved_report_on_disk(
    tmp_path: Path,
) -> None:
    app = Circles(str(tmp_path / "circles.db"))
    store = ProjectionStore(str(tmp_path / "reports.db"))
    circle = run_mastercircle(app, participants=2)
    worker = CircleReports()
    worker.catch_up(app, store=store, batch=20)
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

    store.forget(CircleReports.name)

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
    reader.execute("SELECT count(*) FROM circleflow_projections").fetchall()

    with pytest.raises(ForgettingIncomplete, match="finish_forgetting"):
        store.forget(CircleReports.name)
    assert store.load(CircleReports.name) is None
    reader.rollback()
    reader.close()
    store.finish_forgetting()

    assert b"Sam Sponsor" not in _on_disk(tmp_path)
