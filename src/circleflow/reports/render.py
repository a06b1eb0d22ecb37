# SPDX-License-Identifier: EUPL-1.2
"""Renderers: a circle report as Markdown, HTML, JSON or CSV (open formats).

Times are written in ISO 8601 (UTC); JSON follows RFC 8259, CSV RFC 4180
(or, as an option, the form a Dutch Excel opens directly) and HTML is HTML5
made to meet WCAG 2.1 AA.

Text from the events is inert in every format: a CSV cell never starts like
a spreadsheet formula, Markdown holds no raw HTML or control characters, and
JSON writes the characters that could steer a terminal as escapes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from importlib.metadata import entry_points
from typing import Any
from uuid import UUID

from attrs import asdict, fields, frozen

from circleflow import InvalidInput
from circleflow.language import _, use_language
from circleflow.reports.document import iso, report_document
from circleflow.reports.html import to_html
from circleflow.reports.odf import to_odt
from circleflow.reports.report import CircleReport, MeetingRow, report_to_plain
from circleflow.terminal import terminal_json


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(report: CircleReport) -> str:
    """The whole report as one JSON object."""
    data = report_to_plain(report)
    del data["due"]  # the deadlines' own bookkeeping; Circles.due() tells what is due
    data["meetings_held"] = report.meetings_held()
    return terminal_json(_readable_json(data)) + "\n"


def _readable_json(data: dict[str, Any]) -> str:
    """``data`` as JSON with a line per field, and a line per item of a list
    field (one member, meeting or record per line); written by the json
    module's C encoder, which an ``indent`` would turn off."""
    encode = json.JSONEncoder(default=_plain, ensure_ascii=False).encode
    fields = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + encode(item) for item in value)
            fields.append(f"  {encode(key)}: [\n{items}\n  ]")
        else:
            fields.append(f"  {encode(key)}: {encode(value)}")
    return "{\n" + ",\n".join(fields) + "\n}"


@frozen
class CsvDialect:
    """How a CSV file is written: the cell separator, whether it starts with
    a UTF-8 byte order mark, and the decimal sign of numbers. Lines always
    end in CRLF."""

    name: str
    delimiter: str
    bom: bool
    decimal: str

    def cell(self, value: Any) -> str:
        """``value`` as a cell: text never starts like a spreadsheet formula
        (see :func:`_csv_text`), a moment is ISO 8601 and a number with a
        fraction has this dialect's decimal sign."""
        if isinstance(value, str):
            return _csv_text(value)
        if isinstance(value, datetime):
            return iso(value)
        if isinstance(value, float | Decimal):
            return str(value).replace(".", self.decimal)
        return "" if value is None else str(value)


#: The CSV dialects by name: RFC 4180 (comma, no byte order mark), and the
#: form a Dutch Excel opens as columns with a double click (semicolon, UTF-8
#: with a byte order mark so accents survive, decimal comma).
CSV_DIALECTS: dict[str, CsvDialect] = {
    d.name: d
    for d in (
        CsvDialect("rfc4180", delimiter=",", bom=False, decimal="."),
        CsvDialect("excel-nl", delimiter=";", bom=True, decimal=","),
    )
}


def to_csv(report: CircleReport, *, dialect: str = "rfc4180") -> str:
    """One row per meeting, planned or held, with a header row, in the CSV
    dialect named ``dialect`` (see :data:`CSV_DIALECTS`). Text cells never
    start like a spreadsheet formula."""
    form = _csv_dialect(dialect)
    names = [f.name for f in fields(MeetingRow) if f.name not in _NOT_IN_CSV]
    out = io.StringIO(newline="")
    if form.bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=form.delimiter, lineterminator="\r\n")
    writer.writerow(["circle_id", *names])
    for meeting in report.meetings:
        row = asdict(meeting)
        writer.writerow([str(report.circle_id)] + [form.cell(row[n]) for n in names])
    return out.getvalue()


#: Fields of a meeting the CSV leaves out: lists, which are no cell.
_NOT_IN_CSV = frozenset({"carried_over"})


def _csv_dialect(name: str) -> CsvDialect:
    try:
        return CSV_DIALECTS[name]
    except KeyError:
        raise InvalidInput(
            f"unknown CSV dialect {name!r}; use one of {list(CSV_DIALECTS)}"
        ) from None


#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(text: str) -> str:
    """``text`` as a CSV cell that spreadsheets show as text: one that starts
    like a formula (``=``, ``+``, ``-``, ``@``, tab or CR) gets a leading
    single quote, as OWASP advises; the cell is otherwise unchanged."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


#: Line breaks and tabs (shown as a space in Markdown), and the other
#: control characters: C0, DEL and C1 (shown as U+FFFD).
_SPACES = re.compile(r"\r\n|[\t\n\r\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

#: Characters Markdown would read as markup that must stay text: HTML (as
#: entities), and code spans, table cells and escapes (with a backslash).
_MD_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "|": "\\|",
        "`": "\\`",
    }
)


#: Any character :func:`_md` changes; text without one is written as is.
_MD_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029&<>\\|`\]]")


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell, heading or line: it renders as
    the same text on one line, never as HTML, a link or a code span. Line
    breaks and tabs become spaces, other control characters U+FFFD."""
    if not _MD_UNSAFE.search(text):
        return text
    text = _CONTROLS.sub("\ufffd", _SPACES.sub(" ", text))
    # A link or image needs "](" (definitions and autolinks cannot occur).
    return text.translate(_MD_ESCAPES).replace("](", "\\](")


