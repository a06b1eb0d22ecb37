# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The steps real life brings, as methods of :class:`circleflow.Circles`:
leaving, cancelling, concluding early, and corrections (see
:mod:`circleflow.formats.common.life`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from attrs import frozen

from circleflow.errors import InvalidInput
from circleflow.facade import Steps
from circleflow.formats.common.life import NOT_TEXT
from circleflow.inputs import listed, text, whole_number
from circleflow.language import _

if TYPE_CHECKING:
    from circleflow.personal_data import PersonalData
    from circleflow.queries import History

#: The event that records a correction of a text.
CORRECTION = "TextCorrected"


@frozen
class Correction:
    """A recorded text and the correction that supersedes it: field ``field``
    of the event at ``version``, corrected at ``corrected_in`` by ``actor``."""

    version: int
    event: str
    field: str
    original: str
    text: str
    reason: str
    actor: str
    corrected_in: int


class LifeSteps(Steps):
    """A member leaves, a circle is cancelled or concluded early, a recorded
    text or an attendance list is corrected."""

    if TYPE_CHECKING:

        def history(self, circle_id: UUID | str) -> History: ...

    def leave(
        self,
        circle_id: UUID | str,
        person: UUID | str,
        *,
        reason: str,
        on: date | None = None,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """``person`` leaves the circle, between meetings, for ``reason``
        (on ``on``, the clock's day unless given). What they recorded stays;
        no step can name them afterwards, unless they join again."""
        self.take(
            circle_id,
            "leave",
            person=person,
            reason=reason,
            on=on,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def cancel(
        self,
        circle_id: UUID | str,
        *,
        reason: str,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Cancel the circle at any point, for ``reason``. A meeting that is
        open is closed without being held; nothing is recorded after."""
        self.take(
            circle_id,
            "cancel",
            reason=reason,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def conclude_early(
        self,
        circle_id: UUID | str,
        *,
        reason: str,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Conclude the circle before its format's end, for ``reason``. A
        meeting that is open is closed without being held; nothing is
        recorded after."""
        self.take(
            circle_id,
            "conclude_early",
            reason=reason,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def correct_attendance(
        self,
        circle_id: UUID | str,
        number: int,
        attendees: Iterable[UUID | str],
        *,
        reason: str,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Replace the attendance list of held meeting ``number`` (1 for the
        circle's first meeting) by ``attendees``, for ``reason``."""
        self.take(
            circle_id,
            "correct_attendance",
            number=whole_number(number, _("the meeting number"), minimum=1),
            attendees=listed(attendees, _("the attendees")),
            reason=reason,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def correct(
        self,
        circle_id: UUID | str,
        version: int,
        field: str,
        corrected: str,
        *,
        reason: str,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Correct text ``field`` of the event at ``version`` of the circle's
        history (as :meth:`history` numbers them) to ``corrected``, for
        ``reason``. The history keeps both; the corrected text is what
        :meth:`corrected_texts` and the reports show. A text about a person
        is sealed with their key, like the text it corrects."""
        number = whole_number(
            version, _("the version of the corrected event"), minimum=1
        )
        name = text(field, _("the field"), single_line=True)
        history = self.history(circle_id)
        event, about = "", None
        if number <= len(history):  # a later one is refused by the rules
            entry = history[number - 1]
            event = entry.event
            spec = _spec(event)
            refers = () if spec is None else spec.refers
            fields = _text_fields(entry.details, refers)
            if name not in fields:
                raise InvalidInput(
                    _(
                        "event {number} ({event}) has no text {name!r}; its texts "
                        "are {fields}"
                    ).format(
                        number=number,
                        event=event,
                        name=name,
                        fields=", ".join(fields) or _("none"),
                    )
                )
            if spec is not None and spec.about and name in spec.texts:
                about = entry.details.get(spec.about)
        persons = about if isinstance(about, list | tuple) else [about]
        self.take(
            circle_id,
            "correct_text",
            version=number,
            event=event,
            field=name,
            text=corrected,
            reason=reason,
            about=[p for p in persons if p],
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def corrected_texts(self, circle_id: UUID | str) -> list[Correction]:
        """Every text of the circle that a correction superseded, with the
        text it reads now (the latest correction of it), oldest first."""
        history = self.history(circle_id)
        latest: dict[tuple[int, str], Correction] = {}
        for entry in history:
            if entry.event != CORRECTION:
                continue
            d = entry.details
            key = (d["version"], d["field"])
            original = history[d["version"] - 1].details.get(d["field"], "")
            latest[key] = Correction(
                version=d["version"],
                event=d["event"],
                field=d["field"],
                original=original,
                text=d["text"],
                reason=d["reason"],
                actor=entry.actor,
                corrected_in=entry.version,
            )
        return sorted(latest.values(), key=lambda c: (c.version, c.field))


def _spec(event: str) -> PersonalData | None:
    """What the catalogue says of events of type ``event``, if anything."""
    from circleflow.personal_data import personal_data_of

    try:
        return personal_data_of(event)
    except KeyError:
        return None


def _text_fields(details: Mapping[str, Any], refers: Iterable[str]) -> list[str]:
    """The fields of an event's details that hold text a member wrote."""
    skip = NOT_TEXT | set(refers)
    return sorted(
        name
        for name in details
        if name not in skip and isinstance(details.get(name), str)
    )
