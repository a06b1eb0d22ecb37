# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The steps every format shares: joining, planning, opening a meeting,
walking its elements, holding it, concluding, and registration."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from circleflow.errors import InvalidInput
from circleflow.format import CANCELLED, GO
from circleflow.formats.common import events as ev
from circleflow.formats.common.rules import host_organisations
from circleflow.inputs import a_date, text
from circleflow.language import _, lazy_gettext
from circleflow.packs import registry
from circleflow.rules import Command, Move, choice, free, persons
from circleflow.rules import Param as _Param
from circleflow.workflow import (
    CLOSE_REGISTRATION,
    CONCLUDE,
    ENTER_ELEMENT,
    HOLD_SESSION,
    JOIN,
    OPEN_SESSION,
    SCHEDULE,
    SET_REGISTRATION_DEADLINE,
)

# -- joining ------------------------------------------------------------------------


def _roles(move: Move) -> list[str]:
    return sorted(move.format.roles)


def _unknown_role(move: Move, role: Any) -> str:
    return _("unknown role {role!r}; the {format} knows {roles}").format(
        role=role, format=move.format.title, roles=", ".join(_roles(move))
    )


def _join(
    move: Move,
    person: str,
    role: str,
    organisation: str,
    challenge: str,
    on: date | None,
) -> None:
    if on is not None:
        a_date(on, _("the registration date"))
    move.record(
        ev.MemberJoined,
        person=person,
        role=role,
        organisation=text(organisation, _("the organisation"), required=False),
        challenge=text(challenge, _("the challenge"), required=False),
    )


JOIN_CIRCLE = Command(
    JOIN,
    lazy_gettext("add a registered person as a member with a role"),
    (
        _Param("person", "person", member=False, present=False),
        choice("role", _roles, unknown=_unknown_role),
        free("organisation", ""),
        free("challenge", ""),
        free("on", None, required=False),
    ),
    _join,
    activity=False,
    order_rule="between-sessions",
    doing=lazy_gettext("join"),
)

# -- planning -----------------------------------------------------------------------


def _span(name: str, value: object) -> tuple[str, str | None]:
    if isinstance(value, tuple | list) and len(value) == 2:
        first = a_date(value[0], _("the first day of {stage}").format(stage=name))
        last = a_date(value[1], _("the last day of {stage}").format(stage=name))
        if last < first:
            raise InvalidInput(
                _("{stage} cannot end ({last}) before it starts ({first})").format(
                    stage=name, last=last.isoformat(), first=first.isoformat()
                )
            )
        if last == first:
            return first.isoformat(), None
        return first.isoformat(), last.isoformat()
    day = a_date(value, _("the date of {stage}").format(stage=name))
    return day.isoformat(), None


def _prepare_dates(move: Move) -> None:
    given = move.args["dates"]
    if not hasattr(given, "items"):
        raise InvalidInput(
            _("dates must map stage names to dates, got {given!r}").format(given=given)
        )
    fmt = move.format
    spans: dict[str, tuple[str, str | None]] = {}
    for name, value in given.items():
        try:
            stage = fmt.stage(name)
        except KeyError:
            raise InvalidInput(
                _("unknown session {name!r}; the {format} has {stages}").format(
                    name=name, format=fmt.title, stages=", ".join(fmt.stage_names())
                )
            ) from None
        spans[stage.name] = _span(stage.name, value)
    move.args["dates"] = spans


def _schedule(move: Move, dates: dict[str, tuple[str, str | None]]) -> None:
    for name in move.format.stage_names():
        if name in dates:
            first, last = dates[name]
            move.record(ev.SessionScheduled, stage=name, date=first, until=last)


SCHEDULE_SESSIONS = Command(
    SCHEDULE,
    lazy_gettext(
        "plan or move the dates of sessions not opened yet (the next meeting of a "
        "repeating stage); a date, or the first and last day"
    ),
    (free("dates", {}),),
    _schedule,
    activity=False,
    order_rule="between-sessions",
    prepare=_prepare_dates,
    doing=lazy_gettext("plan sessions"),
)

# -- the flow of meetings -----------------------------------------------------------


def _stages(move: Move) -> list[str]:
    return list(move.format.stage_names())


def _unknown_stage(move: Move, name: Any) -> str:
    fmt = move.format
    return _("unknown session {name!r}; the {format} has {stages}").format(
        name=name, format=fmt.title, stages=", ".join(_stages(move))
    )


def _unknown_host(move: Move, host: Any) -> str:
    return _("meetings of a {format} have no host").format(format=move.format.title)


def _open_conditions(move: Move) -> Sequence[str]:
    stage = move.stage
    assert stage is not None
    names = list(stage.requires_to_open)
    meetings = move.circle.meetings
    if meetings and meetings[-1]["stage"] != stage.name:
        names += move.format.stage(meetings[-1]["stage"]).requires_to_leave
    return names


