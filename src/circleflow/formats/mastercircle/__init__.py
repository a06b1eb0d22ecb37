# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Mastercircle pack: five sessions, reverse learning in the hot seat,
masters and sponsors, the six elements on two levels."""

from __future__ import annotations

from collections.abc import Iterable

from circleflow.format import Format
from circleflow.formats.mastercircle.checks import check_stage
from circleflow.formats.mastercircle.commands import COMMANDS
from circleflow.formats.mastercircle.events import EVENTS, RENAMED
from circleflow.formats.mastercircle.rules import RULES
from circleflow.language import N_
from circleflow.packs import Pack
from circleflow.personal_data import PersonalData


def _formats() -> Iterable[Format]:
    from circleflow.formats.mastercircle.definition import MASTERCIRCLE

    return (MASTERCIRCLE,)


PACK = Pack(
    name="mastercircle",
    title="Mastercircle",
    description=N_(
        "Reverse learning in the hot seat: present, feedback, a dialogue with the "
        "master; the sponsor's urgency and harvest."
    ),
    commands=COMMANDS,
    rules=RULES,
    events=EVENTS,
    renamed=RENAMED,
    formats=_formats,
    check_stage=check_stage,
    state={"hot_seat": lambda: None},
    meeting_state={"hot_seats_done": list},
    personal_data=(
        PersonalData("UrgencyStated", refers=("sponsor",)),
        PersonalData("HotSeatTaken", ("topic",), "participant", ("participant",)),
        PersonalData("FeedbackGiven", ("feedback",), "receiver", ("giver", "receiver")),
        PersonalData(
            "MasterDialogueHeld", ("summary",), "participant", ("participant", "master")
        ),
        PersonalData("SynergyNoted", ("note",), "between", ("noted_by", "between")),
        PersonalData("ActionRecorded", ("action",), "participant", ("participant",)),
        PersonalData("HarvestPresented", refers=("presenter",)),
        PersonalData("HarvestAccepted", refers=("sponsor",)),
    ),
)
