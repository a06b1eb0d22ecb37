# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A format written in TOML behaves exactly as the same format in Python."""

from __future__ import annotations

import pytest

from circleflow import (
    Circles,
    Format,
    FormatRegistry,
    builtin_formats,
    dumps_format,
    loads_format,
)
from circleflow.demo import DEMOS, refused_move
from tests.conftest import offered


def _walk(fmt: Format) -> list[tuple[str, str | None]]:
    """Run the format's demo script and return (event, state) per event."""
    app = Circles("memory:", formats=FormatRegistry([fmt]))
    circle = DEMOS[fmt.name](app)
    return [(entry.event, entry.state) for entry in app.history(circle)]


@pytest.mark.parametrize("fmt", builtin_formats(), ids=lambda f: f.name)
def test_the_toml_form_of_a_format_runs_its_scenario_identically(
    fmt: Format,
) -> None:
    from_toml = loads_format(dumps_format(fmt), f"{fmt.name}.toml")
    python_walk = _walk(fmt)
    assert len(python_walk) > 20
    assert _walk(from_toml) == python_walk


@pytest.mark.parametrize("fmt", builtin_formats(), ids=lambda f: f.name)
def test_the_toml_form_of_a_format_refuses_the_same_move(fmt: Format) -> None:
    from_toml = loads_format(dumps_format(fmt), f"{fmt.name}.toml")
    refusals = [
        refused_move(Circles("memory:", formats=FormatRegistry([f])), fmt.name)
        for f in (fmt, from_toml)
    ]
    python, toml = (r.error for r in refusals)
    # The persons differ (each circle registers its own); the steps do not.
    assert (toml.rule, offered(toml.allowed)) == (python.rule, offered(python.allowed))
    assert all(r.version_before == r.version_after for r in refusals)
