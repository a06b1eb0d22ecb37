# SPDX-License-Identifier: EUPL-1.2
"""The OpenDocument report: a valid package with title, language, real
headings and tables whose first row is a header row."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from uuid import UUID
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from circleflow import Circles, InvalidInput
from circleflow.demo import run_samenwerking
from circleflow.reports import CircleReports, render, render_bytes
from circleflow.reports.cli import report as report_command
from circleflow.reports.odf import ODT_MEDIA_TYPE

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@pytest.fixture(scope="module")
def odt() -> zipfile.ZipFile:
    app = Circles("memory:")
    circle = run_samenwerking(app)
    reports = CircleReports()
    reports.catch_up(app)
    return zipfile.ZipFile(BytesIO(render_bytes(reports.get(circle), "odt")))


def test_the_package_starts_with_its_stored_media_type(odt: zipfile.ZipFile) -> None:
    first = odt.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert odt.read("mimetype").decode() == ODT_MEDIA_TYPE
    assert {"content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"} <= set(
        odt.namelist()
    )


def test_the_document_has_a_title_and_a_language(odt: zipfile.ZipFile) -> None:
    meta = ElementTree.fromstring(odt.read("meta.xml"))
    assert meta.findtext(".//dc:title", namespaces=NS) == "Wijkaanpak Noord"
    assert meta.findtext(".//dc:language", namespaces=NS) == "en"


def test_headings_and_tables_carry_their_structure(odt: zipfile.ZipFile) -> None:
    content = ElementTree.fromstring(odt.read("content.xml"))
    level = f"{{{NS['text']}}}outline-level"
    headings = [
        (h.get(level), "".join(h.itertext())) for h in content.iterfind(".//text:h", NS)
    ]
    assert headings[0] == ("1", "Wijkaanpak Noord")
    assert ("2", "Temporary Workable Agreements") in headings
    tables = content.findall(".//table:table", NS)
    assert len(tables) == sum(level == "2" for level, _ in headings)
    for table in tables:
        header = table.find("table:table-header-rows/table:table-row", NS)
        assert header is not None
        width = len(header.findall("table:table-cell", NS))
        for row in table.findall("table:table-row", NS):
            assert len(row.findall("table:table-cell", NS)) == width
    texts = ["".join(c.itertext()) for c in content.iterfind(".//table:table-cell", NS)]
    assert "Tweewekelijks casusoverleg" in texts


def test_odt_is_bytes_only_and_says_so() -> None:
    app = Circles("memory:")
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u")
    reports = CircleReports()
    reports.catch_up(app)
    with pytest.raises(InvalidInput, match="'odt' is a binary format"):
        render(reports.get(UUID(str(circle))), "odt")
    assert render_bytes(reports.get(circle), "csv").startswith(b"circle_id,")


def test_the_report_command_writes_an_odt_file(tmp_path: Path) -> None:
    db = str(tmp_path / "circles.db")
    circle = run_samenwerking(Circles(db))
    runner = CliRunner()
    refused = runner.invoke(report_command, ["--db", db, str(circle), "--to", "odt"])
    assert refused.exit_code == 2
    assert "odt is a binary format; give --output FILE" in refused.output
    target = tmp_path / "report.odt"
    done = runner.invoke(
        report_command, ["--db", db, str(circle), "--to", "odt", "-o", str(target)]
    )
    assert done.exit_code == 0, done.output
    assert zipfile.ZipFile(target).read("mimetype").decode() == ODT_MEDIA_TYPE
