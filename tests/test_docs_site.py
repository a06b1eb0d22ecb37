# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The documentation site holds the whole public API, a current diagram of
every built-in format, and links that work on the site."""

from __future__ import annotations

import re
from pathlib import Path

import circleflow
from circleflow import builtin_formats
from tests.repository import ROOT, script

DOCS = ROOT / "docs"


SITE = script("tools/docs_site.py", "docs_site")

#: Names that follow the registered packs and are described in prose.
DYNAMIC = {"ACTIVITIES", "CONDITIONS", "PERSONAL_DATA"}


def _documented() -> set[str]:
    """The public names the API reference shows: as ``circleflow.NAME``, or
    from their module where a submodule has the same name (``person``)."""
    where = {
        f"{module}.{circleflow._RENAMED.get(name, name)}": name
        for name, module in circleflow._LAZY.items()
    }
    found: set[str] = set()
    for page in (DOCS / "api").glob("*.md"):
        if page.name == "reports.md":
            continue
        text = page.read_text(encoding="utf-8")
        for path in re.findall(r"^::: (circleflow[\w.]*)$", text, re.M):
            name = path.removeprefix("circleflow.")
            found.add(name if "." not in name else where.get(path, path))
        found |= {n for n in DYNAMIC if f"`circleflow.{n}`" in text}
    return found


def test_every_public_name_is_in_the_api_reference() -> None:
    assert set(circleflow.__all__) - _documented() == set()


def test_the_api_reference_documents_only_public_names() -> None:
    assert _documented() - set(circleflow.__all__) == set()


def test_the_reports_page_shows_every_public_name_of_the_reports_package() -> None:
    import circleflow.reports

    page = (DOCS / "api" / "reports.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"^::: circleflow\.reports\.(\w+)$", page, re.M))
    # The function render is shown from its module, named like it.
    shown |= set(re.findall(r"^::: circleflow\.reports\.render\.(render)$", page, re.M))
    assert shown == set(circleflow.reports.__all__)


def test_names_shadowed_by_a_submodule_are_shown_from_their_module() -> None:
    page = (DOCS / "api" / "rules.md").read_text(encoding="utf-8")
    for name in circleflow._SHADOWED:
        assert f"::: circleflow.{name}\n" not in page
        assert f"::: circleflow.rules.{name}\n" in page


def test_every_built_in_format_has_a_page_with_its_current_diagram() -> None:
    for fmt in builtin_formats():
        page = (DOCS / "built-in" / f"{fmt.name}.md").read_text(encoding="utf-8")
        assert f"<!-- begin generated: diagram {fmt.name} -->\n" in page
        assert SITE.diagram_section(fmt.name) in page
    assert SITE.update_diagrams(write=False) == []


def test_the_diagram_has_a_text_alternative_with_every_step_between_states() -> None:
    section = SITE.diagram_section("leergroep")
    table = re.findall(r"^\| `([^`]+)` \| `(\w+)` \| `([^`]+)` \|$", section, re.M)
    drawn = re.findall(r"^\s*(\S+) --> (\S+) : (\w+)$", section, re.M)
    everywhere = {"cancel", "conclude_early"}
    assert {c for _, c, _ in table} - everywhere == {c for *_, c in drawn}
    assert ("Verkenning", "open_session", "Bijeenkomst") in table
    assert ("Bijeenkomst.Gehouden", "cancel", "Afgelast") in table


def test_the_picture_shows_every_stage_and_the_steps_between_them() -> None:
    svg = SITE.diagram_svg("leernetwerkgroep", "The Leernetwerkgroep")
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert 'role="img"' in svg and "<title " in svg
    texts = re.findall(r">([^<>]+)</text>", svg)
    for stage in ("Inschrijving", "Start", "Tweedaagse1", "Slot", "Manifestatie"):
        assert stage in texts
    # The no-go leads aside to Afgelast, drawn last.
    assert texts.count("close_registration") == 2
    assert [t for t in texts if t in ("Manifestatie", "Afgelast")] == [
        "Manifestatie",
        "Afgelast",
    ]
    # Nothing is loaded from elsewhere.
    assert "href" not in svg.replace("url(#arrow-leernetwerkgroep)", "")


def test_a_stale_diagram_is_found_and_rewritten(tmp_path: Path) -> None:
    page = tmp_path / "leergroep.md"
    page.write_text(
        "# Leergroep\n\n<!-- begin generated: diagram leergroep -->\nold\n"
        "<!-- end generated -->\n",
        encoding="utf-8",
    )
    assert SITE.update_diagrams(write=False, docs=tmp_path) == [page]
    assert SITE.update_diagrams(write=True, docs=tmp_path) == [page]
    assert SITE.update_diagrams(write=False, docs=tmp_path) == []
    assert SITE.diagram_section("leergroep") in page.read_text(encoding="utf-8")


def test_links_of_an_included_file_lead_to_pages_of_the_site() -> None:
    included = {"SECURITY.md": "project/security.md"}
    readme = (
        "See [formats](docs/formats.md#conditions), [security](SECURITY.md),\n"
        "[the demo](src/circleflow/demo.py), [Reports](#reports) and\n"
        "[JSON](https://www.rfc-editor.org/rfc/rfc8259).\n"
        "```python\nx = [1](2)\n```\n"
    )
    assert SITE.rewrite_links(readme, "", "index.md", included) == (
        "See [formats](formats.md#conditions), [security](project/security.md),\n"
        "the demo, [Reports](#reports) and\n"
        "[JSON](https://www.rfc-editor.org/rfc/rfc8259).\n"
        "```python\nx = [1](2)\n```\n"
    )


def test_links_of_a_docs_page_to_the_repository() -> None:
    included = {"SECURITY.md": "project/security.md"}
    page = "[policy](../SECURITY.md) and [the example](../examples/intervisie.toml)"
    assert SITE.rewrite_links(page, "docs", "tamper-evidence.md", included) == (
        "[policy](project/security.md) and the example"
    )
    nested = "[policy](../../SECURITY.md#scope)"
    assert SITE.rewrite_links(nested, "docs/api", "api/errors.md", included) == (
        "[policy](../project/security.md#scope)"
    )


def test_every_included_file_exists_and_the_guide_is_the_readme() -> None:
    included = SITE.included_files()
    assert included["README.md"] == "index.md"
    assert all((ROOT / path).is_file() for path in included)
    assert "## Quick start" in SITE.site_pages()["index.md"]


def test_docstring_cross_references_become_links_or_code() -> None:
    html = (
        "<p>See :class:<code>Step</code>, :meth:<code>take</code>, "
        ":func:<code>circleflow.reports.render</code> and, from here::</p>"
    )
    assert SITE.cross_references(html) == (
        '<p>See <autoref identifier="circleflow.Step" optional><code>Step</code>'
        "</autoref>, <code>take</code>, "
        '<autoref identifier="circleflow.reports.render" optional>'
        "<code>circleflow.reports.render</code></autoref> and, from here:</p>"
    )


def test_numbered_items_written_for_commonmark_read_the_same_on_the_site() -> None:
    written = (
        "1. First, with an example:\n\n   ```sh\n   ./run docs\n   ```\n"
        "2. Second\n   goes on.\n\n```\n   kept as it is\n```\n"
    )
    assert SITE.list_indents(written) == (
        "1. First, with an example:\n\n    ```sh\n    ./run docs\n    ```\n\n"
        "2. Second\n    goes on.\n\n```\n   kept as it is\n```\n"
    )
    four = "1. First\n    goes on.\n2. Second\n"
    assert SITE.list_indents(four) == four
