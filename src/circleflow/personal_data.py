# SPDX-License-Identifier: EUPL-1.2
"""Which events hold personal data, and about whom.

A host organisation needs this for its data protection impact assessment
(DPIA) and its processing register; the engine needs it to protect and
forget a person's data. Every event type is listed, also those without
personal data, so that a new event cannot slip through unclassified (a test
holds the catalogue to the events that exist).

Persons are referred to by id everywhere; names and contact data are only in
``PersonRegistered``. Free text that a member writes about themselves or
another member is personal data of the person it is about.
"""

from __future__ import annotations

from attrs import frozen

#: ``about`` value for data about the person the event's aggregate is.
THE_PERSON = "(the person)"


@frozen
class PersonalData:
    """The personal data one event type holds."""

    event: str
    #: Fields with names, contact data or free text about a person.
    texts: tuple[str, ...] = ()
    #: The field naming the person (or persons) the texts are about; None
    #: when the text is about the group rather than one person.
    about: str | None = None
    #: Fields that hold person ids (pseudonymous references).
    refers: tuple[str, ...] = ()

    @property
    def holds_personal_data(self) -> bool:
        return bool(self.texts or self.refers)


def _entry(
    event: str,
    texts: tuple[str, ...] = (),
    about: str | None = None,
    refers: tuple[str, ...] = (),
) -> PersonalData:
    return PersonalData(event=event, texts=texts, about=about, refers=refers)


#: Every event type of circleflow, with the personal data it holds.
CATALOGUE: tuple[PersonalData, ...] = (
    # persons
    _entry("PersonRegistered", ("name", "email", "organisation"), THE_PERSON),
    _entry("PersonForgotten"),
    # every circle
    _entry("CircleFounded"),
    _entry("MemberJoined", ("challenge",), "person", ("person",)),
    _entry("SessionScheduled"),
    _entry("SessionOpened", refers=("attendees",)),
    _entry("ElementEntered"),
    _entry("SessionHeld"),
    _entry("CircleConcluded"),
    # Mastercircle
    _entry("UrgencyStated", refers=("sponsor",)),
    _entry("HotSeatTaken", ("topic",), "participant", ("participant",)),
    _entry("FeedbackGiven", ("feedback",), "receiver", ("giver", "receiver")),
    _entry(
        "MasterDialogueHeld", ("summary",), "participant", ("participant", "master")
    ),
    _entry("SynergyNoted", ("note",), "between", ("noted_by", "between")),
    _entry("ActionRecorded", ("action",), "participant", ("participant",)),
    _entry("HarvestPresented", refers=("presenter",)),
    _entry("HarvestAccepted", refers=("sponsor",)),
    # Leergroep
    _entry("SubjectChosen", ("subject",), "brought_by", ("brought_by",)),
    _entry("InsightRecorded", ("insight",)),
    _entry("AgendaItemProposed", refers=("person",)),
    _entry("AgendaItemAdopted"),
    _entry("AgendaItemDropped"),
    _entry("AgendaItemSubmitted"),
    # Leernetwerkgroep
    _entry("RegistrationDeadlineSet"),
    _entry("RegistrationClosed", refers=("participants",)),
    _entry("LearningWishStated", ("wish",), "participant", ("participant",)),
    _entry("AimSet"),
    _entry(
        "AssignmentCompleted",
        ("assignment", "result"),
        "participant",
        ("participant",),
    ),
    # Samenwerking
    _entry("MandateRenewed", refers=("person",)),
    _entry("ConcernsVoiced", ("concerns",), "person", ("person",)),
    _entry("ProblemNamed", refers=("person",)),
    _entry("SolutionProposed", refers=("person",)),
    _entry("ConsensusRecorded"),
    _entry("TWOAgreed", refers=("parties",)),
    _entry("TWOActedOn", refers=("person",)),
    _entry("TWOReflectedOn", refers=("person",)),
    _entry("RoleAssigned", refers=("holder",)),
    _entry("RoleHandedOver", refers=("from_person", "to_person")),
    # learning communities
    _entry("CommunityFormed"),
    _entry("GroupAdded"),
    _entry("GatheringHeld", refers=("attendees",)),
)

_BY_EVENT = {entry.event: entry for entry in CATALOGUE}


def personal_data_of(event: str) -> PersonalData:
    """The personal data events of type ``event`` hold."""
    try:
        return _BY_EVENT[event]
    except KeyError:
        raise KeyError(
            f"unknown event type {event!r}; known: {sorted(_BY_EVENT)}"
        ) from None


def catalogue_markdown() -> str:
    """The catalogue as a Markdown table, one row per event type."""
    lines = [
        "| event | personal text | about | person ids |",
        "|---|---|---|---|",
    ]
    for entry in CATALOGUE:
        lines.append(
            f"| {entry.event} | {', '.join(entry.texts) or '-'} "
            f"| {entry.about or '-'} | {', '.join(entry.refers) or '-'} |"
        )
    return "\n".join(lines) + "\n"
