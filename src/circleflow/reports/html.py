# SPDX-License-Identifier: EUPL-1.2
"""A circle report as one self-contained HTML5 page, made to meet WCAG 2.1 AA.

The page sets its language, has one ``h1`` and an ``h2`` per section, gives
every table a caption and column headers, uses no scripts, and keeps text
and borders at a contrast of at least 4.5:1. Every text from the events is
escaped.

Above the tables it draws pictures (:mod:`circleflow.reports.pictures`):
inline SVG, each with its facts in a table as well. Tables sit in a box
that scrolls on its own, so that the page itself never scrolls sideways on a
narrow screen (375 px). The look is set by CSS custom properties
(:data:`~circleflow.reports.pictures.THEME_PROPERTIES`) that a host
organisation may override with ``theme=``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

from circleflow.errors import InvalidInput
from circleflow.language import _, current_language, use_language
from circleflow.reports.document import Document, Table, report_document
from circleflow.reports.markup import escape
from circleflow.reports.pictures import THEME_PROPERTIES, Picture, pictures
from circleflow.reports.report import CircleReport

_STYLE = """
body { font-family: var(--cf-font-family); line-height: 1.5; margin: 0;
       color: var(--cf-colour-text); background: var(--cf-colour-background); }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
h1, h2 { color: var(--cf-colour-primary); overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr);
     gap: .25rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 30rem) { dl { grid-template-columns: minmax(0, 1fr); }
                            dd { margin-bottom: .5rem; } }
.cf-scroll { overflow-x: auto; max-width: 100%; margin: 0 0 2rem; }
.cf-scroll:focus { outline: 3px solid var(--cf-colour-primary); }
table { border-collapse: collapse; }
caption { text-align: left; padding: .25rem 0; }
th, td { border: 1px solid var(--cf-colour-border); padding: .25rem .5rem;
         text-align: left; vertical-align: top; }
th { background: var(--cf-colour-header); }
.cf-figure { margin: 0 0 1rem; }
.cf-svg { display: block; min-width: 33.75rem; max-width: 100%; height: auto; }
.cf-svg text { fill: var(--cf-colour-text); font-family: var(--cf-font-family);
               font-size: 13px; }
.cf-svg text.cf-on-done { fill: var(--cf-colour-on-held); }
.cf-axis, .cf-shift { stroke: var(--cf-colour-border); stroke-width: 1.5; }
.cf-shift { stroke-dasharray: 4 3; }
.cf-held, .cf-done, .cf-present { fill: var(--cf-colour-held);
    stroke: var(--cf-colour-held); stroke-width: 2; }
.cf-open { fill: var(--cf-colour-open); stroke: var(--cf-colour-open); }
.cf-planned, .cf-todo, .cf-absent, .cf-future, .cf-two, .cf-running {
    fill: var(--cf-colour-background); stroke: var(--cf-colour-planned);
    stroke-width: 2; }
.cf-todo, .cf-future { stroke-dasharray: 3 2; }
.cf-running { stroke: var(--cf-colour-open); stroke-width: 4; }
.cf-absent, .cf-cross, .cf-none { stroke: var(--cf-colour-absent); }
.cf-tick { fill: none; stroke: var(--cf-colour-on-held); stroke-width: 2.5; }
.cf-cross, .cf-none { fill: none; stroke-width: 2; }
.cf-today line, .cf-today-key { stroke: var(--cf-colour-today); stroke-width: 2;
    stroke-dasharray: 6 3; }
