# SPDX-License-Identifier: EUPL-1.2
"""The store is chosen by one URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from circleflow import Circles, StoreError, store_env


def test_a_plain_path_is_an_sqlite_file(tmp_path: Path) -> None:
    env = store_env(str(tmp_path / "c.db"))
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert env["SQLITE_DBNAME"] == str(tmp_path / "c.db")


def test_sqlite_urls_take_relative_and_absolute_paths(tmp_path: Path) -> None:
    assert store_env("sqlite:///c.db")["SQLITE_DBNAME"] == "c.db"
    absolute = store_env(f"sqlite:///{tmp_path}/c.db")["SQLITE_DBNAME"]
    assert absolute == f"{tmp_path}/c.db"


def test_memory_for_tests() -> None:
    assert store_env("memory:") == {"PERSISTENCE_MODULE": "eventsourcing.popo"}


def test_postgresql_url_sets_every_setting() -> None:
    env = store_env("postgresql://cf:s%40cret@db.example:6543/circles")
    assert env == {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": "circles",
        "POSTGRES_HOST": "db.example",
        "POSTGRES_PORT": "6543",
        "POSTGRES_USER": "cf",
        "POSTGRES_PASSWORD": "s@cret",
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "empty"),
        ("mysql://h/db", "unknown store scheme"),
        ("postgresql://host-only", "needs a host and a database name"),
        ("/no/such/folder/c.db", "does not exist"),
        ("sqlite://", "names no file"),
    ],
)
def test_bad_urls_say_what_is_allowed(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        store_env(url)


def test_the_file_is_made_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Circles(str(path)).found_circle(title="T", challenge="C", actor="u")
    assert path.exists()
