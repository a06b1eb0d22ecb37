# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A store that cannot be used (locked, corrupt, not a database, read-only,
full, missing, or named by a malformed URL) is a StoreError: one line saying
what failed, exit status 1 on the command line, and nothing recorded."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from circleflow import Circles, StoreError
from circleflow.cli import cli
from circleflow.demo import run_mastercircle
from circleflow.reports import CircleReports, ProjectionStore
from circleflow.reports.cli import report
from circleflow.store import store_env
from circleflow.store_errors import store_errors

ACTOR = "u-test"


def _one_error_line(result: Result) -> str:
    """The single line a failed command printed; it must exit with 1."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, UUID]:
    """A store holding one complete circle, all in its main file."""
    path = tmp_path_factory.mktemp("stored") / "circles.db"
    circle_id = run_mastercircle(Circles(str(path)), participants=2)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, circle_id


def _garbled(stored: tuple[Path, UUID], tmp_path: Path, at: int, size: int) -> str:
    """A copy of the stored file with ``size`` bytes of garbage from ``at``."""
    copy = tmp_path / "corrupt.db"
    shutil.copy(stored[0], copy)
    with open(copy, "r+b") as file:
        file.seek(at)
        file.write(bytes((n * 151 + 7) % 256 for n in range(size)))
    return str(copy)


# -- locked ------------------------------------------------------------------


@pytest.fixture
def quick_to_give_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores that wait one second for a lock, not ten."""

    def env(url: str, **options: bool) -> dict[str, str]:
        return store_env(url, **options) | {"SQLITE_LOCK_TIMEOUT": "1"}

    monkeypatch.setattr("circleflow.application.store_env", env)


@contextmanager
def _locked(db_path: str) -> Iterator[None]:
    """Another process holds the store's write lock meanwhile."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.usefixtures("quick_to_give_up")
def test_a_write_to_a_store_locked_too_long_is_a_store_error(db_path: str) -> None:
    app = Circles(db_path)
    person = app.register_person("Fenna", actor=ACTOR)
    circle_id = app.found_circle(title="T", challenge="C", actor=ACTOR)
    with _locked(db_path):
        with pytest.raises(StoreError, match="locked by another process; try again"):
            app.join(circle_id, person, "facilitator", actor=ACTOR)
        with pytest.raises(StoreError, match="locked by another process"):
            app.forget_person(person, actor=ACTOR)
    assert [e.event for e in app.history(circle_id)] == ["CircleFounded"]
    assert app.person(person).name == "Fenna"


@pytest.mark.usefixtures("quick_to_give_up")
def test_the_cli_says_the_store_is_locked_in_one_line(db_path: str) -> None:
    app = Circles(db_path)
    person = app.register_person("Fenna", actor=ACTOR)
    with _locked(db_path):
        result = CliRunner().invoke(
            cli, ["--db", db_path, "forget-person", str(person), "--actor", ACTOR]
        )
    assert "locked by another process" in _one_error_line(result)


# -- corrupt, or not a database ------------------------------------------------


def test_corrupt_pages_are_a_store_error(
    stored: tuple[Path, UUID], tmp_path: Path
) -> None:
    garbled = _garbled(stored, tmp_path, at=4096, size=16384)
    # Opening reads the store too (it finishes interrupted forgettings), so
    # the damage may show there already; if not, every read shows it.
    try:
        app = Circles(garbled)
    except StoreError as error:
        assert "corrupt or not a circleflow store" in str(error)
        return
    with pytest.raises(StoreError, match="corrupt or not a circleflow store"):
        app.list_circles()
    with pytest.raises(StoreError, match="corrupt or not a circleflow store"):
        app.history(stored[1])
    with pytest.raises(StoreError, match="corrupt or not a circleflow store"):
        app.read_log()


def test_a_garbled_header_is_a_store_error_when_opening(
    stored: tuple[Path, UUID], tmp_path: Path
) -> None:
    with pytest.raises(StoreError, match="corrupt or not a circleflow store"):
        Circles(_garbled(stored, tmp_path, at=0, size=100))


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("Notes of the meeting, not a database.\n" * 200)
    with pytest.raises(StoreError, match="corrupt or not a circleflow store"):
        Circles(str(path))
    result = CliRunner().invoke(cli, ["--db", str(path), "circles"])
    assert "corrupt or not a circleflow store" in _one_error_line(result)


@pytest.mark.parametrize("command", ["circles", "history", "status", "report"])
def test_the_cli_reports_a_corrupt_store_in_one_line(
    stored: tuple[Path, UUID], tmp_path: Path, command: str
) -> None:
    path = _garbled(stored, tmp_path, at=4096, size=16384)
    circle = str(stored[1])
    runner = CliRunner()
    if command == "report":
        result = runner.invoke(report, [circle, "--db", path])
    else:
        args = [] if command == "circles" else [circle]
        result = runner.invoke(cli, ["--db", path, command, *args])
    assert "corrupt or not a circleflow store" in _one_error_line(result)


def test_a_corrupt_saved_projection_names_how_to_rebuild_it(db_path: str) -> None:
    app = Circles(db_path)
    run_mastercircle(app, participants=2)
    store = ProjectionStore(db_path)
    CircleReports().catch_up(app, store=store)
    for garbage in ("{not json", '{"reports": 3}', "[]"):
        with sqlite3.connect(db_path) as connection:
            connection.execute(
                "UPDATE circleflow_projection_models SET model = ?", (garbage,)
            )
        reports = CircleReports()
        reports.catch_up(app, store=store)
        with pytest.raises(
            StoreError, match=r"ProjectionStore.forget\('circle-reports"
        ):
            list(reports)
    store.forget(CircleReports.name)
    rebuilt = CircleReports()
    rebuilt.catch_up(app, store=store)
    assert rebuilt.position == app.log_position()


# -- read-only, full ---------------------------------------------------------


def test_writing_to_a_read_only_store_says_so(db_path: str) -> None:
    Circles(db_path)
    reader = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    with (
        pytest.raises(StoreError, match=r"^the store is read-only"),
        store_errors(),
    ):
        reader.execute("DELETE FROM circleflow_person_keys")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="file permissions do not stop root from writing",
)
def test_a_read_only_store_file_can_be_read_but_not_written(db_path: str) -> None:
    app = Circles(db_path)
    circle_id = app.found_circle(title="T", challenge="C", actor=ACTOR)
    del app
    for name in (db_path, f"{db_path}-wal", f"{db_path}-shm"):
        if os.path.exists(name):
            os.chmod(name, 0o444)
    with pytest.raises(StoreError, match="read-only"):
        Circles(db_path).found_circle(title="T", challenge="C", actor=ACTOR)
    assert Circles(db_path).history(circle_id)


_GROW = """
import sys
from circleflow import Circles, StoreError
from circleflow.demo import run_mastercircle

