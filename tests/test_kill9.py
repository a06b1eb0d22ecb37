# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""kill -9 at random moments of writing, forgetting and chaining loses
nothing that was acknowledged, leaves no person half forgotten, and leaves a
chain that verifies.

A child process (``kill9_child.py``) writes to an SQLite store and
acknowledges each command once it returned; the test kills it with SIGKILL
after a random time, opens the store again and checks everything that was
acknowledged. ``CIRCLEFLOW_FAULT_RUNS`` sets the number of kills (3 by
default; CI runs 30).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from circleflow import FORGOTTEN, Circles, LogChain

CHILD = Path(__file__).with_name("kill9_child.py")
RUNS = int(os.environ.get("CIRCLEFLOW_FAULT_RUNS", "3"))

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"
)


def _kill_after(store: Path, seed: int, seconds: float) -> list[list[str]]:
    """Run the writer, kill it after ``seconds``; its acknowledgements."""
    env = dict(os.environ)
    root = Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), env.get("PYTHONPATH", "")])
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(store), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    first = child.stdout.readline()  # writing has begun
    time.sleep(seconds)
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err
    assert first.startswith("ACK "), err
    # Only whole lines: a line cut short by the kill was not acknowledged.
    lines = [first, *out.split("\n")[:-1]]
    return [line.split()[1:] for line in lines if line.startswith("ACK ")]


def _check(store: Path, acks: list[list[str]]) -> None:
    app = Circles(str(store))
    versions: dict[str, int] = {}
    for kind, *rest in acks:
        if kind == "person":
            app.person(rest[0])
        elif kind == "circle":
            versions[rest[0]] = max(versions.get(rest[0], 0), int(rest[1]))
        elif kind == "forgot":
            person = app.person(rest[0])
            assert person.forgotten and person.name == FORGOTTEN, rest[0]
    for circle, version in versions.items():
        assert app.circle(circle).version >= version, "an acknowledged command is lost"
    # No person half forgotten: a destroyed key goes with PersonForgotten.
    log = app.read_log(limit=10**6)
    forgotten = {e.aggregate_id for e in log if e.event == "PersonForgotten"}
    registered = {e.aggregate_id for e in log if e.event == "PersonRegistered"}
    for someone in registered:
        key_gone = app.person_keys.is_forgotten(someone)
        assert key_gone == (someone in forgotten), someone
    for event in log:
        if event.event == "PersonRegistered" and event.aggregate_id in forgotten:
            assert event.details["name"] == FORGOTTEN
    chain = LogChain(app)
    chain.extend()
    assert chain.verify().intact


@pytest.mark.parametrize("run", range(RUNS))
def test_a_kill_at_a_random_moment_loses_nothing_acknowledged(
    tmp_path: Path, run: int
) -> None:
    rng = random.Random(run)
    store = tmp_path / "circles.db"
    acks = _kill_after(store, run, rng.uniform(0.0, 2.0))
    _check(store, acks)
    # A second kill on the same store, after recovery, keeps it sound too.
    more = _kill_after(store, run + 1000, rng.uniform(0.0, 1.0))
    _check(store, acks + more)
