# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A learning community: several Leergroepen that gather together.

About three times a year the members of all its groups meet for a webinar,
lecture or meeting on overarching themes. Which persons belong to the
community follows from the groups' own memberships; the application checks
that before recording a gathering.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from circleflow.errors import InvalidInput
from circleflow.formats.leergroep.rules import (
    COMMUNITY_GROUPS,
    COMMUNITY_MEMBER,
    ONE_COMMUNITY,
    ONE_MEMBERSHIP,
)
from circleflow.inputs import a_date, text
from circleflow.language import _, ngettext

#: Kinds of gathering a learning community holds.
GATHERING_KINDS = ("webinar", "lecture", "meeting")


class Community(Aggregate):
    """A learning community of groups (circles) and its gatherings."""

    @event("CommunityFormed")
    def __init__(self, name: str, actor: str, origin: str) -> None:
        self.name = name
        self.groups: list[str] = []
        self.gatherings = 0

    def add_group(
        self, circle: str, *, elsewhere: UUID | None = None, actor: str, origin: str
    ) -> None:
        """Add a group (circle) to the community; ``elsewhere`` is the other
        community it belongs to, if any (a group belongs to one)."""
        if elsewhere is not None:
            raise ONE_COMMUNITY.refuse(
                _(
                    "group {group} belongs to learning community {community} already"
                ).format(group=circle, community=elsewhere)
            )
        if circle in self.groups:
            raise ONE_MEMBERSHIP.refuse(
                _("group {group} belongs already").format(group=circle)
            )
        self._group_added(circle=circle, actor=actor, origin=origin)

    def hold_gathering(
        self,
        theme: str,
        kind: str,
        attendees: Iterable[str],
        members: set[str],
        *,
        on: date,
        actor: str,
        origin: str,
    ) -> None:
        """Record a gathering on ``on`` attended by ``attendees``, who must be
        among ``members`` (the members of the community's groups)."""
        if kind not in GATHERING_KINDS:
            raise InvalidInput(
                _("unknown gathering kind {kind!r}; use one of {kinds}").format(
                    kind=kind, kinds=list(GATHERING_KINDS)
                )
            )
        if not self.groups:
            raise COMMUNITY_GROUPS.refuse(_("the community has no groups yet"))
        present = list(dict.fromkeys(attendees))
        if not present:
            raise InvalidInput(_("a gathering needs at least one attendee"))
        strangers = [p for p in present if p not in members]
        if strangers:
            raise COMMUNITY_MEMBER.refuse(
                ngettext(
                    "{persons} belongs to none of the community's groups",
                    "{persons} belong to none of the community's groups",
                    len(strangers),
                ).format(persons=", ".join(strangers))
            )
        self._gathering_held(
            number=self.gatherings + 1,
            theme=text(theme, _("the theme")),
            kind=kind,
            attendees=present,
            date=a_date(on, _("the date of the gathering")).isoformat(),
            actor=actor,
            origin=origin,
        )

    @event("GroupAdded")
    def _group_added(self, circle: str, actor: str, origin: str) -> None:
        self.groups.append(circle)

    class GatheringHeld(Aggregate.Event):
        """Release 0.1 recorded no date; such gatherings read ``date=None``."""

        class_version = 2

        number: int
        theme: str
        kind: str
        attendees: list[str]
        date: str | None
        actor: str
        origin: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["date"] = None

    @event(GatheringHeld)
    def _gathering_held(
        self,
        number: int,
        theme: str,
        kind: str,
        attendees: list[str],
        date: str | None,
        actor: str,
        origin: str,
    ) -> None:
        self.gatherings = number
