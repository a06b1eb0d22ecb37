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


ORDERED_ITEM = re.compile(r"^\d+\. ")


def list_indents(markdown: str) -> str:
    """``markdown`` with the blocks inside a numbered list item indented by
    four spaces and the items apart, as MkDocs' Markdown needs them, where
    the item's text is indented by three (as CommonMark and GitHub read
    it)."""
    out: list[str] = []
    in_item, shift = False, False
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        if fence is not None:
            fence = None if line.strip() == fence else fence
            out.append(line)
            continue
        opened = FENCE.match(line)
        if ORDERED_ITEM.match(line):
            # After an item with blocks, the next one starts after a blank line.
            if in_item and shift and out and out[-1].strip():
                out.append("\n")
            in_item, shift = True, False
        elif opened and not line.startswith(" "):
            fence, in_item = opened.group(1), False
        elif line.strip() and not line.startswith(" "):
            in_item = False
        elif in_item and line.strip():
            indent = len(line) - len(line.lstrip(" "))
            shift = shift or indent == 3
            if shift:
                line = " " + line
        out.append(line)
    return "".join(out)


def expand(page: str, markdown: str, included: dict[str, str]) -> str:
    """The page's Markdown as the site shows it: included files in place,
    links rewritten."""

    def include(match: re.Match[str]) -> str:
        path = match.group(1)
        text = list_indents((ROOT / path).read_text(encoding="utf-8"))
        return rewrite_links(text, posixpath.dirname(path), page, included)

    own = rewrite_links(markdown, posixpath.dirname("docs/" + page), page, included)
    return INCLUDE.sub(include, list_indents(own))


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

#: Steps that lead out of the circle from every state between meetings; the
#: pictures leave them out, the tables list them.
_EVERYWHERE = ("cancel", "conclude_early")

_WIDTH, _BOX_X, _BOX_WIDTH, _ARC_X = 720, 16, 440, 600
_LINE, _TITLE, _PAD, _GAP, _CHARS = 18, 22, 10, 50, 56


def _top(state: str) -> str:
    return state.split(".", 1)[0]


