# SPDX-License-Identifier: EUPL-1.2
"""A circle report as an editable OpenDocument text (``.odt``, ODF 1.2).

ODF is the open standard for editable documents in Dutch government. The
document carries its title and language, uses real headings (outline
levels 1 and 2) and marks each table's first row as a repeated header row,
so assistive technology and a later PDF/UA export keep the structure.

odfpy is an optional dependency (``circleflow[odf]``), imported on first use.
"""

from __future__ import annotations

import io
from types import ModuleType
from typing import Any

from circleflow import CircleflowError
from circleflow.reports.document import Document, report_document
from circleflow.reports.report import CircleReport

#: The media type of the documents :func:`to_odt` writes.
ODT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"


def _odf() -> dict[str, ModuleType]:
    try:
        from odf import dc, opendocument, style, table, text
    except ImportError:
        raise CircleflowError(
            "the odt format needs odfpy: pip install 'circleflow[odf]'"
        ) from None
    return {
        "dc": dc,
        "opendocument": opendocument,
        "style": style,
        "table": table,
        "text": text,
    }


class _Writer:
    """Builds one OpenDocument text with the report's few styles."""

    def __init__(self, lang: str) -> None:
        odf = _odf()
        self.style, self.table, self.text = odf["style"], odf["table"], odf["text"]
        self.doc = odf["opendocument"].OpenDocumentText()
        language, _, country = lang.partition("-")
        default = self.style.Style(name="Standard", family="paragraph")
        default.addElement(
            self.style.TextProperties(
                language=language, country=country.upper() or "none"
            )
        )
        self.doc.styles.addElement(default)
        self.headings = {1: self._heading(1, "20pt"), 2: self._heading(2, "15pt")}
        self.strong = self.style.Style(name="Strong", family="text")
        self.strong.addElement(self.style.TextProperties(fontweight="bold"))
        self.doc.styles.addElement(self.strong)
        self.cell = self.style.Style(name="Cell", family="table-cell")
        self.cell.addElement(
            self.style.TableCellProperties(
                border="0.5pt solid #595959", padding="0.05cm"
            )
        )
        self.doc.automaticstyles.addElement(self.cell)
        self.doc.meta.addElement(odf["dc"].Language(text=lang))

    def _heading(self, level: int, size: str) -> Any:
        heading = self.style.Style(
            name=f"Heading {level}",
            family="paragraph",
            parentstylename="Standard",
            defaultoutlinelevel=str(level),
        )
        heading.addElement(self.style.TextProperties(fontsize=size, fontweight="bold"))
        heading.addElement(
            self.style.ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm")
        )
        self.doc.styles.addElement(heading)
        return heading

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

    def grid(self, name: str, headers: tuple[str, ...], rows: Any) -> None:
        grid = self.table.Table(name=name)
        grid.addElement(self.table.TableColumn(numbercolumnsrepeated=len(headers)))
        header = self.table.TableHeaderRows()
        header.addElement(self._row(headers))
        grid.addElement(header)
        for row in rows:
            grid.addElement(self._row(row))
        self.doc.text.addElement(grid)

    def _row(self, cells: tuple[str, ...]) -> Any:
        row = self.table.TableRow()
        for text in cells:
            cell = self.table.TableCell(valuetype="string", stylename=self.cell)
            cell.addElement(self.text.P(stylename="Standard", text=text))
            row.addElement(cell)
        return row

    def bytes(self, title: str) -> bytes:
        self.doc.meta.addElement(_odf()["dc"].Title(text=title))
        buffer = io.BytesIO()
        self.doc.write(buffer)
        return buffer.getvalue()


def document_odt(document: Document, *, lang: str = "en") -> bytes:
    """``document`` as the bytes of an ``.odt`` file in language ``lang``."""
    writer = _Writer(lang)
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
    return writer.bytes(document.title)


def to_odt(report: CircleReport) -> bytes:
    """The report as an OpenDocument text."""
    return document_odt(report_document(report))
