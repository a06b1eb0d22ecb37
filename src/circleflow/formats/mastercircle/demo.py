# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The demo of a Mastercircle: a complete circle, and one illegal move."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from circleflow.application import Circles
from circleflow.walk import ACTOR, Report, Walk, quiet, register_people


def run_mastercircle(
    app: Circles,
    *,
    participants: int = 4,
    start: date | None = None,
    report: Report = quiet,
) -> UUID:
    """Walk a complete Mastercircle with ``participants`` participants."""
    facilitator = app.register_person("Fenna de Begeleider", actor=ACTOR)
    sponsor = app.register_person("Sam Sponsor", organisation="BZK", actor=ACTOR)
    masters = register_people(app, "Master", 3)
    people = register_people(app, "Deelnemer", participants)
    circle_id = app.found_circle(
        "mastercircle",
        title="Kwartiermakers 2027",
        challenge="Samenwerken over organisatiegrenzen heen",
        actor=ACTOR,
    )
    step = Walk(app, circle_id, report)
    step("join facilitator", app.join, facilitator, "facilitator")
    step("join sponsor", app.join, sponsor, "sponsor")
    for master in masters:
        step("join master", app.join, master, "master")
    for number, person in enumerate(people, start=1):
        step(
            f"join participant {number}",
            app.join,
            person,
            "participant",
            challenge=f"Opgave van deelnemer {number}",
        )
    step("schedule", app.schedule, start or date(2027, 1, 4))

    group = [facilitator, *people]
    step("open_session Urgentie", app.open_session, "Urgentie", [*group, sponsor])
    step(
        "state_urgency",
        app.state_urgency,
        sponsor,
        "De opgave vraagt nu om doorbraken.",
    )
    step("hold_session", app.hold_session)

    for stage, master in zip(("Opgave", "Omslag", "Toekomst"), masters, strict=True):
        step(f"open_session {stage}", app.open_session, stage, [*group, master])
        for element in ("Koersbepalen", "Voorbereiden", "Uitwisselen"):
            step(f"enter_element {element}", app.enter_element, element)
        for person in people:
            colleague = people[(people.index(person) + 1) % len(people)]
            step("take_hot_seat", app.take_hot_seat, person, topic="Mijn aanpak")
            step(
                "give_feedback appreciative",
                app.give_feedback,
                colleague,
                "appreciative",
                "Sterk dat je de partners vroeg betrekt.",
            )
            step(
                "give_feedback addition",
                app.give_feedback,
                master,
                "addition",
                "Zoek de bestuurlijke dekking eerder.",
            )
            step(
                "hold_master_dialogue",
                app.hold_master_dialogue,
                master,
                summary="Volgende stap: de eigenaar aanspreken.",
            )
        step(
            "note_synergy",
            app.note_synergy,
            master,
            people[:2],
            "Beide opgaven raken dezelfde uitvoeringsketen.",
        )
        for element in ("Richten", "Verdiepen", "Vervolgen"):
            step(f"enter_element {element}", app.enter_element, element)
        for person in people:
            step(
                "record_action",
                app.record_action,
                person,
                "Gesprek met de ketenpartner plannen.",
            )
        step("hold_session", app.hold_session)

    step("open_session Oogst", app.open_session, "Oogst", [*group, sponsor])
    step(
        "present_harvest",
        app.present_harvest,
        facilitator,
        "Drie doorbraken en een gedeelde agenda.",
    )
    step("accept_harvest", app.accept_harvest, sponsor, note="Dank; we gaan door.")
    step("hold_session", app.hold_session)
    return circle_id


def refuse_mastercircle(app: Circles) -> tuple[UUID, str, Callable[[], object]]:
    circle_id = app.found_circle(
        "mastercircle", title="Te snel", challenge="Direct beginnen", actor=ACTOR
    )
    return (
        circle_id,
        "open_session Opgave",
        lambda: app.open_session(circle_id, "Opgave", [], actor=ACTOR),
    )