def _wrap(words: list[str], width: int) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _inside(
    state: str, states: list[str], transitions: list[tuple[str, str, str]]
) -> list[str]:
    """The lines of a stage's box: its elements in order, then how it repeats."""
    children = [s for s in states if s.rsplit(".", 1)[0] == state and "." in s]
    steps = []
    for child in children:
        nested = [s.rsplit(".", 1)[1] for s in states if s.rsplit(".", 1)[0] == child]
        label = child.rsplit(".", 1)[1]
        steps.append(f"{label} ({', '.join(nested)})" if nested else label)
    words = " → ".join(steps).split(" ")
    lines = _wrap(words, _CHARS) if steps else []
    again = sorted(
        {
            (command, source.rsplit(".", 1)[1])
            for source, command, dest in transitions
            if dest == state and _top(source) == state and source != state
        }
    )
    lines += [f"↻ {command} again from {source}" for command, source in again]
    return lines


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def diagram_svg(name: str, title: str) -> str:
    """An SVG picture of format ``name``'s stages, drawn from its state
    machine: one box per stage with its elements, arrows for the steps
    between stages. It loads nothing and follows the page's colours."""
    from circleflow import FormatRegistry, workflow_for

    workflow = workflow_for(FormatRegistry.with_builtins().get(name))
    states = workflow.states()
    transitions = workflow.transitions()
    edges: dict[tuple[str, str], set[str]] = {}
    for source, command, dest in transitions:
        if command in _EVERYWHERE or _top(source) == _top(dest):
            continue
        edges.setdefault((_top(source), _top(dest)), set()).add(command)
    # The main line: from the start, on to the stage that leads further.
    order = [workflow.initial]
    while True:
        after = [b for a, b in edges if a == order[-1] and b not in order]
        if not after:
            break
        order.append(max(after, key=lambda s: any(a == s for a, _ in edges)))
    order += [
        s
        for s in states
        if "." not in s and s not in order and any(b == s for _, b in edges)
    ]

    out: list[str] = []
    top: dict[str, tuple[int, int]] = {}
    y = 10
    for index, state in enumerate(order):
        lines = _inside(state, states, transitions)
        height = _PAD + _TITLE + _LINE * len(lines) + _PAD
        top[state] = (y, height)
        out.append(
            f'<rect x="{_BOX_X}" y="{y}" width="{_BOX_WIDTH}" height="{height}" '
            'rx="8" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        )
        out.append(
            f'<text x="{_BOX_X + 12}" y="{y + _PAD + 16}" font-weight="bold">'
            f"{_escape(state)}</text>"
        )
        for number, line in enumerate(lines):
            baseline = y + _PAD + _TITLE + _LINE * number + 13
            out.append(
                f'<text x="{_BOX_X + 12}" y="{baseline}" font-size="13">'
                f"{_escape(line)}</text>"
            )
        y += height
        following = order[index + 1] if index + 1 < len(order) else None
        if following is not None and (state, following) in edges:
            centre = _BOX_X + _BOX_WIDTH // 2
            out.append(
                f'<line x1="{centre}" y1="{y}" x2="{centre}" y2="{y + _GAP - 2}" '
                'stroke="currentColor" stroke-width="1.5" '
                f'marker-end="url(#arrow-{name})"/>'
            )
            label = ", ".join(sorted(edges[(state, following)]))
            out.append(
                f'<text x="{centre + 10}" y="{y + _GAP // 2 + 5}" font-size="13">'
                f"{_escape(label)}</text>"
            )
        y += _GAP
    for (source, dest), commands in sorted(edges.items()):
        if order.index(dest) == order.index(source) + 1:
            continue
        y1 = top[source][0] + top[source][1] // 2
        y2 = top[dest][0] + top[dest][1] // 2
        right = _BOX_X + _BOX_WIDTH
        out.append(
            f'<path d="M {right} {y1} C {_ARC_X} {y1}, {_ARC_X} {y2}, '
            f'{right + 4} {y2}" '
            f'fill="none" stroke="currentColor" stroke-width="1.5" '
            f'stroke-dasharray="5 3" marker-end="url(#arrow-{name})"/>'
        )
        out.append(
            # Beside the arc's far side, which lies at three quarters of the
            # way out to its control points.
            f'<text x="{(right + 3 * _ARC_X) // 4 + 8}" y="{(y1 + y2) // 2}" '
            'font-size="13">'
            f"{_escape(', '.join(sorted(commands)))}</text>"
        )
    height = y - _GAP + 10
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
            f'width="{_WIDTH}" style="max-width: 100%; height: auto" role="img" '
            f'aria-labelledby="diagram-{name}-title" font-family="sans-serif" '
            'font-size="15" fill="currentColor">',
            f'<title id="diagram-{name}-title">{_escape(title)}</title>',
            f'<defs><marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
            '<path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor"/></marker></defs>',
            *out,
            "</svg>",
        ]
    )


def diagram_section(name: str) -> str:
    """The generated diagram part of the page of built-in format ``name``: a
    picture of its stages, the same transitions in a table (the picture's
    text alternative), and the Mermaid text of ``circleflow diagram``."""
    from circleflow import FormatRegistry, workflow_for

    fmt = FormatRegistry.with_builtins().get(name)
    workflow = workflow_for(fmt)
    rows = [
        f"| `{source}` | `{command}` | `{dest}` |"
        for source, command, dest in workflow.transitions()
        if source != dest
    ]
    title = (
        f"The stages of the {fmt.title} (format {name}, version {fmt.version}) "
        "and the steps between them; the table below gives every step in words."
    )
    return "\n".join(
        [
            f"The {fmt.title}'s stages in order, each with its elements, and the "
            "steps that lead from one to the next, drawn from the state machine "
            f"that runs circles of `{name}` version {fmt.version}. Steps that "
            "keep the state (the activities) are left out, and so are `cancel` "
            "and `conclude_early`, which lead out of the circle from every "
            "state between meetings.",
            "",
            f'<figure markdown="0">{diagram_svg(name, title)}</figure>',
            "",
            "### In words",
            "",
            "Every step that leads from one state to another; the steps that "
            f"keep the state are the activities. A circle starts in "
            f"`{workflow.initial}` and ends in `{workflow.final}`.",
            "",
            "| from | step | to |",
            "|---|---|---|",
            *rows,
            "",
            "### As Mermaid text",
            "",
            f"`circleflow diagram {name}` prints the whole machine, with the "
            "elements' inner states, as Mermaid `stateDiagram-v2` text, which "
            "a Mermaid viewer draws (it leaves out the activities, `cancel` and "
            "`conclude_early`):",
            "",
            "```mermaid",
            workflow.mermaid().rstrip("\n"),
            "```",
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
