# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Leernetwerkgroep, from seed 003."""

from __future__ import annotations

from circleflow.format import Deadline, Format, GroupSize, Stage
from circleflow.language import N_


def leernetwerkgroep() -> Format:
    """The Leernetwerkgroep: 8 to 12 participants, five meetings and a
    manifestation, with registration closing in a go or no-go.

    Interpretation of the lengths: the source gives 15 half-days for the
    whole trajectory; here the start and closing meetings take a day (2
    half-days), the two-day meetings 4, the one-day meeting 2 and the
    manifestation 1. The weeks follow the source's dates from the start
    meeting; the source dates the manifestation before the closing meeting
    but calls it the close, so it comes last here.
    """

    def meeting(name: str, title: str, kind: str, **kwargs: object) -> Stage:
        return Stage(
            name=name,
            title=title,
            kind=kind,
            attendees={"facilitator", "guest"},
            required={"facilitator"},
            **kwargs,  # type: ignore[arg-type]
        )

    return Format(
        name="leernetwerkgroep",
        version=1,
        title="Leernetwerkgroep",
        description=N_(
            "A learning-network group of 8 to 12 professionals: personal learning "
            "wishes, a shared aim, an assignment in each participant's own "
            "practice, five hosted meetings and a closing manifestation."
        ),
        roles={"participant", "facilitator", "guest"},
        participants=GroupSize(minimum=8, maximum=12),
        facilitators=GroupSize(minimum=2, maximum=2),
        registration=True,
        hosted=True,
        circle_fields=("cost_per_person", "subsidy"),
        between_activities=("complete_assignment",),
        before="Inschrijving",
        stages=(
            meeting(
                "Start",
                "Startbijeenkomst",
                "start meeting",
                activities=("state_learning_wish", "set_aim"),
                requires=("learning-wishes-stated", "aim-set"),
                week=0,
                half_days=2,
                duration="1 dag",
            ),
            meeting(
                "Tweedaagse1",
                "Tweedaagse",
                "two-day meeting",
                activities=("complete_assignment",),
                week=15,
                half_days=4,
                days=2,
                duration="2 dagen",
            ),
            meeting(
                "Eendaagse",
                "Eendaagse",
                "one-day meeting",
                activities=("complete_assignment",),
                week=21,
                half_days=2,
                duration="1 dag",
            ),
            meeting(
                "Tweedaagse2",
                "Tweedaagse",
                "two-day meeting",
                activities=("complete_assignment",),
                week=26,
                half_days=4,
                days=2,
                duration="2 dagen",
            ),
            meeting(
                "Slot",
                "Slotbijeenkomst",
                "closing meeting",
                activities=("complete_assignment",),
                requires=("assignments-done",),
                week=33,
                half_days=2,
                duration="1 dag",
            ),
            meeting(
                "Manifestatie",
                "Manifestatie",
                "manifestation",
                activities=("present_harvest",),
                requires=("harvest-presented",),
                week=34,
                half_days=1,
                duration="dagdeel",
            ),
        ),
        deadlines=(
            Deadline("registration", who={"facilitator"}),
            Deadline("session", who={"facilitator"}),
        ),
    )


LEERNETWERKGROEP = leernetwerkgroep()
