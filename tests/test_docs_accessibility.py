# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every page of the documentation site passes axe-core's WCAG 2.1 AA
checks in Chromium, at desktop and at mobile width.

The site is what ``./run docs`` built into ``site/``. The checks run when
``CIRCLEFLOW_REQUIRE_DOCS_SITE=1`` says the site is fresh, as ``.ci/run``
does right after building it; then a missing site or browser fails.
Otherwise they are skipped, since a ``site/`` left from an earlier build
may not show the docs as they are now.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_html_report import browser_page  # noqa: F401 (a fixture)

SITE = Path(__file__).resolve().parent.parent / "site"


def _pages() -> list[Path]:
    if not (SITE / "index.html").is_file():
        return []
    return sorted(
        page
        for page in SITE.rglob("*.html")
        if "assets" not in page.relative_to(SITE).parts and page.name != "404.html"
    )


PAGES = _pages()


@pytest.fixture(scope="module", autouse=True)
def site_built() -> Iterator[None]:
    if os.environ.get("CIRCLEFLOW_REQUIRE_DOCS_SITE") != "1":
        pytest.skip("checked after ./run docs, with CIRCLEFLOW_REQUIRE_DOCS_SITE=1")
    if not PAGES:
        pytest.fail("the documentation site is not built (./run docs)")
    yield


def test_the_site_has_a_page_per_built_in_format_and_the_api() -> None:
    names = {page.relative_to(SITE).as_posix() for page in PAGES}
    assert {"index.html", "built-in/mastercircle.html", "api/index.html"} <= names


@pytest.mark.parametrize(("device", "width"), [("desktop", 1280), ("mobile", 375)])
def test_every_page_passes_axe_core(
    browser_page: Any,  # noqa: F811 (the fixture)
    device: str,
    width: int,
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    browser_page.set_viewport_size({"width": width, "height": 800})
    failures = []
    for page in PAGES:
        browser_page.goto(page.as_uri())
        assert browser_page.evaluate("document.documentElement.lang") == "en"
        result = Axe().run(browser_page)
        if result.violations_count:
            failures.append(f"{page.relative_to(SITE)}:\n{result.generate_report()}")
    assert not failures, f"{len(failures)} pages fail at {device} width\n" + "\n".join(
        failures
    )
