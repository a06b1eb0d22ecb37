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

The XML is written directly, with no dependency beyond the standard
library. Every text is escaped; line breaks and tabs in a text become
spaces (as ODF shows them anyway) and the characters XML 1.0 does not allow
or that steer terminals (other control characters, lone surrogates,
U+FFFE and U+FFFF) become U+FFFD, so any stored text gives a well-formed
document.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from circleflow import InvalidInput
from circleflow.language import _, use_language
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

#: Deflate level of the XML parts: the fastest, as the XML repeats itself.
_COMPRESS_LEVEL = 1

#: Parts smaller than this many bytes are stored: starting a compressor
#: costs more than the few bytes it would save.
_STORED_BELOW = 8192

# -- XML text -------------------------------------------------------------------

#: Any character :func:`_text` changes: all but printable ASCII without
#: ``&``, ``<``, ``>`` and ``"``.
_UNSAFE = re.compile("[^ !#-%'-;=?-~]")
#: Line breaks and tabs, shown as a space.
_SPACES = re.compile("\r\n|[\t\n\r\x85\u2028\u2029]")
#: The other control characters (C0, DEL, C1), lone surrogates and the two
#: non-characters XML 1.0 does not allow, shown as U+FFFD.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_QUOTES = {'"': "&quot;"}


def _text(text: str) -> str:
    """``text`` as XML character data (or the value of a ``"``-quoted
    attribute) that reads back as the same text on one line. It is ASCII:
    other characters are written as character references, so the whole
    document encodes to UTF-8 as fast as a copy."""
    if _UNSAFE.search(text) is None:
        return text
    text = escape(_NOT_TEXT.sub("\ufffd", _SPACES.sub(" ", text)), _QUOTES)
    if text.isascii():
        return text
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


# -- the parts ------------------------------------------------------------------

_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    f'office:version="{ODF_VERSION}"'
)
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

_MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

#: The parts besides ``mimetype`` and the manifest, in the order written.
_PARTS = ("styles.xml", "content.xml", "meta.xml")

_MANIFEST = (
    _XML_DECLARATION + f'<manifest:manifest xmlns:manifest="{_MANIFEST_NS}" '
    f'manifest:version="{ODF_VERSION}">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="{ODF_VERSION}" '
    f'manifest:media-type="{ODT_MEDIA_TYPE}"/>'
    + "".join(
        f'<manifest:file-entry manifest:full-path="{part}" '
        'manifest:media-type="text/xml"/>'
        for part in _PARTS
    )
    + "</manifest:manifest>"
).encode()


def _style(name: str, family: str, inside: str, attributes: str = "") -> str:
    """A style named ``name`` (shown as such; spaces encoded in the name as
    office suites do) of ``family`` with ``inside`` its properties."""
    encoded = name.replace(" ", "_20_")
    shown = f' style:display-name="{name}"' if encoded != name else ""
    return (
        f'<style:style style:name="{encoded}" style:family="{family}"'
        f"{attributes}{shown}>{inside}</style:style>"
    )


def _heading_style(level: int, size: str) -> str:
    return _style(
        f"Heading {level}",
        "paragraph",
        f'<style:text-properties fo:font-size="{size}" fo:font-weight="bold"/>'
        '<style:paragraph-properties fo:margin-top="0.4cm" '
        'fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>',
        f' style:parent-style-name="Standard" style:default-outline-level="{level}"',
    )


#: The named styles: headings, table texts, the footer and bold labels.
_NAMED_STYLES = (
    _style("Standard", "paragraph", "")
    + _heading_style(1, "20pt")
    + _heading_style(2, "15pt")
    + _style("Strong", "text", '<style:text-properties fo:font-weight="bold"/>')
    + _style("Table Contents", "paragraph", "", ' style:parent-style-name="Standard"')
    + _style(
        "Table Heading",
        "paragraph",
        '<style:text-properties fo:font-weight="bold"/>',
        ' style:parent-style-name="Table_20_Contents"',
    )
    + _style(
        "Footer",
        "paragraph",
        '<style:text-properties fo:font-size="9pt"/>'
        '<style:paragraph-properties fo:text-align="center"/>',
        ' style:parent-style-name="Standard"',
    )
)

