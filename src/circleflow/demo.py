# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Scripted circles of every built-in format, run through the public API.

The command-line ``demo`` prints what these scripts report; the benchmark and
the tests drive the same scripts. Each format also has one illegal move that
the engine refuses without recording anything. The scripts live in the
packs (``circleflow.formats.<pack>.demo``).
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from circleflow.application import Circles
from circleflow.errors import StepRefused
from circleflow.formats.leergroep.demo import refuse_leergroep, run_leergroep
from circleflow.formats.leernetwerkgroep.demo import (
    refuse_leernetwerkgroep,
    run_leernetwerkgroep,
)
from circleflow.formats.mastercircle.demo import refuse_mastercircle, run_mastercircle
from circleflow.formats.samenwerking.demo import refuse_samenwerking, run_samenwerking
from circleflow.walk import ACTOR, Refusal, Report, Transition

__all__ = [
    "ACTOR",
    "DEMOS",
    "Refusal",
    "Report",
    "Transition",
    "refused_move",
    "run_leergroep",
    "run_leernetwerkgroep",
    "run_mastercircle",
    "run_samenwerking",
]


#: The demo script of each built-in format.
DEMOS: dict[str, Callable[..., UUID]] = {
    "mastercircle": run_mastercircle,
    "leergroep": run_leergroep,
    "leernetwerkgroep": run_leernetwerkgroep,
    "samenwerking": run_samenwerking,
}

_REFUSALS = {
    "mastercircle": refuse_mastercircle,
    "leergroep": refuse_leergroep,
    "leernetwerkgroep": refuse_leernetwerkgroep,
    "samenwerking": refuse_samenwerking,
}


def refused_move(app: Circles, format: str = "mastercircle") -> Refusal:
    """An illegal move on a new circle of ``format``: refused, nothing recorded."""
    circle_id, label, command = _REFUSALS[format](app)
    version = app.position(circle_id).version
    try:
        command()
    except StepRefused as error:
        return Refusal(label, error, version, app.position(circle_id).version)
    raise AssertionError(f"the engine allowed an illegal move: {label}")
