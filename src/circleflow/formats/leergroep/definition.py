# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Leergroep of programme directors, from seed 002."""

from __future__ import annotations

from circleflow.format import Deadline, Format, GroupSize, Stage
from circleflow.language import N_


def leergroep() -> Format:
    """The Leergroep: a small intervision group of programme directors.

    Open-ended: it meets about every two months with two facilitators until it
    is concluded. Each meeting chooses its subject with the group and records
    lessons, dilemmas and interventions, which carry over to the next meeting.
    Agenda items for the Secretaries-General are proposed and decided in
    meetings and submitted once adopted.
    """
    return Format(
        name="leergroep",
        version=1,
        title="Leergroep",
        description=N_(
            "An intervision group of peers that meets about every two months, "
            "chooses each subject together, carries its lessons forward and puts "
            "lessons, interventions and dilemmas on the agenda of the "
            "Secretaries-General."
        ),
        roles={"participant", "facilitator", "guest"},
        # Interpretation: "small" is read as three to eight peers.
        participants=GroupSize(minimum=3, maximum=8),
        facilitators=GroupSize(minimum=2, maximum=2),
        between_activities=("submit_agenda_item",),
        stages=(
            Stage(
                name="Bijeenkomst",
                title="Bijeenkomst van de leergroep",
                kind="intervision meeting",
                attendees={"facilitator", "guest"},
                required={"facilitator"},
                activities=(
                    "choose_subject",
                    "record_insight",
                    "propose_agenda_item",
                    "decide_agenda_item",
                    "submit_agenda_item",
                ),
                requires=("subject-chosen",),
                repeatable=True,
                # "zoom je ongeveer eens per twee maanden in" (seed 002).
                every_weeks=9,
                duration="ongeveer eens per twee maanden",
            ),
        ),
        deadlines=(
            Deadline("session", who={"facilitator"}),
            # "ongeveer eens per twee maanden" (seed 002): planned within about
            # two months of the last meeting.
            Deadline("next-meeting", days=61, who={"facilitator"}),
        ),
    )


LEERGROEP = leergroep()
