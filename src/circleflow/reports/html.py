# SPDX-License-Identifier: EUPL-1.2
"""A circle report as one self-contained HTML5 page, made to meet WCAG 2.1 AA.

The page sets its language, has one ``h1`` and an ``h2`` per section, gives
every table a caption and column headers, uses no scripts, and keeps text
and borders at a contrast of at least 4.5:1. Every text from the events is
escaped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from circleflow.language import _, current_language, use_language
from circleflow.reports.document import Document, Table, report_document
from circleflow.reports.report import CircleReport

_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0;
       color: #1b1b1b; background: #ffffff; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; margin: 0 0 2rem; min-width: 24rem; }
caption { text-align: left; padding: .25rem 0; }
th, td { border: 1px solid #595959; padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #e6ecf2; }
""".strip()


def _table(table: Table, number: int) -> list[str]:
    heading = f"section-{number}"
    lines = [
        f'<section aria-labelledby="{heading}">',
        f'<h2 id="{heading}">{escape(table.title)}</h2>',
    ]
    if not table.rows:
        none_yet = escape(_("None yet."))
        return [*lines, f"<p>{none_yet}</p>", "</section>"]
    lines += [
        "<table>",
        f"<caption>{escape(table.caption)}</caption>",
        "<thead><tr>"
        + "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers)
        + "</tr></thead>",
        "<tbody>",
    ]
    lines += [
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    ]
    return [*lines, "</tbody>", "</table>", "</section>"]


def document_html(document: Document, *, lang: str | None = None) -> str:
    """``document`` as a complete HTML page in language ``lang`` (by default
    the language texts are shown in, see :mod:`circleflow.language`)."""
    lang = current_language(lang)
    title = escape(document.title)
    page_title = escape(_("{title}: circle report").format(title=document.title))
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{page_title}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{title}</h1>",
        "<dl>",
    ]
    for label, value in document.facts:
        lines += [f"<dt>{escape(label)}</dt>", f"<dd>{escape(value)}</dd>"]
    lines.append("</dl>")
    for number, table in enumerate(document.tables, start=1):
        lines += _table(table, number)
    lines += ["</main>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def to_html(
    report: CircleReport, *, now: datetime | None = None, lang: str | None = None
) -> str:
    """The report as an HTML page in language ``lang`` (the language texts
    are shown in when not given), with what is next at ``now``."""
    with use_language(lang) as language:
        return document_html(report_document(report, now=now), lang=language)
