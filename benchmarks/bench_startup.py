# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Start-up benchmark: how fast ``import circleflow`` and a cold command are.

Each case is a new Python process, timed from start to exit:

(floor)  ``python -c "import eventsourcing.application"``: the library
         circleflow is built on, which every command needs.
(import) ``python -c "import circleflow"``.
(Circles) ``python -c "from circleflow import Circles"``: the application.
(status) ``python -m circleflow --db STORE status CIRCLE`` on a small SQLite
         store holding one Mastercircle walked by ``circleflow demo``.
(circles) ``python -m circleflow --db STORE circles`` on the same store.
(formats) ``python -m circleflow formats``: a command that opens no store.

The cases run interleaved, one of each per round, so that a slower or faster
moment of the shared machine hits them alike; the minimum and median over
the rounds are printed in milliseconds, with their ratio to the floor.

Bytecode is written and reused as in an installed package: the processes run
without ``PYTHONDONTWRITEBYTECODE``, after one warm-up round. The rows marked
``(source)`` run on a copy of circleflow's sources with no bytecode and
``PYTHONDONTWRITEBYTECODE=1``, so circleflow's own modules are compiled in
every process (as in a checkout run with that variable set); the libraries
keep their installed bytecode.

Run it from the repository root::

    .venv/bin/python benchmarks/bench_startup.py              # 20 rounds
    .venv/bin/python benchmarks/bench_startup.py --rounds 5
    git archive main --prefix=before/ | tar -x -C /tmp   # an earlier version
    .venv/bin/python benchmarks/bench_startup.py --baseline /tmp/before

With ``--baseline DIR`` the same cases run on that checkout too, in the same
rounds, and their ratios (now / baseline) are printed.

Timings are printed next to the targets (import at most 150 ms, a cold
status at most 250 ms); they are never asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"import": 150.0, "status": 250.0}


ROOT = Path(__file__).resolve().parent.parent


def _env(root: Path = ROOT, *, bytecode: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    # an older checkout keeps the reports in adapters/
    paths = [str(root / part) for part in ("src", "adapters") if (root / part).is_dir()]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def _run(argv: list[str], env: dict[str, str]) -> float:
    """Milliseconds one process takes, from start to exit."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    took = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}")
    return took


def _store(folder: Path, env: dict[str, str]) -> tuple[str, str]:
    """A small store with one walked Mastercircle, and that circle's id."""
    db = str(folder / "startup.db")
    done = subprocess.run(
        [sys.executable, "-m", "circleflow", "--db", db, "demo"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"status (\S+)", done.stdout)
    if found is None:
        raise SystemExit(f"no circle id in the demo's output:\n{done.stdout}")
    return db, found.group(1)


def _cases(
    tree: Path, folder: Path, db: str, circle: str
) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The cases measured on one source tree: with bytecode, and from source."""
    python = sys.executable
    copy = folder / f"copy-{abs(hash(tree))}"
    for part in ("src", "adapters"):
        if not (tree / part).is_dir():
            continue
        shutil.copytree(
            tree / part, copy / part, ignore=shutil.ignore_patterns("__pycache__")
        )
    env, source = _env(tree), _env(copy, bytecode=False)
    status = ["-m", "circleflow", "--db", db, "status", circle]
    return {
        "import": ([python, "-c", "import circleflow"], env),
        "Circles": ([python, "-c", "from circleflow import Circles"], env),
        "status": ([python, *status], env),
        "circles": ([python, "-m", "circleflow", "--db", db, "circles"], env),
        "formats": ([python, "-m", "circleflow", "formats"], env),
        "import (source)": ([python, "-c", "import circleflow"], source),
        "status (source)": ([python, *status], source),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="Another checkout of circleflow (with src/), measured "
        "in the same rounds: an earlier version to compare with.",
    )
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db, circle = _store(folder, _env())
        floor = [sys.executable, "-c", "import eventsourcing.application"]
        cases = {"floor": (floor, _env())}
        cases.update(_cases(ROOT, folder, db, circle))
        if options.baseline is not None:
            before = _cases(options.baseline.resolve(), folder, db, circle)
            cases.update({f"{k} [baseline]": v for k, v in before.items()})
        for case, case_env in cases.values():
            _run(case, case_env)  # warm-up: bytecode written, page cache filled
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(options.rounds):
            for name, (case, case_env) in cases.items():
                times[name].append(_run(case, case_env))
    _print(times, options.rounds)
    return 0


def _print(times: dict[str, list[float]], rounds: int) -> None:
    floor = statistics.median(times["floor"])
    print(f"Start-up, {rounds} interleaved rounds, Python {sys.version.split()[0]}")
    print(f"{'case':<26} {'min ms':>8} {'median ms':>10} {'median/floor':>13}  target")
    for name, millis in times.items():
        median = statistics.median(millis)
        target = f"<= {TARGETS[name]:.0f} ms" if name in TARGETS else ""
        print(
            f"{name:<26} {min(millis):>8.1f} {median:>10.1f} "
            f"{median / floor:>13.2f}  {target}"
        )
    compared = [n for n in times if f"{n} [baseline]" in times]
    if compared:
        print(f"\n{'case':<26} {'now/baseline min':>17} {'now/baseline median':>20}")
        for name in compared:
            now, then = times[name], times[f"{name} [baseline]"]
            print(
                f"{name:<26} {min(now) / min(then):>17.2f} "
                f"{statistics.median(now) / statistics.median(then):>20.2f}"
            )


if __name__ == "__main__":
    sys.exit(main())
