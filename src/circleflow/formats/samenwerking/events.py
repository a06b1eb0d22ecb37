# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The events of a Samenwerking: mandates, concerns, problems and proposals,
the consensus record, Temporary Workable Agreements (TWOs) and roles."""

from __future__ import annotations

from typing import Any

from circleflow.circle import Circle, CircleEvent


class MandateRenewed(CircleEvent):
    person: str
    organisation: str
    scope: str
    after_meeting: int

    def change(self, circle: Circle) -> None:
        circle.part("mandates")[self.person] = self.after_meeting


class ConcernsVoiced(CircleEvent):
    person: str
    concerns: str

    def change(self, circle: Circle) -> None:
        heard: list[str] = circle.meeting_part("heard")
        if self.person not in heard:
            heard.append(self.person)


class ProblemNamed(CircleEvent):
    number: int
    person: str
    problem: str

    def change(self, circle: Circle) -> None:
        problems: dict[str, Any] = circle.part("problems")
        problems[str(self.number)] = {
            "meeting": len(circle.meetings),
            "proposed": False,
        }
        circle.meeting_part("open_problems").append(self.number)


class SolutionProposed(CircleEvent):
    problem: int
    person: str
    proposal: str

    def change(self, circle: Circle) -> None:
        circle.part("problems")[str(self.problem)]["proposed"] = True
        open_problems: list[int] = circle.meeting_part("open_problems")
        if self.problem in open_problems:
            open_problems.remove(self.problem)


class ConsensusRecorded(CircleEvent):
    item: str
    agreed: str

    def change(self, circle: Circle) -> None:
        circle.part("consensus")[self.item] = len(circle.meetings)


class TWOAgreed(CircleEvent):
    number: int
    parties: list[str]
    agreement: str
    why: str
    supersedes: int | None

    def change(self, circle: Circle) -> None:
        twos: dict[str, Any] = circle.part("twos")
        twos[str(self.number)] = {"acted": False, "superseded_by": None}
        if self.supersedes is not None:
            twos[str(self.supersedes)]["superseded_by"] = self.number


class TWOActedOn(CircleEvent):
    number: int
    person: str
    note: str

    def change(self, circle: Circle) -> None:
        circle.part("twos")[str(self.number)]["acted"] = True


class TWOReflectedOn(CircleEvent):
    number: int
    person: str
    reflection: str


class RoleAssigned(CircleEvent):
    role: str
    holder: str
    tasks: list[str]

    def change(self, circle: Circle) -> None:
        circle.part("roles")[self.role] = self.holder


class RoleHandedOver(CircleEvent):
    role: str
    from_person: str
    to_person: str
    note: str

    def change(self, circle: Circle) -> None:
        circle.part("roles")[self.role] = self.to_person


EVENTS: tuple[type[CircleEvent], ...] = (
    MandateRenewed,
    ConcernsVoiced,
    ProblemNamed,
    SolutionProposed,
    ConsensusRecorded,
    TWOAgreed,
    TWOActedOn,
    TWOReflectedOn,
    RoleAssigned,
    RoleHandedOver,
)

#: Where release 0.1 stored these events.
RENAMED = {f"circleflow.collaboration:Collaboration.{e.__name__}": e for e in EVENTS}
