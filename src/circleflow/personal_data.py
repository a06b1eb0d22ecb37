# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Which events hold personal data, and about whom.

A host organisation needs this for its data protection impact assessment
(DPIA) and its processing register; the engine needs it to protect and
forget a person's data. Every event type is listed, also those without
personal data, so that a new event cannot slip through unclassified (a test
holds the catalogue to the events that exist).

The entries come from the packs (:mod:`circleflow.packs`), so a pack a host
tool registers is catalogued with its events. Persons are referred to by id
everywhere; names and contact data are only in
``PersonRegistered``. Free text that a member writes about themselves or
another member is personal data of the person it is about.
"""

from __future__ import annotations

from attrs import frozen

from circleflow.language import _

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


#: The events of persons, reference claims and receipts, which every store has.
_PERSONS: tuple[PersonalData, ...] = (
    PersonalData("PersonRegistered", ("name", "email", "organisation"), THE_PERSON),
    PersonalData("PersonForgotten"),
    PersonalData("ReferenceClaimed", ("reference",), "person", ("person",)),
    PersonalData("CommandRecorded", refers=("target", "result")),
)


def catalogue() -> tuple[PersonalData, ...]:
    """Every event type the registered packs record, with its personal data."""
    from circleflow.packs import registry

    return _PERSONS + tuple(e for pack in registry() for e in pack.personal_data)


def __getattr__(name: str) -> tuple[PersonalData, ...]:
    # CATALOGUE is read from the registered packs when it is first asked for.
    if name == "CATALOGUE":
        return catalogue()
    raise AttributeError(name)


def personal_data_of(event: str) -> PersonalData:
    """The personal data events of type ``event`` hold."""
    by_event = {entry.event: entry for entry in catalogue()}
    try:
        return by_event[event]
    except KeyError:
        raise KeyError(
            _("unknown event type {event!r}; known: {known}").format(
                event=event, known=sorted(by_event)
            )
        ) from None


def catalogue_markdown() -> str:
    """The catalogue as a Markdown table, one row per event type."""
    lines = [
        "| event | personal text | about | person ids |",
        "|---|---|---|---|",
    ]
    for entry in catalogue():
        lines.append(
            f"| {entry.event} | {', '.join(entry.texts) or '-'} "
            f"| {entry.about or '-'} | {', '.join(entry.refers) or '-'} |"
        )
    return "\n".join(lines) + "\n"
