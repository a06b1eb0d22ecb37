# SPDX-License-Identifier: EUPL-1.2
"""Checks of free input: text and dates, with errors that say what is wrong."""

from __future__ import annotations

import unicodedata
from datetime import date

from circleflow.errors import InvalidInput

#: Unicode categories of characters that break or hide a line: controls
#: (newline, tab, escape), invisible formatting and line separators.
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def text(
    value: object, what: str, *, required: bool = True, single_line: bool = False
) -> str:
    """``value`` as stripped text; an :class:`InvalidInput` if it is not text
    or, with ``single_line``, if it holds a control character."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{what} must not be empty")
    if single_line and has_control(value):
        raise InvalidInput(
            f"{what} must be one line without control characters "
            "(no line breaks, tabs or escapes)"
        )
    return value


def has_control(value: str) -> bool:
    """Whether ``value`` holds a character that breaks or hides a line."""
    return any(unicodedata.category(c) in _CONTROL_CATEGORIES for c in value)


def a_date(value: object, what: str) -> date:
    """``value`` if it is a date; an :class:`InvalidInput` otherwise."""
    if not isinstance(value, date):
        raise InvalidInput(f"{what} must be a date, got {value!r}")
    return value
