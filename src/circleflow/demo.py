# SPDX-License-Identifier: EUPL-1.2
"""A scripted Mastercircle, run through the public API step by step.

The command-line ``demo`` prints what :func:`run_mastercircle` reports; the
benchmark and the tests drive the same script.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from attrs import frozen

from circleflow.application import Circles, Position
from circleflow.errors import StepRefused

ACTOR = "demo-facilitator"


@frozen
class Transition:
    """One command and the position of the circle before and after it."""

    command: str
    before: Position
    after: Position


@frozen
class Refusal:
    """A command the engine refused, and proof that nothing was recorded."""

    command: str
    error: StepRefused
    version_before: int
    version_after: int


Report = Callable[[Transition], None]


class _Walk:
    def __init__(self, app: Circles, circle_id: UUID, report: Report) -> None:
        self.app = app
        self.circle_id = circle_id
        self.report = report

    def __call__(
        self,
        label: str,
        command: Callable[..., object],
        *args: object,
        **kwargs: object,
    ) -> None:
        before = self.app.position(self.circle_id)
        command(self.circle_id, *args, actor=ACTOR, **kwargs)
        self.report(Transition(label, before, self.app.position(self.circle_id)))


def run_mastercircle(
    app: Circles,
    *,
    participants: int = 4,
    start: date | None = None,
    report: Report = lambda _: None,
) -> UUID:
    """Walk a complete Mastercircle with ``participants`` participants."""
    register = app.register_person
    facilitator = register("Fenna de Begeleider", actor=ACTOR)
    sponsor = register("Sam Sponsor", organisation="Ministerie", actor=ACTOR)
    masters = [
        register(f"Master {n}", actor=ACTOR) for n in ("Opgave", "Omslag", "Toekomst")
    ]
    people = [register(f"Deelnemer {n + 1}", actor=ACTOR) for n in range(participants)]

    circle_id = app.found_circle(
        "mastercircle",
        title="Kwartiermakers 2027",
        challenge="Samenwerken over organisatiegrenzen heen",
        actor=ACTOR,
    )
    step = _Walk(app, circle_id, report)
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
        step("enter_element Koersbepalen", app.enter_element, "Koersbepalen")
        step("enter_element Voorbereiden", app.enter_element, "Voorbereiden")
        step("enter_element Uitwisselen", app.enter_element, "Uitwisselen")
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
        step("enter_element Richten", app.enter_element, "Richten")
        step("enter_element Verdiepen", app.enter_element, "Verdiepen")
        step("enter_element Vervolgen", app.enter_element, "Vervolgen")
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


def refused_move(app: Circles) -> Refusal:
    """A new circle tries to skip Urgentie: the engine refuses, records nothing."""
    circle_id = app.found_circle(
        "mastercircle", title="Te snel", challenge="Direct beginnen", actor=ACTOR
    )
    version = app.position(circle_id).version
    try:
        app.open_session(circle_id, "Opgave", [], actor=ACTOR)
    except StepRefused as error:
        return Refusal(
            "open_session Opgave", error, version, app.position(circle_id).version
        )
    raise AssertionError("the engine allowed a session out of order")
