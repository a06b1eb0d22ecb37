# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Moments stored in UTC, shown in the reader's time zone and language.

circleflow stores every moment in UTC. People read them in the time zone of
the circle, ``Europe/Amsterdam`` unless a ``zone=`` argument or the
``CIRCLEFLOW_TIMEZONE`` environment variable names another, written the
Dutch way ("2 december 2026 om 14:05", "2 dec. 2026") or the English way
("2 December 2026 at 14:05", "2 Dec 2026"). The month names come from the
message catalogs, like every other text.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Final

from circleflow.language import N_, gettext, use_language

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

#: The time zone moments are shown in unless another is chosen.
DEFAULT_TIMEZONE: Final = "Europe/Amsterdam"

#: The environment variable that names the time zone moments are shown in.
TIMEZONE_ENV_VAR: Final = "CIRCLEFLOW_TIMEZONE"

_MONTHS: Final = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)

#: Abbreviated month names: in English without a full stop, in Dutch with one.
_SHORT_MONTHS: Final = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def month_name(month: int, *, short: bool = False, language: str | None = None) -> str:
    """The name of ``month`` (1 for January) in the current language, or in
    ``language``: "december" or "December"; ``short`` abbreviates it ("dec.",
    "Dec")."""
    if not 1 <= month <= 12:
        from circleflow.errors import InvalidInput

        raise InvalidInput(
            gettext("a month is a number from 1 to 12, not {month!r}").format(
                month=month
            )
        )
    names = _SHORT_MONTHS if short else _MONTHS
    return gettext(names[month - 1], language=language)


def time_zone(zone: str | None = None) -> ZoneInfo:
    """The time zone named ``zone``, else by ``CIRCLEFLOW_TIMEZONE``, else
    Europe/Amsterdam; an :class:`~circleflow.errors.InvalidInput` for a name
    that is no time zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    where = "zone"
    if zone is None:
        zone = os.environ.get(TIMEZONE_ENV_VAR, "").strip() or DEFAULT_TIMEZONE
        where = TIMEZONE_ENV_VAR
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        from circleflow.errors import InvalidInput

        message = gettext(
            "{where} names the time zone {zone!r}, which is not known; give an "
            "IANA name such as {example!r}"
        )
        raise InvalidInput(
            message.format(where=where, zone=zone, example=DEFAULT_TIMEZONE)
        ) from None


def local(moment: datetime, *, zone: str | None = None) -> datetime:
    """``moment`` in the time zone of :func:`time_zone`; a moment without a
    time zone is taken to be UTC, as circleflow stores them."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(time_zone(zone))


def show_date(day: date, *, short: bool = False, language: str | None = None) -> str:
    """``day`` written out: "2 december 2026" (``short``: "2 dec. 2026"), or
    in English "2 December 2026" ("2 Dec 2026"). A moment is first put in
    the time zone of :func:`time_zone`."""
    if isinstance(day, datetime):
        day = local(day).date()
    if language is not None:
        with use_language(language):
            return show_date(day, short=short)
    return gettext("{day} {month} {year}").format(
        day=day.day, month=month_name(day.month, short=short), year=day.year
    )


def show_moment(
    moment: datetime,
    *,
    short: bool = False,
    language: str | None = None,
    zone: str | None = None,
) -> str:
    """``moment`` (stored in UTC) as a person reads it, in the time zone of
    :func:`time_zone`: "2 december 2026 om 14:05", in English "2 December
    2026 at 14:05"; ``short`` abbreviates the month."""
    if language is not None:
        with use_language(language):
            return show_moment(moment, short=short, zone=zone)
    shown = local(moment, zone=zone)
    return gettext("{date} at {time}").format(
        date=show_date(shown.date(), short=short),
        time=f"{shown.hour:02d}:{shown.minute:02d}",
    )