#: A4 pages with a footer.
_PAGE_LAYOUT = (
    '<style:page-layout style:name="Page"><style:page-layout-properties '
    f'fo:page-width="{PAGE_WIDTH_CM}cm" fo:page-height="{PAGE_HEIGHT_CM}cm" '
    'style:print-orientation="portrait" '
    f'fo:margin-top="{MARGIN_CM}cm" fo:margin-bottom="{MARGIN_CM / 2}cm" '
    f'fo:margin-left="{MARGIN_CM}cm" fo:margin-right="{MARGIN_CM}cm"/>'
    '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" '
    'fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>'
)

_BORDER = 'fo:border="0.5pt solid #595959" fo:padding="0.1cm"'

#: The cell and row styles every table shares. The header is black on light
#: grey: a contrast of about 16:1.
_TABLE_STYLES = (
    _style("Cell", "table-cell", f"<style:table-cell-properties {_BORDER}/>")
    + _style(
        "Header Cell",
        "table-cell",
        f'<style:table-cell-properties {_BORDER} fo:background-color="#dfe3e8"/>',
    )
    + _style(
        "Header Row",
        "table-row",
        '<style:table-row-properties fo:background-color="#dfe3e8" '
        'fo:keep-together="always"/>',
    )
)

_TABLE_PROPERTIES = (
    f'<style:table-properties style:width="{TEXT_WIDTH_CM}cm" table:align="margins"/>'
)
_HEADING = '<text:h text:outline-level="{level}" text:style-name="Heading_20_{level}">'
_PARAGRAPH = '<text:p text:style-name="Standard">'
_LABEL = '<text:span text:style-name="Strong">'
_ROW = "<table:table-row>"
_CELL = (
    '<table:table-cell table:style-name="Cell">'
    '<text:p text:style-name="Table_20_Contents">'
)
_CELL_END = "</text:p></table:table-cell>"
_ROW_END = "</table:table-row>"
_BETWEEN_CELLS = _CELL_END + _CELL
_BETWEEN_ROWS = _CELL_END + _ROW_END + _ROW + _CELL
_HEADER_ROW = (
    '<table:table-header-rows><table:table-row table:style-name="Header_20_Row">'
)
_HEADER_CELL = (
    '<table:table-cell table:style-name="Header_20_Cell">'
    '<text:p text:style-name="Table_20_Heading">'
)
_HEADER_ROW_END = "</table:table-row></table:table-header-rows>"


def _made_on(moment: datetime, language: str) -> str:
    """The date of ``moment`` as people of ``language`` write it."""
    if language == "en":
        return moment.date().isoformat()
    return f"{moment.day}-{moment.month}-{moment.year}"


def _styles(title: str, language: str, country: str, made_at: datetime) -> str:
    """styles.xml: the language, the named styles, and A4 pages whose footer
    names the document, the date it was made and the page number."""
    made_on, page, of = _FOOTER.get(language, _FOOTER["nl"])
    footer = (
        f"{_text(title)} · {made_on} {_made_on(made_at, language)} · {page} "
        '<text:page-number text:select-page="current">1</text:page-number>'
        f" {of} <text:page-count>1</text:page-count>"
    )
    return (
        f"{_XML_DECLARATION}<office:document-styles {_NAMESPACES}><office:styles>"
        '<style:default-style style:family="paragraph"><style:text-properties '
        f'fo:language="{_text(language)}" fo:country="{_text(country)}" '
        'fo:font-size="11pt"/></style:default-style>'
        f"{_NAMED_STYLES}</office:styles>"
        f"<office:automatic-styles>{_PAGE_LAYOUT}</office:automatic-styles>"
        '<office:master-styles><style:master-page style:name="Standard" '
        'style:page-layout-name="Page"><style:footer>'
        f'<text:p text:style-name="Footer">{footer}</text:p>'
        "</style:footer></style:master-page></office:master-styles>"
        "</office:document-styles>"
    )


def _meta(title: str, lang: str, made_at: datetime) -> str:
    stamp = made_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{_XML_DECLARATION}<office:document-meta {_NAMESPACES}><office:meta>"
        f"<meta:generator>circleflow</meta:generator>"
        f"<dc:title>{_text(title)}</dc:title>"
        f"<dc:language>{_text(lang)}</dc:language>"
        f"<meta:creation-date>{stamp}</meta:creation-date>"
        f"<dc:date>{stamp}</dc:date>"
        "</office:meta></office:document-meta>"
    )


