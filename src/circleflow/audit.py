# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Audit records of every command, on the standard logger ``circleflow.audit``.

Each recorded event gives one ``recorded`` record and each refused command
one ``refused`` record, with what the BIO2 (control 8.15) asks of a log
entry: the action, the object (the circle, person or community), the
result, the actor, the origin and the time (the record's own). A host tool
sends the logger wherever its audit log lives; structured handlers find the
same fields in the record's ``audit`` attribute.

Records hold ids, event names and rule names only: never names, contact
data or free text, which may be personal data or echo what a user typed.
An object that is not a valid id is written as ``(invalid id)``, and an
actor or origin that is not one line of text as ``(invalid actor)`` or
``(invalid origin)``; any other control character is escaped, so one
command is always one line. The event store itself stays the
authoritative, append-only history.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from circleflow.errors import CircleflowError, InvalidInput, StepRefused
from circleflow.inputs import has_control, text

#: The logger circleflow writes audit records to.
AUDIT_LOGGER = logging.getLogger("circleflow.audit")
# A library adds no output of its own: records go nowhere until the host
# tool attaches a handler (or configures logging).
AUDIT_LOGGER.addHandler(logging.NullHandler())


def recorded(events: Iterable[Any]) -> None:
    """One ``recorded`` record per event that was saved."""
    if not AUDIT_LOGGER.isEnabledFor(logging.INFO):
        return
    for event in events:
        fields = {
            "result": "recorded",
            "action": type(event).__name__,
            "object": _object(event.originator_id),
            "version": event.originator_version,
            "actor": _one_line(getattr(event, "actor", ""), "actor"),
            "origin": _one_line(getattr(event, "origin", ""), "origin"),
            "at": event.timestamp.isoformat(),
        }
        AUDIT_LOGGER.info(
            "recorded %s on %s (version %s) by %s from %s",
            fields["action"],
            fields["object"],
            fields["version"],
            fields["actor"],
            fields["origin"],
            extra={"audit": fields},
        )


def refused(
    action: str,
    target: UUID | str | None,
    error: CircleflowError,
    actor: object,
    origin: object,
) -> None:
    """One ``refused`` record for a command that raised ``error``."""
    reason = error.rule if isinstance(error, StepRefused) else type(error).__name__
    fields = {
        "result": "refused",
        "action": _escaped(action),
        "object": "" if target is None else _object(target),
        "reason": _escaped(reason),
        "actor": _one_line(actor, "actor"),
        "origin": _one_line(origin, "origin"),
    }
    AUDIT_LOGGER.warning(
        "refused %s on %s by %s from %s: %s",
        fields["action"],
        fields["object"] or "-",
        fields["actor"],
        fields["origin"],
        fields["reason"],
        extra={"audit": fields},
    )


@contextmanager
def refusals(
    action: str, target: UUID | str | None, actor: object, origin: object
) -> Iterator[None]:
    """Write a ``refused`` record when the command inside raises a
    :class:`CircleflowError`, then let the error go on."""
    try:
        yield
    except CircleflowError as error:
        refused(action, target, error, actor, origin)
        raise


def _object(target: object) -> str:
    """The id ``target`` stands for, or ``(invalid id)``: never the raw value."""
    if isinstance(target, UUID):
        return str(target)
    try:
        return str(UUID(str(target)))
    except ValueError:
        return "(invalid id)"


def _one_line(value: object, what: str) -> str:
    """``value`` as checked one-line text, or ``(invalid <what>)``."""
    try:
        return text(value, what, single_line=True)
    except InvalidInput:
        return f"(invalid {what})"


def _escaped(value: str) -> str:
    """``value`` with every character that breaks or hides a line escaped."""
    if not has_control(value):
        return value
    return "".join(f"\\u{ord(c):04x}" if has_control(c) else c for c in value)
