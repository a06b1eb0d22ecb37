# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The runnable examples work as their README says, from a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from circleflow import Circles, FormatRegistry, load_format

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_own_format_example_runs_a_circle_to_its_end(tmp_path: Path) -> None:
    store = tmp_path / "intervisie.db"
    done = _run(str(EXAMPLES / "own_format.py"), str(store))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [
        "founded and scheduled",
        "    state Verkenning; allowed: join, leave, schedule, open_session Start, "
        "cancel, conclude_early, correct_text",
    ]
    assert "state Casus.Gehouden" in done.stdout
    assert any(line.startswith("refused (hot-seats-complete)") for line in lines)
    assert "    state Slot.Gehouden; allowed: nothing (the circle is complete)" in lines

    registry = FormatRegistry.with_builtins()
    registry.register(load_format(EXAMPLES / "intervisie.toml"))
    app = Circles(str(store), formats=registry)
    [summary] = app.list_circles()
    position = app.position(summary.circle_id)
    assert summary.format == "intervisie v1"
    assert position.state == "Slot.Gehouden"
    assert position.complete
    history = app.history(summary.circle_id)
    assert f"{len(history)} events" in lines[-1]
    assert sum(entry.event == "SessionHeld" for entry in history) == 4
    assert {entry.origin for entry in history} == {"intervisie-example"}


def test_the_example_format_is_valid_and_has_two_levels() -> None:
    fmt = load_format(EXAMPLES / "intervisie.toml")
    assert fmt.stage_names() == ("Start", "Casus", "Slot")
    casus = fmt.stages[1]
    assert casus.repeatable
    assert [element.name for element in casus.elements] == [
        "Inbreng",
        "Vragen",
        "Advies",
    ]


def test_the_examples_readme_names_every_example() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in EXAMPLES.iterdir():
        if path.suffix in {".py", ".toml"}:
            assert path.name in readme


def test_a_host_tools_own_activity_runs_with_honest_allowed_steps() -> None:
    done = _run(str(EXAMPLES / "own_activity.py"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:4] == [
        "may bring a case: ['bring_case']",
        "may advise: ['Bram', 'Cato']",
        "Ada may: nothing",
        "may advise: ['Cato']",
    ]
    assert lines[4].startswith("refused (everyone-advised): no advice yet from ")
    assert lines[5] == (
        "allowed now: ['cancel', 'conclude_early', 'correct_text', 'give_advice']"
    )
    assert lines[6].startswith("refused (no-self-advice): ")
    assert "state: Casus.Gehouden" in lines
    assert "personal data: AdviceGiven ['advice'] about owner" in lines
    assert "diagram: 9 transitions" in lines


def test_a_pack_installed_under_the_entry_point_group_is_registered() -> None:
    script = f"""
import importlib.metadata
import sys
from importlib.metadata import EntryPoint
sys.path.insert(0, {str(EXAMPLES)!r})
# As if a host tool's package declared the pack under the group.
importlib.metadata.entry_points = lambda group: [
    EntryPoint("incidentmethode", "incident_pack:PACK", group)
] if group == "circleflow.packs" else []
import circleflow.packs as packs
from circleflow import FormatRegistry
assert packs.registry().pack("incidentmethode").title.startswith("Intervisie")
assert "give_advice" in packs.registry().activities()
assert "incidentmethode" in FormatRegistry.with_builtins().names()
print([r.name for r in packs.registry().rules_for(
    FormatRegistry.with_builtins().get("incidentmethode")
) if packs.registry().pack_of_rule(r).name == "incidentmethode"])
"""
    done = _run("-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "['one-case', 'case-brought', 'no-self-advice', 'one-advice', "
        "'everyone-advised']"
    )