def _grid(
    number: int,
    headers: tuple[str, ...],
    rows: tuple[tuple[str, ...], ...],
    styles: list[str],
    body: list[str],
) -> None:
    """A table as wide as the text, its columns sized to their contents,
    with the first row a header row that repeats on every page: its styles
    added to ``styles``, its XML to ``body``."""
    name = f"Table{number}"
    styles.append(
        f'<style:style style:name="{name}" style:family="table">'
        f"{_TABLE_PROPERTIES}</style:style>"
    )
    body.append(f'<table:table table:name="{name}" table:style-name="{name}">')
    for index, width in enumerate(column_widths(headers, rows)):
        column = f"{name}.{_column_letter(index)}"
        styles.append(
            f'<style:style style:name="{column}" style:family="table-column">'
            "<style:table-column-properties "
            f'style:column-width="{width:.2f}cm" '
            f'style:rel-column-width="{round(width * 1000)}*"/></style:style>'
        )
        body.append(f'<table:table-column table:style-name="{column}"/>')
    between = _CELL_END + _HEADER_CELL
    body.append(
        _HEADER_ROW
        + _HEADER_CELL
        + between.join(map(_text, headers))
        + _CELL_END
        + _HEADER_ROW_END
    )
    # Most tables need no escaping at all: one look at all their texts tells.
    if _UNSAFE.search("".join(map("".join, rows))) is not None:
        rows = tuple(tuple(map(_text, row)) for row in rows)
    body += (
        _ROW + _CELL,
        _BETWEEN_ROWS.join(map(_BETWEEN_CELLS.join, rows)),
        _CELL_END + _ROW_END + "</table:table>",
    )


def _content(document: Document) -> str:
    """content.xml: the title, the facts and the tables."""
    styles = [_TABLE_STYLES]
    body = [_HEADING.format(level=1), _text(document.title), "</text:h>"]
    for label, value in document.facts:
        body.append(
            f"{_PARAGRAPH}{_LABEL}{_text(label)}: </text:span>{_text(value)}</text:p>"
        )
    # In the language the document's texts are in.
    none_yet = _text(_("None yet."))
    for number, table in enumerate(document.tables, start=1):
        body.append(f"{_HEADING.format(level=2)}{_text(table.title)}</text:h>")
        if not table.rows:
            body.append(f"{_PARAGRAPH}{none_yet}</text:p>")
            continue
        body.append(f"{_PARAGRAPH}{_text(table.caption)}</text:p>")
        _grid(number, table.headers, table.rows, styles, body)
    return (
        f"{_XML_DECLARATION}<office:document-content {_NAMESPACES}>"
        f"<office:automatic-styles>{''.join(styles)}</office:automatic-styles>"
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>"
    )


def column_widths(
    headers: tuple[str, ...], rows: Iterable[tuple[str, ...]]
) -> list[float]:
    """Widths in cm for a table of these ``headers`` and ``rows`` that
    together fill :data:`TEXT_WIDTH_CM`.

    Each column gets at least the room of its header's longest word (and of
    short words in its cells), and the rest of the width goes to the columns
    whose texts are longer, so headings do not break inside a word."""
    # Column by column: the room of the longest word (up to _LONGEST_WORD in
    # the cells) and of the longest text (up to _LONGEST_LINE); comparisons
    # rather than min and max, as this runs for every column of every table.
    least, wanted = [], []
    columns = list(zip(*rows, strict=True)) or [()] * len(headers)
    for header, column in zip(headers, columns, strict=True):
        word, text = _longest_word(header), len(header)
        if column:
            distinct = set(column)  # many cells repeat: a name, a day, a role
            longest = max(map(len, distinct))
            if longest > text:
                text = longest
            if word < longest and word < _LONGEST_WORD:
                cells = _longest_word(" ".join(distinct))
                if cells > _LONGEST_WORD:
                    cells = _LONGEST_WORD
                if cells > word:
                    word = cells
        low = _PADDING_CM + _CHAR_CM * word
        want = _PADDING_CM + _CHAR_CM * (
            text if text < _LONGEST_LINE else _LONGEST_LINE
        )
        least.append(low)
        wanted.append(want if want > low else low)
    least_total, wanted_total = sum(least), sum(wanted)
    if wanted_total <= TEXT_WIDTH_CM or least_total >= TEXT_WIDTH_CM:
        base, total = (
            (wanted, wanted_total)
            if wanted_total <= TEXT_WIDTH_CM
            else (least, least_total)
        )
        widths = [w * TEXT_WIDTH_CM / total for w in base]
    else:
        share = (TEXT_WIDTH_CM - least_total) / (wanted_total - least_total)
        widths = [
            low + (want - low) * share for low, want in zip(least, wanted, strict=True)
        ]
    # Down to the tenth of a millimetre, so rounding never overflows the page.
    return [int(width * 100) / 100 for width in widths]