def _prepare_opening(move: Move) -> None:
    host = move.args["host"]
    if host is not None:
        move.args["host"] = text(host, _("the host"))


def _open(move: Move, stage: str, attendees: list[str], host: str | None) -> None:
    circle = move.circle
    carried: list[int] = []
    for pack in registry():
        if pack.carry_over is not None:
            carried += pack.carry_over(circle)
    move.record(
        ev.SessionOpened,
        stage=stage,
        number=len(circle.meetings) + 1,
        attendees=list(dict.fromkeys(attendees)),
        host=host,
        carried_over=carried,
    )


OPEN_MEETING = Command(
    OPEN_SESSION,
    lazy_gettext("open the next session (or meeting) with the members present"),
    (
        choice("stage", _stages, unknown=_unknown_stage),
        _Param(
            "attendees",
            "persons",
            options=persons("attendees").options,
            expand=False,
            present=False,
            member=False,
        ),
        choice(
            "host",
            host_organisations,
            expand=False,
            required=False,
            unknown=_unknown_host,
        ),
    ),
    _open,
    activity=False,
    target="stage",
    order_rule="session-order",
    conditions=_open_conditions,
    prepare=_prepare_opening,
    doing=lazy_gettext("attend"),
)


def _elements(move: Move) -> list[str]:
    return list(dict.fromkeys(e.name for s in move.format.stages for e in s.elements))


def _unknown_element(move: Move, name: Any) -> str:
    return _(
        "unknown element {name!r}; the elements of the {format} are {elements}"
    ).format(
        name=name,
        format=move.format.title,
        elements=", ".join(_elements(move)) or _("none"),
    )


def _enter(move: Move, element: str) -> None:
    stage = move.stage
    assert stage is not None
    move.record(ev.ElementEntered, stage=stage.name, element=element)


ENTER = Command(
    ENTER_ELEMENT,
    lazy_gettext("move to the next session-level element"),
    (choice("element", _elements, unknown=_unknown_element),),
    _enter,
    activity=False,
    target="element",
    order_rule="element-order",
)


def _hold_conditions(move: Move) -> Sequence[str]:
    return move.stage.requires if move.stage is not None else ()


def _hold(move: Move) -> None:
    stage = move.stage
    assert stage is not None
    move.record(ev.SessionHeld, stage=stage.name, number=len(move.circle.meetings))


HOLD = Command(
    HOLD_SESSION,
    lazy_gettext("close the open session: it has been held"),
    (),
    _hold,
    activity=False,
    order_rule="element-order",
    conditions=_hold_conditions,
)


def _leave_conditions(move: Move) -> Sequence[str]:
    return move.format.stages[-1].requires_to_leave


def _conclude(move: Move, reason: str) -> None:
    move.record(
        ev.CircleConcluded, reason=text(reason, _("the reason"), required=False)
    )


CONCLUDE_CIRCLE = Command(
    CONCLUDE,
    lazy_gettext("end an open-ended circle after its last held meeting"),
    (free("reason", ""),),
    _conclude,
    activity=False,
    order_rule="session-order",
    conditions=_leave_conditions,
)

# -- registration -------------------------------------------------------------------


def _set_deadline(move: Move, deadline: date) -> None:
    day = a_date(deadline, _("the deadline"))
    move.record(ev.RegistrationDeadlineSet, deadline=day.isoformat())


SET_DEADLINE = Command(
    SET_REGISTRATION_DEADLINE,
    lazy_gettext("set or move the date registration closes"),
    (free("deadline"),),
    _set_deadline,
    activity=False,
    order_rule="registration",
)


def _prepare_closing(move: Move) -> None:
    if move.args["on"] is not None:
        a_date(move.args["on"], _("the closing date"))


def _close(move: Move, on: date | None) -> bool:
    day = on or move.today
    count = len(move.circle.members_with("participant"))
    go = move.format.participants.allows(count)
    state = move.workflow.next_state(
        move.state, CLOSE_REGISTRATION, GO if go else CANCELLED
    )
    move.record(
        ev.RegistrationClosed,
        state=state,
        on=day.isoformat(),
        participants=count,
        decision="go" if go else "no-go",
    )
    return go


CLOSE = Command(
    CLOSE_REGISTRATION,
    lazy_gettext(
        "close registration on or after the deadline: go with enough participants, "
        "no-go below the minimum"
    ),
    (free("on", None, required=False),),
    _close,
    activity=False,
    order_rule="registration",
    prepare=_prepare_closing,
)

COMMANDS = (
    JOIN_CIRCLE,
    SCHEDULE_SESSIONS,
    OPEN_MEETING,
    ENTER,
    HOLD,
    CONCLUDE_CIRCLE,
    SET_DEADLINE,
    CLOSE,
)
