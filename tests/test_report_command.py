# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reports are part of circleflow: ``circleflow report`` prints them, other
packages add formats through an entry point, and the core never needs them."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner

from circleflow import Circles, InvalidInput
from circleflow.cli import cli
from circleflow.demo import run_mastercircle
from circleflow.reports import (
    CircleReport,
    CircleReports,
    formats,
    render,
    render_bytes,
)

#: The module of the renderers (the package's ``render`` is the function).
render_module = importlib.import_module("circleflow.reports.render")
SRC = Path(__file__).resolve().parent.parent / "src" / "circleflow"


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, UUID]:
    db = str(tmp_path_factory.mktemp("report") / "circles.db")
    app = Circles(db)
    circle = run_mastercircle(app, participants=2)
    app.close()
    return db, circle


def test_circleflow_report_prints_a_stored_circle(stored: tuple[str, UUID]) -> None:
    db, circle = stored
    runner = CliRunner()
    done = runner.invoke(cli, ["--db", db, "report", str(circle)[:8], "--to", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["meetings_held"] == 5


def test_circleflow_report_writes_a_binary_format_only_to_a_file(
    stored: tuple[str, UUID], tmp_path: Path
) -> None:
    db, circle = stored
    runner = CliRunner()
    refused = runner.invoke(cli, ["--db", db, "report", str(circle), "--to", "odt"])
    assert refused.exit_code == 2 and "give --output FILE" in refused.output
    out = tmp_path / "report.odt"
    done = runner.invoke(
        cli, ["--db", db, "report", str(circle), "--to", "odt", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert out.read_bytes()[:2] == b"PK"


def test_circleflow_report_names_the_formats_it_knows(
    stored: tuple[str, UUID],
) -> None:
    db, circle = stored
    done = CliRunner().invoke(cli, ["--db", db, "report", str(circle), "--to", "pdf"])
    assert done.exit_code == 1
    assert "unknown report format 'pdf'" in done.output
    assert "'markdown'" in done.output and "'odt'" in done.output


def test_circleflow_report_needs_an_existing_store(tmp_path: Path) -> None:
    db = str(tmp_path / "nothing.db")
    done = CliRunner().invoke(cli, ["--db", db, "report", "abc"])
    assert done.exit_code == 1 and "no store at" in done.output
    assert not Path(db).exists()


#: The example plug-in in adapters/: a report format of its own.
EXAMPLE = SRC.parent.parent / "adapters" / "circleflow-kort-verslag"


def _plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, points: str) -> None:
    """The example plug-in, installed with the entry points ``points``."""
    info = tmp_path / "circleflow_kort_verslag-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: circleflow-kort-verslag\nVersion: 0.1.0\n"
    )
    (info / "entry_points.txt").write_text(f"[circleflow.renderers]\n{points}")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(EXAMPLE))
    monkeypatch.setattr(render_module, "_plugins", None)


@pytest.fixture
def report(stored: tuple[str, UUID]) -> Iterator[CircleReport]:
    db, circle = stored
    app = Circles(db, read_only=True)
    reports = CircleReports()
    reports.catch_up(app)
    yield reports.get(circle)
    app.close()


def test_a_plugin_adds_a_report_format(
    report: CircleReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plugin(tmp_path, monkeypatch, "kort-verslag = circleflow_kort_verslag:render\n")
    assert {"kort-verslag", "markdown"} <= set(formats())
    text = render(report, "kort-verslag")
    assert "Bijeenkomsten gehouden: 5 van 5" in text
    assert render_bytes(report, "kort-verslag") == text.encode()


def test_a_plugin_cannot_take_a_built_in_format_s_name(
    report: CircleReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plugin(tmp_path, monkeypatch, "html = circleflow_kort_verslag:render\n")
    with pytest.raises(InvalidInput, match="built-in format"):
        render(report, "kort-verslag")


def test_the_core_never_imports_the_reports() -> None:
    core = [p for p in SRC.rglob("*.py") if "reports" not in p.relative_to(SRC).parts]
    importers: list[tuple[str, int]] = []
    for path in core:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(n.startswith("circleflow.reports") for n in names):
                assert isinstance(node, ast.Import | ast.ImportFrom)
                importers.append((path.name, node.col_offset))
    # Only the command line's 'report' command, inside the command itself.
    assert importers == [("cli.py", 4)]
    modules = sorted(
        ".".join(("circleflow", *p.relative_to(SRC).with_suffix("").parts))
        for p in core
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "assert not [n for n in sys.modules if n.startswith('circleflow.reports')]\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_circleflow_report_writes_csv_for_a_dutch_excel(
    stored: tuple[str, UUID], tmp_path: Path
) -> None:
    db, circle = stored
    out = tmp_path / "report.csv"
    args = ["--db", db, "report", str(circle), "--to", "csv"]
    done = CliRunner().invoke(cli, [*args, "--csv-dialect", "excel-nl", "-o", str(out)])
    assert done.exit_code == 0, done.output
    content = out.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") and b";" in content.splitlines()[0]
    wrong = CliRunner().invoke(
        cli, ["--db", db, "report", str(circle), "--csv-dialect", "excel-nl"]
    )
    assert wrong.exit_code == 2 and "--to csv only" in wrong.output
