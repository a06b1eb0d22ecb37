# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The built-in formats, each defined in its own pack (:mod:`circleflow.formats`)."""

from __future__ import annotations

from circleflow.format import Format
from circleflow.formats.leergroep.definition import LEERGROEP, leergroep
from circleflow.formats.leernetwerkgroep.definition import (
    LEERNETWERKGROEP,
    leernetwerkgroep,
)
from circleflow.formats.mastercircle.definition import (
    MASTERCIRCLE,
    SIX_ELEMENTS,
    mastercircle,
)
from circleflow.formats.samenwerking.definition import (
    CONSENSUS_ITEMS,
    GROUND_RULES,
    SAMENWERKING,
    samenwerking,
)

__all__ = [
    "CONSENSUS_ITEMS",
    "GROUND_RULES",
    "LEERGROEP",
    "LEERNETWERKGROEP",
    "MASTERCIRCLE",
    "SAMENWERKING",
    "SIX_ELEMENTS",
    "builtin_formats",
    "leergroep",
    "leernetwerkgroep",
    "mastercircle",
    "samenwerking",
]


def builtin_formats() -> tuple[Format, ...]:
    """Every format circleflow ships with."""
    return (MASTERCIRCLE, LEERGROEP, LEERNETWERKGROEP, SAMENWERKING)
