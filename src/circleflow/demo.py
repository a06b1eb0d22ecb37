# SPDX-License-Identifier: EUPL-1.2
"""Scripted circles of every built-in format, run through the public API.

The command-line ``demo`` prints what these scripts report; the benchmark and
the tests drive the same scripts. Each format also has one illegal move that
the engine refuses without recording anything.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar
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
T = TypeVar("T")


def _quiet(_: Transition) -> None:
    return None


class _Walk:
    """Runs commands on one circle, reporting each transition."""

    def __init__(self, app: Circles, circle_id: UUID, report: Report) -> None:
        self.app = app
        self.circle_id = circle_id
        self.report = report
        self.last: Position | None = None

    def __call__(
        self,
        label: str,
        command: Callable[..., T],
        *args: object,
        **kwargs: object,
    ) -> T:
        if self.report is _quiet:
            return command(self.circle_id, *args, actor=ACTOR, **kwargs)
        # Only this walk changes the circle, so where the last step ended is
        # where this one begins.
        before = self.last or self.app.position(self.circle_id)
        result = command(self.circle_id, *args, actor=ACTOR, **kwargs)
        self.last = self.app.position(self.circle_id)
        self.report(Transition(label, before, self.last))
        return result


def _people(app: Circles, prefix: str, count: int, **kwargs: str) -> list[UUID]:
    return [
        app.register_person(f"{prefix} {n + 1}", actor=ACTOR, **kwargs)
        for n in range(count)
    ]


# -- Mastercircle ----------------------------------------------------------------


def run_mastercircle(
    app: Circles,
    *,
    participants: int = 4,
    start: date | None = None,
    report: Report = _quiet,
) -> UUID:
    """Walk a complete Mastercircle with ``participants`` participants."""
    facilitator = app.register_person("Fenna de Begeleider", actor=ACTOR)
    sponsor = app.register_person("Sam Sponsor", organisation="BZK", actor=ACTOR)
    masters = _people(app, "Master", 3)
    people = _people(app, "Deelnemer", participants)
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


def _refuse_mastercircle(app: Circles) -> tuple[UUID, str, Callable[[], object]]:
    circle_id = app.found_circle(
        "mastercircle", title="Te snel", challenge="Direct beginnen", actor=ACTOR
    )
    return (
        circle_id,
        "open_session Opgave",
        lambda: app.open_session(circle_id, "Opgave", [], actor=ACTOR),
    )


# -- Leergroep -------------------------------------------------------------------


def run_leergroep(app: Circles, *, report: Report = _quiet) -> UUID:
    """Three meetings of a Leergroep, an agenda item for the SGs, a community
    gathering with a second group, then the group concludes."""
    facilitators = _people(app, "Begeleider", 2)
    directors = _people(app, "Programmadirecteur", 4)
    expert = app.register_person("Dwarskijker", actor=ACTOR)
    circle_id = app.found_circle(
        "leergroep",
        title="Leergroep grenzeloos samenwerken",
        challenge="Opgavegericht werken over departementen heen",
        actor=ACTOR,
    )
    step = _Walk(app, circle_id, report)
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


def _refuse_leergroep(app: Circles) -> tuple[UUID, str, Callable[[], object]]:
    facilitators = _people(app, "Begeleider", 2)
    directors = _people(app, "Programmadirecteur", 3)
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


# -- Leernetwerkgroep -----------------------------------------------------------


def run_leernetwerkgroep(
    app: Circles,
    *,
    participants: int = 8,
    start: date | None = None,
    report: Report = _quiet,
) -> UUID:
    """Registration, go, five hosted meetings and the manifestation."""
    first = start or date(2027, 6, 14)
    facilitators = _people(app, "Leerbegeleider", 2)
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
    step = _Walk(app, circle_id, report)
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


def _refuse_leernetwerkgroep(app: Circles) -> tuple[UUID, str, Callable[[], object]]:
    circle_id = app.found_circle(
        "leernetwerkgroep", title="Vol", challenge="Leren", actor=ACTOR
    )
    people = _people(app, "Aanmelder", 13, organisation="Gouda")
    for person in people[:12]:
        app.join(circle_id, person, "participant", actor=ACTOR)
    return (
        circle_id,
        "join a 13th participant",
        lambda: app.join(circle_id, people[12], "participant", actor=ACTOR),
    )


# -- Samenwerking ---------------------------------------------------------------


def run_samenwerking(app: Circles, *, report: Report = _quiet) -> UUID:
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
    step = _Walk(app, circle_id, report)
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


def _refuse_samenwerking(app: Circles) -> tuple[UUID, str, Callable[[], object]]:
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


#: The demo script of each built-in format.
DEMOS: dict[str, Callable[..., UUID]] = {
    "mastercircle": run_mastercircle,
    "leergroep": run_leergroep,
    "leernetwerkgroep": run_leernetwerkgroep,
    "samenwerking": run_samenwerking,
}

_REFUSALS = {
    "mastercircle": _refuse_mastercircle,
    "leergroep": _refuse_leergroep,
    "leernetwerkgroep": _refuse_leernetwerkgroep,
    "samenwerking": _refuse_samenwerking,
}


def refused_move(app: Circles, format: str = "mastercircle") -> Refusal:
    """An illegal move on a new circle of ``format``: refused, nothing recorded."""
    circle_id, label, command = _REFUSALS[format](app)
    version = app.position(circle_id).version
    try:
        command()
    except StepRefused as error:
        return Refusal(label, error, version, app.position(circle_id).version)
    raise AssertionError(f"the engine allowed an illegal move: {label}")
