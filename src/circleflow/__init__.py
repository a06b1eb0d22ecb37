# SPDX-License-Identifier: EUPL-1.2
"""circleflow: an event-sourced workflow engine for learning and collaboration
circles of Dutch government organisations (Mastercircle and kin).

Everything a user needs is importable from here::

    from circleflow import Circles

    app = Circles("circles.db")           # or "memory:", "postgresql://..."
    pid = app.register_person("Anna", actor="u-1")
    cid = app.found_circle("mastercircle", title="...", challenge="...", actor="u-1")
"""

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
from circleflow.circle import FEEDBACK_KINDS, Circle
from circleflow.community import Community
from circleflow.diagram import mermaid
from circleflow.errors import (
    CircleflowError,
    ConcurrentChange,
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
    ACTIVITIES,
    CONDITIONS,
    ROLES,
    Element,
    Format,
    GroupSize,
    Stage,
)
from circleflow.format_toml import dumps_format, load_format, loads_format
from circleflow.integrity import LogChain, Verification
from circleflow.person import Person
from circleflow.personal_data import CATALOGUE as PERSONAL_DATA
from circleflow.personal_data import PersonalData, personal_data_of
from circleflow.registry import FormatRegistry
from circleflow.sealing import FORGOTTEN
from circleflow.store import DEFAULT_STORE, STORE_ENV_VAR, store_env
from circleflow.workflow import Place, Step, Workflow, workflow_for

__version__ = "0.1.0"

__all__ = [
    "ACTIVITIES",
    "CONDITIONS",
    "CONSENSUS_ITEMS",
    "DEFAULT_STORE",
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
    "Circle",
    "CircleSummary",
    "CircleflowError",
    "Circles",
    "Community",
    "ConcurrentChange",
    "Element",
    "ForgottenPerson",
    "Format",
    "FormatError",
    "FormatRegistry",
    "GroupSize",
    "HistoryEntry",
    "InvalidInput",
    "LogChain",
    "LoggedEvent",
    "Person",
    "PersonalData",
    "Place",
    "Position",
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
    "dumps_format",
    "load_format",
    "loads_format",
    "mastercircle",
    "mermaid",
    "personal_data_of",
    "store_env",
    "workflow_for",
]
