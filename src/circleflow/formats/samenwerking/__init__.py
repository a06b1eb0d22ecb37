# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Samenwerking pack ("Samenwerken DOEN"): mandates renewed after every
meeting, concerns heard, problems with proposals, the consensus record,
Temporary Workable Agreements (TWOs) and roles with tasks."""

from __future__ import annotations

from collections.abc import Iterable

from circleflow.format import Format
from circleflow.formats.samenwerking.checks import check_stage
from circleflow.formats.samenwerking.commands import COMMANDS
from circleflow.formats.samenwerking.events import EVENTS, RENAMED
from circleflow.formats.samenwerking.rules import RULES
from circleflow.language import N_
from circleflow.packs import Pack
from circleflow.personal_data import PersonalData


def _formats() -> Iterable[Format]:
    from circleflow.formats.samenwerking.definition import SAMENWERKING

    return (SAMENWERKING,)


PACK = Pack(
    name="samenwerking",
    title="Samenwerking",
    description=N_(
        "Samenwerken DOEN: mandates renewed after every meeting, concerns heard, "
        "a proposal for every problem, a consensus record, Temporary Workable "
        "Agreements and roles with tasks."
    ),
    commands=COMMANDS,
    rules=RULES,
    events=EVENTS,
    renamed=RENAMED,
    formats=_formats,
    check_stage=check_stage,
    state={
        "mandates": dict,
        "problems": dict,
        "consensus": dict,
        "twos": dict,
        "roles": dict,
    },
    meeting_state={"heard": list, "open_problems": list},
    personal_data=(
        PersonalData("MandateRenewed", refers=("person",)),
        PersonalData("ConcernsVoiced", ("concerns",), "person", ("person",)),
        PersonalData("ProblemNamed", refers=("person",)),
        PersonalData("SolutionProposed", refers=("person",)),
        PersonalData("ConsensusRecorded"),
        PersonalData("TWOAgreed", refers=("parties",)),
        PersonalData("TWOActedOn", refers=("person",)),
        PersonalData("TWOReflectedOn", refers=("person",)),
        PersonalData("RoleAssigned", refers=("holder",)),
        PersonalData("RoleHandedOver", refers=("from_person", "to_person")),
    ),
)
