# SPDX-License-Identifier: EUPL-1.2
"""circleflow: an event-sourced workflow engine for learning and collaboration
circles of Dutch government organisations (Mastercircle and kin).

Everything a user needs is importable from here::

    from circleflow import Circles

    app = Circles("circles.db")           # or "memory:", "postgresql://..."
    pid = app.register_person("Anna", actor="u-1")
    cid = app.found_circle("mastercircle", title="...", challenge="...", actor="u-1")
"""

from typing import Any

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
from circleflow.circle import Circle, CircleEvent
from circleflow.community import Community
from circleflow.diagram import mermaid
from circleflow.errors import (
    ChainBroken,
    CircleflowError,
    ConcurrentChange,
    ForgettingIncomplete,
    ForgottenPerson,
    FormatError,
    InvalidInput,
    StepRefused,
    StoreError,
    UnknownCircle,
    UnknownFormat,
    UnknownPerson,
)
from circleflow.format import (
    ROLES,
    Element,
    Format,
    GroupSize,
    Stage,
)
from circleflow.format_checks import known_activities, known_conditions
from circleflow.format_toml import dumps_format, load_format, loads_format
from circleflow.formats.mastercircle.commands import FEEDBACK_KINDS
from circleflow.inputs import text
from circleflow.integrity import LogChain, Verification
from circleflow.packs import ENTRY_POINT_GROUP, Pack, register_pack
from circleflow.packs import registry as pack_registry
from circleflow.person import Person
from circleflow.personal_data import PersonalData, catalogue, personal_data_of
from circleflow.registry import FormatRegistry
from circleflow.rules import Command, Move, Param, Rule, choice, free, person, persons
from circleflow.sealing import FORGOTTEN
from circleflow.store import DEFAULT_STORE, STORE_ENV_VAR, store_env
from circleflow.workflow import Place, Step, Workflow, workflow_for

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # These follow the packs registered when they are asked for.
    if name == "PERSONAL_DATA":
        return catalogue()
    if name == "ACTIVITIES":
        return known_activities()
    if name == "CONDITIONS":
        return known_conditions("hold")
    raise AttributeError(name)


__all__ = [
    "ACTIVITIES",
    "CONDITIONS",
    "CONSENSUS_ITEMS",
    "DEFAULT_STORE",
    "ENTRY_POINT_GROUP",
    "FEEDBACK_KINDS",
    "FORGOTTEN",
    "GROUND_RULES",
    "LEERGROEP",
    "LEERNETWERKGROEP",
    "MASTERCIRCLE",
    "PERSONAL_DATA",
    "ROLES",
    "SAMENWERKING",
    "SIX_ELEMENTS",
    "STORE_ENV_VAR",
    "ChainBroken",
    "Circle",
    "CircleEvent",
    "CircleSummary",
    "CircleflowError",
    "Circles",
    "Command",
    "Community",
    "ConcurrentChange",
    "Element",
    "ForgettingIncomplete",
    "ForgottenPerson",
    "Format",
    "FormatError",
    "FormatRegistry",
    "GroupSize",
    "HistoryEntry",
    "InvalidInput",
    "LogChain",
    "LoggedEvent",
    "Move",
    "Pack",
    "Param",
    "Person",
    "PersonalData",
    "Place",
    "Position",
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
    "dumps_format",
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
    "store_env",
    "text",
    "workflow_for",
]
