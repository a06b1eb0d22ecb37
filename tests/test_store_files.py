# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Store files hold the person keys: a new one is readable by its owner only,
whatever the umask, and so are the write-ahead log and shared-memory files
SQLite makes beside it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from circleflow import Circles
from circleflow.reports import CircleReports, ProjectionStore

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _files(store: Path) -> list[Path]:
    return [store, Path(f"{store}-wal"), Path(f"{store}-shm")]


def test_a_new_store_and_its_log_files_are_private(tmp_path: Path) -> None:
    store = tmp_path / "circles.db"
    app = Circles(str(store))
    app.register_person("Anna Jansen", email="anna@example.nl", actor="u-1")
    assert all(path.exists() for path in _files(store))
    assert {path.name: _mode(path) for path in _files(store)} == {
        "circles.db": 0o600,
        "circles.db-wal": 0o600,
        "circles.db-shm": 0o600,
    }


def test_a_new_projection_store_is_private(tmp_path: Path) -> None:
    app = Circles("memory:")
    app.register_person("Anna Jansen", actor="u-1")
    reports = tmp_path / "reports.db"
    projection = CircleReports()
    projection.catch_up(app, store=ProjectionStore(str(reports)))
    written = [path for path in _files(reports) if path.exists()]
    assert reports in written
    assert {_mode(path) for path in written} == {0o600}


def test_an_existing_store_keeps_the_mode_its_owner_chose(tmp_path: Path) -> None:
    store = tmp_path / "shared.db"
    Circles(str(store)).found_circle(title="T", challenge="C", actor="u-1")
    store.chmod(0o640)
    Circles(str(store)).found_circle(title="T", challenge="C", actor="u-1")
    assert _mode(store) == 0o640
