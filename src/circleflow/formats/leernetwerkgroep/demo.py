# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The demo of a Leernetwerkgroep: a complete circle, and one illegal move."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

from circleflow.application import Circles
from circleflow.walk import ACTOR, Report, Walk, quiet, register_people


def run_leernetwerkgroep(
    app: Circles,
    *,
    participants: int = 8,
    start: date | None = None,
    report: Report = quiet,
) -> UUID:
    """Registration, go, five hosted meetings and the manifestation."""
    first = start or date(2027, 6, 14)
    facilitators = register_people(app, "Leerbegeleider", 2)
    towns = ["Alphen", "Leiden", "Gouda", "Delft"]
    people = [
        app.register_person(
            f"HR-adviseur {n + 1}", organisation=towns[n % 4], actor=ACTOR
        )
        for n in range(participants)
    ]
    circle_id = app.found_circle(
        "leernetwerkgroep",
        title="Eigen regie en vertrouwen",
        challenge="HRM als wegbereider van de gemeente als netwerkpartner",
        details={"cost_per_person": "EUR 1550 excl. btw", "subsidy": "50% A+O fonds"},
        actor=ACTOR,
    )
    step = Walk(app, circle_id, report)
    step(
        "set_registration_deadline",
        app.set_registration_deadline,
        first - timedelta(days=18),
    )
    for person in facilitators:
        step("join facilitator", app.join, person, "facilitator")
    for person in people:
        step("join participant", app.join, person, "participant")
    step("close_registration", app.close_registration, on=first - timedelta(days=17))
    step("schedule", app.schedule, first)
    group = [*facilitators, *people]
    meetings = ("Start", "Tweedaagse1", "Eendaagse", "Tweedaagse2", "Slot")
    for number, stage in enumerate(meetings):
        step(
            f"open_session {stage}",
            app.open_session,
            stage,
            group,
            host=towns[number % len(towns)],
        )
        if stage == "Start":
            for person in people:
                step(
                    "state_learning_wish",
                    app.state_learning_wish,
                    person,
                    "Leren loslaten en vertrouwen geven.",
                )
            step(
                "set_aim",
                app.set_aim,
                "Een opdracht in de eigen gemeente",
                "Eigen regie zichtbaar in de organisatie",
            )
        if stage == "Slot":
            for person in people:
                step(
                    "complete_assignment",
                    app.complete_assignment,
                    person,
                    "Pilot zelforganiserend team",
                    result="Team werkt zonder vaste planning",
                )
        step("hold_session", app.hold_session)
    step(
        "open_session Manifestatie",
        app.open_session,
        "Manifestatie",
        group,
        host=towns[1],
    )
    step(
        "present_harvest",
        app.present_harvest,
        people[0],
        "Ervaringen en plannen voor collega's en netwerkpartners",
    )
    step("hold_session", app.hold_session)
    return circle_id


def refuse_leernetwerkgroep(app: Circles) -> tuple[UUID, str, Callable[[], object]]:
    circle_id = app.found_circle(
        "leernetwerkgroep", title="Vol", challenge="Leren", actor=ACTOR
    )
    people = register_people(app, "Aanmelder", 13, organisation="Gouda")
    for person in people[:12]:
        app.join(circle_id, person, "participant", actor=ACTOR)
    return (
        circle_id,
        "join a 13th participant",
        lambda: app.join(circle_id, people[12], "participant", actor=ACTOR),
    )
