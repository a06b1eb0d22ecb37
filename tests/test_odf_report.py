# SPDX-License-Identifier: EUPL-1.2
"""The OpenDocument report: a valid ODF 1.2 package in Dutch with title,
headings, sized tables whose first row is a styled header row, and a footer
with the date it was made and the page number."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path
from uuid import UUID
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from circleflow import Circles, InvalidInput
from circleflow.demo import run_samenwerking
from circleflow.language import use_language
from circleflow.reports import CircleReports, render, render_bytes
from circleflow.reports.cli import report as report_command
from circleflow.reports.odf import (
    ODT_MEDIA_TYPE,
    TEXT_WIDTH_CM,
    column_widths,
    to_odt,
)
from circleflow.reports.report import CircleReport

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}

#: Half past midnight on 1 March in the Netherlands: still 28 February in UTC.
MADE_AT = datetime(2027, 3, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))


def _attr(element: ElementTree.Element, name: str) -> str | None:
    prefix, _, local = name.partition(":")
    return element.get(f"{{{NS[prefix]}}}{local}")


@pytest.fixture(scope="module")
def report() -> CircleReport:
    app = Circles("memory:")
    circle = run_samenwerking(app)
    reports = CircleReports()
    reports.catch_up(app)
    return reports.get(circle)


@pytest.fixture(scope="module")
def odt(report: CircleReport) -> zipfile.ZipFile:
    return zipfile.ZipFile(BytesIO(to_odt(report, lang="nl", made_at=MADE_AT)))


def _xml(odt: zipfile.ZipFile, part: str) -> ElementTree.Element:
    return ElementTree.fromstring(odt.read(part))


class _Styles:
    """The styles of a document, named and automatic, by family and name."""

    def __init__(self, odt: zipfile.ZipFile) -> None:
        self.by_name: dict[tuple[str | None, str | None], ElementTree.Element] = {}
        for part in ("styles.xml", "content.xml"):
            for style in _xml(odt, part).iterfind(".//style:style", NS):
                key = (_attr(style, "style:family"), _attr(style, "style:name"))
                self.by_name[key] = style

    def get(self, family: str, name: str | None) -> ElementTree.Element:
        return self.by_name[(family, name)]

    def bold(self, name: str | None) -> bool:
        """Whether paragraphs of style ``name`` are bold, itself or inherited."""
        while name is not None:
            style = self.get("paragraph", name)
            properties = style.find("style:text-properties", NS)
            if properties is not None and _attr(properties, "fo:font-weight"):
                return _attr(properties, "fo:font-weight") == "bold"
            name = _attr(style, "style:parent-style-name")
        return False


# -- the package ------------------------------------------------------------------


def test_the_package_starts_with_its_stored_media_type(odt: zipfile.ZipFile) -> None:
    first = odt.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert not first.extra
    assert odt.read("mimetype").decode() == ODT_MEDIA_TYPE
    assert odt.testzip() is None


def test_the_manifest_is_odf_1_2_and_lists_every_part(odt: zipfile.ZipFile) -> None:
    manifest = _xml(odt, "META-INF/manifest.xml")
    assert _attr(manifest, "manifest:version") == "1.2"
    entries = {
        _attr(entry, "manifest:full-path"): entry
        for entry in manifest.iterfind("manifest:file-entry", NS)
    }
    root = entries.pop("/")
    assert _attr(root, "manifest:media-type") == ODT_MEDIA_TYPE
    assert _attr(root, "manifest:version") == "1.2"
    parts = set(odt.namelist()) - {"mimetype", "META-INF/manifest.xml"}
    assert set(entries) == parts
    assert {"content.xml", "styles.xml", "meta.xml"} <= parts
    assert all(_attr(e, "manifest:media-type") == "text/xml" for e in entries.values())


@pytest.mark.parametrize("part", ["content.xml", "styles.xml", "meta.xml"])
def test_every_xml_part_is_odf_1_2(odt: zipfile.ZipFile, part: str) -> None:
    assert _attr(_xml(odt, part), "office:version") == "1.2"


def test_every_style_the_text_uses_is_defined(odt: zipfile.ZipFile) -> None:
    styles = _Styles(odt)
    names = {name for _, name in styles.by_name}
    used = {
        value
        for part in ("content.xml", "styles.xml")
        for element in _xml(odt, part).iter()
        for key, value in element.attrib.items()
        if key.endswith("}style-name") and "page-layout" not in key
    }
    assert used
    assert used <= names
    layouts = {
        _attr(layout, "style:name")
        for layout in _xml(odt, "styles.xml").iterfind(".//style:page-layout", NS)
    }
    for master in _xml(odt, "styles.xml").iterfind(".//style:master-page", NS):
        assert _attr(master, "style:page-layout-name") in layouts


def test_the_same_report_made_at_the_same_moment_gives_the_same_bytes(
    report: CircleReport,
) -> None:
    assert to_odt(report, made_at=MADE_AT) == to_odt(report, made_at=MADE_AT)
    assert to_odt(report, made_at=MADE_AT) != to_odt(
        report, made_at=MADE_AT + timedelta(days=1)
    )


@pytest.mark.parametrize("year", [1970, 2200])
def test_a_moment_a_zip_entry_cannot_hold_still_makes_a_document(
    report: CircleReport, year: int
) -> None:
    made_at = datetime(year, 1, 1, 12, 0, tzinfo=UTC)
    odt = zipfile.ZipFile(BytesIO(to_odt(report, made_at=made_at)))
    assert odt.testzip() is None
    assert {entry.date_time[0] for entry in odt.infolist()} <= {1980, 2107}
    assert _xml(odt, "meta.xml").findtext(".//dc:date", namespaces=NS) == (
        f"{year}-01-01T12:00:00Z"
    )


# -- language, title and date -----------------------------------------------------


def test_the_document_is_dutch_with_a_title(odt: zipfile.ZipFile) -> None:
    meta = _xml(odt, "meta.xml")
    assert meta.findtext(".//dc:title", namespaces=NS) == "Wijkaanpak Noord"
    assert meta.findtext(".//dc:language", namespaces=NS) == "nl"
    default = _xml(odt, "styles.xml").find(
        ".//style:default-style[@style:family='paragraph']/style:text-properties", NS
    )
    assert default is not None
    assert (_attr(default, "fo:language"), _attr(default, "fo:country")) == (
        "nl",
        "NL",
    )


def test_the_meta_data_say_when_it_was_made_in_utc(odt: zipfile.ZipFile) -> None:
    meta = _xml(odt, "meta.xml")
    assert meta.findtext(".//meta:creation-date", namespaces=NS) == (
        "2027-02-28T23:30:00Z"
    )
    assert meta.findtext(".//dc:date", namespaces=NS) == "2027-02-28T23:30:00Z"


def test_every_page_has_a_footer_with_the_date_and_its_number(
    odt: zipfile.ZipFile,
) -> None:
    styles = _xml(odt, "styles.xml")
    master = styles.find(".//style:master-page[@style:name='Standard']", NS)
    assert master is not None
    footer = master.find("style:footer/text:p", NS)
    assert footer is not None
    assert footer.find("text:page-number", NS) is not None
    assert footer.find("text:page-count", NS) is not None
    assert "".join(footer.itertext()) == (
        "Wijkaanpak Noord · Gemaakt op 1-3-2027 · pagina 1 van 1"
    )
    layout = styles.find(
        f".//style:page-layout[@style:name='{_attr(master, 'style:page-layout-name')}']"
        "/style:page-layout-properties",
        NS,
    )
    assert layout is not None
    assert (_attr(layout, "fo:page-width"), _attr(layout, "fo:page-height")) == (
        "21.0cm",
        "29.7cm",
    )


def test_an_english_document_says_so_in_english(report: CircleReport) -> None:
    odt = zipfile.ZipFile(BytesIO(to_odt(report, lang="en-GB", made_at=MADE_AT)))
    assert _xml(odt, "meta.xml").findtext(".//dc:language", namespaces=NS) == "en-GB"
    footer = _xml(odt, "styles.xml").find(".//style:footer/text:p", NS)
    assert footer is not None
    assert "Made on 2027-03-01 · page 1 of 1" in "".join(footer.itertext())


def test_a_moment_without_a_time_zone_is_refused(report: CircleReport) -> None:
    with pytest.raises(InvalidInput, match="has no time zone"):
        to_odt(report, made_at=datetime(2027, 3, 1, 12, 0))


def test_without_a_moment_it_is_dated_now(report: CircleReport) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    with use_language("nl"):
        odt = zipfile.ZipFile(BytesIO(render_bytes(report, "odt")))
    stamp = _xml(odt, "meta.xml").findtext(".//meta:creation-date", namespaces=NS)
    assert stamp is not None
    made = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before <= made <= datetime.now(UTC)
    assert _xml(odt, "meta.xml").findtext(".//dc:language", namespaces=NS) == "nl"


# -- headings and tables ----------------------------------------------------------


def test_headings_and_tables_carry_their_structure(odt: zipfile.ZipFile) -> None:
    content = _xml(odt, "content.xml")
    level = f"{{{NS['text']}}}outline-level"
    headings = [
        (h.get(level), "".join(h.itertext())) for h in content.iterfind(".//text:h", NS)
    ]
    assert headings[0] == ("1", "Wijkaanpak Noord")
    assert ("2", "TWO-keten") in headings
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


def test_header_rows_are_bold_on_a_background_and_body_rows_are_not(
    odt: zipfile.ZipFile,
) -> None:
    styles = _Styles(odt)
    tables = _xml(odt, "content.xml").findall(".//table:table", NS)
    assert tables
    for table in tables:
        header = table.findall("table:table-header-rows/table:table-row", NS)
        assert len(header) == 1
        body = table.findall("table:table-row", NS)
        assert body
        row_style = styles.get("table-row", _attr(header[0], "table:style-name"))
        row_properties = row_style.find("style:table-row-properties", NS)
        assert row_properties is not None
        assert _attr(row_properties, "fo:background-color") == "#dfe3e8"
        for row, heading in [(header[0], True)] + [(row, False) for row in body]:
            for cell in row.findall("table:table-cell", NS):
                cell_style = styles.get("table-cell", _attr(cell, "table:style-name"))
                properties = cell_style.find("style:table-cell-properties", NS)
                assert properties is not None
                background = _attr(properties, "fo:background-color")
                assert (background not in (None, "transparent")) is heading
                paragraph = cell.find("text:p", NS)
                assert paragraph is not None
                assert styles.bold(_attr(paragraph, "text:style-name")) is heading


def test_every_column_is_sized_and_the_tables_fit_the_page(
    odt: zipfile.ZipFile,
) -> None:
    styles = _Styles(odt)
    for table in _xml(odt, "content.xml").findall(".//table:table", NS):
        table_style = styles.get("table", _attr(table, "table:style-name"))
        properties = table_style.find("style:table-properties", NS)
        assert properties is not None
        assert _attr(properties, "style:width") == f"{TEXT_WIDTH_CM}cm"
        columns = table.findall("table:table-column", NS)
        cells = table.findall(
            "table:table-header-rows/table:table-row/table:table-cell", NS
        )
        assert len(columns) == len(cells)
        widths = []
        for column in columns:
            column_style = styles.get("table-column", _attr(column, "table:style-name"))
            sized = column_style.find("style:table-column-properties", NS)
            assert sized is not None
            width = _attr(sized, "style:column-width")
            assert width is not None and width.endswith("cm")
            widths.append(float(width.removesuffix("cm")))
        assert TEXT_WIDTH_CM - 0.1 < sum(widths) <= TEXT_WIDTH_CM


def test_columns_give_headers_room_and_long_texts_the_rest() -> None:
    headers = ("number", "agreement", "status")
    rows = [
        ("1", "Wekelijks casusoverleg met alle partners in de wijk " * 2, "current")
    ]
    number, agreement, status = column_widths(headers, rows)
    assert TEXT_WIDTH_CM - 0.1 < number + agreement + status <= TEXT_WIDTH_CM
    assert agreement > status >= number
    # "number" in bold needs more than a centimetre and a half.
    assert number > 1.5


def test_a_table_too_wide_for_the_page_still_fits_it() -> None:
    headers = tuple(f"heading{n:02}" for n in range(12))
    widths = column_widths(headers, [tuple("x" * 80 for _ in headers)])
    assert len(widths) == 12
    assert TEXT_WIDTH_CM - 0.1 < sum(widths) <= TEXT_WIDTH_CM


# -- formats and the command ------------------------------------------------------


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


# -- hostile text -----------------------------------------------------------------

#: A title with XML markup, quotes, an end of CDATA, line breaks and characters
#: XML 1.0 does not allow (NUL, escape, bell, form feed, U+FFFE) or that steer
#: terminals (C1).
HOSTILE_TITLE = (
    'Kring <b>&amp;</b> "x" ]]>\r\nnoord\x00\x1b[2J\x07\x0c\x9d\ufffe\u2028eind'
)
#: The same title as the document shows it: breaks as spaces, the rest U+FFFD.
SHOWN_TITLE = (
    'Kring <b>&amp;</b> "x" ]]> noord\ufffd\ufffd[2J\ufffd\ufffd\ufffd\ufffd eind'
)


@pytest.fixture(scope="module")
def hostile() -> zipfile.ZipFile:
    app = Circles("memory:")
    circle = app.found_circle(title=HOSTILE_TITLE, challenge="Op\x00gave", actor="u")
    person = app.register_person("Ann <i>\x01", organisation="A & B", actor="u")
    app.join(circle, person, "guest", actor="u")
    reports = CircleReports()
    reports.catch_up(app)
    made = to_odt(reports.get(circle), lang="nl", made_at=MADE_AT)
    return zipfile.ZipFile(BytesIO(made))


def test_a_hostile_text_is_well_formed_xml_and_reads_back_as_text(
    hostile: zipfile.ZipFile,
) -> None:
    meta = _xml(hostile, "meta.xml")
    assert meta.findtext(".//dc:title", namespaces=NS) == SHOWN_TITLE
    content = _xml(hostile, "content.xml")
    heading = content.find(".//text:h", NS)
    assert heading is not None
    assert list(heading) == []
    assert heading.text == SHOWN_TITLE
    cells = ["".join(c.itertext()) for c in content.iterfind(".//table:table-cell", NS)]
    assert "Ann <i>\ufffd" in cells
    assert "A & B" in cells
    facts = ["".join(p.itertext()) for p in content.iterfind("office:body//text:p", NS)]
    assert "Opgave: Op\ufffdgave" in facts
    footer = _xml(hostile, "styles.xml").find(".//style:footer/text:p", NS)
    assert footer is not None
    assert "".join(footer.itertext()).startswith(f"{SHOWN_TITLE} · Gemaakt op")


def test_no_part_holds_a_character_xml_1_0_does_not_allow(
    hostile: zipfile.ZipFile,
) -> None:
    allowed = {"\t", "\n", "\r"}
    for part in hostile.namelist():
        text = hostile.read(part).decode("utf-8")
        assert not [
            c
            for c in text
            if (ord(c) < 0x20 and c not in allowed)
            or 0x7F <= ord(c) <= 0x9F
            or c in "\ufffe\uffff"
        ], part


def test_every_part_parses_and_every_table_has_one_header_row(
    odt: zipfile.ZipFile,
) -> None:
    for part in odt.namelist():
        if part.endswith(".xml"):
            ElementTree.fromstring(odt.read(part))
    tables = _xml(odt, "content.xml").findall(".//table:table", NS)
    assert tables
    for table in tables:
        header_rows = table.findall("table:table-header-rows", NS)
        assert len(header_rows) == 1
        assert len(header_rows[0].findall("table:table-row", NS)) == 1


def test_an_empty_table_says_so_in_the_language_of_the_document() -> None:
    app = Circles("memory:")
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u")
    reports = CircleReports()
    reports.catch_up(app)
    for lang, members, none_yet in (
        ("nl", "Leden", "Nog geen."),
        ("en", "Members", "None yet."),
    ):
        made = to_odt(reports.get(circle), lang=lang, made_at=MADE_AT)
        body = _xml(zipfile.ZipFile(BytesIO(made)), "content.xml").find(
            "office:body/office:text", NS
        )
        assert body is not None
        texts = ["".join(child.itertext()) for child in body]
        assert texts[texts.index(members) + 1] == none_yet
