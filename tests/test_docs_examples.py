# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every code example of the documentation site runs, as
docs/writing-docs.md describes: the Python blocks of each page in order, in
a fresh directory, and the ``circleflow`` commands of its shell blocks."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

import circleflow
from circleflow.cli import cli
from tests.repository import ROOT, script

RUNNABLE = {"python", "sh", "console"}
#: What the site shows in a code block in which nothing is run.
SHOWN = {"", "toml", "sql", "mermaid", "text", "ini", "json", "csv"}


SITE = script("tools/docs_site.py", "docs_site")
PAGES: dict[str, str] = SITE.site_pages()

MARKER = re.compile(r"<!-- docs-test: (\w+)(.*?)-->", re.S)
OPENING = re.compile(r"^( *)```([\w-]*)[^\n]*$")
ERROR_SHOWN = re.compile(r"^# ((?:\w+\.)+\w+): ", re.M)
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]+(\.\w+)?$")


@dataclass
class Example:
    page: str
    line: int
    language: str
    code: str
    skip: str | None = None
    namespace: str = "page"
    given: list[str] = field(default_factory=list)


def examples(page: str, text: str) -> list[Example]:
    """The code blocks of a page with the markers just before each."""
    found: list[Example] = []
    markers: list[tuple[str, str]] = []
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        line = lines[number]
        opening = OPENING.match(line)
        if line.lstrip().startswith("<!-- docs-test:"):
            end = number
            while "-->" not in lines[end]:
                end += 1
            comment = "\n".join(lines[number : end + 1]).strip()
            match = MARKER.fullmatch(comment)
            assert match is not None, f"{page}:{number + 1}: unreadable marker"
            markers.append((match.group(1), match.group(2)))
            number = end + 1
            continue
        if opening is None:
            if line.strip():
                markers = []
            number += 1
            continue
        indent, language = opening.groups()
        end = number + 1
        while lines[end].strip() != "```":
            end += 1
        code = "\n".join(body.removeprefix(indent) for body in lines[number + 1 : end])
        example = Example(page, number + 1, language, code + "\n")
        for kind, argument in markers:
            if kind == "skip":
                assert argument.strip(), f"{page}:{number + 1}: say why it is skipped"
                example.skip = argument.strip()
            elif kind == "namespace":
                example.namespace = argument.strip()
            elif kind == "given":
                example.given.append(textwrap.dedent(argument).strip("\n") + "\n")
            else:
                raise AssertionError(f"{page}:{number + 1}: unknown marker {kind}")
        found.append(example)
        markers = []
        number = end + 1
    return found


EXAMPLES = {page: examples(page, text) for page, text in PAGES.items()}

#: Runs the Python examples of one page, read as JSON from standard input.
RUNNER = """
import json, sys, traceback
from importlib import import_module

examples, examples_dir = json.load(sys.stdin)
sys.path.insert(0, examples_dir)
spaces = {}
for example in examples:
    where = f"{example['page']}:{example['line']}"
    space = spaces.setdefault(example["namespace"], {"__name__": "__docs__"})
    for given in example["given"]:
        exec(compile(given, where + " (given)", "exec"), space)
    expected = example["raises"]
    try:
        exec(compile(example["code"], where, "exec"), space)
    except BaseException as error:
        shown = f"{type(error).__module__}.{type(error).__qualname__}"
        if expected is None or shown != expected:
            print(f"{where}: raised {shown}", file=sys.stderr)
            traceback.print_exc()
            sys.exit(1)
    else:
        if expected is not None:
            print(f"{where}: should raise {expected}, as shown", file=sys.stderr)
            sys.exit(1)
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIRCLEFLOW_")}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    return env


def _with_python() -> list[str]:
    return [p for p in PAGES if any(e.language == "python" for e in EXAMPLES[p])]


def _with_commands() -> list[str]:
    return [
        p for p in PAGES if any(e.language in ("sh", "console") for e in EXAMPLES[p])
    ]


def test_every_code_block_is_run_or_only_shown() -> None:
    languages = {e.language for found in EXAMPLES.values() for e in found}
    assert languages <= RUNNABLE | SHOWN, languages - RUNNABLE - SHOWN


def test_the_site_has_examples_to_run() -> None:
    # The guide alone holds eight; a broken reading of the pages finds none.
    assert len([e for e in EXAMPLES["index.md"] if e.language == "python"]) >= 8
    assert all(e.skip is None for e in EXAMPLES["index.md"])


@pytest.mark.parametrize("page", _with_python())
def test_the_python_examples_of_a_page_run(page: str, tmp_path: Path) -> None:
    runnable = [
        {
            "page": e.page,
            "line": e.line,
            "code": e.code,
            "namespace": e.namespace,
            "given": e.given,
            "raises": _shown_error(e.code),
        }
        for e in EXAMPLES[page]
        if e.language == "python" and e.skip is None
    ]
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps([runnable, str(ROOT / "examples")]),
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _shown_error(code: str) -> str | None:
    """The error a block shows it raises, as ``# module.Error: message``."""
    match = ERROR_SHOWN.search(code)
    if match is None:
        return None
    module, _, name = match.group(1).rpartition(".")
    shown = getattr(__import__(module, fromlist=[name]), name, None)
    if isinstance(shown, type) and issubclass(shown, BaseException):
        return match.group(1)
    return None


