# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A circle report as an editable OpenDocument text (``.odt``, ODF 1.2).

ODF is the open standard for editable documents in Dutch government. The
document carries its title, language (Dutch unless asked otherwise) and the
moment it was made, uses real headings (outline levels 1 and 2) and marks
each table's first row as a styled header row that repeats on every page,
so assistive technology and a later PDF/UA export keep the structure. The
tables are sized to the A4 page, and a footer gives the title, the date the
document was made and the page number.

The package is ODF 1.2 throughout: the manifest states ``manifest:version``
and lists every part, and ``mimetype`` comes first, stored uncompressed.

odfpy is an optional dependency (``circleflow[odf]``), imported on first use.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from types import ModuleType
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import quoteattr

from circleflow import CircleflowError, InvalidInput
from circleflow.language import use_language
from circleflow.reports.document import Document, report_document
from circleflow.reports.report import CircleReport

#: The media type of the documents :func:`to_odt` writes.
ODT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"

#: The ODF version the documents follow.
ODF_VERSION = "1.2"

#: The page: A4 portrait with 2 cm margins, so the text is 17 cm wide.
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM

#: Sizing columns: the width of one character of 11 pt text, and a cell's
#: padding and borders, in cm; a text longer than this many characters
#: wraps rather than widening its column further.
_CHAR_CM, _PADDING_CM, _LONGEST_LINE = 0.22, 0.3, 40

#: A word in a cell up to this many characters long is never broken.
_LONGEST_WORD = 12

#: The footer's words, by language (Dutch for any other language).
_FOOTER = {
    "nl": ("Gemaakt op", "pagina", "van"),
    "en": ("Made on", "page", "of"),
}

_MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


def _odf() -> dict[str, ModuleType]:
    try:
        from odf import dc, meta, opendocument, style, table, text
    except ImportError:
        raise CircleflowError(
            "the odt format needs odfpy: pip install 'circleflow[odf]'"
        ) from None
    return {
        "dc": dc,
        "meta": meta,
        "opendocument": opendocument,
        "style": style,
        "table": table,
        "text": text,
    }


def _made_on(moment: datetime, language: str) -> str:
    """The date of ``moment`` as people of ``language`` write it."""
    if language == "en":
        return moment.date().isoformat()
    return f"{moment.day}-{moment.month}-{moment.year}"


