# SPDX-FileCopyrightText: 2026 The circleflow contributors
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


class MemberLeft(CircleEvent):
    """A member left the circle, in ``role``, for ``reason``, on ``on``.

    They are no longer a member; what they recorded stays in the history.
    """

    person: str
    role: str
    reason: str
    on: str

    def change(self, circle: Circle) -> None:
        circle.members.pop(self.person, None)
        # The reason is personal text: it stays in the (sealed) event only.
        left: list[dict[str, str]] = circle.__dict__.setdefault("left", [])
        left.append({"person": self.person, "role": self.role, "on": self.on})


def _close_open_meeting(circle: Circle) -> None:
    if circle.in_meeting:
        circle.meetings[-1]["closed"] = True  # ended with the circle, not held


class CircleCancelled(CircleEvent):
    """The circle was cancelled for ``reason``; a meeting that was open is
    closed without being held."""

    reason: str

    def change(self, circle: Circle) -> None:
        _close_open_meeting(circle)
        circle.__dict__["ended"] = {"how": "cancelled", "reason": self.reason}


class CircleConcludedEarly(CircleEvent):
    """The circle was concluded before its format's end, for ``reason``; a
    meeting that was open is closed without being held."""

    reason: str

    def change(self, circle: Circle) -> None:
        _close_open_meeting(circle)
        circle.__dict__["ended"] = {"how": "concluded early", "reason": self.reason}


class AttendanceCorrected(CircleEvent):
    """The attendance list of held meeting ``number`` (of ``stage``) is
    ``attendees``, for ``reason``; the history keeps the list it replaces."""

    number: int
    stage: str
    attendees: list[str]
    reason: str

    def change(self, circle: Circle) -> None:
        circle.meetings[self.number - 1]["attendees"] = list(self.attendees)


class TextCorrected(CircleEvent):
    """Text ``field`` of the event at ``version`` of the circle's history
    (an event of type ``event``) reads ``text`` from now on, for ``reason``.
    ``about`` is the person the text is about (its correction is sealed
    like the text it corrects), or ``None``."""

    version: int
    event: str
    field: str
    text: str
    reason: str
    about: str | None

    def change(self, circle: Circle) -> None:
        # Where the text reads now: the version of this correction (the text
        # itself stays in the sealed event only).
        corrections: dict[str, int] = circle.__dict__.setdefault("corrections", {})
        corrections[f"{self.version}.{self.field}"] = self.originator_version


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

#: The steps real life brings (not stored by release 0.1).
LIFE_EVENTS: tuple[type[CircleEvent], ...] = (
    MemberLeft,
    CircleCancelled,
    CircleConcludedEarly,
    AttendanceCorrected,
    TextCorrected,
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
