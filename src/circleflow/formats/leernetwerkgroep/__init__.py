# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Leernetwerkgroep pack: learning wishes, the group's aim and each
participant's assignment in practice (registration and rotating hosts are
steps every format can use)."""

from __future__ import annotations

from collections.abc import Iterable

from circleflow.format import Format
from circleflow.formats.leernetwerkgroep.checks import check_stage
from circleflow.formats.leernetwerkgroep.commands import COMMANDS
from circleflow.formats.leernetwerkgroep.events import EVENTS, RENAMED
from circleflow.formats.leernetwerkgroep.rules import RULES
from circleflow.language import N_
from circleflow.packs import Pack
from circleflow.personal_data import PersonalData


def _formats() -> Iterable[Format]:
    from circleflow.formats.leernetwerkgroep.definition import LEERNETWERKGROEP

    return (LEERNETWERKGROEP,)


PACK = Pack(
    name="leernetwerkgroep",
    title="Leernetwerkgroep",
    description=N_(
        "Personal learning wishes and the group's aim at the start meeting, one "
        "assignment per participant in their own practice."
    ),
    commands=COMMANDS,
    rules=RULES,
    events=EVENTS,
    renamed=RENAMED,
    formats=_formats,
    check_stage=check_stage,
    state={"assignments_done": list},
    meeting_state={"wishes": list},
    personal_data=(
        PersonalData("LearningWishStated", ("wish",), "participant", ("participant",)),
        PersonalData("AimSet"),
        PersonalData(
            "AssignmentCompleted",
            ("assignment", "result"),
            "participant",
            ("participant",),
        ),
    ),
)
