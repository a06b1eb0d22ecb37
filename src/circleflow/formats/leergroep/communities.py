# SPDX-License-Identifier: EUPL-1.2
"""Learning communities of Leergroepen as methods of :class:`circleflow.Circles`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import DomainEvent

from circleflow import audit
from circleflow.errors import UnknownCircle
from circleflow.formats.leergroep.community import Community
from circleflow.inputs import listed, text
from circleflow.queries import CircleQueries, _pid, _uuid


class CommunitySteps(CircleQueries):
    """Forming a learning community, adding groups, holding gatherings."""

    def form_community(
        self, name: str, *, actor: str, origin: str | None = None
    ) -> UUID:
        """Form a learning community; returns its id."""
        with audit.refusals("form_community", None, actor, origin or self.origin):
            by = self._by(actor, origin)
            community = Community(
                name=text(name, "name"), actor=by["actor"], origin=by["origin"]
            )
        self._save(community)
        return community.id

    def add_group(
        self,
        community_id: UUID | str,
        circle_id: UUID | str,
        *,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Add a group (a stored circle) to a learning community."""
        with audit.refusals("add_group", community_id, actor, origin or self.origin):
            circle = self.circle(circle_id)
            community = self.community(community_id)
            community.add_group(
                str(circle.id),
                elsewhere=self._community_of(circle.id, besides=community.id),
                **self._by(actor, origin),
            )
        self._save(community)

    def _community_of(self, circle_id: UUID, *, besides: UUID) -> UUID | None:
        """The other community the group ``circle_id`` belongs to, if any."""
        topics = [
            f"{Community.__module__}:Community.GroupAdded",
            "circleflow.community:Community.GroupAdded",
        ]
        start = 1
        while True:
            batch = self.recorder.select_notifications(
                start=start, limit=500, topics=topics
            )
            for notification in batch:
                added = cast(DomainEvent, self.mapper.to_domain_event(notification))
                if (
                    getattr(added, "circle", None) == str(circle_id)
                    and added.originator_id != besides
                ):
                    return added.originator_id
            if len(batch) < 500:
                return None
            start = batch[-1].id + 1

    def hold_gathering(
        self,
        community_id: UUID | str,
        theme: str,
        kind: str,
        attendees: Iterable[UUID | str],
        *,
        on: date | None = None,
        actor: str,
        origin: str | None = None,
    ) -> None:
        """Record a gathering (webinar, lecture, meeting) of the community on
        ``on`` (today unless given), attended by members of its groups."""
        with audit.refusals(
            "hold_gathering", community_id, actor, origin or self.origin
        ):
            community = self.community(community_id)
            members = {
                person
                for group in community.groups
                for person in self.circle(group).members
            }
            community.hold_gathering(
                theme,
                kind,
                [_pid(a) for a in listed(attendees, "attendees")],
                members,
                on=self.clock().date() if on is None else on,
                **self._by(actor, origin),
            )
        self._save(community)

    def community(self, community_id: UUID | str) -> Community:
        """The learning community ``community_id``."""
        cid = _uuid(community_id, "community id")
        found: object
        try:
            found = cast(object, self.repository.get(cid))
        except AggregateNotFoundError:
            found = None
        if not isinstance(found, Community):
            raise UnknownCircle(f"no learning community with id {cid} in the store")
        return found