class _Writer:
    """Builds one OpenDocument text with the report's few styles."""

    def __init__(self, lang: str) -> None:
        odf = _odf()
        self.odf = odf
        self.style, self.table, self.text = odf["style"], odf["table"], odf["text"]
        self.doc = odf["opendocument"].OpenDocumentText()
        self.lang = lang
        self.language, _, country = lang.partition("-")
        self.country = country.upper() or ("NL" if self.language == "nl" else "none")
        self._defaults()
        self.headings = {1: self._heading(1, "20pt"), 2: self._heading(2, "15pt")}
        self.strong = self._style("Strong", "text", text={"fontweight": "bold"})
        self.contents = self._style(
            "Table Contents", "paragraph", parentstylename="Standard"
        )
        self.table_heading = self._style(
            "Table Heading",
            "paragraph",
            parentstylename=self.contents,
            text={"fontweight": "bold"},
        )
        border = {"border": "0.5pt solid #595959", "padding": "0.1cm"}
        self.cell = self._auto("Cell", "table-cell", cell=border)
        # Black on light grey: a contrast of about 16:1.
        self.header_cell = self._auto(
            "Header Cell", "table-cell", cell={**border, "backgroundcolor": "#dfe3e8"}
        )
        self.header_row = self._auto(
            "Header Row",
            "table-row",
            row={"backgroundcolor": "#dfe3e8", "keeptogether": "always"},
        )
        self.footer = self._style(
            "Footer",
            "paragraph",
            parentstylename="Standard",
            text={"fontsize": "9pt"},
            paragraph={"textalign": "center"},
        )

    def _defaults(self) -> None:
        """The document's language and font size, and a plain paragraph."""
        default = self.style.DefaultStyle(family="paragraph")
        default.addElement(
            self.style.TextProperties(
                language=self.language, country=self.country, fontsize="11pt"
            )
        )
        self.doc.styles.addElement(default)
        self._style("Standard", "paragraph")

    def _style(self, name: str, family: str, **kwargs: Any) -> Any:
        """A named (common) style in styles.xml."""
        made = self._make(name, family, **kwargs)
        self.doc.styles.addElement(made)
        return made

    def _auto(self, name: str, family: str, **kwargs: Any) -> Any:
        """An automatic style in content.xml."""
        made = self._make(name, family, **kwargs)
        self.doc.automaticstyles.addElement(made)
        return made

    def _make(
        self,
        name: str,
        family: str,
        *,
        text: dict[str, str] | None = None,
        paragraph: dict[str, str] | None = None,
        cell: dict[str, str] | None = None,
        table: dict[str, str] | None = None,
        column: dict[str, str] | None = None,
        row: dict[str, str] | None = None,
        **attributes: Any,
    ) -> Any:
        made = self.style.Style(name=name, family=family, **attributes)
        style = self.style
        for properties, make in (
            (text, style.TextProperties),
            (paragraph, style.ParagraphProperties),
            (cell, style.TableCellProperties),
            (table, style.TableProperties),
            (column, style.TableColumnProperties),
            (row, style.TableRowProperties),
        ):
            if properties is not None:
                made.addElement(make(**properties))
        return made

    def _heading(self, level: int, size: str) -> Any:
        return self._style(
            f"Heading {level}",
            "paragraph",
            parentstylename="Standard",
            defaultoutlinelevel=str(level),
            text={"fontsize": size, "fontweight": "bold"},
            paragraph={
                "margintop": "0.4cm",
                "marginbottom": "0.2cm",
                "keepwithnext": "always",
            },
        )

    def page(self, title: str, made_at: datetime) -> None:
        """A4 pages whose footer names the document, the date it was made
        and the page number."""
        style, text = self.style, self.text
        layout = style.PageLayout(name="Page")
        margin = f"{MARGIN_CM}cm"
        layout.addElement(
            style.PageLayoutProperties(
                pagewidth=f"{PAGE_WIDTH_CM}cm",
                pageheight=f"{PAGE_HEIGHT_CM}cm",
                printorientation="portrait",
                margintop=margin,
                marginbottom=f"{MARGIN_CM / 2}cm",
                marginleft=margin,
                marginright=margin,
            )
        )
        footer_style = style.FooterStyle()
        footer_style.addElement(
            style.HeaderFooterProperties(minheight="0.6cm", margintop="0.5cm")
        )
        layout.addElement(footer_style)
        self.doc.automaticstyles.addElement(layout)
        made_on, page, of = _FOOTER.get(self.language, _FOOTER["nl"])
        line = text.P(stylename=self.footer)
        line.addText(f"{title} · {made_on} {_made_on(made_at, self.language)} · ")
        line.addText(f"{page} ")
        line.addElement(text.PageNumber(selectpage="current", text="1"))
        line.addText(f" {of} ")
        line.addElement(text.PageCount(text="1"))
        footer = style.Footer()
        footer.addElement(line)
        master = style.MasterPage(name="Standard", pagelayoutname=layout)
        master.addElement(footer)
        self.doc.masterstyles.addElement(master)

    def heading(self, level: int, title: str) -> None:
        self.doc.text.addElement(
            self.text.H(outlinelevel=level, stylename=self.headings[level], text=title)
        )

    def paragraph(self, text: str, label: str | None = None) -> None:
        paragraph = self.text.P(stylename="Standard")
        if label is not None:
            paragraph.addElement(self.text.Span(stylename=self.strong, text=label))
        paragraph.addText(text)
        self.doc.text.addElement(paragraph)

    def grid(
        self, name: str, headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]
    ) -> None:
        """A table as wide as the text, its columns sized to their contents,
        with the first row a header row that repeats on every page."""
        widths = column_widths(headers, rows)
        grid = self.table.Table(
            name=name,
            stylename=self._auto(
                name,
                "table",
                table={"width": f"{TEXT_WIDTH_CM}cm", "align": "margins"},
            ),
        )
        for index, width in enumerate(widths):
            column = self._auto(
                f"{name}.{_column_letter(index)}",
                "table-column",
                column={
                    "columnwidth": f"{width:.2f}cm",
                    "relcolumnwidth": f"{round(width * 1000)}*",
                },
            )
            grid.addElement(self.table.TableColumn(stylename=column))
        header = self.table.TableHeaderRows()
        header.addElement(
            self._row(headers, self.header_cell, self.table_heading, self.header_row)
        )
        grid.addElement(header)
        for row in rows:
            grid.addElement(self._row(row, self.cell, self.contents))
        self.doc.text.addElement(grid)

    def _row(
        self,
        cells: Iterable[str],
        cell_style: Any,
        text_style: Any,
        row_style: Any = None,
    ) -> Any:
        row = (
            self.table.TableRow()
            if row_style is None
            else self.table.TableRow(stylename=row_style)
        )
        for text in cells:
            cell = self.table.TableCell(valuetype="string", stylename=cell_style)
            cell.addElement(self.text.P(stylename=text_style, text=text))
            row.addElement(cell)
        return row

    def bytes(self, title: str, made_at: datetime) -> bytes:
        odf = self.odf
        stamp = made_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.doc.meta.addElement(odf["dc"].Title(text=title))
        self.doc.meta.addElement(odf["dc"].Language(text=self.lang))
        self.doc.meta.addElement(odf["meta"].CreationDate(text=stamp))
        self.doc.meta.addElement(odf["dc"].Date(text=stamp))
        buffer = io.BytesIO()
        self.doc.write(buffer)
        return _odf_1_2_package(buffer.getvalue(), made_at)


