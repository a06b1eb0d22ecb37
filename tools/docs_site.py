# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The documentation site: MkDocs hooks and the generated parts of its pages.

``mkdocs.yml`` loads this file as a hook module. It does two things while the
site is built:

- a page whose line reads ``--8<-- "PATH"`` shows the repository file PATH
  there (the guide is the README, the project pages are SECURITY.md,
  CHANGELOG.md and the others);
- links are made to work on the site: a link to ``docs/X.md`` from an
  included file leads to the page ``X.md``, a link to an included file leads
  to the page that shows it, and a link to any other repository file (source,
  an example, the licence) keeps its text but loses its target, as the site
  does not hold that file.

Each page of a built-in format holds its state diagram, generated from the
same machine that runs circles, between ``<!-- begin generated: diagram NAME
-->`` and ``<!-- end generated -->``. Rewrite those parts after changing a
format, or check that they are current::

    PYTHONPATH=src python tools/docs_site.py --write
    PYTHONPATH=src python tools/docs_site.py --check
"""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

INCLUDE = re.compile(r'^--8<-- "([^"]+)"[ \t]*$', re.M)
FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(([^()\s]+)\)")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
GENERATED = re.compile(
    r"(<!-- begin generated: diagram ([a-z]+) -->\n)(.*?)(<!-- end generated -->)",
    re.S,
)

#: The repository files shown on a page of the site, and that page (set when
#: the site's files are known).
_included: dict[str, str] = {}


def included_files(docs: Path = DOCS) -> dict[str, str]:
    """Each repository file a page includes, and the page (relative to docs/)."""
    found: dict[str, str] = {}
    for page in sorted(docs.rglob("*.md")):
        for path in INCLUDE.findall(page.read_text(encoding="utf-8")):
            found[path] = page.relative_to(docs).as_posix()
    return found


def _rewrite(
    target: str, source_dir: str, page: str, included: dict[str, str]
) -> str | None:
    """The link target as seen from ``page``, or None for a file the site
    does not hold. ``source_dir`` is the repository folder the link was
    written in."""
    if target.startswith("#") or EXTERNAL.match(target):
        return target
    path, hash_, anchor = target.partition("#")
    repo_path = posixpath.normpath(posixpath.join(source_dir, path))
    if repo_path.startswith("docs/"):
        site_path = repo_path.removeprefix("docs/")
    elif repo_path in included:
        site_path = included[repo_path]
    else:
        return None
    relative = posixpath.relpath(site_path, posixpath.dirname(page) or ".")
    return relative + hash_ + anchor


def rewrite_links(
    markdown: str, source_dir: str, page: str, included: dict[str, str]
) -> str:
    """``markdown`` written in repository folder ``source_dir`` with its links
    made to work on the site page ``page``; code blocks are left alone."""

    def one(match: re.Match[str]) -> str:
        bang, label, target = match.groups()
        new = _rewrite(target, source_dir, page, included)
        if new is None:
            return label
        return f"{bang}[{label}]({new})"

    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        opened = FENCE.match(line)
        if fence is None and opened:
            out.append(LINK.sub(one, "".join(prose)))
            prose = []
            fence = opened.group(1)
            out.append(line)
        elif fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and line.strip() == fence:
                fence = None
        else:
            prose.append(line)
    out.append(LINK.sub(one, "".join(prose)))
    return "".join(out)


def expand(page: str, markdown: str, included: dict[str, str]) -> str:
    """The page's Markdown as the site shows it: included files in place,
    links rewritten."""

    def include(match: re.Match[str]) -> str:
        path = match.group(1)
        text = (ROOT / path).read_text(encoding="utf-8")
        return rewrite_links(text, posixpath.dirname(path), page, included)

    own = rewrite_links(markdown, posixpath.dirname("docs/" + page), page, included)
    return INCLUDE.sub(include, own)


def site_pages(docs: Path = DOCS) -> dict[str, str]:
    """Every page of the site by its path in docs/, as the site shows it."""
    included = included_files(docs)
    return {
        page.relative_to(docs).as_posix(): expand(
            page.relative_to(docs).as_posix(),
            page.read_text(encoding="utf-8"),
            included,
        )
        for page in sorted(docs.rglob("*.md"))
    }


# MkDocs hooks -------------------------------------------------------------


def on_files(files: Any, config: Any) -> Any:
    _included.clear()
    _included.update(included_files(Path(config["docs_dir"])))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return expand(page.file.src_uri, markdown, _included)


#: A cross-reference of a docstring, written for Sphinx (``:class:`Step```),
#: as the API reference renders it.
ROLE = re.compile(r":(mod|class|meth|func|data|attr|exc):<code>~?([\w.]+)</code>")


def cross_references(html: str) -> str:
    """The docstrings' cross-references made links where the API reference
    holds their target, and plain code where it does not. A class, function
    or datum named without a dot is looked up among the package's public
    names; a method or attribute so named is one of the class at hand."""

    def one(match: re.Match[str]) -> str:
        role, name = match.groups()
        if "." in name:
            identifier = name
        elif role in ("meth", "attr"):
            return f"<code>{name}</code>"
        else:
            identifier = f"circleflow.{name}"
        return (
            f'<autoref identifier="{identifier}" optional><code>{name}</code></autoref>'
        )

    # A literal block of a docstring is introduced with "::"; one colon reads.
    return ROLE.sub(one, html).replace("::</p>", ":</p>")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return cross_references(html)


# Generated diagrams -------------------------------------------------------

#: Steps from every state before the end, left out of the diagram and table.
_EVERYWHERE = ("cancel", "conclude_early")


def diagram_section(name: str) -> str:
    """The generated diagram part of the page of built-in format ``name``:
    the Mermaid text and, as its text alternative, a table of the same
    transitions."""
    from circleflow import FormatRegistry, workflow_for

    fmt = FormatRegistry.with_builtins().get(name)
    workflow = workflow_for(fmt)
    rows = [
        f"| `{source}` | `{command}` | `{dest}` |"
        for source, command, dest in workflow.transitions()
        if source != dest and command not in _EVERYWHERE
    ]
    return "\n".join(
        [
            f"The state machine of `{name}` version {fmt.version}, as "
            f"`circleflow diagram {name}` prints it: Mermaid `stateDiagram-v2` "
            "text, which a Mermaid viewer draws. Steps that keep the state "
            "(the activities), cancelling and concluding early are left out.",
            "",
            "```mermaid",
            workflow.mermaid().rstrip("\n"),
            "```",
            "",
            "The same diagram in words: every step that leads from one state "
            f"to another. The circle starts in `{workflow.initial}` and ends in "
            f"`{workflow.final}`; `cancel` and `conclude_early` lead from every "
            "state before the end out of the circle.",
            "",
            "| from | step | to |",
            "|---|---|---|",
            *rows,
            "",
        ]
    )


def update_diagrams(write: bool, docs: Path = DOCS) -> list[Path]:
    """The pages whose generated diagrams are not current (rewritten when
    ``write``)."""
    stale: list[Path] = []
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        new = GENERATED.sub(
            lambda m: m.group(1) + diagram_section(m.group(2)) + m.group(4), text
        )
        if new != text:
            stale.append(page)
            if write:
                page.write_text(new, encoding="utf-8")
    return stale


def main(argv: list[str]) -> int:
    if argv not in (["--write"], ["--check"]):
        print("usage: python tools/docs_site.py --write | --check", file=sys.stderr)
        return 2
    stale = update_diagrams(write=argv == ["--write"])
    for page in stale:
        verb = "rewrote" if argv == ["--write"] else "not current:"
        print(f"{verb} {page.relative_to(ROOT)}")
    return 1 if stale and argv == ["--check"] else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
