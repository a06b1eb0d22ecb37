# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The README's Python example runs as printed, up to the refusal it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from circleflow import FORGOTTEN, Circles, FormatRegistry, StepRefused, loads_format

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code = re.search(r"```python\n(.*?)```", README.read_text(), re.S)
    assert code is not None
    source = code.group(1).replace('Circles("circles.db")', 'Circles("memory:")')
    with pytest.raises(StepRefused) as caught:
        exec(compile(source, str(README), "exec"), {})
    assert caught.value.rule == "hot-seats-complete"
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "Opgave.Uitwisselen",
        "Uitwisselen",
        "['cancel', 'conclude_early', 'correct_attendance', 'correct_text', "
        "'note_synergy', 'take_hot_seat']",
        "True",
        "['take_hot_seat', 'note_synergy']",
    ]
    # The refusal's "Allowed now" is what the example printed as allowed.
    assert {step.label for step in caught.value.allowed} == {
        "cancel",
        "conclude_early",
        "correct_attendance",
        "correct_text",
        "note_synergy",
        "take_hot_seat",
    }


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(), re.S)


def test_the_readme_samenwerking_example_stops_at_the_missing_mandates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = _blocks("python")[1]
    exec(compile(source, str(README), "exec"), {})
    assert capsys.readouterr().out.splitlines() == ["mandates-renewed"]


def test_the_readme_toml_format_loads_and_runs_a_meeting() -> None:
    [source] = [block for block in _blocks("toml") if "[[stages]]" in block]
    fmt = loads_format(source, "README.md")
    registry = FormatRegistry.with_builtins()
    registry.register(fmt)
    app = Circles("memory:", formats=registry)
    me = "u-1"
    facilitator = app.register_person("Fenna", actor=me)
    people = [app.register_person(f"Deelnemer {n}", actor=me) for n in range(3)]
    circle = app.found_circle(fmt.name, title="T", challenge="C", actor=me)
    app.join(circle, facilitator, "facilitator", actor=me)
    for person in people:
        app.join(circle, person, "participant", actor=me)
    app.open_session(circle, "Casus", [facilitator, *people], actor=me)
    with pytest.raises(StepRefused) as refused:
        app.hold_session(circle, actor=me)
    assert refused.value.rule == "subject-chosen"
    app.choose_subject(circle, "Een lastige casus", brought_by=people[0], actor=me)
    app.hold_session(circle, actor=me)
    assert app.position(circle).state == "Casus.Gehouden"


def _after_the_first_example() -> dict[str, object]:
    """The names the first example leaves behind, run in memory up to its
    refusal; later examples go on from there."""
    first, *_ = _blocks("python")
    namespace: dict[str, object] = {}
    source = first.replace('Circles("circles.db")', 'Circles("memory:")')
    with pytest.raises(StepRefused):
        exec(compile(source, str(README), "exec"), namespace)
    return namespace


def test_the_readme_report_example_renders_the_first_examples_circle(
    capsys: pytest.CaptureFixture[str],
) -> None:
    namespace = _after_the_first_example()
    [report] = [block for block in _blocks("python") if "CircleReports" in block]
    capsys.readouterr()
    exec(compile(report, str(README), "exec"), namespace)
    printed = capsys.readouterr().out
    assert printed.startswith("# Kwartiermakers\n")
    assert "| Opgave (2) | 1 February 2027 |  | 4 | 1 | 2 |" in printed


def test_the_readme_forgetting_example_works_on_the_first_examples_people() -> None:
    namespace = _after_the_first_example()
    [forgetting] = [b for b in _blocks("python") if "forget_person" in b]
    exec(compile(forgetting, str(README), "exec"), namespace)
    app = namespace["app"]
    assert isinstance(app, Circles)
    assert app.person(namespace["anna"]).name == FORGOTTEN  # type: ignore[arg-type]
