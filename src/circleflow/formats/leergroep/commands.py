# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The steps of a Leergroep: the meeting's subject, lessons, dilemmas and
interventions, and agenda items for the Secretaries-General."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from circleflow.errors import InvalidInput
from circleflow.formats.leergroep import events as ev
from circleflow.inputs import text
from circleflow.language import _, lazy_gettext
from circleflow.rules import Command, Move, choice, free, person

#: What a Leergroep meeting records as input for the next one.
INSIGHT_KINDS = ("lesson", "dilemma", "intervention")


def _choose_subject(move: Move, subject: str, brought_by: str | None) -> None:
    move.record(
        ev.SubjectChosen, subject=text(subject, _("the subject")), brought_by=brought_by
    )


def _kinds(move: Move) -> Sequence[str]:
    return INSIGHT_KINDS


def _unknown_kind(move: Move, kind: Any) -> str:
    return _("unknown insight kind {kind!r}; use one of {kinds}").format(
        kind=kind, kinds=list(INSIGHT_KINDS)
    )


def _record_insight(move: Move, kind: str, insight: str) -> int:
    number = len(move.circle.part("insights")) + 1
    move.record(
        ev.InsightRecorded,
        number=number,
        kind=kind,
        insight=text(insight, _("the insight")),
        meeting=len(move.circle.meetings),
    )
    return number


def _propose(move: Move, person: str, item: str) -> int:
    number = len(move.circle.part("agenda")) + 1
    move.record(
        ev.AgendaItemProposed,
        number=number,
        person=person,
        item=text(item, _("the agenda item")),
    )
    return number


def _items(move: Move) -> list[int]:
    return sorted(int(n) for n in move.circle.part("agenda"))


def _unknown_item(move: Move, number: Any) -> str:
    items = _items(move)
    if not items:
        return _("there is no agenda item {number}; items are none yet").format(
            number=number
        )
    return _("there is no agenda item {number}; items are {items}").format(
        number=number, items=items
    )


def _adopt_options(move: Move) -> Sequence[bool]:
    return (True, False)


def _prepare_decision(move: Move) -> None:
    adopt = move.args["adopt"]
    if not isinstance(adopt, bool):
        raise InvalidInput(
            _(
                "adopt must be True (adopt the item) or False (drop it), got {adopt!r}"
            ).format(adopt=adopt)
        )


def _decide(move: Move, number: int, adopt: bool, why: str) -> None:
    event = ev.AgendaItemAdopted if adopt else ev.AgendaItemDropped
    move.record(event, number=number, why=text(why, _("the reason"), required=False))


def _submit(move: Move, number: int, to: str) -> None:
    move.record(ev.AgendaItemSubmitted, number=number, to=text(to, _("the addressee")))


def _item(**kwargs: Any) -> Any:
    return choice("number", _items, unknown=_unknown_item, **kwargs)


COMMANDS = (
    Command(
        "choose_subject",
        lazy_gettext("the group chooses the meeting's question or case"),
        (
            free("subject"),
            person(
                "brought_by",
                {"participant", "facilitator", "guest"},
                required=False,
                expand=False,
            ),
        ),
        _choose_subject,
        in_meeting=True,
        doing=lazy_gettext("bring a subject"),
    ),
    Command(
        "record_insight",
        lazy_gettext("record a lesson, dilemma or intervention; returns its number"),
        (
            choice("kind", _kinds, expand=False, unknown=_unknown_kind),
            free("insight"),
        ),
        _record_insight,
    ),
    Command(
        "propose_agenda_item",
        lazy_gettext("propose an item for the Secretaries-General; returns its number"),
        (person("person", {"participant", "facilitator"}, by=True), free("item")),
        _propose,
        doing=lazy_gettext("propose an item"),
    ),
    Command(
        "decide_agenda_item",
        lazy_gettext("the group adopts a proposed item, or drops it"),
        (
            _item(),
            choice("adopt", _adopt_options, expand=False),
            free("why", ""),
        ),
        _decide,
        prepare=_prepare_decision,
    ),
    Command(
        "submit_agenda_item",
        lazy_gettext("submit an adopted item to the Secretaries-General"),
        (_item(), free("to", "Secretarissen-Generaal")),
        _submit,
    ),
)


def carried_over(circle: Any) -> list[int]:
    """The insights of the last held meeting: input for the next one.

    Read from the end, so that the cost does not grow with the circle's
    age: insights are recorded in the order of the meetings they belong to.
    """
    meetings = circle.meetings
    last = next(
        (n for n in range(len(meetings), 0, -1) if meetings[n - 1]["held"]), None
    )
    if last is None:
        return []
    insights = circle.__dict__.get("insights", [])
    found = []
    for number in range(len(insights), 0, -1):
        meeting = insights[number - 1]
        if meeting == last:
            found.append(number)
        elif meeting < last:
            break
    return found[::-1]
