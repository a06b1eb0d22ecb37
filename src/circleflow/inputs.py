# SPDX-License-Identifier: EUPL-1.2
"""Checks of free input: text and dates, with errors that say what is wrong."""

from __future__ import annotations

from datetime import date

from circleflow.errors import InvalidInput


def text(value: object, what: str, *, required: bool = True) -> str:
    """``value`` as stripped text; an :class:`InvalidInput` if it is not text."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{what} must not be empty")
    return value


def a_date(value: object, what: str) -> date:
    """``value`` if it is a date; an :class:`InvalidInput` otherwise."""
    if not isinstance(value, date):
        raise InvalidInput(f"{what} must be a date, got {value!r}")
    return value
