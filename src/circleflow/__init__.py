# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""circleflow: an event-sourced workflow engine for learning and collaboration
circles of Dutch government organisations (Mastercircle and kin).

Everything a user needs is importable from here::

    from circleflow import Circles

    app = Circles("circles.db")           # or "memory:", "postgresql://..."
    pid = app.register_person("Anna", actor="u-1")
    cid = app.found_circle("mastercircle", title="...", challenge="...", actor="u-1")

Importing the package loads only its errors: every other name is loaded on
first use (module ``__getattr__``), so that a command, or a program that
needs one part, does not pay for the event store, the formats, the state
machines, the cryptography and the format files all at once.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from circleflow.errors import (
    ChainBroken,
    CircleflowError,
    ConcurrentChange,
    ForgettingIncomplete,
    ForgottenPerson,
    FormatError,
    InvalidInput,
    MigrationRefused,
    StepRefused,
    StoreError,
    UnknownCircle,
    UnknownFormat,
    UnknownPerson,
)

if TYPE_CHECKING:
    from circleflow.application import (
        Circles,
        CircleSummary,
        HistoryEntry,
        LoggedEvent,
        Position,
    )
    from circleflow.builtin import (
        CONSENSUS_ITEMS,
        GROUND_RULES,
        LEERGROEP,
        LEERNETWERKGROEP,
        MASTERCIRCLE,
        SAMENWERKING,
        SIX_ELEMENTS,
        builtin_formats,
        mastercircle,
    )
    from circleflow.calendar import circle_calendar
    from circleflow.circle import Circle, CircleEvent
    from circleflow.community import Community
    from circleflow.deadlines import CircleDue, Due
    from circleflow.diagram import mermaid
    from circleflow.format import (
        ROLES,
        Deadline,
        Element,
        Format,
        GroupSize,
        Stage,
    )
    from circleflow.format_toml import dumps_format, load_format, loads_format
    from circleflow.formats.mastercircle.commands import FEEDBACK_KINDS
    from circleflow.inputs import text
    from circleflow.integrity import LogChain, Verification
    from circleflow.language import LANGUAGES, current_language, use_language
    from circleflow.life_steps import Correction
    from circleflow.local_time import show_date, show_moment
    from circleflow.meetings import Meeting
    from circleflow.migration import Change, Conflict, Difference, Migration
    from circleflow.migration import difference as format_difference
    from circleflow.packs import ENTRY_POINT_GROUP, Pack, register_pack
    from circleflow.packs import registry as pack_registry
    from circleflow.person import Person
    from circleflow.personal_data import PersonalData, catalogue, personal_data_of
    from circleflow.queries import History
    from circleflow.receipts import Receipt
    from circleflow.references import PersonSummary, ReferenceClaim
    from circleflow.registry import FormatRegistry
    from circleflow.rules import (
        Command,
        Move,
        Param,
        Rule,
        choice,
        free,
        person,
        persons,
    )
    from circleflow.sealing import FORGOTTEN
    from circleflow.store import DEFAULT_STORE, STORE_ENV_VAR, store_env
    from circleflow.workflow import Place, Step, Workflow, workflow_for

__version__ = "0.1.0"

