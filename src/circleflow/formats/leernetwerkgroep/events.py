# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The events of a Leernetwerkgroep: learning wishes, the aim, assignments."""

from __future__ import annotations

from circleflow.circle import Circle, CircleEvent


class LearningWishStated(CircleEvent):
    participant: str
    wish: str

    def change(self, circle: Circle) -> None:
        wishes: list[str] = circle.meeting_part("wishes")
        if self.participant not in wishes:
            wishes.append(self.participant)


class AimSet(CircleEvent):
    assignments: str
    intended_results: str

    def change(self, circle: Circle) -> None:
        circle.fulfil("aim-set")


class AssignmentCompleted(CircleEvent):
    participant: str
    assignment: str
    result: str

    def change(self, circle: Circle) -> None:
        circle.part("assignments_done").append(self.participant)


EVENTS: tuple[type[CircleEvent], ...] = (
    LearningWishStated,
    AimSet,
    AssignmentCompleted,
)

#: Where release 0.1 stored these events.
RENAMED = {
    f"circleflow.learning_network:LearningNetwork.{e.__name__}": e for e in EVENTS
}
