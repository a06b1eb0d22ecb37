# SPDX-License-Identifier: EUPL-1.2
"""A learning community: several Leergroepen that gather together.

About three times a year the members of all its groups meet for a webinar,
lecture or meeting on overarching themes. Which persons belong to the
community follows from the groups' own memberships; the application checks
that before recording a gathering.
"""

from __future__ import annotations

from collections.abc import Iterable

from eventsourcing.domain import Aggregate, event

from circleflow.circle_base import text
from circleflow.errors import InvalidInput, StepRefused

#: Kinds of gathering a learning community holds.
GATHERING_KINDS = ("webinar", "lecture", "meeting")


class Community(Aggregate):
    """A learning community of groups (circles) and its gatherings."""

    @event("CommunityFormed")
    def __init__(self, name: str, actor: str, origin: str) -> None:
        self.name = name
        self.groups: list[str] = []
        self.gatherings = 0

    def add_group(self, circle: str, *, actor: str, origin: str) -> None:
        """Add a group (circle) to the community."""
        if circle in self.groups:
            raise StepRefused("one-membership", f"group {circle} belongs already")
        self._group_added(circle=circle, actor=actor, origin=origin)

    def hold_gathering(
        self,
        theme: str,
        kind: str,
        attendees: Iterable[str],
        members: set[str],
        *,
        actor: str,
        origin: str,
    ) -> None:
        """Record a gathering attended by ``attendees``, who must be among
        ``members`` (the members of the community's groups)."""
        if kind not in GATHERING_KINDS:
            raise InvalidInput(
                f"unknown gathering kind {kind!r}; use one of {list(GATHERING_KINDS)}"
            )
        if not self.groups:
            raise StepRefused("community-groups", "the community has no groups yet")
        present = list(dict.fromkeys(attendees))
        if not present:
            raise InvalidInput("a gathering needs at least one attendee")
        strangers = [p for p in present if p not in members]
        if strangers:
            raise StepRefused(
                "community-member",
                f"{', '.join(strangers)} belong(s) to none of the community's groups",
            )
        self._gathering_held(
            number=self.gatherings + 1,
            theme=text(theme, "theme"),
            kind=kind,
            attendees=present,
            actor=actor,
            origin=origin,
        )

    @event("GroupAdded")
    def _group_added(self, circle: str, actor: str, origin: str) -> None:
        self.groups.append(circle)

    @event("GatheringHeld")
    def _gathering_held(
        self,
        number: int,
        theme: str,
        kind: str,
        attendees: list[str],
        actor: str,
        origin: str,
    ) -> None:
        self.gatherings = number
