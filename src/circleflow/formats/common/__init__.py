# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The steps, events and rules every format shares."""

from __future__ import annotations

from circleflow.formats.common import life
from circleflow.formats.common.commands import COMMANDS
from circleflow.formats.common.events import EVENTS, LIFE_EVENTS, RENAMED
from circleflow.formats.common.rules import RULES
from circleflow.language import lazy_gettext
from circleflow.packs import Pack
from circleflow.personal_data import PersonalData

PACK = Pack(
    name="common",
    title=lazy_gettext("Steps every format shares"),
    description=lazy_gettext(
        "Members, planning, opening a meeting, walking its elements, holding it, "
        "concluding, registration with a go or no-go, and the steps real life "
        "brings: leaving, cancelling, concluding early and corrections."
    ),
    commands=COMMANDS + life.COMMANDS,
    rules=RULES + life.RULES,
    events=EVENTS + LIFE_EVENTS,
    renamed=RENAMED,
    state={"registration_deadline": lambda: None},
    meeting_state={"fulfilled": list},
    personal_data=(
        PersonalData("CircleFounded"),
        PersonalData("MemberJoined", ("challenge",), "person", ("person",)),
        PersonalData("SessionScheduled"),
        PersonalData("SessionOpened", refers=("attendees",)),
        PersonalData("ElementEntered"),
        PersonalData("SessionHeld"),
        PersonalData("CircleConcluded"),
        PersonalData("RegistrationDeadlineSet"),
        PersonalData("RegistrationClosed", refers=("participants",)),
        PersonalData("CircleMigrated"),
        PersonalData("MemberLeft", ("reason",), "person", ("person",)),
        PersonalData("CircleCancelled"),
        PersonalData("CircleConcludedEarly"),
        PersonalData("AttendanceCorrected", refers=("attendees",)),
        PersonalData("TextCorrected", ("text", "reason"), "about", ("about",)),
    ),
)
