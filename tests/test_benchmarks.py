# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The benchmarks run and pass their own sanity checks on a tiny workload.

Only that they run and report every case is checked here; their timings are
never asserted (the machines are noisy).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_core_benchmark_reports_every_case() -> None:
    out = _run("bench_core.py", "--circles", "2", "--history", "300", "--repeat", "2")
    for case in ("(a) ", "(a+)", "(b) ", "(c) ", "a/b  =", "a/c  =", "snapshot load"):
        assert case in out
    assert "per round min" in out
    assert "allowed/cmd" in out
    for row in range(1, 6):
        assert f"({row}) " in out


def test_the_report_benchmark_reports_every_case() -> None:
    out = _run("bench_reports.py", "--circles", "2", "--repeat", "1")
    for case in ("(a) ", "(a-)", "(b) ", "(c) ", "a/b =", "rendering 2 reports"):
        assert case in out


def test_the_startup_benchmark_reports_every_case() -> None:
    out = _run("bench_startup.py", "--rounds", "1")
    for case in ("floor ", "import ", "Circles ", "status ", "circles ", "formats "):
        assert case in out
    assert "import (source)" in out
    assert "status (source)" in out


def test_the_scale_benchmark_prints_a_table_for_every_figure() -> None:
    out = _run("bench_scale.py", "--quick")
    assert "BULK-LOADED" in out
    figures = ("1a", "1b", "1c", "2a", "2b", "2c", "3a", "3b", "4", "5", "6")
    for figure in figures:
        assert f"### {figure}. " in out
    for column in ("min ms", "median ms", "x smallest", "ratio median", "x floor"):
        assert column in out
    for baseline in ("read_log/plain", "read_log/raw", "plain events/s", "a/b"):
        assert baseline in out


def test_the_due_benchmark_reports_every_size() -> None:
    out = _run("bench_due.py", "--sizes", "12", "20", "--rounds", "1")
    assert "warm median 20/12 circles" in out
    assert "cold min" in out
