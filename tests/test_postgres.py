# SPDX-License-Identifier: EUPL-1.2
"""The same circles on PostgreSQL: chosen by URL, same behaviour as SQLite.

The test set-up starts a throwaway PostgreSQL server on loopback and stops
it after the run (see ``conftest.postgres_server``).
"""

from __future__ import annotations

import multiprocessing
import socket
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import pytest
from click.testing import CliRunner

from circleflow import Circles, StoreError
from circleflow.cli import cli
from circleflow.demo import run_mastercircle
from circleflow_adapters import CircleReports, render


def _story(app: Circles, circle: object) -> list[tuple[int, str, str, str | None]]:
    return [
        (entry.version, entry.event, entry.actor, entry.state)
        for entry in app.history(str(circle))
    ]


def test_a_mastercircle_runs_on_postgresql_as_on_sqlite(
    postgres_url: str, db_path: str
) -> None:
    on_postgres = Circles(postgres_url)
    on_sqlite = Circles(db_path)
    pg_circle = run_mastercircle(on_postgres, participants=3)
    sqlite_circle = run_mastercircle(on_sqlite, participants=3)
    assert _story(on_postgres, pg_circle) == _story(on_sqlite, sqlite_circle)
    assert on_postgres.position(pg_circle).complete


def test_two_applications_write_the_same_circle_in_turn(postgres_url: str) -> None:
    one, other = Circles(postgres_url), Circles(postgres_url)
    circle = one.found_circle(title="Kring", challenge="Samen", actor="u-1")
    people = [other.register_person(f"P{n}", actor="u-2") for n in range(3)]
    for number, person in enumerate(people):
        writer = (one, other)[number % 2]
        writer.join(circle, person, "participant", actor=f"u-{number}")
    assert one.position(circle).version == other.position(circle).version == 4
    assert [e.actor for e in one.history(circle)][1:] == ["u-0", "u-1", "u-2"]


def test_reports_and_the_cli_read_a_postgresql_store(postgres_url: str) -> None:
    app = Circles(postgres_url)
    circle = run_mastercircle(app, participants=2)
    reports = CircleReports()
    assert reports.catch_up(app, batch=7) == app.log_position()
    assert "| Oogst | 5 |" in render(reports.get(circle), "markdown")
    result = CliRunner().invoke(cli, ["--db", postgres_url, "status", str(circle)])
    assert result.exit_code == 0, result.output
    assert "complete:      yes" in result.output


def _open_and_found(url: str, start: Barrier, results: Queue[str]) -> None:
    start.wait()
    try:
        app = Circles(url)
        app.found_circle(title="Kring", challenge="Samen", actor="u-1")
        results.put("ok")
    except Exception as error:
        results.put(f"{type(error).__name__}: {error}")


def test_processes_opening_a_fresh_database_at_once_all_succeed(
    postgres_url: str,
) -> None:
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(6), context.Queue()
    workers = [
        context.Process(target=_open_and_found, args=(postgres_url, start, results))
        for _ in range(6)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [results.get(timeout=5) for _ in workers] == ["ok"] * 6
    assert len(Circles(postgres_url).list_circles()) == 6


def test_an_unreachable_server_is_a_store_error_naming_where() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError, match=f"database 'nergens' at 127.0.0.1:{port}"):
        Circles(f"postgresql://circleflow@127.0.0.1:{port}/nergens")