def commands(example: Example) -> list[list[str]]:
    """The commands of a shell block that are run, as the arguments of the
    project's Python: ``circleflow`` (``-m circleflow``) and Python running
    an example (``examples/...``); not those with a placeholder in capitals
    (``CIRCLE``), nor other programs."""
    found = []
    for line in example.code.splitlines():
        if example.language == "console":
            if not line.startswith("$ "):
                continue
            line = line[2:]
        words = shlex.split(line, comments=True)
        if not words or any(PLACEHOLDER.match(word) for word in words[1:]):
            continue
        program = Path(words[0]).name
        if program == "circleflow":
            found.append(["-m", "circleflow", *words[1:]])
        elif (
            program.startswith("python")
            and words[1:2] != []
            and words[1].startswith("examples/")
        ):
            found.append(words[1:])
    return found


@pytest.mark.parametrize("page", _with_commands())
def test_the_commands_of_a_page_run(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    for example in EXAMPLES[page]:
        if example.language not in ("sh", "console") or example.skip is not None:
            continue
        for given in example.given:
            for words in commands(Example(page, example.line, "sh", given)):
                _run(f"{page}:{example.line}", words)
        for words in commands(example):
            _run(f"{page}:{example.line}", words)


def _run(where: str, words: list[str]) -> None:
    if words[:2] == ["-m", "circleflow"]:
        # In this process, which has circleflow loaded already.
        unset: dict[str, str | None] = {
            name: None for name in os.environ if name.startswith("CIRCLEFLOW_")
        }
        result = CliRunner().invoke(cli, words[2:], env=unset)
        assert result.exit_code == 0, f"{where}: {shlex.join(words)}\n{result.output}"
        return
    done = subprocess.run(
        [sys.executable, *words],
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{where}: {shlex.join(words)}\n{done.stderr}"


def test_a_broken_example_fails(tmp_path: Path) -> None:
    page = "broken.md"
    text = (
        "```python\nfrom circleflow import Circles\nCircles('memory:').nothing()\n```\n"
    )
    [example] = examples(page, text)
    assert _shown_error(example.code) is None
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(
            [
                [
                    {
                        "page": page,
                        "line": 1,
                        "code": example.code,
                        "namespace": "page",
                        "given": [],
                        "raises": None,
                    }
                ],
                str(ROOT / "examples"),
            ]
        ),
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "broken.md:1: raised builtins.AttributeError" in done.stderr


def test_markers_skip_share_and_prepare_examples() -> None:
    text = (
        "<!-- docs-test: skip the circle id is an example -->\n"
        "```sh\ncircleflow status 3f2a\n```\n\n"
        "<!-- docs-test: namespace other -->\n"
        "<!-- docs-test: given\nx = 1\n-->\n"
        "```python\nprint(x)\n```\n"
        "  <!-- docs-test: given\n  z = 3\n  -->\n"
        "  ```python\n  y = 2\n  ```\n"
    )
    skipped, shared, indented = examples("page.md", text)
    assert skipped.skip == "the circle id is an example"
    assert (shared.namespace, shared.given) == ("other", ["x = 1\n"])
    assert (indented.namespace, indented.code) == ("page", "y = 2\n")
    assert indented.given == ["z = 3\n"]


def test_commands_with_placeholders_are_shown_not_run() -> None:
    block = Example(
        "page.md",
        1,
        "sh",
        "circleflow --db x.db circles  # the circles\n"
        "circleflow history CIRCLE\n"
        ".venv/bin/circleflow rules leergroep\n"
        ".venv/bin/python examples/own_format.py\n"
        ".venv/bin/python benchmarks/bench_core.py\n"
        "./run test\n",
    )
    assert commands(block) == [
        ["-m", "circleflow", "--db", "x.db", "circles"],
        ["-m", "circleflow", "rules", "leergroep"],
        ["examples/own_format.py"],
    ]


def test_a_block_showing_an_error_must_raise_it() -> None:
    assert _shown_error("x()\n# circleflow.errors.StepRefused: no\n") == (
        "circleflow.errors.StepRefused"
    )
    assert _shown_error("# circleflow.Circles: not an error\n") is None
    assert circleflow.StepRefused.__module__ == "circleflow.errors"