def to_markdown(
    report: CircleReport, *, now: datetime | None = None, lang: str | None = None
) -> str:
    """A readable report with headings and tables, in language ``lang`` (the
    language texts are shown in when not given), with what is next at
    ``now``."""
    with use_language(lang):
        document = report_document(report, now=now)
        none_yet = _("None yet.")
    lines = [f"# {_md(document.title)}", ""]
    lines += [f"- {_md(label)}: {_md(value)}" for label, value in document.facts]
    for table in document.tables:
        lines += ["", f"## {_md(table.title)}", ""]
        if table.caption:
            # The table's caption, as the HTML and ODT reports give it.
            lines += [f"*{_md(table.caption)}*", ""]
        if not table.rows:
            lines.append(none_yet)
            continue
        lines.append("| " + " | ".join(map(_md, table.headers)) + " |")
        lines.append("|" + "---|" * len(table.headers))
        lines += ["| " + " | ".join(map(_md, row)) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


#: The renderers by name, as ``circleflow-report --to`` offers them.
RENDERERS: dict[str, Callable[[CircleReport], str]] = {
    "markdown": to_markdown,
    "html": to_html,
    "json": to_json,
    "csv": to_csv,
}


#: Renderers of binary formats (files, not text), by name.
BINARY_RENDERERS: dict[str, Callable[[CircleReport], bytes]] = {"odt": to_odt}

#: The entry-point group through which other packages add renderers: each
#: entry point's name is the format's name, its object a callable taking a
#: :class:`CircleReport` and returning text (``str``) or a file (``bytes``).
ENTRY_POINT_GROUP = "circleflow.renderers"

#: Every built-in report format, text and binary.
FORMATS = tuple(sorted([*RENDERERS, *BINARY_RENDERERS]))

_plugins: dict[str, Callable[[CircleReport], str | bytes]] | None = None


def plugin_renderers() -> dict[str, Callable[[CircleReport], str | bytes]]:
    """The renderers installed packages add through :data:`ENTRY_POINT_GROUP`
    (read once); a name that a built-in format has is refused."""
    global _plugins
    if _plugins is None:
        found: dict[str, Callable[[CircleReport], str | bytes]] = {}
        for point in entry_points(group=ENTRY_POINT_GROUP):
            if point.name in FORMATS:
                raise InvalidInput(
                    f"the renderer {point.value!r} ({point.group}) takes the name "
                    f"{point.name!r} of a built-in format; choose another name"
                )
            renderer = point.load()
            if not callable(renderer):
                raise InvalidInput(
                    f"the renderer {point.name!r} ({point.value}) is not callable"
                )
            found[point.name] = renderer
        _plugins = found
    return _plugins


def formats() -> tuple[str, ...]:
    """Every report format: the built-in ones and those of plug-ins."""
    return tuple(sorted([*FORMATS, *plugin_renderers()]))


def render(report: CircleReport, to: str, *, csv_dialect: str | None = None) -> str:
    """Render ``report`` in the text format named ``to`` (see :func:`formats`);
    a CSV in the dialect ``csv_dialect`` (see :data:`CSV_DIALECTS`, RFC 4180
    if not given)."""
    if to in BINARY_RENDERERS:
        raise InvalidInput(
            f"{to!r} is a binary format; use render_bytes, or one of "
            f"{sorted(RENDERERS)} for text"
        )
    if csv_dialect is not None:
        _csv_only(to)
        return to_csv(report, dialect=csv_dialect)
    renderer = RENDERERS.get(to)
    if renderer is not None:
        return renderer(report)
    rendered = _plugin(to)(report)
    if not isinstance(rendered, str):
        raise InvalidInput(f"{to!r} is a binary format; use render_bytes")
    return rendered


def _csv_only(to: str) -> None:
    if to != "csv":
        raise InvalidInput(
            f"a CSV dialect applies to the csv format only, not to {to!r}"
        )


def render_bytes(
    report: CircleReport, to: str, *, csv_dialect: str | None = None
) -> bytes:
    """Render ``report`` in any format (see :func:`formats`) as the bytes of a
    file; text formats are encoded as UTF-8 (a CSV as :func:`render` writes
    it in ``csv_dialect``)."""
    if to in BINARY_RENDERERS:
        if csv_dialect is not None:
            _csv_only(to)
        return BINARY_RENDERERS[to](report)
    if csv_dialect is not None:
        return render(report, to, csv_dialect=csv_dialect).encode("utf-8")
    if to in RENDERERS:
        return RENDERERS[to](report).encode("utf-8")
    rendered = _plugin(to)(report)
    return rendered.encode("utf-8") if isinstance(rendered, str) else rendered


def _plugin(to: str) -> Callable[[CircleReport], str | bytes]:
    try:
        return plugin_renderers()[to]
    except KeyError:
        raise InvalidInput(
            f"unknown report format {to!r}; use one of {list(formats())}"
        ) from None
