# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The steps real life brings, in every format: a member leaves, the circle
is cancelled or concluded early, a recorded text or an attendance list is
corrected. Each is an event; nothing recorded earlier is changed in place.

- ``leave``: a member leaves between meetings, with a reason. They are no
  longer a member (no step can name them any more); what they recorded
  stays. They may join again later. A sole sponsor or facilitator may leave
  too: a stage that needs one opens only once another has joined.
- ``cancel`` and ``conclude_early``: the circle ends at any point, with a
  reason, also in the middle of a meeting (which is then closed without
  being held). Nothing is recorded after.
- ``correct_text``: a text of an earlier event, named by its version in the
  circle's history and its field, reads otherwise from now on; the
  correction says why, and is sealed like the text it corrects.
- ``correct_attendance``: the attendance list of a held meeting is replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from circleflow.format import CANCELLED
from circleflow.formats.common import events as ev
from circleflow.inputs import a_date, text, whole_number
from circleflow.language import _, lazy_gettext
from circleflow.rules import Command, Move, Param, Rule, choice, free, person
from circleflow.workflow import (
    CANCEL,
    CONCLUDE_EARLY,
    CORRECT_ATTENDANCE,
    CORRECT_TEXT,
    LEAVE,
    SEPARATOR,
)

#: Fields of an event that are not text a member wrote: they cannot be
#: corrected (the envelope, names of stages and elements, kinds, dates).
NOT_TEXT = frozenset(
    {
        "actor",
        "origin",
        "state",
        "stage",
        "element",
        "kind",
        "role",
        "decision",
        "date",
        "until",
        "deadline",
        "on",
        "host",
        "event",
        "field",
        "format_name",
        "originator_topic",
    }
)

# -- leaving ------------------------------------------------------------------------


def _leave(move: Move, person: str, reason: str, on: date | None) -> None:
    day = a_date(on, _("the day of leaving")) if on is not None else date.today()
    move.record(
        ev.MemberLeft,
        person=person,
        role=move.circle.members[person],
        reason=text(reason, _("the reason")),
        on=day.isoformat(),
    )


LEAVE_CIRCLE = Command(
    LEAVE,
    lazy_gettext(
        "a member leaves the circle between meetings, with a reason; their history "
        "stays"
    ),
    (
        person("person", by=True, present=False),
        free("reason"),
        free("on", None, required=False),
    ),
    _leave,
    activity=False,
    order_rule="between-sessions",
    doing="leave",
)

# -- ending -------------------------------------------------------------------------


def _cancel(move: Move, reason: str) -> None:
    move.record(ev.CircleCancelled, reason=text(reason, _("the reason")))


def _conclude_early(move: Move, reason: str) -> None:
    move.record(ev.CircleConcludedEarly, reason=text(reason, _("the reason")))


CANCEL_CIRCLE = Command(
    CANCEL,
    lazy_gettext(
        "cancel the circle at any point, with a reason; an open meeting is closed "
        "without being held"
    ),
    (free("reason"),),
    _cancel,
    activity=False,
    order_rule="circle-ended",
)
CONCLUDE_CIRCLE_EARLY = Command(
    CONCLUDE_EARLY,
    lazy_gettext(
        "conclude the circle before its format's end, at any point, with a reason; "
        "an open meeting is closed without being held"
    ),
    (free("reason"),),
    _conclude_early,
    activity=False,
    order_rule="circle-ended",
)


def _ended(move: Move) -> str:
    ended = move.circle.__dict__.get("ended")
    if ended is not None:
        if ended["how"] == "cancelled":
            message = _("the circle was cancelled ({reason}); nothing more is recorded")
        else:
            message = _(
                "the circle was concluded early ({reason}); nothing more is recorded"
            )
        return message.format(reason=ended["reason"])
    if move.state.split(SEPARATOR, 1)[0] == CANCELLED:
        return _("the circle was cancelled (no-go); nothing more is recorded")
    return _("the circle has been concluded; {command} is not allowed").format(
        command=move.command.name
    )


CIRCLE_ENDED = Rule(
    "circle-ended",
    lazy_gettext("nothing is recorded after a circle is cancelled or concluded"),
    steps={CANCEL, CONCLUDE_EARLY, CORRECT_TEXT, CORRECT_ATTENDANCE},
    check=_ended,
    order=True,
)

# -- correcting attendance ----------------------------------------------------------


def _meeting_numbers(move: Move) -> list[int]:
    return list(range(1, len(move.circle.meetings) + 1))


