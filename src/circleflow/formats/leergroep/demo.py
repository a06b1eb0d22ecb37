# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The demo of a Leergroep: a complete circle, and one illegal move."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from circleflow.application import Circles
from circleflow.walk import ACTOR, Report, Walk, quiet, register_people


def run_leergroep(app: Circles, *, report: Report = quiet) -> UUID:
    """Three meetings of a Leergroep, an agenda item for the SGs, a community
    gathering with a second group, then the group concludes."""
    facilitators = register_people(app, "Begeleider", 2)
    directors = register_people(app, "Programmadirecteur", 4)
    expert = app.register_person("Dwarskijker", actor=ACTOR)
    circle_id = app.found_circle(
        "leergroep",
        title="Leergroep grenzeloos samenwerken",
        challenge="Opgavegericht werken over departementen heen",
        actor=ACTOR,
    )
    step = Walk(app, circle_id, report)
    for person in facilitators:
        step("join facilitator", app.join, person, "facilitator")
    for person in directors:
        step("join participant", app.join, person, "participant")
    step("join guest", app.join, expert, "guest")
    group = [*facilitators, *directors]
    subjects = (
        "Spanning tussen systeemwereld en leefwereld",
        "Mandaat over grenzen heen",
        "Wat vragen we van de SG's?",
    )
    item = 0
    for number, subject in enumerate(subjects, start=1):
        present = [*group, expert] if number == 2 else group
        step("open_session Bijeenkomst", app.open_session, "Bijeenkomst", present)
        step("choose_subject", app.choose_subject, subject, brought_by=directors[0])
        step(
            "record_insight lesson",
            app.record_insight,
            "lesson",
            "Benoem de spanning voordat je hem oplost.",
        )
        step(
            "record_insight dilemma",
            app.record_insight,
            "dilemma",
            "Loyaal aan het ministerie of aan de opgave?",
        )
        if number == 3:
            item = step(
                "propose_agenda_item",
                app.propose_agenda_item,
                directors[1],
                "Ruimte voor opgavegericht budget",
            )
            step(
                "decide_agenda_item adopt",
                app.decide_agenda_item,
                item,
                True,
                why="Raakt alle programma's.",
            )
        step("hold_session", app.hold_session)
    step("submit_agenda_item", app.submit_agenda_item, item)

    other = app.found_circle(
        "leergroep",
        title="Tweede leergroep",
        challenge="Grenzeloos samenwerken",
        actor=ACTOR,
    )
    community = app.form_community("Leergemeenschap programmadirecteuren", actor=ACTOR)
    app.add_group(community, circle_id, actor=ACTOR)
    app.add_group(community, other, actor=ACTOR)
    app.hold_gathering(
        community, "Ongeschreven regels", "webinar", directors, actor=ACTOR
    )
    step("conclude", app.conclude, reason="Het programma is afgerond.")
    return circle_id


def refuse_leergroep(app: Circles) -> tuple[UUID, str, Callable[[], object]]:
    facilitators = register_people(app, "Begeleider", 2)
    directors = register_people(app, "Programmadirecteur", 3)
    circle_id = app.found_circle(
        "leergroep", title="Zonder onderwerp", challenge="Leren", actor=ACTOR
    )
    for person in facilitators:
        app.join(circle_id, person, "facilitator", actor=ACTOR)
    for person in directors:
        app.join(circle_id, person, "participant", actor=ACTOR)
    app.open_session(circle_id, "Bijeenkomst", [*facilitators, *directors], actor=ACTOR)
    return (
        circle_id,
        "hold_session (no subject chosen)",
        lambda: app.hold_session(circle_id, actor=ACTOR),
    )
