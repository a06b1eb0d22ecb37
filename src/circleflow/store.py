# SPDX-FileCopyrightText: 2026 The circleflow contributors
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
package, so users never need to know those variable names. With
``read_only=True`` it opens an existing store without changing it: nothing
is created, and an SQLite file is opened read-only.
:func:`create_store_file` makes a new SQLite file readable by its owner only.

A PostgreSQL URL takes libpq's connection parameters after ``?``:
``sslmode``, ``sslrootcert``, ``sslcert``, ``sslkey``, ``connect_timeout``,
``application_name``, ``options`` and the rest of :data:`LIBPQ_PARAMETERS`.
Each applies to every connection of the store, eventsourcing's and
circleflow's own (see :mod:`circleflow.postgres`); a parameter libpq does not
know is refused. Two more set PostgreSQL's timeouts for each session:
``lock_timeout`` and ``statement_timeout``, in milliseconds or with a unit
(``500ms``, ``5s``, ``2min``). The defaults are :data:`DEFAULT_TIMEOUTS`;
``0`` waits forever. Waiting longer is a :class:`StoreError`.

``connections`` is the most connections one open store makes to the server
in one process (:data:`DEFAULT_CONNECTIONS` unless given, at least 2): one
for circleflow's own tables (person keys and the log's hash chain share
it), the rest for eventsourcing's pool. The pool keeps one connection open
and opens more only while several threads read or write at once; a thread
that finds them all in use waits up to ``connect_timeout`` seconds. A server
must allow, besides its reserved ones, the sum over all processes of
``connections`` for each store they open, plus one for each
``ProjectionStore``; see ``docs/stores.md``.

No message shows a password: :func:`describe` hides it. Leave it out of the
URL and libpq reads it from ``PGPASSWORD`` or a password file (``~/.pgpass``).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from circleflow.errors import StoreError
from circleflow.language import gettext

#: The environment variable the command-line tool reads the store URL from.
STORE_ENV_VAR = "CIRCLEFLOW_DB"

#: The store used when none is given.
DEFAULT_STORE = "circleflow.db"

#: The persistence module of PostgreSQL stores: eventsourcing's, with the
#: URL's libpq parameters (see :mod:`circleflow.postgres`).
POSTGRES_MODULE = "circleflow.postgres"

#: The persistence module of SQLite stores: eventsourcing's, safe to open
#: and close from many processes and threads (see :mod:`circleflow.sqlite`).
SQLITE_MODULE = "circleflow.sqlite"

#: The connections to a PostgreSQL server one open store makes at most in
#: one process, unless its URL says ``connections=N``.
DEFAULT_CONNECTIONS = 3

#: The most ``connections`` a store URL may ask for.
MAX_CONNECTIONS = 1000

#: libpq's connection parameters a PostgreSQL URL may carry besides host,
#: port, dbname, user and password (PostgreSQL manual, "Parameter Key Words"):
#: all but ``replication``, whose connections cannot hold a store.
LIBPQ_PARAMETERS = frozenset(
    {
        "application_name", "channel_binding", "client_encoding",
        "connect_timeout", "fallback_application_name", "gssdelegation",
        "gssencmode", "gsslib", "hostaddr", "keepalives", "keepalives_count",
        "keepalives_idle", "keepalives_interval", "krbsrvname",
        "load_balance_hosts", "options", "passfile", "require_auth",
        "requirepeer", "service", "ssl_max_protocol_version",
        "ssl_min_protocol_version", "sslcert", "sslcertmode", "sslcompression",
        "sslcrl", "sslcrldir", "sslkey", "sslmode", "sslnegotiation", "sslpassword",
        "sslrootcert", "sslsni", "target_session_attrs", "tcp_user_timeout",
    }
)  # fmt: skip

#: The timeouts a PostgreSQL store has unless its URL says otherwise:
#: ``connect_timeout`` in seconds (libpq's), the others PostgreSQL durations.
DEFAULT_TIMEOUTS = {
    "connect_timeout": "10",
    "lock_timeout": "10s",
    "statement_timeout": "30s",
}

#: The env key holding the libpq parameters of a PostgreSQL store, as JSON.
LIBPQ_ENV_KEY = "POSTGRES_LIBPQ_PARAMETERS"

