# SPDX-License-Identifier: EUPL-1.2
"""The events every format shares: members, the schedule, the flow of
meetings, and registration."""

from __future__ import annotations

from typing import Any

from circleflow.circle import Circle, CircleEvent
from circleflow.packs import registry


class MemberJoined(CircleEvent):
    """Version 1 was stored both with and without ``organisation`` (the
    first releases had none); such members read ``organisation=""``."""

    class_version = 2

    person: str
    role: str
    organisation: str
    challenge: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("organisation", "")

    def change(self, circle: Circle) -> None:
        circle.members[self.person] = self.role
        if self.organisation:
            circle.organisations[self.person] = self.organisation


class SessionScheduled(CircleEvent):
    """A stage's (next) meeting planned on ``date``, through ``until`` when
    it lasts several days."""

    class_version = 2

    stage: str
    date: str
    until: str | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["until"] = None

    def change(self, circle: Circle) -> None:
        span = self.date if self.until is None else f"{self.date}/{self.until}"
        circle.schedule[self.stage] = span


class SessionOpened(CircleEvent):
    """Version 1 was stored both with and without ``number``, ``host`` and
    ``carried_over`` (the first releases had none of them). A meeting opened
    then reads ``number=0`` (not numbered), ``host=None`` and
    ``carried_over=[]``."""

    class_version = 2

    stage: str
    number: int
    attendees: list[str]
    host: str | None
    carried_over: list[int]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("number", 0)
        state.setdefault("host", None)
        state.setdefault("carried_over", [])

    def change(self, circle: Circle) -> None:
        meeting: dict[str, Any] = {
            "stage": self.stage,
            "attendees": list(self.attendees),
            "host": self.host,
            "held": False,
        }
        for name, make in registry().meeting_state().items():
            meeting[name] = make()
        circle.meetings.append(meeting)


class ElementEntered(CircleEvent):
    stage: str
    element: str


class SessionHeld(CircleEvent):
    """Version 1 was stored both with and without ``number`` (the first
    releases had none); such meetings read ``number=0`` (not numbered)."""

    class_version = 2

    stage: str
    number: int

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("number", 0)

    def change(self, circle: Circle) -> None:
        circle.meetings[-1]["held"] = True


class CircleConcluded(CircleEvent):
    reason: str


class RegistrationDeadlineSet(CircleEvent):
    deadline: str

    def change(self, circle: Circle) -> None:
        circle.__dict__["registration_deadline"] = self.deadline


class RegistrationClosed(CircleEvent):
    on: str
    participants: int
    decision: str


class CircleMigrated(CircleEvent):
    """The circle moved from one version of its format to a newer one
    (see :mod:`circleflow.migration`). ``difference`` is what changed, as
    plain data; ``state`` is where the circle is in the newer version.
    From here on the circle runs on ``to_version``; its meetings and plans
    of a renamed stage read under the stage's new name."""

    from_version: int
    to_version: int
    difference: dict[str, Any]

    def change(self, circle: Circle) -> None:
        from circleflow.migration import stage_renames

        circle.format_version = self.to_version
        renamed = stage_renames(self.difference)
        if not renamed:
            return
        for meeting in circle.meetings:
            meeting["stage"] = renamed.get(meeting["stage"], meeting["stage"])
        circle.schedule = {renamed.get(k, k): v for k, v in circle.schedule.items()}


EVENTS: tuple[type[CircleEvent], ...] = (
    MemberJoined,
    SessionScheduled,
    SessionOpened,
    ElementEntered,
    SessionHeld,
    CircleConcluded,
    RegistrationDeadlineSet,
    RegistrationClosed,
    CircleMigrated,
)

#: Where release 0.1 stored these events.
RENAMED = {
    **{
        f"circleflow.circle:Circle.{e.__name__}": e
        for e in EVENTS
        if not e.__name__.startswith("Registration") and e is not CircleMigrated
    },
    "circleflow.learning_network:LearningNetwork.RegistrationDeadlineSet": (
        RegistrationDeadlineSet
    ),
    "circleflow.learning_network:LearningNetwork.RegistrationClosed": (
        RegistrationClosed
    ),
}