#: The module of each name of the public API, loaded when the name is first
#: asked for.
_MODULES: dict[str, tuple[str, ...]] = {
    "circleflow.application": (
        "Circles",
        "CircleSummary",
        "HistoryEntry",
        "LoggedEvent",
        "Position",
    ),
    "circleflow.builtin": (
        "CONSENSUS_ITEMS",
        "GROUND_RULES",
        "LEERGROEP",
        "LEERNETWERKGROEP",
        "MASTERCIRCLE",
        "SAMENWERKING",
        "SIX_ELEMENTS",
        "builtin_formats",
        "mastercircle",
    ),
    "circleflow.calendar": ("circle_calendar",),
    "circleflow.circle": ("Circle", "CircleEvent"),
    "circleflow.community": ("Community",),
    "circleflow.deadlines": ("CircleDue", "Due"),
    "circleflow.diagram": ("mermaid",),
    "circleflow.format": (
        "ROLES",
        "Deadline",
        "Element",
        "Format",
        "GroupSize",
        "Stage",
    ),
    "circleflow.format_checks": ("known_activities", "known_conditions"),
    "circleflow.format_toml": ("dumps_format", "load_format", "loads_format"),
    "circleflow.formats.mastercircle.commands": ("FEEDBACK_KINDS",),
    "circleflow.inputs": ("text",),
    "circleflow.integrity": ("LogChain", "Verification"),
    "circleflow.meetings": ("Meeting",),
    "circleflow.language": ("LANGUAGES", "current_language", "use_language"),
    "circleflow.local_time": ("show_date", "show_moment"),
    "circleflow.life_steps": ("Correction",),
    "circleflow.packs": ("ENTRY_POINT_GROUP", "Pack", "register_pack", "pack_registry"),
    "circleflow.migration": (
        "Change",
        "Conflict",
        "Difference",
        "Migration",
        "format_difference",
    ),
    "circleflow.person": ("Person",),
    "circleflow.personal_data": ("PersonalData", "catalogue", "personal_data_of"),
    "circleflow.queries": ("History",),
    "circleflow.receipts": ("Receipt",),
    "circleflow.references": ("PersonSummary", "ReferenceClaim"),
    "circleflow.registry": ("FormatRegistry",),
    "circleflow.rules": (
        "Command",
        "Move",
        "Param",
        "Rule",
        "choice",
        "free",
        "person",
        "persons",
    ),
    "circleflow.sealing": ("FORGOTTEN",),
    "circleflow.store": ("DEFAULT_STORE", "STORE_ENV_VAR", "store_env"),
    "circleflow.workflow": ("Place", "Step", "Workflow", "workflow_for"),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}
#: Names that the public API gives another name than their module does.
_RENAMED = {"pack_registry": "registry", "format_difference": "difference"}

#: Submodules named like a function of the public API: importing one of
#: them must not hide the function (see :class:`_Package`).
_SHADOWED = frozenset({"person", "persons"})


def __getattr__(name: str) -> Any:
    # These follow the packs registered when they are asked for.
    if name == "PERSONAL_DATA":
        return _load("catalogue")()
    if name == "ACTIVITIES":
        return _load("known_activities")()
    if name == "CONDITIONS":
        return _load("known_conditions")("hold")
    if name in _LAZY:
        value = _load(name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load(name: str) -> Any:
    return getattr(import_module(_LAZY[name]), _RENAMED.get(name, name))


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(ModuleType):
    """The package module, keeping ``person`` and ``persons`` the functions
    of the public API when the submodules of those names are imported (the
    import system sets each submodule as an attribute of its package)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "ACTIVITIES",
    "CONDITIONS",
    "CONSENSUS_ITEMS",
    "DEFAULT_STORE",
    "ENTRY_POINT_GROUP",
    "FEEDBACK_KINDS",
    "FORGOTTEN",
    "GROUND_RULES",
    "LANGUAGES",
    "LEERGROEP",
    "LEERNETWERKGROEP",
    "MASTERCIRCLE",
    "PERSONAL_DATA",
    "ROLES",
    "SAMENWERKING",
    "SIX_ELEMENTS",
    "STORE_ENV_VAR",
    "ChainBroken",
    "Change",
    "Circle",
    "CircleDue",
    "CircleEvent",
    "CircleSummary",
    "CircleflowError",
    "Circles",
    "Command",
    "Community",
    "ConcurrentChange",
    "Conflict",
    "Correction",
    "Deadline",
    "Difference",
    "Due",
    "Element",
    "ForgettingIncomplete",
    "ForgottenPerson",
    "Format",
    "FormatError",
    "FormatRegistry",
    "GroupSize",
    "History",
    "HistoryEntry",
    "InvalidInput",
    "LogChain",
    "LoggedEvent",
    "Meeting",
    "Migration",
    "MigrationRefused",
    "Move",
    "Pack",
    "Param",
    "Person",
    "PersonSummary",
    "PersonalData",
    "Place",
    "Position",
    "Receipt",
    "ReferenceClaim",
    "Rule",
    "Stage",
    "Step",
    "StepRefused",
    "StoreError",
    "UnknownCircle",
    "UnknownFormat",
    "UnknownPerson",
    "Verification",
    "Workflow",
    "builtin_formats",
    "catalogue",
    "choice",
    "circle_calendar",
    "current_language",
    "dumps_format",
    "format_difference",
    "free",
    "load_format",
    "loads_format",
    "mastercircle",
    "mermaid",
    "pack_registry",
    "person",
    "personal_data_of",
    "persons",
    "register_pack",
    "show_date",
    "show_moment",
    "store_env",
    "text",
    "use_language",
    "workflow_for",
]
