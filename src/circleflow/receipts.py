# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Receipts of commands taken with a command id, so that retrying is safe.

A host tool that gives a command a ``command_id`` may send it again after a
crash or a lost answer: the first time, the command's events are saved
together with a :class:`Receipt` (in one transaction, so both land or
neither); every later time the receipt is found and the earlier result is
returned, and nothing is recorded.

The receipt's id is derived from the command id (:func:`receipt_id`), so
two processes that race with the same id cannot both record it: the second
save finds the receipt's first version taken and fails as a concurrent
change, after which the receipt is read and its result returned.

A receipt holds the command's name, the circle or person it was taken on,
who took it, a digest of the command's arguments (no personal text) and
the result: ``None``, a number, a truth value or an id as text. The same id
given with other arguments is refused (:class:`InvalidInput`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from attrs import frozen
from eventsourcing.domain import Aggregate, event

from circleflow.errors import InvalidInput
from circleflow.inputs import text
from circleflow.language import _

#: The namespace of receipt ids (and of the ids of reference claims).
NAMESPACE = UUID("6f1e2b7c-3d0a-5e8f-9a41-c2b7d05e13aa")

#: The longest command id, in characters.
LONGEST_ID = 200

#: What a receipt may hold as a command's result.
Result = None | bool | int | str


def command_id(value: object) -> str | None:
    """``value`` checked as a command id: one line of at most
    :data:`LONGEST_ID` characters, or ``None``."""
    if value is None:
        return None
    checked = text(value, _("the command id"), single_line=True)
    if len(checked) > LONGEST_ID:
        raise InvalidInput(
            _(
                "the command id is {length} characters long; give at most {longest}"
            ).format(length=len(checked), longest=LONGEST_ID)
        )
    return checked


def receipt_id(command: str) -> UUID:
    """The id of the receipt of command id ``command``."""
    return uuid5(NAMESPACE, command)


def digest(command: str, target: str | None, arguments: Mapping[str, Any]) -> str:
    """A digest (SHA-256, hex) of a command, what it is taken on and its
    arguments: equal for equal commands, and holding none of their text."""
    canonical = json.dumps(
        {"command": command, "target": target, "arguments": dict(arguments)},
        sort_keys=True,
        default=_plain,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, UUID | date):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    if isinstance(value, tuple):
        return list(value)
    return repr(value)


@frozen
class Once:
    """A command to take once: its id, and what identifies the command."""

    command_id: str
    command: str
    target: str | None
    digest: str

    @classmethod
    def of(
        cls,
        command_id_: object,
        command: str,
        target: object,
        arguments: Mapping[str, Any],
    ) -> Once | None:
        """The command to take once, or ``None`` without a command id."""
        checked = command_id(command_id_)
        if checked is None:
            return None
        where = None if target is None else str(target)
        return cls(checked, command, where, digest(command, where, arguments))

    @property
    def id(self) -> UUID:
        return receipt_id(self.command_id)

    def receipt(self, result: Result, *, actor: str, origin: str) -> Receipt:
        """A new receipt of this command with ``result``."""
        return Receipt(
            command=self.command,
            target=self.target,
            digest=self.digest,
            result=result,
            actor=actor,
            origin=origin,
            id=self.id,
        )

    def check(self, receipt: Receipt) -> Result:
        """The result ``receipt`` recorded, if it is the receipt of this very
        command; else an :class:`InvalidInput` naming the id."""
        if (receipt.command, receipt.target, receipt.digest) != (
            self.command,
            self.target,
            self.digest,
        ):
            if receipt.target is None:
                message = _(
                    "the command id {id!r} was used already, for another command "
                    "({command}, with other arguments or by another actor); give "
                    "a new id for a new command"
                )
            else:
                message = _(
                    "the command id {id!r} was used already, for another command "
                    "({command} on {target}, with other arguments or by another "
                    "actor); give a new id for a new command"
                )
            raise InvalidInput(
                message.format(
                    id=self.command_id, command=receipt.command, target=receipt.target
                )
            )
        return receipt.result


class Receipt(Aggregate):
    """That a command with a command id was recorded, and its result."""

    @event("CommandRecorded")
    def __init__(
        self,
        command: str,
        target: str | None,
        digest: str,
        result: Result,
        actor: str,
        origin: str,
        *,
        id: UUID,
    ) -> None:
        self.command = command
        self.target = target
        self.digest = digest
        self.result = result
