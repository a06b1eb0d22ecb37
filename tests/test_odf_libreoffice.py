# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""LibreOffice opens the OpenDocument report of every built-in format and
converts it to PDF, with the title and the footer on the page, and to a
Word document that keeps the header rows, the language and the footer.

Where LibreOffice (``soffice``) or ``pdftotext`` is not installed these tests
are skipped, unless ``CIRCLEFLOW_REQUIRE_LIBREOFFICE=1`` (as in CI) makes
that a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from circleflow import Circles
from circleflow.demo import DEMOS
from circleflow.reports import CircleReports
from circleflow.reports.odf import to_odt

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
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Path]]:
    """Per built-in format: the circle's title and its report as an ``.odt``."""
    folder = tmp_path_factory.mktemp("odt")
    made = {}
    for name, run in sorted(DEMOS.items()):
        app = Circles("memory:")
        circle = run(app)
        projection = CircleReports()
        projection.catch_up(app)
        report = projection.get(circle)
        source = folder / f"{name}.odt"
        source.write_bytes(to_odt(report, lang="nl", made_at=MADE_AT))
        made[name] = (report.title, source)
    return made


def _convert(
    reports: dict[str, tuple[str, Path]], target: str, folder: Path
) -> dict[str, tuple[str, Path]]:
    """The reports converted by LibreOffice to ``target`` (``pdf``, ``docx``)
    in one run of ``soffice``: per format, the title and the converted file
    (which may be missing, if LibreOffice failed)."""
    soffice = _needs(SOFFICE, "no soffice on PATH (or $CIRCLEFLOW_SOFFICE)")
    out = folder / target
    done = subprocess.run(
        [
            soffice,
            # A profile of its own, so a running LibreOffice or an earlier
            # run's settings cannot get in the way.
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *(str(source) for _, source in reports.values()),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # soffice exits with 0 also when it cannot load a file ("source file
    # could not be loaded"), so the tests look for each converted file.
    return {
        name: (title, out / f"{name}.{target}") for name, (title, _) in reports.items()
    }


@pytest.fixture(scope="module")
def converted(
    reports: dict[str, tuple[str, Path]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[str, Path]]:
    """Per built-in format: the title and the PDF LibreOffice made."""
    return _convert(reports, "pdf", tmp_path_factory.mktemp("libreoffice"))


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
    assert "Bijeenkomsten" in lines
    assert f"{title} · Gemaakt op 1-3-2027 · pagina 1 van" in text


def test_libreoffice_converts_the_reports_to_word_documents(
    reports: dict[str, tuple[str, Path]], tmp_path: Path
) -> None:
    for name, (title, docx) in _convert(reports, "docx", tmp_path).items():
        assert docx.is_file(), f"LibreOffice made no .docx of the {name} report"
        with zipfile.ZipFile(docx) as package:
            document = package.read("word/document.xml").decode("utf-8")
            styles = package.read("word/styles.xml").decode("utf-8")
            footers = "".join(
                package.read(part).decode("utf-8")
                for part in package.namelist()
                if part.startswith("word/footer")
            )
        assert f">{escape(title)}<" in document
        # LibreOffice read the header rows, the language and the footer.
        tables = document.count("<w:tbl>")
        assert tables > 0
        assert document.count('<w:tblHeader w:val="true"/>') == tables
        assert 'w:lang w:val="nl-NL"' in styles
        assert "Gemaakt op 1-3-2027" in footers
        assert "PAGE" in footers
