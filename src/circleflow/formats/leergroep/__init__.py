# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Leergroep pack: intervision meetings of programme directors, lessons
carried over, agenda items for the Secretaries-General, and learning
communities of several groups."""

from __future__ import annotations

from collections.abc import Iterable

from circleflow.format import Format
from circleflow.formats.leergroep.commands import COMMANDS, carried_over
from circleflow.formats.leergroep.events import EVENTS, RENAMED
from circleflow.formats.leergroep.rules import RULES
from circleflow.language import N_
from circleflow.packs import Pack
from circleflow.personal_data import PersonalData


def _formats() -> Iterable[Format]:
    from circleflow.formats.leergroep.definition import LEERGROEP

    return (LEERGROEP,)


PACK = Pack(
    name="leergroep",
    title="Leergroep",
    description=N_(
        "A subject chosen in every meeting; lessons, dilemmas and interventions "
        "carried over to the next; agenda items for the Secretaries-General; "
        "learning communities of several groups."
    ),
    commands=COMMANDS,
    rules=RULES,
    events=EVENTS,
    renamed=RENAMED,
    formats=_formats,
    state={"insights": list, "agenda": dict},
    carry_over=carried_over,
    personal_data=(
        PersonalData("SubjectChosen", ("subject",), "brought_by", ("brought_by",)),
        PersonalData("InsightRecorded", ("insight",)),
        PersonalData("AgendaItemProposed", refers=("person",)),
        PersonalData("AgendaItemAdopted"),
        PersonalData("AgendaItemDropped"),
        PersonalData("AgendaItemSubmitted"),
        PersonalData("CommunityFormed"),
        PersonalData("GroupAdded"),
        PersonalData("GatheringHeld", refers=("attendees",)),
    ),
)
