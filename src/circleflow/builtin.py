# SPDX-License-Identifier: EUPL-1.2
"""The built-in formats, taken from the methods' source documents.

The Mastercircle, the Leergroep of programme directors, the Leernetwerkgroep
and Samenwerken DOEN. Where the sources disagree (session durations),
:func:`mastercircle` lets the user choose; where they are silent the choice is
marked as an interpretation. Every format here could equally be written in
TOML (see :mod:`circleflow.format_toml`); the engine has no code of its own
for any of them.
"""

from __future__ import annotations

from circleflow.errors import InvalidInput
from circleflow.format import Element, Format, GroupSize, Stage

#: The six elements, walked at circle level and again inside master sessions.
SIX_ELEMENTS = (
    "Koersbepalen",
    "Voorbereiden",
    "Uitwisselen",
    "Richten",
    "Verdiepen",
    "Vervolgen",
)

_DURATIONS = {
    # seed 000 (central government): first and last 2 hours, middle a full day.
    "rijk": ("2 uur", "1 dag"),
    # seed 001 (the method's own site): 1.5 hours, half a day plus evening.
    "methode": ("1,5 uur", "dagdeel plus avond"),
}


def _master_elements() -> tuple[Element, ...]:
    # Interpretation: the sources name the elements only; what happens in each
    # follows DOMAIN.md section 2.
    return (
        Element("Koersbepalen", description="the facilitator sets the session's aim"),
        Element("Voorbereiden", description="each participant's preparation is in"),
        Element(
            "Uitwisselen",
            activities=("note_synergy",),
            hot_seat=True,
            description="hot seats: present, feedback, dialogue with the master",
        ),
        Element("Richten", description="each participant states their direction"),
        Element(
            "Verdiepen",
            activities=("note_synergy",),
            description="the group deepens: synergies, common patterns",
        ),
        Element(
            "Vervolgen",
            activities=("record_action",),
            description="on-the-job actions before the next session",
        ),
    )


def mastercircle(durations: str = "rijk") -> Format:
    """The Mastercircle: five sessions, reverse learning in the hot seat.

    ``durations`` picks the session lengths of one source: ``"rijk"`` (the
    central government's description: 2 hours and a full day) or
    ``"methode"`` (the method's site: 1.5 hours and half a day plus evening).
    """
    try:
        sponsor_duration, master_duration = _DURATIONS[durations]
    except KeyError:
        raise InvalidInput(
            f"unknown durations {durations!r}; choose one of {sorted(_DURATIONS)}"
        ) from None

    def sponsor_session(name: str, title: str, **kwargs: object) -> Stage:
        return Stage(
            name=name,
            title=title,
            kind="sponsor session",
            attendees={"facilitator", "sponsor", "guest"},
            required={"facilitator", "sponsor"},
            duration=sponsor_duration,
            **kwargs,  # type: ignore[arg-type]
        )

    def master_session(name: str, title: str, **kwargs: object) -> Stage:
        return Stage(
            name=name,
            title=title,
            kind="master session",
            attendees={"facilitator", "master", "guest"},
            required={"facilitator", "master"},
            elements=_master_elements(),
            duration=master_duration,
            **kwargs,  # type: ignore[arg-type]
        )

    return Format(
        name="mastercircle",
        version=1,
        title="Mastercircle",
        description=(
            "Learning on the job on a real challenge by reverse learning: five "
            "sessions, three of them with a master and a hot seat for every "
            "participant, the six elements on two levels."
        ),
        circle_elements=SIX_ELEMENTS,
        # Interpretation: feedback needs colleagues, so at least two participants.
        participants=GroupSize(minimum=2),
        sessions_per_master=1,
        stages=(
            sponsor_session(
                "Urgentie",
                "De urgentie",
                activities=("state_urgency",),
                requires=("urgency-stated",),
                circle_elements=("Koersbepalen", "Voorbereiden"),
                week=2,
                movement="co-initiating",
            ),
            master_session(
                "Opgave",
                "De opgave",
                circle_elements=("Uitwisselen",),
                week=4,
                movement="co-sensing (Open Mind)",
            ),
            master_session(
                "Omslag",
                "De omslag",
                circle_elements=("Richten",),
                week=7,
                movement="presencing (Open Heart)",
            ),
            master_session(
                "Toekomst",
                "De toekomst",
                circle_elements=("Verdiepen",),
                week=10,
                movement="co-creating (Open Will)",
            ),
            sponsor_session(
                "Oogst",
                "De oogst",
                activities=("present_harvest", "accept_harvest"),
                requires=("harvest-accepted",),
                circle_elements=("Vervolgen",),
                week=12,
                movement="co-evolving",
            ),
        ),
    )


MASTERCIRCLE = mastercircle()


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
        description=(
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
                duration="ongeveer eens per twee maanden",
            ),
        ),
    )


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
        description=(
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
    )


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
        description=(
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
                "keep and respect each group's boundaries; value the differences",
                activities=shared,
            ),
            phase(
                "DoorzichtigMaken",
                "De schutting doorzichtig maken",
                "get to know each other and record the consensus",
                activities=(*shared, "record_consensus"),
                consensus=CONSENSUS_ITEMS,
                requires_to_leave=("consensus-complete",),
            ),
            phase(
                "Verruimen",
                "De schutting verruimen",
                "a shared identity and goal above each group's own",
                activities=shared,
            ),
        ),
    )


LEERGROEP = leergroep()
LEERNETWERKGROEP = leernetwerkgroep()
SAMENWERKING = samenwerking()


def builtin_formats() -> tuple[Format, ...]:
    """Every format circleflow ships with."""
    return (MASTERCIRCLE, LEERGROEP, LEERNETWERKGROEP, SAMENWERKING)
