# SPDX-License-Identifier: EUPL-1.2
"""The rules of a Mastercircle: the sponsor's part and the hot seats."""

from __future__ import annotations

from typing import Any

from circleflow.rules import Move, Param, Rule


def _fulfilled(condition: str, missing: str) -> Rule:
    activity = {
        "urgency-stated": "state_urgency",
        "harvest-presented": "present_harvest",
        "harvest-accepted": "accept_harvest",
    }[condition]

    def check(move: Move) -> str | None:
        if condition in move.meeting.get("fulfilled", ()):
            return None
        if move.command.name == "hold_session" and move.stage is not None:
            return f"cannot close {move.stage.name}: {missing}"
        return missing

    return Rule(
        condition,
        f"a meeting that requires it closes only once {activity} was recorded in it",
        check=check,
        condition="hold",
        fulfilled_by=activity,
    )


URGENCY_STATED = _fulfilled(
    "urgency-stated", "the sponsor has not stated the urgency yet"
)
HARVEST_ACCEPTED = _fulfilled(
    "harvest-accepted", "the sponsor has not accepted the harvest yet"
)
_HARVEST = _fulfilled("harvest-presented", "the harvest has not been presented yet")
#: The harvest is presented before it is accepted, and before a meeting that
#: requires it closes.
HARVEST_PRESENTED = Rule(
    _HARVEST.name,
    "the harvest is presented before it is accepted, and before a meeting that "
    "requires it closes",
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
        doing = f"leave {element.name}"
    else:
        doing = f"close {stage.name}"
    waiting = _waiting(move)
    if not waiting:
        return None
    return (
        f"cannot {doing} before every present participant had the hot seat; "
        f"waiting: {', '.join(waiting)}"
    )


HOT_SEATS_COMPLETE = Rule(
    "hot-seats-complete",
    "every present participant has the hot seat before its element is left or "
    "the session closes",
    steps={"enter_element", "hold_session"},
    check=_hot_seats_complete,
    applies=lambda fmt: any(s.hot_seat_element for s in fmt.stages),
)


def _hot_seat_order(move: Move) -> str:
    return (
        f"{move.command.name} is not allowed at {move.state}; a hot seat runs "
        "take_hot_seat → give_feedback → hold_master_dialogue"
    )


HOT_SEAT_ORDER = Rule(
    "hot-seat-order",
    "a hot seat runs: present, feedback, dialogue with the master",
    steps={"take_hot_seat", "give_feedback", "hold_master_dialogue"},
    check=_hot_seat_order,
    order=True,
)


def _one_hot_seat(move: Move, param: Param, participant: Any) -> str | None:
    if participant in move.meeting.get("hot_seats_done", ()):
        waiting = ", ".join(_waiting(move)) or "nobody"
        return (
            f"{participant} had the hot seat in this session already; "
            f"waiting: {waiting}"
        )
    return None


ONE_HOT_SEAT = Rule(
    "one-hot-seat",
    "each present participant takes the hot seat once per session",
    steps={"take_hot_seat"},
    params={"participant"},
    check_each=_one_hot_seat,
)


def _feedback_from_others(move: Move, param: Param, giver: Any) -> str | None:
    if giver == move.circle.__dict__.get("hot_seat"):
        return "the one in the hot seat cannot give feedback"
    return None


FEEDBACK_FROM_OTHERS = Rule(
    "feedback-from-others",
    "feedback comes from colleagues and the master, not from the one in the hot seat",
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
