# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A throwaway PostgreSQL server on loopback, for the tests that need one.

The server's files live in a temporary folder and are removed when it stops.
``initdb`` refuses to run as root, so as root the server runs as the
``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def available() -> str | None:
    """Why no server can be started here, or None when one can."""
    if _bin("initdb") is None or _bin("pg_ctl") is None:
        return "PostgreSQL (initdb, pg_ctl) is not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install circleflow[postgres])"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """Start with :meth:`start`, use :attr:`url`, stop with :meth:`stop`."""

    user = "circleflow"

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="circleflow-pg-"))
        self.port = _free_port()
        self.url = f"postgresql://{self.user}@127.0.0.1:{self.port}/{self.user}"
        self._as_postgres = os.geteuid() == 0

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_postgres else []
        done = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout}"
            )

    def start(self) -> None:
        if self._as_postgres:
            shutil.chown(self.folder, "postgres")
        data = self.folder / "data"
        self._run(str(_bin("initdb")), "-D", str(data), "-A", "trust", "-U", self.user)
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(
            str(_bin("pg_ctl")), "-D", str(data), "-o", options,
            "-l", str(self.folder / "log"), "-w", "start",
        )  # fmt: skip
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname="postgres",
            autocommit=True,
        ) as connection:  # fmt: skip
            connection.execute(f'CREATE DATABASE "{self.user}"')

    def fresh_database(self, name: str) -> str:
        """Create an empty database ``name``; returns its URL."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname=self.user,
            autocommit=True,
        ) as connection:  # fmt: skip
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(
                str(_bin("pg_ctl")), "-D", str(self.folder / "data"),
                "-m", "fast", "-w", "stop",
            )  # fmt: skip
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