def column_widths(
    headers: tuple[str, ...], rows: Iterable[tuple[str, ...]]
) -> list[float]:
    """Widths in cm for a table of these ``headers`` and ``rows`` that
    together fill :data:`TEXT_WIDTH_CM`.

    Each column gets at least the room of its header's longest word (and of
    short words in its cells), and the rest of the width goes to the columns
    whose texts are longer, so headings do not break inside a word."""
    words = [_longest_word(header) for header in headers]
    texts = [len(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row):
            words[index] = max(words[index], min(_longest_word(cell), _LONGEST_WORD))
            texts[index] = max(texts[index], len(cell))
    least = [_PADDING_CM + _CHAR_CM * n for n in words]
    wanted = [
        max(low, _PADDING_CM + _CHAR_CM * min(n, _LONGEST_LINE))
        for low, n in zip(least, texts, strict=True)
    ]
    if sum(wanted) <= TEXT_WIDTH_CM or sum(least) >= TEXT_WIDTH_CM:
        base = wanted if sum(wanted) <= TEXT_WIDTH_CM else least
        widths = [w * TEXT_WIDTH_CM / sum(base) for w in base]
    else:
        share = (TEXT_WIDTH_CM - sum(least)) / (sum(wanted) - sum(least))
        widths = [
            low + (want - low) * share for low, want in zip(least, wanted, strict=True)
        ]
    # Down to the tenth of a millimetre, so rounding never overflows the page.
    return [int(width * 100) / 100 for width in widths]


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _column_letter(index: int) -> str:
    """``A`` .. ``Z``, ``AA`` ..: the column names office suites use."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _odf_1_2_package(package: bytes, made_at: datetime) -> bytes:
    """``package`` repacked as ODF 1.2 asks: ``mimetype`` first and stored,
    and a manifest with its version listing every other part. Every entry
    carries the moment the document was made, so the same report made at
    the same moment gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(package))
    media_types = {
        entry.get(f"{{{_MANIFEST_NS}}}full-path"): entry.get(
            f"{{{_MANIFEST_NS}}}media-type", ""
        )
        for entry in ElementTree.fromstring(source.read("META-INF/manifest.xml"))
    }
    mimetype = source.read("mimetype").decode("ascii")
    parts = [
        name
        for name in source.namelist()
        if name not in ("mimetype", "META-INF/manifest.xml")
    ]
    moment = made_at.astimezone(UTC)
    date_time = (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        first = zipfile.ZipInfo("mimetype", date_time)
        first.compress_type = zipfile.ZIP_STORED
        target.writestr(first, mimetype.encode("ascii"))
        for name in parts:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
        info = zipfile.ZipInfo("META-INF/manifest.xml", date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        target.writestr(info, _manifest(mimetype, parts, media_types))
    return out.getvalue()


def _manifest(mimetype: str, parts: list[str], media_types: dict[Any, str]) -> bytes:
    """The manifest of an ODF 1.2 package of ``parts``."""
    version = quoteattr(ODF_VERSION)
    entries = [
        f'<manifest:file-entry manifest:full-path="/" '
        f"manifest:version={version} manifest:media-type={quoteattr(mimetype)}/>"
    ]
    for name in parts:
        media_type = media_types.get(name) or (
            "text/xml" if name.endswith(".xml") else "application/octet-stream"
        )
        entries.append(
            f"<manifest:file-entry manifest:full-path={quoteattr(name)} "
            f"manifest:media-type={quoteattr(media_type)}/>"
        )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<manifest:manifest xmlns:manifest="{_MANIFEST_NS}" '
        f"manifest:version={version}>" + "".join(entries) + "</manifest:manifest>"
    ).encode()


def document_odt(
    document: Document, *, lang: str = "nl", made_at: datetime | None = None
) -> bytes:
    """``document`` as the bytes of an ``.odt`` file in language ``lang``
    (a BCP 47 tag such as ``nl`` or ``en-GB``), made at ``made_at`` (a
    moment with its time zone; now if not given)."""
    if made_at is None:
        made_at = datetime.now(UTC).astimezone()
    elif made_at.tzinfo is None or made_at.utcoffset() is None:
        raise InvalidInput(
            f"made_at {made_at.isoformat()} has no time zone; give a moment "
            "with one, such as datetime.now(UTC)"
        )
    writer = _Writer(lang)
    writer.page(document.title, made_at)
    writer.heading(1, document.title)
    for label, value in document.facts:
        writer.paragraph(value, label=f"{label}: ")
    for number, table in enumerate(document.tables, start=1):
        writer.heading(2, table.title)
        if not table.rows:
            writer.paragraph("None yet.")
            continue
        writer.paragraph(table.caption)
        writer.grid(f"Table{number}", table.headers, table.rows)
    return writer.bytes(document.title, made_at)


def to_odt(
    report: CircleReport, *, lang: str | None = None, made_at: datetime | None = None
) -> bytes:
    """The report as an OpenDocument text in language ``lang`` (the language
    texts are shown in, Dutch by default), dated ``made_at`` (now if not
    given), with what is next at that moment."""
    with use_language(lang) as language:
        document = report_document(report, now=made_at)
        return document_odt(document, lang=lang or language, made_at=made_at)
