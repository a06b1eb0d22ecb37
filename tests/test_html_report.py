# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The HTML report: a complete, escaped page that passes axe-core's WCAG
checks in a real browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from circleflow import Circles
from circleflow.demo import DEMOS
from circleflow.language import use_language
from circleflow.reports import CircleReports, render
from circleflow.reports.html import to_html


def _report_html(format_name: str) -> str:
    app = Circles("memory:")
    circle = DEMOS[format_name](app)
    reports = CircleReports()
    reports.catch_up(app)
    return render(reports.get(circle), "html")


class _Outline(HTMLParser):
    """The parts of a page that its accessibility rests on."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.tags: list[str] = []
        self.header_scopes: list[str | None] = []
        self.tables: list[dict[str, Any]] = []
        self._row: list[str] | None = None
        self._in_svg = 0
        #: The tags inside the pictures (SVG), which have their own titles.
        self.svg_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._in_svg or tag == "svg":
            self._in_svg += tag == "svg"
            self.svg_tags.append(tag)
            return
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "table":
            self.tables.append({"caption": False, "headers": 0, "rows": []})
        elif tag == "caption":
            self.tables[-1]["caption"] = True
        elif tag == "th":
            self.header_scopes.append(dict(attrs).get("scope"))
            self.tables[-1]["headers"] += 1
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._row.append("td")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg -= 1
        if tag == "tr" and self._row:
            self.tables[-1]["rows"].append(len(self._row))
        if tag == "tr":
            self._row = None


@pytest.mark.parametrize("format_name", sorted(DEMOS))
def test_the_page_has_language_headings_and_labelled_tables(format_name: str) -> None:
    page = _report_html(format_name)
    outline = _Outline()
    outline.feed(page)
    assert page.startswith("<!DOCTYPE html>\n")
    assert outline.lang == "en"
    assert outline.tags.count("h1") == 1
    assert outline.tags.count("title") == 1
    assert outline.tags.count("h2") == outline.tags.count("section") >= 2
    assert "script" not in outline.tags + outline.svg_tags
    assert outline.svg_tags.count("svg") >= 3
    assert outline.tables
    for table in outline.tables:
        assert table["caption"]
        assert all(cells == table["headers"] for cells in table["rows"])
    assert set(outline.header_scopes) == {"col"}


def test_text_from_events_is_escaped() -> None:
    app = Circles("memory:")
    circle = app.found_circle(
        title="<script>alert(1)</script>", challenge="A & B", actor="u"
    )
    app.join(circle, app.register_person("<b>Anna</b>", actor="u"), "guest", actor="u")
    reports = CircleReports()
    reports.catch_up(app)
    page = render(reports.get(UUID(str(circle))), "html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<td>&lt;b&gt;Anna&lt;/b&gt;</td>" in page
    assert "A &amp; B" in page


# -- in a real browser, with axe-core -------------------------------------------

CHROMIUM = os.environ.get("CIRCLEFLOW_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Any]:
    """A Chromium page, or a skip (a failure where a browser is required)."""
    why_not = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        why_not = "playwright is not installed"
    if why_not is None and CHROMIUM is None:
        why_not = "no chromium on PATH (or $CIRCLEFLOW_CHROMIUM)"
    if why_not is not None:
        if os.environ.get("CIRCLEFLOW_REQUIRE_BROWSER") == "1":
            pytest.fail(f"a browser is required here: {why_not}")
        pytest.skip(why_not)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.mark.parametrize("format_name", sorted(DEMOS))
def test_axe_core_finds_no_accessibility_violations(
    browser_page: Any, tmp_path: Path, format_name: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page_file = tmp_path / "report.html"
    page_file.write_text(_report_html(format_name), encoding="utf-8")
    browser_page.goto(page_file.as_uri())
    result = Axe().run(browser_page)
    assert result.violations_count == 0, result.generate_report()
    assert browser_page.title().endswith(": circle report")


def _artefacts(tmp_path: Path) -> Path:
    """Where screenshots are kept: ``$CIRCLEFLOW_ARTEFACTS`` (so that CI can
    keep them) or the test's own temporary directory."""
    where = os.environ.get("CIRCLEFLOW_ARTEFACTS")
    folder = Path(where) / "html-report" if where else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("format_name", sorted(DEMOS))
@pytest.mark.parametrize(("device", "width"), [("desktop", 1280), ("mobile", 375)])
def test_the_dutch_page_passes_axe_at_desktop_and_mobile_width(
    browser_page: Any, tmp_path: Path, format_name: str, device: str, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    with use_language("nl"):
        page = _report_html(format_name)
    page_file = tmp_path / "rapport.html"
    page_file.write_text(page, encoding="utf-8")
    browser_page.set_viewport_size({"width": width, "height": 900})
    browser_page.goto(page_file.as_uri())
    assert browser_page.evaluate("document.documentElement.lang") == "nl"
    result = Axe().run(browser_page)
    assert result.violations_count == 0, result.generate_report()
    # The page never scrolls sideways; wide tables scroll in their own box.
    scroll_width = browser_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
    assert browser_page.locator("svg[role=img]").count() >= 3
    shot = _artefacts(tmp_path) / f"{format_name}-{device}-{width}.png"
    browser_page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0


def test_a_theme_changes_the_colours_the_browser_draws(
    browser_page: Any, tmp_path: Path
) -> None:
    app = Circles("memory:")
    circle = DEMOS["mastercircle"](app)
    reports = CircleReports()
    reports.catch_up(app)
    report = reports.get(circle)
    held = "svg .cf-mark-held circle"
    colours = []
    for theme in (None, {"--cf-colour-held": "#00489a"}):
        page_file = tmp_path / "report.html"
        page_file.write_text(to_html(report, theme=theme), encoding="utf-8")
        browser_page.goto(page_file.as_uri())
        colours.append(
            browser_page.locator(held).first.evaluate("e => getComputedStyle(e).fill")
        )
    assert colours == ["rgb(21, 66, 115)", "rgb(0, 72, 154)"]
