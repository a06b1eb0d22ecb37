# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Importing circleflow, and running a command, loads only what is needed.

Each check runs in a new Python process and looks at ``sys.modules``: what
was imported, not how long it took.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import circleflow
from circleflow.circle import CircleEvent
from circleflow.cli import DEMO_FORMATS
from circleflow.demo import DEMOS
from circleflow.packs import registry

#: Loaded on first use, never by ``import circleflow``.
HEAVY = (
    "eventsourcing",
    "transitions",
    "cryptography",
    "psycopg",
    "psycopg_pool",
    "tomllib",
    "click",
    "attrs",
    "importlib.metadata",
    "circleflow.application",
    "circleflow.formats",
    "circleflow.format_toml",
    "circleflow.integrity",
    "circleflow.reports",
    "icalendar",
)

_LOADED = """
import json, sys
{code}
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(code: str, *args: str) -> set[str]:
    """The modules a new process has loaded after running ``code``."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(code=code), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def _any_of(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(
        name
        for name in names
        if any(module == name or module.startswith(name + ".") for module in loaded)
    )


def _command(*args: str) -> str:
    """Code that runs ``circleflow ARGS`` and carries on after it exits."""
    return (
        "from circleflow.cli import main\n"
        f"sys.argv = ['circleflow', *{list(args)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
    )


def test_importing_circleflow_loads_none_of_the_heavy_modules() -> None:
    loaded = _loaded("import circleflow")
    assert _any_of(loaded, HEAVY) == []
    assert "circleflow.errors" in loaded


def test_the_library_without_the_command_line_loads_no_click_or_format_files() -> None:
    loaded = _loaded("from circleflow import Circles\nCircles('memory:')")
    assert "circleflow.application" in loaded
    assert _any_of(loaded, ("click", "tomllib", "psycopg", "circleflow.cli")) == []


def test_every_public_name_resolves_in_a_new_process() -> None:
    code = (
        "import circleflow\n"
        "missing = [n for n in circleflow.__all__ if getattr(circleflow, n) is None]\n"
        "assert not missing, missing\n"
        "from circleflow import *\n"
    )
    _loaded(code)


@pytest.mark.parametrize("name", circleflow.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(circleflow, name) is not None
    assert name in dir(circleflow)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        circleflow.no_such_thing  # noqa: B018


def test_person_and_persons_stay_the_functions_when_their_modules_load() -> None:
    code = (
        "import circleflow.person, circleflow.persons, circleflow.application\n"
        "from circleflow import person, persons\n"
        "from circleflow.rules import person as p, persons as ps\n"
        "assert person is p and persons is ps, (person, persons)\n"
        "assert circleflow.person is p and circleflow.persons is ps\n"
    )
    _loaded(code)


def test_help_loads_the_command_line_alone() -> None:
    for args in (["--help"], ["status", "--help"]):
        loaded = _loaded(_command(*args))
        assert "click" in loaded
        unwanted = ("attrs", "eventsourcing", "circleflow.formats", "icalendar")
        assert _any_of(loaded, unwanted) == [], args


def test_help_and_the_formats_load_no_store() -> None:
    for args in (["--help"], ["formats"], ["rules", "mastercircle"]):
        loaded = _loaded(_command(*args))
        unwanted = ("circleflow.application", "eventsourcing.application")
        assert _any_of(loaded, unwanted) == [], args
        assert _any_of(loaded, ("cryptography", "psycopg", "tomllib")) == [], args


def test_listing_circles_builds_no_state_machine(tmp_path: Path) -> None:
    db = str(tmp_path / "circles.db")
    subprocess.run(
        [sys.executable, "-m", "circleflow", "--db", db, "demo"],
        capture_output=True,
        timeout=120,
        check=True,
    )
    loaded = _loaded(_command("--db", db, "circles"))
    assert "circleflow.application" in loaded
    assert _any_of(loaded, ("transitions", "tomllib", "psycopg")) == []


def test_status_loads_no_asyncio_and_no_diagrams_of_transitions(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "circles.db")
    done = subprocess.run(
        [sys.executable, "-m", "circleflow", "--db", db, "demo"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    circle = done.stdout.rsplit("status ", 1)[1].split()[0]
    loaded = _loaded(_command("--db", db, "status", circle))
    assert "transitions.core" in loaded
    unwanted = ("asyncio", "transitions.extensions", "psycopg", "tomllib")
    assert _any_of(loaded, unwanted) == []


_WORKFLOWS = """
from circleflow import builtin_formats, workflow_for
for fmt in builtin_formats():
    flow = workflow_for(fmt)
    print(fmt.name, flow.states(), sorted(flow.transitions()))
"""


def test_the_workflows_are_the_same_when_transitions_is_loaded_first() -> None:
    def workflows(first: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", first + _WORKFLOWS],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    lean = workflows("")
    assert lean.count("\n") == 4
    assert lean == workflows("import transitions.extensions\n")


def test_a_program_using_transitions_itself_gets_the_whole_package() -> None:
    code = (
        "from circleflow import MASTERCIRCLE, workflow_for\n"
        "workflow_for(MASTERCIRCLE)\n"
        "import transitions.extensions\n"
        "from transitions.extensions import GraphMachine, HierarchicalMachine\n"
        "machine = HierarchicalMachine(states=['a', {'name': 'b', 'children': ['c']}],"
        " initial='a')\n"
        "assert machine.get_nested_state_names() == ['a', 'b', 'b_c']\n"
        "assert transitions.extensions.HierarchicalMachine is HierarchicalMachine\n"
    )
    assert "transitions.extensions.diagrams" in _loaded(code)


def test_the_demo_offers_every_scripted_format() -> None:
    assert list(DEMO_FORMATS) == sorted(DEMOS)


def test_every_event_of_a_circle_is_defined_once() -> None:
    def subclasses(cls: type[CircleEvent]) -> list[type[CircleEvent]]:
        found: list[type[CircleEvent]] = []
        for sub in cls.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    events = [
        e for e in subclasses(CircleEvent) if e.__module__.startswith("circleflow.")
    ]
    names = [event.__name__ for event in events]
    assert sorted(names) == sorted(set(names))
    assert set(events) <= set(registry().events())
