# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Checks of free input: text, dates and whole numbers, with errors that say
what is wrong."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from circleflow.errors import InvalidInput
from circleflow.language import N_, _

#: Versions and log positions are stored as 64-bit integers: below this.
LARGEST = 2**63 - 1

#: Unicode categories of characters that break or hide a line: controls
#: (newline, tab, escape), invisible formatting and line separators.
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def text(
    value: object, what: str, *, required: bool = True, single_line: bool = False
) -> str:
    """``value`` as stripped text; an :class:`InvalidInput` if it is not text
    or, with ``single_line``, if it holds a control character."""
    if not isinstance(value, str):
        raise InvalidInput(
            _("{what} must be text, got {kind}").format(
                what=what, kind=type(value).__name__
            )
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidInput(
            _(
                "{what} holds {character!r}, which is not a character "
                "(a lone surrogate, often from undecodable bytes); give valid text"
            ).format(what=what, character=value[error.start])
        ) from None
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("{what} must not be empty").format(what=what))
    if single_line and has_control(value):
        raise InvalidInput(
            _(
                "{what} must be one line without control characters "
                "(no line breaks, tabs or escapes)"
            ).format(what=what)
        )
    return value


def has_control(value: str) -> bool:
    """Whether ``value`` holds a character that breaks or hides a line."""
    return any(unicodedata.category(c) in _CONTROL_CATEGORIES for c in value)


def a_date(value: object, what: str) -> date:
    """``value`` if it is a date (a day, not a moment); an
    :class:`InvalidInput` otherwise."""
    if isinstance(value, datetime):
        raise InvalidInput(
            _(
                "{what} must be a date without a time, got {value!r}; use its .date()"
            ).format(what=what, value=value)
        )
    if not isinstance(value, date):
        raise InvalidInput(
            _("{what} must be a date, got {value!r}").format(what=what, value=value)
        )
    return value


def whole_number(
    value: object, what: str, *, minimum: int, noun: str = N_("a whole number")
) -> int:
    """``value`` if it is an int from ``minimum`` up to :data:`LARGEST`;
    an :class:`InvalidInput` otherwise (``True`` and ``"5"`` are no numbers)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(
            _("{what} must be {noun} >= {minimum}, not {value!r}").format(
                what=what, noun=_(noun), minimum=minimum, value=value
            )
        )
    if value > LARGEST:
        raise InvalidInput(
            _("{what} must be at most {largest}, not {value}").format(
                what=what, largest=LARGEST, value=value
            )
        )
    return value


def listed(values: object, what: str) -> list[Any]:
    """``values`` as a list; :class:`InvalidInput` if it is not a list of
    values (a single text or id, ``None``, a number, a mapping)."""
    if isinstance(values, str | bytes | UUID | Mapping) or not isinstance(
        values, Iterable
    ):
        raise InvalidInput(
            _("{what} must be a list, got {kind}").format(
                what=what, kind=type(values).__name__
            )
        )
    return list(values)