try:
    run_mastercircle(Circles(sys.argv[1]), participants=2)
except StoreError as error:
    print(error)
"""


def _limited(size: int) -> Any:
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


#: What a store that cannot grow is reported as, on any system.
_CANNOT_GROW = (
    "the store cannot be read or written (disk I/O error)",
    "the disk is full",
)


def _run_limited(*args: str) -> subprocess.CompletedProcess[str]:
    """Run Python with ``args`` where no file may grow past 60 KiB (what
    ``ulimit -f 60`` does, and much like a full disk)."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        preexec_fn=_limited(60 * 1024),
        env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_store_that_cannot_grow_is_a_store_error(tmp_path: Path) -> None:
    done = _run_limited("-c", _GROW, str(tmp_path / "x.db"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(_CANNOT_GROW), done.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_store_that_cannot_grow_is_one_line_on_the_cli(tmp_path: Path) -> None:
    done = _run_limited("-m", "circleflow", "--db", str(tmp_path / "x.db"), "demo")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(tuple(f"Error: {m}" for m in _CANNOT_GROW))


# -- missing, or named by a malformed URL ------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["circles"],
        ["status", "0000"],
        ["history", "0000"],
        ["diagram", "--circle", "0000"],
        ["verify"],
        ["chain"],
        ["report"],
    ],
)
def test_reading_a_store_that_is_not_there_makes_no_file(
    tmp_path: Path, args: list[str]
) -> None:
    missing = tmp_path / "typo.db"
    runner = CliRunner()
    if args == ["report"]:
        result = runner.invoke(report, ["0000", "--db", str(missing)])
    else:
        result = runner.invoke(cli, ["--db", str(missing), *args])
    assert f"Error: no store at {missing}" in _one_error_line(result)
    assert not list(tmp_path.iterdir())


def test_a_new_store_is_still_made_by_the_library_and_by_recording(
    tmp_path: Path,
) -> None:
    Circles(str(tmp_path / "new.db"))
    assert (tmp_path / "new.db").exists()
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "demo.db"), "demo"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "url", ["postgresql://u:s3cret@[::1/db", "postgresql://u:s3cret@host:port/db"]
)
def test_a_malformed_postgres_url_is_a_store_error_without_the_password(
    url: str,
) -> None:
    with pytest.raises(StoreError, match="store URL") as raised:
        Circles(url)
    assert "s3cret" not in str(raised.value)
    line = _one_error_line(CliRunner().invoke(cli, ["--db", url, "circles"]))
    assert "store URL" in line and "s3cret" not in line
