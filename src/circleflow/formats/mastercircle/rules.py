# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The rules of a Mastercircle: the sponsor's part and the hot seats."""

from __future__ import annotations

from typing import Any

from circleflow.language import N_, Text, _, lazy_gettext
from circleflow.rules import Move, Param, Rule


def _fulfilled(condition: str, missing: str, description: Text) -> Rule:
    activity = {
        "urgency-stated": "state_urgency",
        "harvest-presented": "present_harvest",
        "harvest-accepted": "accept_harvest",
    }[condition]

    def check(move: Move) -> str | None:
        if condition in move.meeting.get("fulfilled", ()):
            return None
        if move.command.name == "hold_session" and move.stage is not None:
            return _("cannot close {stage}: {reason}").format(
                stage=move.stage.name, reason=_(missing)
            )
        return _(missing)

    return Rule(
        condition,
        description,
        check=check,
        condition="hold",
        fulfilled_by=activity,
    )


URGENCY_STATED = _fulfilled(
    "urgency-stated",
    N_("the sponsor has not stated the urgency yet"),
    lazy_gettext(
        "a meeting that requires it closes only once state_urgency was recorded in it"
    ),
)
HARVEST_ACCEPTED = _fulfilled(
    "harvest-accepted",
    N_("the sponsor has not accepted the harvest yet"),
    lazy_gettext(
        "a meeting that requires it closes only once accept_harvest was recorded in it"
    ),
)
_HARVEST = _fulfilled(
    "harvest-presented",
    N_("the harvest has not been presented yet"),
    lazy_gettext(
        "a meeting that requires it closes only once present_harvest was recorded in it"
    ),
)
#: The harvest is presented before it is accepted, and before a meeting that
#: requires it closes.
HARVEST_PRESENTED = Rule(
    _HARVEST.name,
    lazy_gettext(
        "the harvest is presented before it is accepted, and before a meeting that "
        "requires it closes"
    ),
    steps={"accept_harvest"},
    check=_HARVEST.check,
    condition="hold",
    fulfilled_by="present_harvest",
)


def _waiting(move: Move) -> list[str]:
    done = move.meeting.get("hot_seats_done", ())
    return [p for p in move.present_participants if p not in done]


def _hot_seats_complete(move: Move) -> str | None:
    stage = move.stage
    if stage is None or not move.circle.in_meeting:
        return None
    element = stage.hot_seat_element
    if element is None:
        return None
    if move.command.name == "enter_element":
        parts = move.state.split(".")
        if len(parts) < 2 or parts[1] != element.name:
            return None
        message = _(
            "cannot leave {element} before every present participant had the hot "
            "seat; waiting: {waiting}"
        )
    else:
        message = _(
            "cannot close {stage} before every present participant had the hot "
            "seat; waiting: {waiting}"
        )
    waiting = _waiting(move)
    if not waiting:
        return None
    return message.format(
        element=element.name, stage=stage.name, waiting=", ".join(waiting)
    )


HOT_SEATS_COMPLETE = Rule(
    "hot-seats-complete",
    lazy_gettext(
        "every present participant has the hot seat before its element is left or "
        "the session closes"
    ),
    steps={"enter_element", "hold_session"},
    check=_hot_seats_complete,
    applies=lambda fmt: any(s.hot_seat_element for s in fmt.stages),
)


def _hot_seat_order(move: Move) -> str:
    return _(
        "{step} is not allowed at {state}; a hot seat runs "
        "take_hot_seat → give_feedback → hold_master_dialogue"
    ).format(step=move.command.name, state=move.state)


HOT_SEAT_ORDER = Rule(
    "hot-seat-order",
    lazy_gettext("a hot seat runs: present, feedback, dialogue with the master"),
    steps={"take_hot_seat", "give_feedback", "hold_master_dialogue"},
    check=_hot_seat_order,
    order=True,
)


def _one_hot_seat(move: Move, param: Param, participant: Any) -> str | None:
    if participant in move.meeting.get("hot_seats_done", ()):
        waiting = ", ".join(_waiting(move)) or _("nobody")
        return _(
            "{participant} had the hot seat in this session already; waiting: {waiting}"
        ).format(participant=participant, waiting=waiting)
    return None


ONE_HOT_SEAT = Rule(
    "one-hot-seat",
    lazy_gettext("each present participant takes the hot seat once per session"),
    steps={"take_hot_seat"},
    params={"participant"},
    check_each=_one_hot_seat,
)


def _feedback_from_others(move: Move, param: Param, giver: Any) -> str | None:
    if giver == move.circle.__dict__.get("hot_seat"):
        return _("the one in the hot seat cannot give feedback")
    return None


FEEDBACK_FROM_OTHERS = Rule(
    "feedback-from-others",
    lazy_gettext(
        "feedback comes from colleagues and the master, not from the one in the hot "
        "seat"
    ),
    steps={"give_feedback"},
    params={"giver"},
    check_each=_feedback_from_others,
)

RULES = (
    URGENCY_STATED,
    HARVEST_PRESENTED,
    HARVEST_ACCEPTED,
    HOT_SEAT_ORDER,
    HOT_SEATS_COMPLETE,
    ONE_HOT_SEAT,
    FEEDBACK_FROM_OTHERS,
)
