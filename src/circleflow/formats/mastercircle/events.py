# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The events of a Mastercircle: the sponsor's urgency and harvest, and the
hot seats of the master sessions."""

from __future__ import annotations

from circleflow.circle import Circle, CircleEvent


class UrgencyStated(CircleEvent):
    sponsor: str
    statement: str

    def change(self, circle: Circle) -> None:
        circle.fulfil("urgency-stated")


class HarvestPresented(CircleEvent):
    presenter: str
    harvest: str

    def change(self, circle: Circle) -> None:
        circle.fulfil("harvest-presented")


class HarvestAccepted(CircleEvent):
    sponsor: str
    note: str

    def change(self, circle: Circle) -> None:
        circle.fulfil("harvest-accepted")


class HotSeatTaken(CircleEvent):
    participant: str
    topic: str

    def change(self, circle: Circle) -> None:
        circle.__dict__["hot_seat"] = self.participant


class FeedbackGiven(CircleEvent):
    giver: str
    receiver: str | None
    kind: str
    feedback: str


class MasterDialogueHeld(CircleEvent):
    participant: str | None
    master: str
    summary: str

    def change(self, circle: Circle) -> None:
        if self.participant is not None:
            circle.meeting_part("hot_seats_done").append(self.participant)
        circle.__dict__["hot_seat"] = None


class SynergyNoted(CircleEvent):
    noted_by: str
    between: list[str]
    note: str


class ActionRecorded(CircleEvent):
    participant: str
    action: str


SPONSOR_EVENTS: tuple[type[CircleEvent], ...] = (
    UrgencyStated,
    HarvestPresented,
    HarvestAccepted,
)
HOT_SEAT_EVENTS: tuple[type[CircleEvent], ...] = (
    HotSeatTaken,
    FeedbackGiven,
    MasterDialogueHeld,
    SynergyNoted,
    ActionRecorded,
)
EVENTS = SPONSOR_EVENTS + HOT_SEAT_EVENTS

#: Where release 0.1 stored these events.
RENAMED = {
    **{f"circleflow.sponsorship:Sponsorship.{e.__name__}": e for e in SPONSOR_EVENTS},
    **{
        f"circleflow.reverse_learning:ReverseLearning.{e.__name__}": e
        for e in HOT_SEAT_EVENTS
    },
}