def _longest_word(text: str) -> int:
    return max(map(len, text.split()), default=0)


def _column_letter(index: int) -> str:
    """``A`` .. ``Z``, ``AA`` ..: the column names office suites use."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


#: ZIP records (APPNOTE 4.3.7, 4.3.12, 4.3.16): a local file header, a
#: central directory header and the end of the central directory.
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
#: Made by: version 2.0 on Unix, so that a regular file readable by all
#: comes out; needed: version 2.0 (deflate).
_MADE_BY, _NEEDED, _FILE_MODE = 3 << 8 | 20, 20, 0o100644 << 16
_STORED, _DEFLATED = 0, 8


def _dos_moment(moment: datetime) -> tuple[int, int]:
    """The time and date fields of a ZIP entry for ``moment`` (UTC, to two
    seconds; kept within the years 1980 to 2107 that they can hold)."""
    moment = moment.astimezone(UTC)
    if moment.year < 1980:
        return 0, 1 << 5 | 1
    if moment.year > 2107:
        return 23 << 11 | 59 << 5 | 29, 127 << 9 | 12 << 5 | 31
    return (
        moment.hour << 11 | moment.minute << 5 | moment.second // 2,
        (moment.year - 1980) << 9 | moment.month << 5 | moment.day,
    )


def _package(parts: dict[str, str], made_at: datetime) -> bytes:
    """The ODF 1.2 package (a ZIP file) of ``parts``: ``mimetype`` first,
    stored and without extra fields, the parts, and the manifest. Every entry
    carries the moment the document was made, so the same report made at the
    same moment gives the same bytes."""
    time, date = _dos_moment(made_at)
    entries = [
        ("mimetype", ODT_MEDIA_TYPE.encode("ascii")),
        *((name, parts[name].encode()) for name in _PARTS),
        ("META-INF/manifest.xml", _MANIFEST),
    ]
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data in entries:
        crc = zlib.crc32(data)
        if name == "mimetype" or len(data) < _STORED_BELOW:
            method, packed = _STORED, data
        else:
            method, packed = _DEFLATED, zlib.compress(data, _COMPRESS_LEVEL, -15)
        path = name.encode("ascii")
        sizes = (crc, len(packed), len(data), len(path))
        header = _LOCAL_HEADER.pack(
            b"PK\x03\x04", _NEEDED, 0, method, time, date, *sizes, 0
        )
        directory.append(
            _CENTRAL_HEADER.pack(
                b"PK\x01\x02",
                _MADE_BY,
                _NEEDED,
                0,
                method,
                time,
                date,
                *sizes,
                0,
                0,
                0,
                0,
                _FILE_MODE,
                offset,
            )
            + path
        )
        out += (header, path, packed)
        offset += len(header) + len(path) + len(packed)
    central = b"".join(directory)
    end = _END_OF_DIRECTORY.pack(
        b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), offset, 0
    )
    return b"".join(out) + central + end


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
    language, _dash, country = lang.partition("-")
    country = country.upper() or ("NL" if language == "nl" else "none")
    parts = {
        "styles.xml": _styles(document.title, language, country, made_at),
        "content.xml": _content(document),
        "meta.xml": _meta(document.title, lang, made_at),
    }
    return _package(parts, made_at)


def to_odt(
    report: CircleReport, *, lang: str | None = None, made_at: datetime | None = None
) -> bytes:
    """The report as an OpenDocument text in language ``lang`` (the language
    texts are shown in, Dutch by default), dated ``made_at`` (now if not
    given), with what is next at that moment."""
    with use_language(lang) as language:
        document = report_document(report, now=made_at)
        return document_odt(document, lang=lang or language, made_at=made_at)
