# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The demo of a Samenwerking: a complete circle, and one illegal move."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from circleflow.application import Circles
from circleflow.walk import ACTOR, Report, Walk, quiet


def run_samenwerking(app: Circles, *, report: Report = quiet) -> UUID:
    """Three phases: mandates, concerns, a problem with a proposal, the
    consensus record, two TWOs (the second revising the first), a role
    handed over."""
    from circleflow.builtin import CONSENSUS_ITEMS

    orgs = ["Gemeente", "Zorgkantoor", "Woningcorporatie"]
    members = [
        app.register_person(f"Vertegenwoordiger {o}", organisation=o, actor=ACTOR)
        for o in orgs
    ]
    facilitator = app.register_person("Procesbegeleider", actor=ACTOR)
    circle_id = app.found_circle(
        "samenwerking",
        title="Wijkaanpak Noord",
        challenge="Samen zorgen dat kwetsbare bewoners thuis kunnen blijven wonen",
        actor=ACTOR,
    )
    step = Walk(app, circle_id, report)
    step("join facilitator", app.join, facilitator, "facilitator")
    for person in members:
        step("join participant", app.join, person, "participant")
    step(
        "assign_role",
        app.assign_role,
        "voorzitter",
        members[0],
        ["agenda opstellen", "bijeenkomst leiden"],
    )
    table = [facilitator, *members]

    def renew_all(scope: str) -> None:
        for person in members:
            step("renew_mandate", app.renew_mandate, person, scope)

    def hear_all() -> None:
        for number, person in enumerate(members):
            step(
                "voice_concerns",
                app.voice_concerns,
                person,
                "Capaciteit" if number == 0 else "",
            )

    renew_all("Verkennen en afspraken maken over werkwijze")
    step("open_session Erkennen", app.open_session, "Erkennen", table)
    hear_all()
    problem = step(
        "name_problem",
        app.name_problem,
        members[1],
        "Wachtlijsten zijn per organisatie anders geteld",
    )
    step(
        "propose_solution",
        app.propose_solution,
        members[2],
        problem,
        "Eén gezamenlijke telling per wijk",
    )
    step("hold_session", app.hold_session)

    renew_all("Afspraken vastleggen over de samenwerking")
    step("open_session DoorzichtigMaken", app.open_session, "DoorzichtigMaken", table)
    hear_all()
    for item in CONSENSUS_ITEMS:
        step(
            f"record_consensus {item}",
            app.record_consensus,
            item,
            f"Vastgelegd: {item}",
        )
    first = step(
        "agree_two",
        app.agree_two,
        members,
        "Wekelijks casusoverleg",
        "Snel schakelen bij signalen",
    )
    step("hold_session", app.hold_session)
    step("act_on_two", app.act_on_two, first, members[0], "Drie overleggen gehouden")

    renew_all("Gezamenlijk doel vaststellen")
    step("open_session Verruimen", app.open_session, "Verruimen", table)
    hear_all()
    step(
        "reflect_on_two",
        app.reflect_on_two,
        first,
        members[1],
        "Wekelijks is te vaak; tweewekelijks volstaat",
    )
    step(
        "agree_two supersedes",
        app.agree_two,
        members,
        "Tweewekelijks casusoverleg",
        "Praktijk: wekelijks was te vaak",
        supersedes=first,
    )
    step(
        "hand_over_role",
        app.hand_over_role,
        "voorzitter",
        members[1],
        note="Rotatie na fase 2",
    )
    step("hold_session", app.hold_session)
    step("conclude", app.conclude, reason="Gezamenlijk doel bereikt")
    return circle_id


def refuse_samenwerking(app: Circles) -> tuple[UUID, str, Callable[[], object]]:
    members = [
        app.register_person(f"Lid {n}", organisation=f"Org {n}", actor=ACTOR)
        for n in range(2)
    ]
    circle_id = app.found_circle(
        "samenwerking", title="Zonder mandaat", challenge="Samenwerken", actor=ACTOR
    )
    for person in members:
        app.join(circle_id, person, "participant", actor=ACTOR)
    app.renew_mandate(circle_id, members[0], "Verkennen", actor=ACTOR)
    return (
        circle_id,
        "open_session Erkennen (a mandate missing)",
        lambda: app.open_session(circle_id, "Erkennen", members, actor=ACTOR),
    )
