# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The events of a Leergroep: subjects, insights carried over, and agenda
items for the Secretaries-General."""

from __future__ import annotations

from circleflow.circle import Circle, CircleEvent


class SubjectChosen(CircleEvent):
    subject: str
    brought_by: str | None

    def change(self, circle: Circle) -> None:
        circle.fulfil("subject-chosen")


class InsightRecorded(CircleEvent):
    number: int
    kind: str
    insight: str
    meeting: int

    def change(self, circle: Circle) -> None:
        circle.part("insights").append(self.meeting)


class AgendaItemProposed(CircleEvent):
    number: int
    person: str
    item: str

    def change(self, circle: Circle) -> None:
        circle.part("agenda")[str(self.number)] = "proposed"


class AgendaItemAdopted(CircleEvent):
    number: int
    why: str

    def change(self, circle: Circle) -> None:
        circle.part("agenda")[str(self.number)] = "adopted"


class AgendaItemDropped(CircleEvent):
    number: int
    why: str

    def change(self, circle: Circle) -> None:
        circle.part("agenda")[str(self.number)] = "dropped"


class AgendaItemSubmitted(CircleEvent):
    number: int
    to: str

    def change(self, circle: Circle) -> None:
        circle.part("agenda")[str(self.number)] = "submitted"


EVENTS: tuple[type[CircleEvent], ...] = (
    SubjectChosen,
    InsightRecorded,
    AgendaItemProposed,
    AgendaItemAdopted,
    AgendaItemDropped,
    AgendaItemSubmitted,
)

#: Where release 0.1 stored these events.
RENAMED = {f"circleflow.learning_group:LearningGroup.{e.__name__}": e for e in EVENTS}
