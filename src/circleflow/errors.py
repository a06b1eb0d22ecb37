# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The errors circleflow raises: one base class, a subclass per kind of failure.

Every error message says what was wrong and what is allowed instead, so that a
command-line tool can show it as one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from circleflow.language import Text, _


class CircleflowError(Exception):
    """Base class of every error circleflow raises on purpose."""


class InvalidInput(CircleflowError, ValueError):
    """An argument has the wrong form (empty text, unknown role, bad date, ...)."""


class StepRefused(CircleflowError):
    """A command is not allowed in the circle's current state.

    ``rule`` names the rule that refused it (a stable identifier such as
    ``"session-order"``), ``description`` says what the rule asks, and
    ``allowed`` lists the steps that are allowed now (see
    :meth:`circleflow.Circles.allowed`).
    """

    def __init__(
        self,
        rule: str,
        reason: str,
        allowed: Sequence[object] = (),
        *,
        description: Text = "",
    ) -> None:
        self.rule = rule
        self.reason = reason
        self.description = str(description)
        self.allowed: tuple[Any, ...] = tuple(allowed)
        stop = "" if reason.endswith(".") else "."
        about = f" ({description})" if description else ""
        hint = (
            " "
            + _("Allowed now: {steps}.").format(steps="; ".join(map(str, self.allowed)))
            if self.allowed
            else ""
        )
        refused = _("Refused by rule '{rule}'{about}: {reason}").format(
            rule=rule, about=about, reason=reason
        )
        super().__init__(f"{refused}{stop}{hint}")

    def with_allowed(self, allowed: Sequence[object]) -> StepRefused:
        """The same refusal, listing ``allowed`` as what is allowed now."""
        return StepRefused(
            self.rule, self.reason, allowed, description=self.description
        )


class MigrationRefused(StepRefused):
    """A circle cannot move to a newer version of its format.

    ``migration`` is the checked :class:`~circleflow.migration.Migration`
    (its difference and verdict); ``conflicts`` names each reason, and
    ``allowed`` lists the newer versions the circle could move to now.
    """

    def __init__(
        self,
        migration: Any,
        allowed: Sequence[object] = (),
        *,
        description: Text = "",
    ) -> None:
        self.migration = migration
        self.conflicts: tuple[Any, ...] = tuple(migration.conflicts)
        reasons = "; ".join(str(c) for c in self.conflicts)
        super().__init__(
            "migration",
            _(
                "circle {circle} cannot move from version {old} to {new}: {reasons}"
            ).format(
                circle=migration.circle_id,
                old=migration.from_version,
                new=migration.to_version,
                reasons=reasons,
            ),
            allowed,
            description=description,
        )


class UnknownCircle(CircleflowError, LookupError):
    """No circle with this id (or at this version or moment) is in the store."""


class UnknownPerson(CircleflowError, LookupError):
    """No person with this id is registered, or the person is not a member."""


class ForgottenPerson(CircleflowError, LookupError):
    """The person was forgotten: nothing new can be recorded about them."""


class UnknownFormat(CircleflowError, LookupError):
    """No format with this name (and version) is registered."""


class FormatError(CircleflowError, ValueError):
    """A format definition is broken; the message names the place and problem."""


class ConcurrentChange(CircleflowError):
    """Someone else changed the circle since it was loaded; load it and retry."""


class StoreError(CircleflowError):
    """The store URL is not understood, or the store cannot be opened."""


class ChainBroken(StoreError):
    """The event log no longer matches its hash chain, so it is not extended."""


class ForgettingIncomplete(CircleflowError):
    """Data was forgotten, but its old bytes may still be on disk for a while.

    What was forgotten already reads as forgotten everywhere and cannot be
    brought back through circleflow. But another connection was still
    reading an older snapshot of the SQLite store, so the write-ahead log
    (the ``-wal`` file beside it) could not be overwritten yet and may
    still hold the destroyed key or deleted rows. Once those readers are
    done, finish with :meth:`circleflow.Circles.finish_forgetting` (or by
    forgetting again; opening the store tries too).
    """
