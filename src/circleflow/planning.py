# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Planning meetings: the schedule template, meetings of several days, and
the rhythm that proposes the next meeting of a repeating stage.

A format's stages carry ``week`` (the offset from the start), ``days`` (how
long a meeting lasts) and, for repeating stages, ``every_weeks`` (about how
often they meet). These functions read them; recording a plan is the
``schedule`` step (:mod:`circleflow.formats.common`).
"""

from __future__ import annotations

from datetime import date, timedelta

from attrs import frozen

from circleflow.circle import Circle
from circleflow.errors import InvalidInput
from circleflow.format import Format, Stage
from circleflow.language import _
from circleflow.workflow import OPEN_SESSION, SEPARATOR, workflow_for

#: A planned meeting: its day, or its first and last day.
Span = date | tuple[date, date]


def later(day: date, delta: timedelta, what: str) -> date:
    """``day`` plus ``delta``; :class:`InvalidInput` past the last date."""
    try:
        return day + delta
    except OverflowError:
        raise InvalidInput(
            _(
                "{what} would fall after {last}, the last date there is; give an "
                "earlier date than {day}"
            ).format(what=what, last=date.max.isoformat(), day=day.isoformat())
        ) from None


def span(stage: Stage, first: date) -> Span:
    """The days a meeting of ``stage`` starting on ``first`` takes."""
    if stage.days == 1:
        return first
    last = later(
        first,
        timedelta(days=stage.days - 1),
        _("the last day of {stage}").format(stage=stage.name),
    )
    return (first, last)


def first_day(value: Span) -> date:
    return value[0] if isinstance(value, tuple) else value


@frozen
class NextMeeting:
    """The meeting a circle holds next: its stage, and a date for it.

    ``planned`` is the date already planned, if any; ``proposed`` the date
    the stage's rhythm proposes (the last meeting plus ``every_weeks``).
    """

    stage: str
    planned: str | None
    proposed: date | None


def template(circle: Circle, fmt: Format, start: date) -> dict[str, Span]:
    """The dates of the stages not opened yet, counted from ``start``.

    Stages with a ``week`` follow the template. A format without weeks
    (open-ended) gets its next meeting on ``start``.
    """
    dates = {
        s.name: span(
            s,
            later(
                start,
                timedelta(weeks=s.week),
                _("the date of {stage}").format(stage=s.name),
            ),
        )
        for s in fmt.stages
        if s.week is not None and not circle.meetings_of(s.name)
    }
    if not any(s.week is not None for s in fmt.stages):
        coming = next_stage(circle, fmt)
        if coming is not None:
            dates[coming.name] = span(coming, start)
    return dates


def next_stage(circle: Circle, fmt: Format) -> Stage | None:
    """The stage whose meeting opens next, if one can open after this state."""
    place = circle.state
    if circle.in_meeting:
        place = f"{circle.state.split(SEPARATOR, 1)[0]}{SEPARATOR}Gehouden"
    dests = workflow_for(fmt).table(place).get(OPEN_SESSION, [])
    return fmt.stage(dests[0]) if dests else None


def next_meeting(
    circle: Circle, fmt: Format, planned: dict[str, str], last_opened: date | None
) -> NextMeeting | None:
    """The next meeting of ``circle``, with the date planned or proposed.

    ``planned`` holds the plans made since each stage's last meeting opened
    (older plans were for meetings held already); ``last_opened`` is the day
    the last meeting opened.
    """
    stage = next_stage(circle, fmt)
    if stage is None:
        return None
    proposed = None
    if stage.every_weeks is not None and last_opened is not None:
        try:
            proposed = last_opened + timedelta(weeks=stage.every_weeks)
        except OverflowError:  # no date so late to propose
            proposed = None
    return NextMeeting(stage.name, planned.get(stage.name), proposed)
