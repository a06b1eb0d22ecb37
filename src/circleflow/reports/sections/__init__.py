# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""What each built-in format contributes to a circle report, in words.

Each format has a module here, named after it. A module lists the events
whose details the report keeps (``EVENTS``: the report folds them into
:attr:`~circleflow.reports.CircleReport.records`), lays them out as tables
(``tables``) and says what is still open on a circle (``open_items``). The
core library knows nothing of these modules: they read the events through
the report, as every report does.

A kept record is plain data (JSON): the event's name, the version it was
recorded at, the number of the meeting it fell in (0 before the first),
the moment in ISO 8601 (UTC), the persons its personal text is about, the
names of those texts, and the event's details. Forgetting a person replaces
those texts by :data:`~circleflow.FORGOTTEN`, as reading the events again
would.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from circleflow.reports.sections import (
    leergroep,
    leernetwerkgroep,
    mastercircle,
    samenwerking,
)
from circleflow.reports.sections.kept import forget_records, keep_record, records

if TYPE_CHECKING:
    from circleflow.reports.layout import Table
    from circleflow.reports.report import CircleReport

__all__ = [
    "KEPT_EVENTS",
    "SECTIONS",
    "forget_records",
    "format_tables",
    "keep_record",
    "open_items",
    "records",
]

#: The section module of each built-in format, by the format's name.
SECTIONS: dict[str, ModuleType] = {
    "mastercircle": mastercircle,
    "leergroep": leergroep,
    "leernetwerkgroep": leernetwerkgroep,
    "samenwerking": samenwerking,
}

#: The events whose details the report keeps, for any format's sections.
KEPT_EVENTS: frozenset[str] = frozenset(
    name for module in SECTIONS.values() for name in module.EVENTS
)


def _modules(report: CircleReport) -> list[tuple[ModuleType, bool]]:
    """The section modules that apply to ``report``: its own format's, and
    those of any other format whose events it recorded (a format defined in
    TOML may combine them)."""
    kinds = {record["event"] for record in report.records}
    return [
        (module, name == report.format)
        for name, module in SECTIONS.items()
        if name == report.format or kinds & set(module.EVENTS)
    ]


def format_tables(report: CircleReport, names: dict[str, str]) -> list[Table]:
    """The tables the formats contribute to ``report``: all of its own
    format's, and those with rows of other formats."""
    tables: list[Table] = []
    for module, own in _modules(report):
        made: list[Table] = module.tables(report, names)
        tables += [t for t in made if own or t.rows]
    return tables


def open_items(report: CircleReport, names: dict[str, str]) -> list[tuple[str, str]]:
    """What is still open on ``report``'s circle, as the formats see it:
    pairs of what and a detail."""
    items: list[tuple[str, str]] = []
    for module, _own in _modules(report):
        find: Callable[..., list[tuple[str, str]]] = module.open_items
        items += find(report, names)
    return items
