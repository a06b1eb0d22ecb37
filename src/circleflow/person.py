# SPDX-License-Identifier: EUPL-1.2
"""Persons: the one place where names and contact data are recorded.

Circles refer to people by id only. Keeping personal data in this aggregate's
single event means it can later be encrypted per person or forgotten without
touching any circle's history.
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event


class Person(Aggregate):
    """Someone who can be a member of circles."""

    @event("PersonRegistered")
    def __init__(
        self, name: str, email: str, organisation: str, actor: str, origin: str
    ) -> None:
        self.name = name
        self.email = email
        self.organisation = organisation
