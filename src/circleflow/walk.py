# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Walking a scripted circle through the public API, reporting each step.

Each pack's ``demo`` module scripts a complete circle of its format with
these helpers; :mod:`circleflow.demo` gathers the scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from attrs import frozen

from circleflow.application import Circles, Position
from circleflow.errors import StepRefused

__all__ = [
    "ACTOR",
    "Refusal",
    "Report",
    "Transition",
    "Walk",
    "quiet",
    "register_people",
]

ACTOR = "demo-facilitator"


@frozen
class Transition:
    """One command and the position of the circle before and after it."""

    command: str
    before: Position
    after: Position


@frozen
class Refusal:
    """A command the engine refused, and proof that nothing was recorded."""

    command: str
    error: StepRefused
    version_before: int
    version_after: int


Report = Callable[[Transition], None]
T = TypeVar("T")


def quiet(_: Transition) -> None:
    return None


class Walk:
    """Runs commands on one circle, reporting each transition."""

    def __init__(self, app: Circles, circle_id: UUID, report: Report) -> None:
        self.app = app
        self.circle_id = circle_id
        self.report = report
        self.last: Position | None = None

    def __call__(
        self,
        label: str,
        command: Callable[..., T],
        *args: object,
        **kwargs: object,
    ) -> T:
        if self.report is quiet:
            return command(self.circle_id, *args, actor=ACTOR, **kwargs)
        # Only this walk changes the circle, so where the last step ended is
        # where this one begins.
        before = self.last or self.app.position(self.circle_id)
        result = command(self.circle_id, *args, actor=ACTOR, **kwargs)
        self.last = self.app.position(self.circle_id)
        self.report(Transition(label, before, self.last))
        return result


def register_people(app: Circles, prefix: str, count: int, **kwargs: str) -> list[UUID]:
    return [
        app.register_person(f"{prefix} {n + 1}", actor=ACTOR, **kwargs)
        for n in range(count)
    ]
