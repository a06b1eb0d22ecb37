# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Persons: the one place where names and contact data are recorded.

Circles refer to people by id only. The name and contact data are in this
aggregate's first event, sealed with the person's own key (see
:mod:`circleflow.sealing`); forgetting the person destroys the key and
records :class:`Person.PersonForgotten`, without touching any circle's
history.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate, event

#: What the name, email and organisation read once the person is forgotten
#: (the same text as :data:`circleflow.sealing.FORGOTTEN`).
FORGOTTEN_TEXT = "[forgotten]"


class Person(Aggregate):
    """Someone who can be a member of circles."""

    @event("PersonRegistered")
    def __init__(
        self, name: str, email: str, organisation: str, actor: str, origin: str
    ) -> None:
        self.name = name
        self.email = email
        self.organisation = organisation
        self.forgotten = False

    @event("PersonForgotten")
    def forget(self, actor: str, origin: str) -> None:
        """The person's personal data is no longer readable.

        Applying the event also wipes the copy this object holds, so a
        process that had the person loaded forgets them on its next read.
        """
        self.forgotten = True
        self.name = self.email = self.organisation = FORGOTTEN_TEXT

    def forget_as_of(self, at: datetime, actor: str, origin: str) -> None:
        """:meth:`forget`, recorded as done at ``at``: when the key was
        destroyed, which a crash may have left some time before the event
        could be recorded."""
        forgotten = vars(type(self))["PersonForgotten"]
        self.trigger_event(forgotten, actor=actor, origin=origin, timestamp=at)
