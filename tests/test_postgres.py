# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The same circles on PostgreSQL: chosen by URL, same behaviour as SQLite.

The test set-up starts a throwaway PostgreSQL server on loopback and stops
it after the run (see ``conftest.postgres_server``).
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from click.testing import CliRunner
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from circleflow import Circles, StoreError, store_env
from circleflow.cli import cli
from circleflow.demo import run_mastercircle
from circleflow.postgres import Factory
from circleflow.reports import CircleReports, ProjectionStore, render
from circleflow.side_tables import SideTables
from circleflow.store import SCHEMA_LOCK_KEY
from tests.postgres_server import PostgresServer


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
    assert "| Oogst (5) | " in render(reports.get(circle), "markdown")
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


@contextmanager
def _within(seconds: float) -> Iterator[None]:
    """Fail, instead of hanging, when the block takes longer than ``seconds``."""

    def give_up(*_: object) -> None:
        raise TimeoutError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _holder(url: str) -> psycopg.Connection[Any]:
    """Another session on the database of ``url``."""
    env = store_env(url)
    return psycopg.connect(
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        dbname=env["POSTGRES_DBNAME"],
        autocommit=True,
    )


@pytest.mark.parametrize(
    "tls", ["sslmode=require", "sslmode=verify-full&sslrootcert=/nonexistent"]
)
def test_a_url_asking_for_tls_is_refused_by_a_server_without_it(
    postgres_url: str, tls: str
) -> None:
    url = f"{postgres_url}?{tls}"
    with pytest.raises(StoreError, match="SSL"):
        Circles(url)
    with pytest.raises(StoreError, match="SSL"):
        ProjectionStore(url)


def test_eventsourcing_connections_also_refuse_plain_text(postgres_url: str) -> None:
    env = store_env(f"{postgres_url}?sslmode=require&connect_timeout=2")
    factory = InfrastructureFactory.construct(Environment(env=env))
    with factory, _within(20), pytest.raises(StoreError, match="cannot connect"):
        factory.application_recorder()


def test_every_connection_has_the_urls_settings(postgres_url: str) -> None:
    url = f"{postgres_url}?application_name=kring-42&lock_timeout=2s"
    app = Circles(url)
    app.register_person("Ada", actor="u-1")
    with _holder(url) as other:
        sessions = other.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            ("kring-42",),
        ).fetchone()
    assert sessions is not None and sessions[0] >= 2  # the pool's and circleflow's
    with InfrastructureFactory.construct(Environment(env=store_env(url))) as factory:
        assert isinstance(factory, Factory)
        with factory.datastore.transaction() as cursor:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone() == {"lock_timeout": "2s"}
    tables = SideTables(store_env(url))
    assert tables.execute(("SHOW statement_timeout", ())) == [("30s",)]


def test_a_url_without_user_or_password_leaves_them_to_libpq(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGUSER", "circleflow")  # as PGPASSWORD for the password
    app = Circles(postgres_url.replace("circleflow@", ""))
    app.register_person("Ada", actor="u-1")


def test_a_held_schema_lock_is_a_store_error_not_a_wait(postgres_url: str) -> None:
    with _holder(postgres_url) as other:
        other.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        with _within(10), pytest.raises(StoreError, match="schema lock"):
            Circles(f"{postgres_url}?lock_timeout=300ms")


def test_a_locked_table_is_a_store_error_for_readers_and_writers(
    postgres_url: str,
) -> None:
    app = Circles(f"{postgres_url}?lock_timeout=300ms")
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u-1")
    with _holder(postgres_url) as other, other.transaction():
        other.execute("LOCK TABLE circles_events IN ACCESS EXCLUSIVE MODE")
        with _within(10), pytest.raises(StoreError, match="lock_timeout"):
            app.history(circle)
        with _within(10), pytest.raises(StoreError, match="lock_timeout"):
            app.register_person("Ada", actor="u-1")
    assert len(app.history(circle)) == 1


def test_a_slow_statement_is_a_store_error(postgres_url: str) -> None:
    tables = SideTables(store_env(f"{postgres_url}?statement_timeout=200ms"))
    with _within(10), pytest.raises(StoreError, match="statement timeout"):
        tables.execute(("SELECT pg_sleep(5)", ()))


def test_the_demo_never_prints_the_password(postgres_server: PostgresServer) -> None:
    url = postgres_server.fresh_database(f"t{uuid4().hex[:12]}")
    with_password = url.replace("circleflow@", "circleflow:S3cr3t@")
    result = CliRunner().invoke(cli, ["--db", with_password, "demo"])
    assert result.exit_code == 0, result.output
    assert "S3cr3t" not in result.output
    assert f"Try: circleflow --db {url} status" in result.output
    assert "PGPASSWORD" in result.output


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:S3cr3t@127.0.0.1:{port}/db",
        "postgresql://u:S3cr3t@127.0.0.1:{port}",
        "postgres+psycopg://u:S3cr3t@127.0.0.1:{port}/db",
        "postgresql://u:S3/cr3t@127.0.0.1:{port}/db",
    ],
)
def test_no_cli_error_prints_the_password(url: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(cli, ["--db", url.format(port=port), "demo"])
    assert result.exit_code == 1
    assert "S3" not in result.output and "cr3t" not in result.output
