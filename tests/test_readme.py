# SPDX-License-Identifier: EUPL-1.2
"""The README's Python example runs as printed, up to the refusal it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from circleflow import StepRefused

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
        "['enter_element Richten', 'take_hot_seat', 'note_synergy']",
    ]
