# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A host tool adds an activity of its own and runs a circle with it.

``incident_pack.py`` brings the incident method: bringing a case, asking
questions and giving advice, with their events and rules. This script
registers the pack, runs one case meeting through the public API, and
shows that ``allowed`` answers for the new activity honestly: who may give
advice now, and a refusal that lists the same steps.

Run it with ``python examples/own_activity.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).parent))

from incident_pack import PACK

from circleflow import (
    Circles,
    StepRefused,
    catalogue,
    register_pack,
    workflow_for,
)


def advisers(app: Circles, circle: UUID) -> list[str]:
    """Who may give advice now, by name."""
    return sorted(
        app.person(str(step.arguments()["adviser"])).name
        for step in app.allowed(circle)
        if step.command == "give_advice"
    )


def main() -> None:
    register_pack(PACK)
    app = Circles("memory:", origin="incident-example")
    me = "facilitator@example.org"
    fenna = app.register_person("Fenna", actor=me)
    ada, bram, cato = (
        app.register_person(n, actor=me) for n in ("Ada", "Bram", "Cato")
    )
    circle = app.found_circle(
        "incidentmethode", title="Intervisie", challenge="Lastige casussen", actor=me
    )
    app.join(circle, fenna, "facilitator", actor=me)
    for peer in (ada, bram, cato):
        app.join(circle, peer, "participant", actor=me)

    app.open_session(circle, "Casus", [fenna, ada, bram, cato], actor=me)
    app.enter_element(circle, "Inbreng", actor=me)
    print("may bring a case:", sorted(s.label for s in app.allowed(circle, person=ada)))
    app.take(circle, "bring_case", owner=ada, case="Een lastige wethouder", actor=me)
    app.enter_element(circle, "Vragen", actor=me)
    app.take(circle, "ask_question", participant=bram, question="Wat wil je?", actor=me)
    app.enter_element(circle, "Advies", actor=me)

    print("may advise:", advisers(app, circle))
    print("Ada may:", [s.label for s in app.allowed(circle, person=ada)] or "nothing")
    app.take(circle, "give_advice", adviser=bram, advice="Begin klein", actor=me)
    print("may advise:", advisers(app, circle))

    version = app.position(circle).version
    try:
        app.hold_session(circle, actor=me)
    except StepRefused as refused:
        print(f"refused ({refused.rule}): {refused.reason}")
        print("allowed now:", sorted({s.label for s in refused.allowed}))
    try:
        app.take(circle, "give_advice", adviser=ada, advice="Zelf doen", actor=me)
    except StepRefused as refused:
        print(f"refused ({refused.rule}): {refused.reason}")
    assert app.position(circle).version == version, "a refusal recorded something"

    app.take(circle, "give_advice", adviser=cato, advice="Vraag hulp", actor=me)
    app.hold_session(circle, actor=me)
    print("state:", app.position(circle).state)

    fmt = app.formats.get("incidentmethode")
    new = {"CaseBrought", "QuestionAsked", "AdviceGiven"}
    for entry in catalogue():
        if entry.event in new:
            print(
                f"personal data: {entry.event} {list(entry.texts)} about {entry.about}"
            )
    print("diagram:", workflow_for(fmt).mermaid().count("-->"), "transitions")


if __name__ == "__main__":
    main()
