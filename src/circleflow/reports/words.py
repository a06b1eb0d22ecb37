# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The words a report shows for stored values: roles, states, formats,
kinds, persons, dates and moments, in the language texts are shown in.

Stored values stay as they were recorded; only the report says them in
words ("Oogst gehouden", "Mastercircle, versie 1", "2 december 2026 om
14:05"). Moments are shown in the time zone of :mod:`circleflow.local_time`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from circleflow import FORGOTTEN
from circleflow.language import N_, _, current_language
from circleflow.local_time import TIMEZONE_ENV_VAR, local, show_date, show_moment
from circleflow.workflow import SEPARATOR

if TYPE_CHECKING:
    from circleflow.reports.report import CircleReport

#: The roles of members, in words.
ROLES: Mapping[str, str] = {
    "participant": N_("participant"),
    "master": N_("master"),
    "facilitator": N_("facilitator"),
    "sponsor": N_("sponsor"),
    "guest": N_("guest"),
    "host": N_("host"),
}

#: The kinds of recorded values (feedback, insights, agenda fates, the
#: go or no-go), in words.
KINDS: Mapping[str, str] = {
    "appreciative": N_("appreciative"),
    "addition": N_("addition"),
    "lesson": N_("lesson"),
    "dilemma": N_("dilemma"),
    "intervention": N_("intervention"),
    "proposed": N_("proposed"),
    "adopted": N_("adopted"),
    "dropped": N_("dropped"),
    "submitted": N_("submitted"),
    "go": N_("go"),
    "no-go": N_("no-go"),
    "cancelled": N_("cancelled"),
    "concluded early": N_("concluded early"),
}

#: What each event records, in words (for the appendix).
EVENTS: Mapping[str, str] = {
    "CircleFounded": N_("circle founded"),
    "MemberJoined": N_("member joined"),
    "SessionScheduled": N_("meeting planned"),
    "SessionOpened": N_("meeting opened"),
    "ElementEntered": N_("element entered"),
    "SessionHeld": N_("meeting held"),
    "CircleConcluded": N_("circle concluded"),
    "RegistrationDeadlineSet": N_("registration deadline set"),
    "RegistrationClosed": N_("registration closed"),
    "CircleMigrated": N_("moved to a newer format version"),
    "MemberLeft": N_("member left"),
    "CircleCancelled": N_("circle cancelled"),
    "CircleConcludedEarly": N_("circle concluded early"),
    "AttendanceCorrected": N_("attendance corrected"),
    "TextCorrected": N_("text corrected"),
    "UrgencyStated": N_("urgency stated"),
    "HarvestPresented": N_("harvest presented"),
    "HarvestAccepted": N_("harvest accepted"),
    "HotSeatTaken": N_("hot seat taken"),
    "FeedbackGiven": N_("feedback given"),
    "MasterDialogueHeld": N_("master dialogue held"),
    "SynergyNoted": N_("synergy noted"),
    "ActionRecorded": N_("action recorded"),
    "SubjectChosen": N_("subject chosen"),
    "InsightRecorded": N_("insight recorded"),
    "AgendaItemProposed": N_("agenda item proposed"),
    "AgendaItemAdopted": N_("agenda item adopted"),
    "AgendaItemDropped": N_("agenda item dropped"),
    "AgendaItemSubmitted": N_("agenda item submitted"),
    "LearningWishStated": N_("learning wish stated"),
    "AimSet": N_("aim set"),
    "AssignmentCompleted": N_("assignment completed"),
    "MandateRenewed": N_("mandate renewed"),
    "ConcernsVoiced": N_("concerns voiced"),
    "ProblemNamed": N_("problem named"),
    "SolutionProposed": N_("proposal made"),
    "ConsensusRecorded": N_("consensus recorded"),
    "TWOAgreed": N_("TWO agreed"),
    "TWOActedOn": N_("acted on a TWO"),
    "TWOReflectedOn": N_("reflected on a TWO"),
    "RoleAssigned": N_("role assigned"),
    "RoleHandedOver": N_("role handed over"),
}

_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")


def words(name: str) -> str:
    """A name written together in parts ("DoorzichtigMaken") as words
    ("Doorzichtig maken"); other names unchanged."""
    parts = _WORDS.split(name)
    return " ".join([parts[0], *(p.lower() for p in parts[1:])])


def role(name: str) -> str:
    """A member's role in words."""
    known = ROLES.get(name)
    return name if known is None else _(known)


def kind(value: str) -> str:
    """A recorded kind or fate in words."""
    known = KINDS.get(value)
    return value if known is None else _(known)


def event(name: str) -> str:
    """What an event of type ``name`` records, in words."""
    known = EVENTS.get(name)
    return _(known) if known is not None else words(name).lower()


def format_name(name: str, version: int) -> str:
    """A format and its version: "Mastercircle, version 1"."""
    return _("{format}, version {version}").format(
        format=name[:1].upper() + name[1:], version=version
    )


def state(value: str) -> str:
    """Where a circle stands, in words: "Oogst.Gehouden" reads "Oogst
    held", "Opgave.Uitwisselen" reads "Opgave, Uitwisselen"."""
    if not value:
        return ""
    parts = [words(part) for part in value.split(SEPARATOR)]
    if len(parts) > 1 and parts[-1] == "Gehouden":
        return _("{stage} held").format(stage=", ".join(parts[:-1]))
    return ", ".join(parts)


def text(value: str) -> str:
    """A recorded text; one about a forgotten person reads as gone."""
    return _("(forgotten)") if value == FORGOTTEN else value


def person(names: Mapping[str, str], person_id: str | None) -> str:
    """The name of ``person_id`` as the report knows it; a forgotten person
    reads "(forgotten person)"."""
    if not person_id:
        return ""
    name = names.get(person_id, person_id)
    return _("(forgotten person)") if name == FORGOTTEN else name


def persons(names: Mapping[str, str], ids: object) -> str:
    """Several persons' names, separated by commas."""
    if not isinstance(ids, list | tuple):
        return person(names, str(ids) if ids else None)
    return ", ".join(person(names, str(i)) for i in ids)


def moment(value: datetime | None) -> str:
    """A moment as a person reads it (local time, in words)."""
    if value is None:
        return ""
    # Shown to the minute, and many records share one: the key is the minute.
    minute = value.replace(second=0, microsecond=0)
    return _shown(minute, current_language(), os.environ.get(TIMEZONE_ENV_VAR, ""))


@lru_cache(maxsize=4096)
def _shown(value: datetime, language: str, zone: str) -> str:
    # The language and zone are part of the key; show_moment reads the zone.
    return show_moment(value, language=language)


def day(value: date | datetime | None) -> str:
    """A day as a person reads it."""
    return "" if value is None else show_date(value)


def span(value: str | None) -> str:
    """A planned ISO day or interval of days ("2027-01-04/2027-01-05") in
    words."""
    if not value:
        return ""
    first, _sep, last = value.partition("/")
    try:
        shown = show_date(date.fromisoformat(first))
        if not last:
            return shown
        return _("{first} to {last}").format(
            first=shown, last=show_date(date.fromisoformat(last))
        )
    except ValueError:
        return value


def meeting(report: CircleReport, number: int) -> str:
    """Meeting ``number`` of ``report`` by its stage: "Opgave (2)"; before
    the first meeting, "before the first meeting"."""
    rows = report.meetings
    # Meetings are numbered in order from 1, so the row is found at once.
    found = rows[number - 1] if 0 < number <= len(rows) else None
    if found is None or found.number != number:
        found = next((row for row in rows if row.number == number), None)
    if found is not None and found.opened_at is not None:
        return _("{stage} ({number})").format(stage=words(found.stage), number=number)
    if number == 0:
        return _("before the first meeting")
    return str(number)


def names_of(report: CircleReport) -> dict[str, str]:
    """The names of the members of ``report``, by person id."""
    return {m.person: m.name for m in report.members}


def local_day(moment: datetime) -> date:
    """The day ``moment`` falls on in local time."""
    return local(moment).date()
