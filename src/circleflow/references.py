# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The host tool's own references to persons (an employee number, an
account name), unique in a store.

A person registered with a reference gets a :class:`ReferenceClaim` whose
id is derived from the reference (:func:`claim_id`), saved in one
transaction with ``PersonRegistered``: a second person with the same
reference cannot be recorded, not even by another process at the same
moment, because the claim's first version is taken. Finding a person by
reference reads that one claim; listing persons reads the registrations
and claims without opening anyone's name.

The reference may itself be personal data, so the claim holds it sealed
with the person's key: forgetting the person makes it unreadable. The
claim's id is a one-way digest of the reference; it stays, so the
reference cannot be given to another person afterwards, and whoever knows
the reference can still find that a person with it was registered, and
forgotten (see ``docs/personal-data.md``).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from attrs import frozen
from eventsourcing.domain import Aggregate, event

from circleflow.errors import InvalidInput
from circleflow.inputs import text
from circleflow.language import _
from circleflow.receipts import NAMESPACE

#: The longest reference, in characters.
LONGEST_REFERENCE = 200


def reference(value: object) -> str:
    """``value`` checked as a reference: one line of at most
    :data:`LONGEST_REFERENCE` characters."""
    checked = text(value, _("the reference"), single_line=True)
    if len(checked) > LONGEST_REFERENCE:
        raise InvalidInput(
            _(
                "the reference is {length} characters long; give at most {longest}"
            ).format(length=len(checked), longest=LONGEST_REFERENCE)
        )
    return checked


def claim_id(reference: str) -> UUID:
    """The id of the claim of ``reference``."""
    return uuid5(NAMESPACE, "reference:" + reference)


class ReferenceClaim(Aggregate):
    """That a reference names a person, for good."""

    @event("ReferenceClaimed")
    def __init__(
        self,
        person: str,
        reference: str,
        actor: str,
        origin: str,
        *,
        id: UUID,
    ) -> None:
        self.person = person
        self.reference = reference


@frozen
class PersonSummary:
    """A registered person, as listed by :meth:`Circles.persons`."""

    person_id: UUID
    registered_at: datetime
    #: The host tool's reference; ``None`` when none was given, or when
    #: the person was forgotten.
    reference: str | None
    forgotten: bool
