# SPDX-FileCopyrightText: 2026 The circleflow contributors
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
from circleflow.language import _
from circleflow.queries import CircleQueries, _pid, _uuid
from circleflow.receipts import Once


class CommunitySteps(CircleQueries):
    """Forming a learning community, adding groups, holding gatherings."""

    def form_community(
        self,
        name: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> UUID:
        """Form a learning community; returns its id."""
        with audit.refusals("form_community", None, actor, origin or self.origin):
            by = self._by(actor, origin)
            once = Once.of(
                command_id, "form_community", None, {"name": name, "actor": by["actor"]}
            )
            done, earlier = self._earlier(once)
            if done:
                return UUID(str(earlier))
            community = Community(
                name=text(name, _("the name")), actor=by["actor"], origin=by["origin"]
            )
        formed = self._save_once(community, once=once, result=str(community.id), by=by)
        return UUID(str(formed))

    def add_group(
        self,
        community_id: UUID | str,
        circle_id: UUID | str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Add a group (a stored circle) to a learning community."""
        with audit.refusals("add_group", community_id, actor, origin or self.origin):
            by = self._by(actor, origin)
            once = Once.of(
                command_id,
                "add_group",
                _uuid(community_id, "community id"),
                {"circle": str(_uuid(circle_id, "circle id")), "actor": by["actor"]},
            )
            if self._earlier(once)[0]:
                return
            circle = self.circle(circle_id)
            community = self.community(community_id)
            community.add_group(
                str(circle.id),
                elsewhere=self._community_of(circle.id, besides=community.id),
                **by,
            )
        self._save_once(community, once=once, result=None, by=by)

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
        command_id: str | None = None,
    ) -> None:
        """Record a gathering (webinar, lecture, meeting) of the community on
        ``on`` (today unless given), attended by members of its groups."""
        with audit.refusals(
            "hold_gathering", community_id, actor, origin or self.origin
        ):
            by = self._by(actor, origin)
            attending = [_pid(a) for a in listed(attendees, _("the attendees"))]
            once = Once.of(
                command_id,
                "hold_gathering",
                _uuid(community_id, "community id"),
                {
                    "theme": theme,
                    "kind": kind,
                    "attendees": attending,
                    "on": on,
                    "actor": by["actor"],
                },
            )
            if self._earlier(once)[0]:
                return
            community = self.community(community_id)
            members = {
                person
                for group in community.groups
                for person in self.circle(group).members
            }
            community.hold_gathering(
                theme,
                kind,
                attending,
                members,
                on=self.clock().date() if on is None else on,
                **by,
            )
        self._save_once(community, once=once, result=None, by=by)

    def community(self, community_id: UUID | str) -> Community:
        """The learning community ``community_id``."""
        cid = _uuid(community_id, "community id")
        found: object
        try:
            found = cast(object, self.repository.get(cid))
        except AggregateNotFoundError:
            found = None
        if not isinstance(found, Community):
            raise UnknownCircle(
                _("no learning community with id {id} in the store").format(id=cid)
            )
        return found
