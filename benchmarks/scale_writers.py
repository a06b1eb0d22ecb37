# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Several writer processes on one store, for the scale benchmark.

Each writer is a process of its own that opens the store, waits for the
others at a barrier and then records its own circles: complete scripted
Mastercircles through :class:`circleflow.Circles` (``circleflow``), or the
same events through the plain ``eventsourcing`` application of
``bench_core.py`` (``plain``). Throughput is the events the writers stored,
over the time from the barrier to the last writer's end.
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Empty

from bench_core import (
    CACHE_MAXSIZE,
    PlainApp,
    Script,
    circles_app,
    read_script,
    run_plain,
)

from circleflow import Circles, store_env
from circleflow.demo import run_mastercircle

#: Seconds a writer may wait at the barrier or for its result.
PATIENCE = 300


@dataclass(frozen=True)
class Outcome:
    """What one round of writers did."""

    events: int  # stored, counted in the store
    seconds: float
    errors: tuple[str, ...]

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def open_store(kind: str, url: str, *, create: bool = True) -> Circles | PlainApp:
    """A ``Circles``, or the plain application with circleflow's settings;
    without ``create``, the plain application leaves the tables alone (as
    eventsourcing advises when processes start together: on PostgreSQL its
    ``CREATE TABLE IF NOT EXISTS`` races). ``Circles`` creates its tables
    under a lock."""
    if kind == "circleflow":
        return Circles(url)
    env = store_env(url) | {"AGGREGATE_CACHE_MAXSIZE": CACHE_MAXSIZE}
    if not create:
        env["CREATE_TABLE"] = "n"
    return PlainApp(env=env)


def _writer(
    kind: str,
    url: str,
    script: Script,
    circles: int,
    barrier: Barrier,
    results: multiprocessing.Queue[tuple[float, float, int, str]],
) -> None:
    """One writer process: open, wait for the others, record ``circles``."""
    began = ended = 0.0
    events, error = 0, ""
    app: Circles | PlainApp | None = None
    try:
        app = open_store(kind, url, create=False)
        barrier.wait(PATIENCE)
        began = time.perf_counter()
        for _ in range(circles):
            if isinstance(app, Circles):
                run_mastercircle(app, participants=8)
                events += script.events
            else:
                events += run_plain(app, script)
        ended = time.perf_counter()
    except Exception as problem:  # reported by the parent, never hidden
        error = f"{type(problem).__name__}: {problem}"
        barrier.abort()
    finally:
        if app is not None:
            app.close()
        results.put((began, ended, events, error))


def script_of(folder: Path) -> Script:
    """The events of one scripted Mastercircle, for the plain writers."""
    app = circles_app(folder / "script.db")
    try:
        return read_script(app, run_mastercircle(app, participants=8))
    finally:
        app.close()


def prepare(kind: str, url: str) -> None:
    """Create the store once, before writers open it together."""
    open_store(kind, url).close()


def run_writers(
    kind: str, url: str, script: Script, writers: int, circles: int
) -> Outcome:
    """``writers`` processes, each recording ``circles`` circles of its own."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(writers)
    results: multiprocessing.Queue[tuple[float, float, int, str]] = context.Queue()
    processes = [
        context.Process(
            target=_writer, args=(kind, url, script, circles, barrier, results)
        )
        for _ in range(writers)
    ]
    counter = open_store(kind, url)
    before = counter.recorder.max_notification_id() or 0
    for process in processes:
        process.start()
    found = []
    errors = []
    for _ in processes:
        try:
            found.append(results.get(timeout=PATIENCE))
        except Empty:
            errors.append("a writer did not report")
    for process in processes:
        process.join(PATIENCE)
    stored = (counter.recorder.max_notification_id() or 0) - before
    counter.close()
    errors += [error for *_, error in found if error]
    done = [(b, e) for b, e, _, error in found if not error]
    if not done:
        return Outcome(0, 0.0, tuple(errors))
    seconds = max(e for _, e in done) - min(b for b, _ in done)
    return Outcome(stored, seconds, tuple(errors))
