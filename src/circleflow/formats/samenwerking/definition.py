# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Samenwerken DOEN, from seed 004."""

from __future__ import annotations

from circleflow.format import Deadline, Format, GroupSize, Stage
from circleflow.language import N_

#: The items of a Samenwerking's consensus record, recorded in phase 2.
CONSENSUS_ITEMS = (
    "spelregels",
    "aan-tafel",
    "mandaat",
    "waar-wel-over",
    "waar-niet-over",
    "rollen",
    "voorbereiding",
    "routing",
    "procesevaluatie",
)

#: The seven ground rules of Samenwerken DOEN, in the format's own words.
GROUND_RULES = (
    "We bespreken alleen oplossingen die we zelf kunnen inzetten.",
    "Wie een probleem noemt, doet er ook een voorstel of oplossing bij.",
    "Ieder zit aan tafel namens de eigen organisatie, met mandaat om afspraken "
    "te maken.",
    "Na elke bijeenkomst vernieuwt ieder het mandaat op basis van de uitkomst.",
    "Ieder spreekt de eigen zorgen of bedenkingen uit.",
    "Verslagen zijn bondig en concreet: welke afspraken en keuzes, en waarom.",
    "Wie verantwoordelijk is voor een deel, is medeverantwoordelijk voor het geheel.",
)


def samenwerking() -> Format:
    """Samenwerken DOEN: three phases about the fence between organisations.

    Each phase holds any number of meetings. A meeting opens only when every
    member renewed their mandate after the previous one; it closes only when
    every present member was heard and every problem named got a proposal.
    Phase 2 records the consensus and cannot be left before it is complete.
    """
    shared = (
        "voice_concerns",
        "name_problem",
        "propose_solution",
        "agree_two",
        "act_on_two",
        "reflect_on_two",
        "assign_role",
        "hand_over_role",
    )

    def phase(name: str, title: str, description: str, **kwargs: object) -> Stage:
        return Stage(
            name=name,
            title=title,
            kind="phase",
            attendees={"facilitator", "guest"},
            requires=("concerns-heard", "problems-have-proposals"),
            requires_to_open=("mandates-renewed",),
            repeatable=True,
            description=description,
            **kwargs,  # type: ignore[arg-type]
        )

    return Format(
        name="samenwerking",
        version=1,
        title="Samenwerking",
        description=N_(
            "Collaboration across organisational fences in three phases, with "
            "ground rules, mandates renewed after every meeting, a consensus "
            "record and Temporary Workable Agreements."
        ),
        roles={"participant", "facilitator", "guest"},
        participants=GroupSize(minimum=2),
        facilitators=GroupSize(minimum=0),
        ground_rules=GROUND_RULES,
        between_activities=(
            "renew_mandate",
            "act_on_two",
            "assign_role",
            "hand_over_role",
        ),
        stages=(
            phase(
                "Erkennen",
                "De schutting erkennen",
                N_("keep and respect each group's boundaries; value the differences"),
                activities=shared,
            ),
            phase(
                "DoorzichtigMaken",
                "De schutting doorzichtig maken",
                N_("get to know each other and record the consensus"),
                activities=(*shared, "record_consensus"),
                consensus=CONSENSUS_ITEMS,
                requires_to_leave=("consensus-complete",),
            ),
            phase(
                "Verruimen",
                "De schutting verruimen",
                N_("a shared identity and goal above each group's own"),
                activities=shared,
            ),
        ),
        deadlines=(
            Deadline("session", who={"facilitator"}),
            # Ground rule 4: after every meeting each member renews their mandate.
            Deadline("mandate", days=14),
            Deadline("two", who={"facilitator"}),
        ),
    )


SAMENWERKING = samenwerking()
