# SPDX-License-Identifier: EUPL-1.2
"""LibreOffice opens the OpenDocument report of every built-in format and
converts it to PDF, with the title and the footer on the page.

Where LibreOffice (``soffice``) or ``pdftotext`` is not installed these tests
are skipped, unless ``CIRCLEFLOW_REQUIRE_LIBREOFFICE=1`` (as in CI) makes
that a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from circleflow import Circles
from circleflow.demo import DEMOS
from circleflow_adapters import CircleReports
from circleflow_adapters.odf import to_odt

SOFFICE = os.environ.get("CIRCLEFLOW_SOFFICE") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")

MADE_AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _needs(tool: str | None, why_not: str) -> str:
    """``tool``, or a skip (a failure where LibreOffice is required)."""
    if tool is None:
        if os.environ.get("CIRCLEFLOW_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"LibreOffice is required here: {why_not}")
        pytest.skip(why_not)
    return tool


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Path]]:
    """Per built-in format: the circle's title and the PDF LibreOffice made
    of its report, all converted in one run of ``soffice``."""
    soffice = _needs(SOFFICE, "no soffice on PATH (or $CIRCLEFLOW_SOFFICE)")
    folder = tmp_path_factory.mktemp("libreoffice")
    titles, sources = {}, []
    for name, run in sorted(DEMOS.items()):
        app = Circles("memory:")
        circle = run(app)
        reports = CircleReports()
        reports.catch_up(app)
        report = reports.get(circle)
        source = folder / f"{name}.odt"
        source.write_bytes(to_odt(report, made_at=MADE_AT))
        titles[name] = report.title
        sources.append(str(source))
    out = folder / "pdf"
    done = subprocess.run(
        [
            soffice,
            # A profile of its own, so a running LibreOffice or an earlier
            # run's settings cannot get in the way.
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *sources,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {name: (titles[name], out / f"{name}.pdf") for name in titles}


@pytest.mark.parametrize("format_name", sorted(DEMOS))
def test_libreoffice_converts_the_report_to_pdf(
    converted: dict[str, tuple[str, Path]], format_name: str
) -> None:
    _, pdf = converted[format_name]
    assert pdf.is_file(), f"LibreOffice made no PDF of the {format_name} report"
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF-")
    assert b"%%EOF" in content[-1024:]


@pytest.mark.parametrize("format_name", sorted(DEMOS))
def test_the_pdf_shows_the_title_the_tables_and_the_footer(
    converted: dict[str, tuple[str, Path]], format_name: str
) -> None:
    pdftotext = _needs(PDFTOTEXT, "no pdftotext on PATH (poppler-utils)")
    title, pdf = converted[format_name]
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode("utf-8")
    lines = [line.strip() for line in text.splitlines()]
    assert title in lines
    assert "Meetings" in lines
    assert f"{title} · Gemaakt op 1-3-2027 · pagina 1 van" in text
