# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""PostgreSQL stores: eventsourcing's, with every setting of the store URL.

``eventsourcing`` connects to PostgreSQL with a database, host, port, user
and password only. :class:`Factory`, the persistence module that
:func:`circleflow.store.store_env` names, adds the URL's other libpq
parameters (TLS, ``connect_timeout``, ``options`` with the lock and
statement timeouts, ...) to every connection of eventsourcing's pool, and
:func:`connect` makes circleflow's own connections with the same ones. They
are given to each connection rather than set in the process environment
(``PGSSLMODE`` and the like), so stores opened side by side keep their own.

A lock or statement timeout, or a pool that cannot get a connection, is a
:class:`StoreError` at once; eventsourcing would retry it ten times.

The pool holds as many connections as the URL's ``connections`` parameter
allows (see :func:`circleflow.store.store_env`), and closing it waits for
the reads and writes of other threads to finish and refuses new ones (see
:mod:`circleflow.closing`), instead of closing connections in use.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg
from eventsourcing import postgres
from eventsourcing.persistence import PersistenceError
from eventsourcing.utils import Environment, EnvType
from psycopg.conninfo import make_conninfo
from psycopg.errors import LockNotAvailable, QueryCanceled
from psycopg.rows import DictRow
from psycopg_pool import PoolTimeout

from circleflow.closing import Gate
from circleflow.errors import StoreError
from circleflow.store import libpq_parameters, where


class Factory(postgres.PostgresFactory):
    """eventsourcing's PostgreSQL factory, with the URL's libpq parameters."""

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        kwargs = self.datastore.pool.kwargs
        assert isinstance(kwargs, dict)
        kwargs.update(libpq_parameters(self.env))
        for name in ("user", "password"):
            if not kwargs.get(name):
                del kwargs[name]  # so that libpq reads PGUSER, PGPASSWORD, ...
        # The same datastore, with timeouts as StoreError and a safe close
        # (its pool has not connected yet, and eventsourcing offers no way
        # to choose its class).
        self.datastore.gate = Gate()  # type: ignore[attr-defined]
        self.datastore.__class__ = Datastore


class Datastore(postgres.PostgresDatastore):
    """eventsourcing's datastore, with timeouts as :class:`StoreError`,
    closed only when nobody uses it."""

    gate: Gate

    @contextmanager
    def get_connection(self) -> Iterator[psycopg.Connection[DictRow]]:
        try:
            with self.gate.passing(), super().get_connection() as connection:
                yield connection
        except PersistenceError as error:
            cause = error.__cause__
            if isinstance(cause, LockNotAvailable | QueryCanceled | PoolTimeout):
                raise store_error(cause, self.where) from error
            raise

    def close(self) -> None:
        gate = getattr(self, "gate", None)
        if gate is not None:
            gate.close()
        super().close()

    @property
    def where(self) -> str:
        kwargs = self.pool.kwargs
        assert isinstance(kwargs, dict)
        return where(
            {
                "POSTGRES_DBNAME": kwargs["dbname"],
                "POSTGRES_HOST": kwargs["host"],
                "POSTGRES_PORT": kwargs["port"],
            }
        )


def connect(env: Mapping[str, str], *, autocommit: bool = False) -> Any:
    """A new connection to the PostgreSQL store ``env`` describes."""
    settings: dict[str, str | None] = {
        "dbname": env["POSTGRES_DBNAME"],
        "host": env["POSTGRES_HOST"],
        "port": env["POSTGRES_PORT"],
        "user": env["POSTGRES_USER"] or None,  # so that libpq reads PGUSER, ...
        "password": env["POSTGRES_PASSWORD"] or None,
        **libpq_parameters(env),
    }
    try:
        return psycopg.connect(make_conninfo("", **settings), autocommit=autocommit)
    except psycopg.Error as error:
        message = f"cannot connect to {where(env)}: {_message(error)}"
        raise StoreError(message) from error


@contextmanager
def store_errors(where: str, *, lock: str) -> Iterator[None]:
    """Inside, a ``psycopg`` error is a :class:`StoreError` (see
    :func:`store_error`)."""
    try:
        yield
    except psycopg.Error as error:
        raise store_error(error, where, lock=lock) from error


def store_error(
    error: psycopg.Error, where: str, *, lock: str = "a lock on circleflow's tables"
) -> StoreError:
    """The :class:`StoreError` for ``error`` of the database ``where``;
    ``lock`` names what a lock timeout waited for."""
    if isinstance(error, LockNotAvailable):
        return StoreError(
            f"{where}: gave up waiting for {lock}, held by another session, "
            "after lock_timeout; try again when that session is done, or wait "
            "longer with lock_timeout in the store URL (like ?lock_timeout=60s)"
        )
    if isinstance(error, QueryCanceled):
        return StoreError(
            f"{where}: {_message(error)}; try again, or allow more time with "
            "statement_timeout in the store URL (like ?statement_timeout=120s)"
        )
    if isinstance(error, PoolTimeout):
        return StoreError(f"cannot connect to {where}: {_message(error)}")
    return StoreError(f"the store cannot be used ({where}): {_message(error)}")


def _message(error: BaseException) -> str:
    """``error``'s message on one line."""
    return " ".join(str(error).split())
