# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The store is chosen by one URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from circleflow import Circles, StoreError, store_env
from circleflow.store import (
    DEFAULT_CONNECTIONS,
    LIBPQ_ENV_KEY,
    describe,
    libpq_parameters,
    without_password,
)


def test_a_plain_path_is_an_sqlite_file(tmp_path: Path) -> None:
    env = store_env(str(tmp_path / "c.db"))
    assert env["PERSISTENCE_MODULE"] == "circleflow.sqlite"
    assert env["SQLITE_DBNAME"] == str(tmp_path / "c.db")


def test_sqlite_urls_take_relative_and_absolute_paths(tmp_path: Path) -> None:
    assert store_env("sqlite:///c.db")["SQLITE_DBNAME"] == "c.db"
    absolute = store_env(f"sqlite:///{tmp_path}/c.db")["SQLITE_DBNAME"]
    assert absolute == f"{tmp_path}/c.db"


def test_memory_for_tests() -> None:
    assert store_env("memory:") == {"PERSISTENCE_MODULE": "eventsourcing.popo"}


def test_postgresql_url_sets_every_setting() -> None:
    env = store_env("postgresql://cf:s%40cret@db.example:6543/circles")
    assert {key: value for key, value in env.items() if key != LIBPQ_ENV_KEY} == {
        "PERSISTENCE_MODULE": "circleflow.postgres",
        "POSTGRES_DBNAME": "circles",
        "POSTGRES_HOST": "db.example",
        "POSTGRES_PORT": "6543",
        "POSTGRES_USER": "cf",
        "POSTGRES_PASSWORD": "s@cret",
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "POSTGRES_LOCK_TIMEOUT": "10",
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "1",
    }


@pytest.mark.parametrize(("asked", "overflow"), [("2", "0"), ("3", "1"), ("12", "10")])
def test_connections_bound_the_pool_of_a_postgresql_store(
    asked: str, overflow: str
) -> None:
    env = store_env(f"postgresql://cf@db.example/circles?connections={asked}")
    # One connection is circleflow's own; the pool keeps one and may add more.
    assert env["POSTGRES_POOL_SIZE"] == "1"
    assert env["POSTGRES_MAX_OVERFLOW"] == overflow
    assert "connections" not in libpq_parameters(env)


@pytest.mark.parametrize("asked", ["1", "0", "-3", "two", "1001", ""])
def test_connections_outside_two_to_a_thousand_are_refused(asked: str) -> None:
    with pytest.raises(StoreError, match=r"connections=.* from 2 to 1000"):
        store_env(f"postgresql://cf@db.example/circles?connections={asked}")


def test_postgresql_waits_ten_seconds_for_a_connection_or_lock_by_default() -> None:
    env = store_env("postgresql://cf@db.example/circles")
    assert libpq_parameters(env) == {
        "connect_timeout": "10",
        "options": "-c lock_timeout=10000 -c statement_timeout=30000",
    }


def test_timeouts_are_set_in_the_url() -> None:
    env = store_env(
        "postgresql://cf@db.example/circles"
        "?connect_timeout=3&lock_timeout=1500&statement_timeout=2min"
    )
    assert libpq_parameters(env) == {
        "connect_timeout": "3",
        "options": "-c lock_timeout=1500 -c statement_timeout=120000",
    }
    assert env["POSTGRES_CONNECT_TIMEOUT"] == "3"
    assert env["POSTGRES_LOCK_TIMEOUT"] == "2"  # eventsourcing's, whole seconds


def test_every_libpq_parameter_of_the_url_is_kept() -> None:
    env = store_env(
        "postgresql://cf@db.example/circles?sslmode=verify-full"
        "&sslrootcert=/etc/ssl/ca%20root.pem&sslcert=/c.pem&sslkey=/k.pem"
        "&application_name=kring&options=-c%20search_path%3Dcf"
    )
    assert libpq_parameters(env) == {
        "sslmode": "verify-full",
        "sslrootcert": "/etc/ssl/ca root.pem",
        "sslcert": "/c.pem",
        "sslkey": "/k.pem",
        "application_name": "kring",
        "connect_timeout": "10",
        "options": "-c lock_timeout=10000 -c statement_timeout=30000 -c search_path=cf",
    }


def test_host_port_and_user_may_be_parameters_as_in_libpq() -> None:
    env = store_env("postgresql:///circles?host=/run/postgresql&port=5433&user=cf")
    assert env["POSTGRES_HOST"] == "/run/postgresql"
    assert env["POSTGRES_PORT"] == "5433"
    assert env["POSTGRES_USER"] == "cf"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://h/db?sslmod=require", "parameter 'sslmod'"),
        ("postgresql://h/db?replication=true", "parameter 'replication'"),
        ("postgresql://h/db?sslmode", "without '='"),
        ("postgresql://h/db?connect_timeout=5s", "connect_timeout .* whole seconds"),
        ("postgresql://h/db?lock_timeout=soon", "lock_timeout='soon' .* duration"),
        ("postgresql://h/db?statement_timeout=-1", "statement_timeout='-1'"),
        ("postgresql://h/db?lock_timeout=30d", "up to 24 days"),
        ("postgresql://h:99999/db", "port .* from 1 to 65535"),
        ("postgresql://h1,h2/db", "several hosts"),
    ],
)
def test_postgresql_parameters_are_checked(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        store_env(url)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:S3cr3t@host-only",
        "postgres+psycopg://u:S3cr3t@h/db",
        "postgresql+psycopg://u:S3cr3t@h/db",
        "postgresql://u:S3#cr3t@h/db",
        "postgresql://u:S3?cr3t@h/db",
        "postgresql://u:S3/cr3t@h/db",
        "postgresql://u:S3cr3t@h:port/db",
        "postgresql://u:S3cr3t@[::1/db",
        "postgresql:/u:S3cr3t@h/db",
        "u:S3cr3t@h/db",
        "postgresql://u:S3cr3t@h/db?bogus=1",
        "postgresql://u:S3cr3t@h/db?lock_timeout=soon",
        "postgresql://h:5432/db?password=S3@cr3t",
        "postgresql://h/db?password=S3cr3t&nonsense",
    ],
)
def test_no_store_error_shows_the_password(url: str) -> None:
    with pytest.raises(StoreError) as refused:
        store_env(url)
    assert "S3" not in str(refused.value)
    assert "cr3t" not in str(refused.value)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:S3cr3t@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u:S3/cr3t@h/db", "postgresql://u:***@h/db"),
        (
            "postgresql://h/db?sslmode=require&password=S3cr3t",
            "postgresql://h/db?sslmode=require&password=***",
        ),
        ("circles.db", "circles.db"),
        ("memory:", "memory:"),
    ],
)
def test_describe_hides_every_password(url: str, shown: str) -> None:
    assert describe(url) == shown


def test_a_url_without_its_password_is_still_a_url() -> None:
    assert without_password("postgresql://u:S3cr3t@h/db") == "postgresql://u@h/db"
    assert (
        without_password("postgresql://u@h/db?password=S3cr3t&sslmode=require")
        == "postgresql://u@h/db?sslmode=require"
    )


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


def test_the_stores_page_gives_the_default_connection_budget() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "stores.md").read_text()
    assert f"({DEFAULT_CONNECTIONS} unless the URL says otherwise" in page
    env = store_env("postgresql://cf@db.example/circles")
    # circleflow's own connection plus the pool's most.
    pool = int(env["POSTGRES_POOL_SIZE"]) + int(env["POSTGRES_MAX_OVERFLOW"])
    assert 1 + pool == DEFAULT_CONNECTIONS
