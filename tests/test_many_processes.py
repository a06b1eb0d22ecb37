# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Many processes on one store: opening together, connections, closing.

Sixteen processes open one fresh PostgreSQL database at the same moment
(``Circles``, a ``ProjectionStore`` and the log chain each), all of them
staying open until every one has opened, on a server with PostgreSQL's
default connection limit; eight do the same on one fresh SQLite file. Every
opening succeeds. ``CIRCLEFLOW_OPEN_RUNS`` sets how many times (2 by
default; CI runs 20). An open store keeps within its URL's ``connections``,
``close()`` leaves no connection open, and closing while other threads read
refuses them with a ``StoreError`` instead of crashing the process.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from circleflow import Circles, LogChain, StoreError
from circleflow.reports import CircleReports, ProjectionStore
from tests.conftest import serving_postgres
from tests.postgres_server import PostgresServer

RUNS = int(os.environ.get("CIRCLEFLOW_OPEN_RUNS", "2"))
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def own_server() -> Iterator[PostgresServer]:
    """A server of its own, with the default connection limit (100) and no
    sessions left over from other tests."""
    yield from serving_postgres()


def _open_everything(
    url: str, start: Barrier, opened: Barrier, results: Queue[str]
) -> None:
    """Open a store with its projection store and chain, write, and stay
    open until every process has done so."""
    start.wait()
    try:
        with Circles(url) as app, ProjectionStore(url):
            chain = LogChain(app)
            app.found_circle(title="Kring", challenge="Samen", actor="u-1")
            chain.extend()
            results.put("ok")
            opened.wait(timeout=120)
    except Exception as error:
        results.put(f"{type(error).__name__}: {error}")
        opened.abort()


def _open_together(url: str, processes: int) -> list[str]:
    context = multiprocessing.get_context("fork")
    start, opened = context.Barrier(processes), context.Barrier(processes)
    results: Queue[str] = context.Queue()
    workers = [
        context.Process(target=_open_everything, args=(url, start, opened, results))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    return outcomes


def _max_connections(server: PostgresServer) -> int:
    with psycopg.connect(_admin(server)) as connection:
        row = connection.execute("SHOW max_connections").fetchone()
    assert row is not None
    return int(row[0])


def _sessions_after_closing(server: PostgresServer, name: str) -> int:
    """The sessions named ``name`` once the server has finished ending those
    whose client closed: a backend leaves ``pg_stat_activity`` a moment after
    its client disconnects, so this asks again for up to 10 seconds."""
    deadline = time.monotonic() + 10
    while (count := _sessions(server, name)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return count


def _admin(server: PostgresServer) -> str:
    return f"host=127.0.0.1 port={server.port} user={server.user} dbname={server.user}"


def _sessions(server: PostgresServer, name: str) -> int:
    """How many sessions with application name ``name`` the server has."""
    with psycopg.connect(_admin(server)) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            (name,),
        ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("run", range(RUNS))
def test_sixteen_processes_open_a_fresh_postgresql_database_together(
    own_server: PostgresServer, run: int
) -> None:
    assert _max_connections(own_server) == 100  # PostgreSQL's default
    url = own_server.fresh_database(f"t{uuid4().hex[:12]}")
    assert _open_together(url, 16) == ["ok"] * 16
    with Circles(url) as app:
        assert len(app.list_circles()) == 16
        chain = LogChain(app)
        assert chain.verify().complete


@pytest.mark.parametrize("run", range(RUNS))
def test_eight_processes_open_a_fresh_sqlite_file_together(
    tmp_path: Path, run: int
) -> None:
    url = str(tmp_path / "circles.db")
    assert _open_together(url, 8) == ["ok"] * 8
    with Circles(url) as app:
        assert len(app.list_circles()) == 8
        assert LogChain(app).verify().complete


def test_an_open_store_keeps_within_its_connections(own_server: PostgresServer) -> None:
    name = f"budget-{uuid4().hex[:8]}"
    url = own_server.fresh_database(f"t{uuid4().hex[:12]}")
    app = Circles(f"{url}?application_name={name}&connections=3")
    chain = LogChain(app)  # shares the store's connection for its own table
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u-1")
    chain.extend()
    seen = [_sessions(own_server, name)]
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            app.history(circle)
            app.read_log()

    readers = [threading.Thread(target=read) for _ in range(6)]
    for reader in readers:
        reader.start()
    try:
        for _ in range(20):
            seen.append(_sessions(own_server, name))
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert 2 <= max(seen) <= 3
    chain.close()
    app.close()
    assert _sessions_after_closing(own_server, name) == 0


def test_closing_leaves_no_connection_open(own_server: PostgresServer) -> None:
    name = f"cycles-{uuid4().hex[:8]}"
    url = own_server.fresh_database(f"t{uuid4().hex[:12]}")
    for _ in range(20):
        app = Circles(f"{url}?application_name={name}")
        chain = LogChain(app)
        reports = ProjectionStore(f"{url}?application_name={name}")
        person = app.register_person("Ada", actor="u-1")
        app.person(person)  # reads the person's key
        chain.extend()
        CircleReports().catch_up(app, store=reports)
        reports.close()
        chain.close()
        app.close()
    assert _sessions_after_closing(own_server, name) == 0


def test_a_closed_store_refuses_to_be_used(tmp_path: Path) -> None:
    app = Circles(str(tmp_path / "circles.db"))
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u-1")
    app.close()
    app.close()  # closing again does nothing
    with pytest.raises(StoreError, match="the store is closed"):
        app.history(circle)
    with pytest.raises(StoreError, match="the store is closed"):
        app.register_person("Ada", actor="u-1")
    assert len(Circles(str(tmp_path / "circles.db")).history(circle)) == 1


_CLOSE_WHILE_READING = """
import sys, threading
from circleflow import Circles, StoreError

url = sys.argv[1]
for _ in range(10):
    app = Circles(url)
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u-1")
    reading = threading.Semaphore(0)
    refused = []

    def read():
        try:
            while True:
                app.history(circle)
                app.read_log()
                app.list_circles()
                reading.release()
        except StoreError as error:
            refused.append(str(error))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for _ in range(8):
        reading.acquire()  # every reader is busy reading
    app.close()
    for reader in readers:
        reader.join()
    assert len(refused) == 4 and all("closed" in r for r in refused), refused
print("closed cleanly")
"""


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_closing_while_other_threads_read_does_not_crash(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "sqlite":
        url = str(tmp_path / "circles.db")
    else:
        server: PostgresServer = request.getfixturevalue("own_server")
        url = server.fresh_database(f"t{uuid4().hex[:12]}")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", _CLOSE_WHILE_READING, url],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "closed cleanly"
