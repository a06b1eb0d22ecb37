# SPDX-License-Identifier: EUPL-1.2
"""Choosing a store by URL.

========================================  ====================================
URL                                       store
========================================  ====================================
``memory:``                               in memory, gone when the process ends
``circles.db``, ``sqlite:///circles.db``  an SQLite file (made when missing)
``sqlite:////abs/path.db``                an SQLite file by absolute path
``postgresql://user:pw@host:5432/db``     PostgreSQL (needs ``circleflow[postgres]``)
========================================  ====================================

:func:`store_env` turns the URL into the settings of the ``eventsourcing``
package, so users never need to know those variable names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from circleflow.errors import StoreError

#: The environment variable the command-line tool reads the store URL from.
STORE_ENV_VAR = "CIRCLEFLOW_DB"

#: The store used when none is given.
DEFAULT_STORE = "circleflow.db"


def store_env(url: str) -> dict[str, str]:
    """The ``eventsourcing`` settings for the store at ``url``."""
    if not isinstance(url, str) or not url.strip():
        raise StoreError("the store URL is empty; give a file path, 'memory:' or a URL")
    url = url.strip()
    if url in ("memory:", ":memory:", "memory://"):
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        return _postgres_env(url)
    if scheme == "sqlite":
        path = url[len("sqlite://") :]
        if path.startswith("/"):
            path = path[1:]  # sqlite:///rel.db -> rel.db, sqlite:////abs -> /abs
        if not path:
            raise StoreError(f"store URL {url!r} names no file")
    elif scheme:
        raise StoreError(
            f"unknown store scheme {scheme!r} in {url!r}; use a file path, "
            "'sqlite:///file.db', 'postgresql://...' or 'memory:'"
        )
    else:
        path = url
    if path != ":memory:":
        parent = Path(path).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(
                f"cannot make store {path!r}: folder {parent} does not exist"
            )
        path = str(Path(path).expanduser())
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": path,
        "SQLITE_LOCK_TIMEOUT": "10",
    }


def _postgres_env(url: str) -> dict[str, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:  # the message names no part of the URL
        raise StoreError(
            f"the PostgreSQL store URL is malformed ({error}); write it as "
            "postgresql://user:password@host:5432/dbname"
        ) from None
    dbname = parts.path.lstrip("/")
    if not parts.hostname or not dbname:
        raise StoreError(
            f"store URL {url!r} needs a host and a database name: "
            "postgresql://user:password@host:5432/dbname"
        )
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(dbname),
        "POSTGRES_HOST": parts.hostname,
        "POSTGRES_PORT": str(port or 5432),
        "POSTGRES_USER": unquote(parts.username or ""),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
    }


#: The PostgreSQL advisory lock under which the tables are created.
SCHEMA_LOCK_KEY = 0x63666C6F77  # "cflow"


@contextmanager
def schema_lock(env: Mapping[str, str]) -> Iterator[None]:
    """Hold the store's schema lock while tables are created.

    PostgreSQL refuses concurrent ``CREATE ... IF NOT EXISTS`` of the same
    table or type ("tuple concurrently updated", a duplicate ``pg_type``
    key), so processes that open a fresh database at the same moment take
    turns. SQLite and memory stores need no lock.
    """
    if env.get("PERSISTENCE_MODULE") != "eventsourcing.postgres":
        yield
        return
    connection = connect_postgres(env, autocommit=True)
    with connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))


def connect_postgres(env: Mapping[str, str], *, autocommit: bool = False) -> Any:
    """A new ``psycopg`` connection to the PostgreSQL store ``env`` describes
    (see :func:`store_env`); a clear :class:`StoreError` when it cannot be
    made."""
    try:
        import psycopg
    except ImportError as error:
        raise StoreError(
            "a PostgreSQL store needs psycopg: pip install 'circleflow[postgres]'"
        ) from error
    try:
        return psycopg.connect(
            dbname=env["POSTGRES_DBNAME"],
            host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"],
            autocommit=autocommit,
            connect_timeout=10,
        )
    except psycopg.Error as error:
        where = f"{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}"
        raise StoreError(
            f"cannot connect to PostgreSQL database {env['POSTGRES_DBNAME']!r} "
            f"at {where}: {str(error).strip()}"
        ) from error


def describe(url: str) -> str:
    """``url`` with any password hidden, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