.cf-arrow { fill: none; stroke: var(--cf-colour-border); stroke-width: 2; }
.cf-arrow-head { fill: var(--cf-colour-border); }
""".strip()

_THEME_NAME = re.compile(r"--cf-[a-z0-9-]+")
_THEME_VALUE = re.compile(r"[#\w\s,.%()'\"+-]+")


def _theme(theme: Mapping[str, str] | None) -> str:
    """The ``:root`` rule of the page's custom properties: the defaults,
    then those of ``theme``."""
    values = dict(THEME_PROPERTIES)
    for name, value in (theme or {}).items():
        if name not in THEME_PROPERTIES:
            raise InvalidInput(
                _("{name!r} is no theme property; known are: {known}").format(
                    name=name, known=", ".join(THEME_PROPERTIES)
                )
            )
        if not isinstance(value, str) or not _THEME_VALUE.fullmatch(value):
            raise InvalidInput(
                _(
                    "the theme property {name} must be a CSS colour or font "
                    "list (letters, digits, spaces and # , . % ( ) ' \" + -), "
                    "got {value!r}"
                ).format(name=name, value=value)
            )
        values[name] = value
    body = "\n".join(f"  {name}: {value};" for name, value in values.items())
    return f":root {{\n{body}\n}}"


def _table(table: Table, number: int) -> list[str]:
    heading = f"section-{number}"
    lines = [
        f'<section aria-labelledby="{heading}">',
        f'<h2 id="{heading}">{escape(table.title)}</h2>',
    ]
    if not table.rows:
        none_yet = escape(_("None yet."))
        return [*lines, f"<p>{none_yet}</p>", "</section>"]
    return [*lines, *_table_rows(table), "</section>"]


def _table_rows(table: Table) -> list[str]:
    """The table in a box of its own that scrolls sideways when it is wider
    than the screen (reachable by keyboard, named by its caption)."""
    lines = [
        f'<div class="cf-scroll" role="region" tabindex="0" '
        f'aria-label="{escape(table.caption)}">',
        "<table>",
        f"<caption>{escape(table.caption)}</caption>",
        "<thead><tr>"
        + "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers)
        + "</tr></thead>",
        "<tbody>",
    ]
    lines += [
        "<tr><td>" + "</td><td>".join(map(escape, row)) + "</td></tr>"
        for row in table.rows
    ]
    return [*lines, "</tbody>", "</table>", "</div>"]


def _picture(picture: Picture) -> list[str]:
    heading = f"picture-{picture.key}"
    facts = Table(picture.title, picture.caption, picture.headers, picture.rows)
    name = _("{title} (picture)").format(title=picture.title)
    return [
        f'<section class="cf-picture" aria-labelledby="{heading}">',
        f'<h2 id="{heading}">{escape(picture.title)}</h2>',
        f'<div class="cf-scroll cf-figure" role="region" tabindex="0" '
        f'aria-label="{escape(name)}">',
        picture.svg,
        "</div>",
        *_table_rows(facts),
        "</section>",
    ]


def document_html(
    document: Document,
    *,
    lang: str | None = None,
    drawn: list[Picture] | None = None,
    theme: Mapping[str, str] | None = None,
) -> str:
    """``document`` as a complete HTML page in language ``lang`` (by default
    the language texts are shown in, see :mod:`circleflow.language`), with
    the pictures ``drawn`` after its facts and the look set by ``theme``
    (CSS custom properties, see :data:`THEME_PROPERTIES`)."""
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
        f"<style>\n{_theme(theme)}\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{title}</h1>",
        "<dl>",
    ]
    for label, value in document.facts:
        lines += [f"<dt>{escape(label)}</dt>", f"<dd>{escape(value)}</dd>"]
    lines.append("</dl>")
    for picture in drawn or ():
        lines += _picture(picture)
    for number, table in enumerate(document.tables, start=1):
        lines += _table(table, number)
    lines += ["</main>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def to_html(
    report: CircleReport,
    *,
    now: datetime | None = None,
    lang: str | None = None,
    moment: datetime | date | None = None,
    theme: Mapping[str, str] | None = None,
) -> str:
    """The report as an HTML page in language ``lang`` (the language texts
    are shown in when not given), with what is next at ``now`` (the
    clock's now by default) and its pictures drawn as of ``moment`` (by
    default ``now``), its look set by ``theme`` (CSS custom properties
    named in :data:`THEME_PROPERTIES`)."""
    # The language is settled once for the whole page (finding it out
    # afresh for each of its texts would take longer than drawing it).
    with use_language(lang or current_language()) as language:
        drawn = pictures(report, moment=now if moment is None else moment)
        return document_html(
            report_document(report, now=now), lang=language, drawn=drawn, theme=theme
        )