_SECRETS = ("password", "sslpassword")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/*")
_PARAMETER = re.compile(r"[?&]([^&=?]*)=([^&]*)")
_DURATION = re.compile(r"^(\d+)(ms|s|min|h|d)?$")
_MILLISECONDS = {"ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}


#: The setting that marks a store opened read-only (see :func:`store_env`).
READ_ONLY = "CIRCLEFLOW_READ_ONLY"


def store_env(url: str, *, read_only: bool = False) -> dict[str, str]:
    """The ``eventsourcing`` settings for the store at ``url``; with
    ``read_only``, for reading an existing store without changing it."""
    env = _store_env(url)
    if not read_only:
        return env
    env |= {READ_ONLY: "y", "CREATE_TABLE": "n"}
    if is_sqlite(env):
        path = Path(env["SQLITE_DBNAME"])
        if not path.is_file():
            raise StoreError(gettext("no store at {path}").format(path=path))
        env["SQLITE_DBNAME"] = f"file:{quote(str(path.resolve()))}?mode=ro"
    return env


def _store_env(url: str) -> dict[str, str]:
    """The ``eventsourcing`` settings for the store at ``url``."""
    if not isinstance(url, str) or not url.strip():
        raise StoreError(
            gettext("the store URL is empty; give a file path, 'memory:' or a URL")
        )
    url = url.strip()
    if url in ("memory:", ":memory:", "memory://"):
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        return _postgres_env(url)
    if not scheme and re.match(r"(?i)(postgres(ql)?|sqlite)(\+\w+)?:", url):
        raise StoreError(
            gettext(
                "store URL {url} lacks '//' after its scheme; "
                "write postgresql://... or sqlite:///..."
            ).format(url=describe(url))
        )
    if scheme == "sqlite":
        path = url[len("sqlite://") :]
        if path.startswith("/"):
            path = path[1:]  # sqlite:///rel.db -> rel.db, sqlite:////abs -> /abs
        if not path:
            raise StoreError(gettext("store URL {url!r} names no file").format(url=url))
    elif scheme:
        raise StoreError(
            gettext(
                "unknown store scheme {scheme!r} in {url}; use a file path, "
                "'sqlite:///file.db', 'postgresql://...' or 'memory:'"
            ).format(scheme=scheme, url=describe(url))
        )
    elif re.match(r"[^/@:\\]+:(?![/\\])[^@]*@", url):
        raise StoreError(
            gettext(
                "the store URL looks like user:password@host without a scheme (so "
                "it is not shown); write postgresql://user:password@host/dbname"
            )
        )
    else:
        path = url
    if path != ":memory:":
        parent = Path(path).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(
                gettext(
                    "cannot make store {path!r}: folder {parent} does not exist"
                ).format(path=path, parent=parent)
            )
        path = str(Path(path).expanduser())
    return {
        "PERSISTENCE_MODULE": SQLITE_MODULE,
        "SQLITE_DBNAME": path,
        "SQLITE_LOCK_TIMEOUT": "10",
    }


def _postgres_env(url: str) -> dict[str, str]:
    shown = describe(url)
    rest = url.split("://", 1)[1]
    if "#" in rest:
        raise StoreError(
            gettext(
                "store URL {url} holds a '#'; write it as %23 (in a password too)"
            ).format(url=shown)
        )
    end = _netloc_end(rest)
    netloc, tail = rest[:end], rest[end:]
    if "@" in tail:
        raise StoreError(
            gettext(
                "store URL {url} has an '@' after its host; percent-encode '@', "
                "'/', '?' and '#' in the user name, password, database name and "
                "parameters as %40, %2F, %3F and %23"
            ).format(url=shown)
        )
    userinfo, _, hostport = netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    path, _, query = tail.partition("?")
    host, port = _host_and_port(hostport, shown)
    settings = {
        "host": host,
        "port": port,
        "dbname": unquote(path.lstrip("/")),
        "user": unquote(user),
        "password": unquote(password),
    }
    parameters = _parameters(query, shown)
    for name in settings:
        if name in parameters:
            settings[name] = parameters.pop(name)
    if not settings["host"] or not settings["dbname"]:
        raise StoreError(
            gettext(
                "store URL {url} needs a host and a database name: "
                "postgresql://user:password@host:5432/dbname"
            ).format(url=shown)
        )
    if "," in settings["host"]:
        raise StoreError(
            gettext("store URL {url} names several hosts; give one").format(url=shown)
        )
    settings["port"] = settings["port"] or "5432"
    if not settings["port"].isdigit() or not 0 < int(settings["port"]) < 65536:
        raise StoreError(
            gettext(
                "the port in store URL {url} must be a number from 1 to 65535"
            ).format(url=shown)
        )
    connect_timeout = parameters.setdefault(
        "connect_timeout", DEFAULT_TIMEOUTS["connect_timeout"]
    )
    if not connect_timeout.isdigit():
        raise StoreError(
            gettext(
                "connect_timeout in store URL {url} must be whole seconds, "
                "like connect_timeout=10 (0 waits forever)"
            ).format(url=shown)
        )
    connections = _connections(parameters, shown)
    lock = _milliseconds("lock_timeout", parameters, shown)
    statement = _milliseconds("statement_timeout", parameters, shown)
    options = f"-c lock_timeout={lock} -c statement_timeout={statement}"
    parameters["options"] = f"{options} {parameters.get('options', '')}".strip()
    env = {
        "PERSISTENCE_MODULE": POSTGRES_MODULE,
        "POSTGRES_DBNAME": settings["dbname"],
        "POSTGRES_HOST": settings["host"],
        "POSTGRES_PORT": settings["port"],
        "POSTGRES_USER": settings["user"],
        "POSTGRES_PASSWORD": settings["password"],
        # eventsourcing's lock on the events table while writing, in seconds.
        "POSTGRES_LOCK_TIMEOUT": str(math.ceil(lock / 1000)),
        # The pool keeps one connection and may open more while threads wait;
        # one more connection is circleflow's own (see side_tables).
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": str(connections - 2),
        LIBPQ_ENV_KEY: json.dumps(parameters, sort_keys=True),
    }
    if int(connect_timeout) > 0:
        # How long eventsourcing waits for a connection from its pool.
        env["POSTGRES_CONNECT_TIMEOUT"] = connect_timeout
    return env


def _netloc_end(rest: str) -> int:
    """Where the host part of a URL (after ``scheme://``) ends."""
    ends = [index for index in (rest.find("/"), rest.find("?")) if index >= 0]
    return min(ends, default=len(rest))


def _host_and_port(hostport: str, shown: str) -> tuple[str, str]:
    if hostport.startswith("["):  # an IPv6 address: [::1]:5432
        host, bracket, after = hostport[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise StoreError(
                gettext(
                    "the host in store URL {url} is not a valid IPv6 address "
                    "in brackets, like [::1]:5432"
                ).format(url=shown)
            )
        return host, after[1:]
    host, _, port = hostport.partition(":")
    return unquote(host), port


def _parameters(query: str, shown: str) -> dict[str, str]:
    """The ``name=value`` parameters after the ``?`` of a PostgreSQL URL."""
    allowed = LIBPQ_PARAMETERS | {"host", "port", "dbname", "user", "password"}
    allowed |= {"lock_timeout", "statement_timeout", "connections"}
    parameters: dict[str, str] = {}
    for part in query.split("&"):
        if not part:
            continue
        name, equals, value = part.partition("=")
        if not equals:
            raise StoreError(
                gettext(
                    "store URL {url} has a parameter without '='; write name=value"
                ).format(url=shown)
            )
        name = unquote(name)
        if name not in allowed:
            raise StoreError(
                gettext(
                    "store URL {url} has parameter {name!r}, which PostgreSQL "
                    "stores do not take; use libpq's connection parameters "
                    "(sslmode, sslrootcert, connect_timeout, ...), lock_timeout, "
                    "statement_timeout or connections"
                ).format(url=shown, name=name)
            )
        parameters[name] = unquote(value)
    return parameters


def _connections(parameters: dict[str, str], shown: str) -> int:
    """The ``connections`` parameter, taken out of ``parameters``."""
    value = parameters.pop("connections", str(DEFAULT_CONNECTIONS))
    if value.isdigit() and 2 <= int(value) <= MAX_CONNECTIONS:
        return int(value)
    raise StoreError(
        gettext(
            "connections={value!r} in store URL {url} must be a whole number "
            "from 2 to {most}: one connection for circleflow's own "
            "tables and at least one for reading and writing events"
        ).format(value=value, url=shown, most=MAX_CONNECTIONS)
    )


def _milliseconds(name: str, parameters: dict[str, str], shown: str) -> int:
    """The PostgreSQL duration ``name`` in milliseconds, taken out of
    ``parameters`` (its default when absent)."""
    value = parameters.pop(name, DEFAULT_TIMEOUTS[name])
    match = _DURATION.match(value)
    if match is not None:
        milliseconds = int(match[1]) * _MILLISECONDS[match[2] or "ms"]
        if milliseconds <= 2**31 - 1:
            return milliseconds
    raise StoreError(
        gettext(
            "{name}={value!r} in store URL {url} is not a duration PostgreSQL "
            "takes; give milliseconds or a unit, like {name}=5000 or {name}=5s "
            "(up to 24 days; 0 waits forever)"
        ).format(name=name, value=value, url=shown)
    )


def is_memory(env: Mapping[str, str]) -> bool:
    """Whether ``env`` (see :func:`store_env`) is a store in memory."""
    return env.get("PERSISTENCE_MODULE") == "eventsourcing.popo"


def is_sqlite(env: Mapping[str, str]) -> bool:
    """Whether ``env`` (see :func:`store_env`) is an SQLite store's."""
    return env.get("PERSISTENCE_MODULE") in (SQLITE_MODULE, "eventsourcing.sqlite")


def is_postgres(env: Mapping[str, str]) -> bool:
    """Whether ``env`` (see :func:`store_env`) is a PostgreSQL store's."""
    return env.get("PERSISTENCE_MODULE") in (POSTGRES_MODULE, "eventsourcing.postgres")


def libpq_parameters(env: Mapping[str, str]) -> dict[str, str]:
    """The libpq parameters of the PostgreSQL store ``env`` describes, besides
    its database, host, port, user and password."""
    parameters: dict[str, str] = json.loads(env.get(LIBPQ_ENV_KEY) or "{}")
    return parameters


def where(env: Mapping[str, str]) -> str:
    """The PostgreSQL database ``env`` describes, for messages."""
    return (
        f"PostgreSQL database {env['POSTGRES_DBNAME']!r} "
        f"at {env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}"
    )


#: The PostgreSQL advisory lock under which the tables are created.
SCHEMA_LOCK_KEY = 0x63666C6F77  # "cflow"


@contextmanager
def schema_lock(env: Mapping[str, str], connection: Any = None) -> Iterator[None]:
    """Hold the store's schema lock while tables are created.

    PostgreSQL refuses concurrent ``CREATE ... IF NOT EXISTS`` of the same
    table or type ("tuple concurrently updated", a duplicate ``pg_type``
    key), so processes that open a fresh database at the same moment take
    turns. SQLite and memory stores need no lock. The lock is taken on
    ``connection`` (an autocommit ``psycopg`` connection, left open) when
    given, else on a connection of its own.
    """
    if not is_postgres(env):
        yield
        return
    if connection is None:
        with connect_postgres(env, autocommit=True) as own, schema_lock(env, own):
            yield
        return
    with postgres_errors(env, lock="circleflow's schema lock"):
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
    try:
        yield
    finally:
        with postgres_errors(env):
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))


def connect_postgres(env: Mapping[str, str], *, autocommit: bool = False) -> Any:
    """A new ``psycopg`` connection to the PostgreSQL store ``env`` describes
    (see :func:`store_env`); a clear :class:`StoreError` when it cannot be
    made."""
    try:
        from circleflow import postgres
    except ImportError as error:
        raise StoreError(
            gettext(
                "a PostgreSQL store needs psycopg: pip install 'circleflow[postgres]'"
            )
        ) from error
    return postgres.connect(env, autocommit=autocommit)


@contextmanager
def postgres_errors(
    env: Mapping[str, str], *, lock: str = "a lock on circleflow's tables"
) -> Iterator[None]:
    """Inside, an error of PostgreSQL is a :class:`StoreError` that says what
    to do; ``lock`` names what a lock timeout waited for."""
    from circleflow import postgres

    with postgres.store_errors(where(env), lock=lock):
        yield


def describe(url: str) -> str:
    """``url`` with any password shown as ``***``, for messages and logs.

    Also for a URL that cannot be used: a password holding an unencoded
    ``/``, ``?`` or ``#`` is taken to end at the URL's last ``@``.
    """
    match = _SCHEME.match(url)
    if match is None:
        return url
    spans = []
    rest = url[match.end() :]
    end = _netloc_end(rest)
    at = rest.rfind("@", 0, end)
    if at < 0:
        at = rest.rfind("@")
    colon = rest.find(":", 0, max(at, 0))
    if colon >= 0:
        spans.append((match.end() + colon + 1, match.end() + at))
    for parameter in _PARAMETER.finditer(url):
        if unquote(parameter[1]).lower() in _SECRETS:
            spans.append(parameter.span(2))
    shown, shown_to = "", 0
    for start, stop in sorted(spans):
        if start >= shown_to:
            shown += url[shown_to:start] + "***"
        shown_to = max(shown_to, stop)
    return shown + url[shown_to:]


def without_password(url: str) -> str:
    """``url`` with any password left out, to show as a command to run."""
    shown = describe(url)
    if shown == url:
        return url
    base, _, query = shown.partition("?")
    kept = [
        part
        for part in query.split("&")
        if part and unquote(part.partition("=")[0]).lower() not in _SECRETS
    ]
    return base.replace(":***@", "@", 1) + (f"?{'&'.join(kept)}" if kept else "")


def create_store_file(env: Mapping[str, str]) -> None:
    """Create the SQLite file of ``env`` with mode 0600 (owner only), whatever
    the umask, before SQLite opens it; an existing file is left as it is.

    SQLite gives the ``-wal`` and ``-shm`` files it makes beside the store
    the store's own mode, so they hold the person keys just as privately.
    """
    if not is_sqlite(env):
        return
    path = env["SQLITE_DBNAME"]
    if ":memory:" in path or "mode=memory" in path or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        return  # it exists, or SQLite says why it cannot be made