def _unknown_meeting(move: Move, number: Any) -> str:
    count = len(move.circle.meetings)
    if count:
        return _(
            "no meeting number {number!r}; the circle has had {count} meeting(s), "
            "numbered 1 to {count}"
        ).format(number=number, count=count)
    return _("no meeting number {number!r}; the circle has had no meeting yet").format(
        number=number
    )


def former_members(move: Move) -> list[str]:
    """The persons who left the circle and have not joined again."""
    members = move.circle.members
    left: list[dict[str, str]] = move.circle.__dict__.get("left", [])
    return list(dict.fromkeys(e["person"] for e in left if e["person"] not in members))


def _members_and_former(move: Move) -> list[str]:
    return [*move.circle.members, *former_members(move)]


def _correct_attendance(
    move: Move, number: int, attendees: list[str], reason: str
) -> None:
    move.record(
        ev.AttendanceCorrected,
        number=number,
        stage=move.circle.meetings[number - 1]["stage"],
        attendees=list(attendees),
        reason=text(reason, _("the reason")),
    )


CORRECT_ATTENDANCE_LIST = Command(
    CORRECT_ATTENDANCE,
    lazy_gettext("replace the attendance list of a held meeting, with a reason"),
    (
        choice("number", _meeting_numbers, unknown=_unknown_meeting),
        Param(
            "attendees",
            "persons",
            options=_members_and_former,
            expand=False,
            present=False,
            member=False,
            minimum=1,
        ),
        free("reason"),
    ),
    _correct_attendance,
    activity=False,
    order_rule="circle-ended",
)


def _attendance_correction(move: Move, param: Param, value: Any) -> str | None:
    if param.name == "number":
        meetings = move.circle.meetings
        if (
            isinstance(value, int)
            and 1 <= value <= len(meetings)
            and not meetings[value - 1]["held"]
        ):
            return _(
                "meeting {number} ({stage}) has not been held; only the attendance "
                "of a held meeting is corrected"
            ).format(number=value, stage=meetings[value - 1]["stage"])
        return None
    if value not in move.circle.members and value not in former_members(move):
        return _(
            "person {person} is not a member of this circle and did not attend its "
            "meetings"
        ).format(person=value)
    return None


ATTENDANCE_CORRECTION = Rule(
    "attendance-correction",
    lazy_gettext(
        "an attendance list is corrected only for a held meeting, and names only "
        "members (or members who left since)"
    ),
    steps={CORRECT_ATTENDANCE},
    params={"number", "attendees"},
    check_each=_attendance_correction,
)

# -- correcting a text --------------------------------------------------------------


def _prepare_correction(move: Move) -> None:
    move.args["version"] = whole_number(
        move.args["version"], _("the version of the corrected event"), minimum=1
    )
    move.args["field"] = text(move.args["field"], _("the field"), single_line=True)


def _correct_text(
    move: Move,
    version: int,
    event: str,
    field: str,
    text_: str,
    reason: str,
    about: Sequence[str] | None,
) -> None:
    move.record(
        ev.TextCorrected,
        version=version,
        event=text(event, _("the event"), single_line=True),
        field=field,
        text=text(text_, _("the text")),
        reason=text(reason, _("the reason")),
        about=sorted(about or []),
    )


def _run_correction(move: Move, **args: Any) -> None:
    args["text_"] = args.pop("text")
    _correct_text(move, **args)


CORRECT_RECORDED_TEXT = Command(
    CORRECT_TEXT,
    lazy_gettext(
        "correct a text recorded earlier (the event's version and field), with a "
        "reason; the history keeps both"
    ),
    (
        free("version"),
        free("event", ""),
        free("field"),
        free("text"),
        free("reason"),
        Param(
            "about",
            "persons",
            expand=False,
            present=False,
            member=False,
            required=False,
        ),
    ),
    _run_correction,
    activity=False,
    order_rule="circle-ended",
    prepare=_prepare_correction,
)


def _correction_target(move: Move) -> str | None:
    version = move.args["version"]
    if not isinstance(version, int):
        return None  # checked when the step is taken
    latest = move.circle.version
    if version > latest:
        return _(
            "the circle has no event {version}; its history holds events 1 to {latest}"
        ).format(version=version, latest=latest)
    return None


CORRECTION_TARGET = Rule(
    "correction-target",
    lazy_gettext("a correction names a text the circle's history holds"),
    steps={CORRECT_TEXT},
    check=_correction_target,
)


COMMANDS = (
    LEAVE_CIRCLE,
    CANCEL_CIRCLE,
    CONCLUDE_CIRCLE_EARLY,
    CORRECT_ATTENDANCE_LIST,
    CORRECT_RECORDED_TEXT,
)
RULES = (CIRCLE_ENDED, ATTENDANCE_CORRECTION, CORRECTION_TARGET)
