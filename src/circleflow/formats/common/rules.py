# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The rules every format shares: order, persons, attendance, group size,
schedule, hosts and registration."""

from __future__ import annotations

from datetime import date
from typing import Any

from circleflow.format import CANCELLED, GO, ROLES, Format
from circleflow.language import N_, LazyText, _, lazy_gettext
from circleflow.rules import Move, Param, Rule
from circleflow.workflow import OPEN_SESSION

# -- where a rule can matter ------------------------------------------------------


def _registers(fmt: Format) -> bool:
    return fmt.registration


def _hosted(fmt: Format) -> bool:
    return fmt.hosted


def _limits_masters(fmt: Format) -> bool:
    return fmt.sessions_per_master is not None


# -- order: where the state machine has no such step ------------------------------


def _not_at(move: Move) -> str:
    return _("{command} is not allowed at {state}").format(
        command=move.command.name, state=move.state
    )


def _session_order(move: Move) -> str:
    if move.command.name != OPEN_SESSION:
        return _not_at(move)
    fmt, stage = move.format, move.args["stage"]
    nexts = [
        d.split(".", 1)[0]
        for d in move.workflow.table(move.state).get(OPEN_SESSION, [])
    ]
    order = " → ".join(fmt.stage_names())
    if nexts:
        return _(
            "cannot open {stage} now; the next session is {next} (order: {order})"
        ).format(stage=stage, next=_(" or ").join(nexts), order=order)
    return _(
        "cannot open {stage} now; no session opens at {state} (order: {order})"
    ).format(stage=stage, state=move.state, order=order)


def _element_order(move: Move) -> str:
    if move.command.name != "enter_element" or move.stage is None:
        return _not_at(move)
    dests = move.workflow.table(move.state).get("enter_element", [])
    order = " → ".join(e.name for e in move.stage.elements)
    if not dests or not move.circle.in_meeting:
        return _("cannot enter {element!r} at {state} (order: {order})").format(
            element=move.args["element"], state=move.state, order=order
        )
    nxt = dests[0].rsplit(".", 1)[-1]
    return _(
        "cannot enter {element!r} now; the next element of {stage} is {next} "
        "(order: {order})"
    ).format(element=move.args["element"], stage=move.stage.name, next=nxt, order=order)


SESSION_ORDER = Rule(
    "session-order",
    lazy_gettext("sessions and phases open in the format's order"),
    steps={"open_session", "conclude"},
    check=_session_order,
    order=True,
)
ELEMENT_ORDER = Rule(
    "element-order",
    lazy_gettext(
        "a session's elements are walked in order, all of them before it is held"
    ),
    steps={"enter_element", "hold_session"},
    check=_element_order,
    order=True,
)
BETWEEN_SESSIONS = Rule(
    "between-sessions",
    lazy_gettext("members join and leave, and dates move, only between sessions"),
    steps={"join", "leave", "schedule"},
    check=_not_at,
    order=True,
)
REGISTRATION = Rule(
    "registration",
    lazy_gettext(
        "the registration deadline is set and registration closed before the start"
    ),
    steps={"set_registration_deadline", "close_registration"},
    check=_not_at,
    order=True,
    applies=_registers,
)


def _activity_place(move: Move) -> str:
    name = move.command.name
    where = [s.name for s in move.format.stages if s.allows(name)]
    if name in move.format.between_activities:
        where.append(_("between meetings"))
    return _(
        "{command} is not allowed at {state}; the {format} allows it in {where}"
    ).format(
        command=name,
        state=move.state,
        format=move.format.title,
        where=", ".join(where) or _("no stage"),
    )


ACTIVITY_PLACE = Rule(
    "activity-place",
    lazy_gettext(
        "an activity runs only in the stage or element (or between meetings) that "
        "the format places it"
    ),
    steps={"*"},
    check=_activity_place,
    order=True,
)

# -- persons ------------------------------------------------------------------------


def _forgotten(move: Move, param: Param, person: Any) -> str | None:
    if move.is_forgotten(person):
        return _(
            "person {person} has been forgotten; nothing new is recorded about them"
        ).format(person=person)
    return None


def _member(move: Move, param: Param, person: Any) -> str | None:
    if param.member and person not in move.circle.members:
        return _("person {person} is not a member of this circle").format(person=person)
    return None


def _role(move: Move, param: Param, person: Any) -> str | None:
    role = move.circle.members.get(person)
    if not param.roles or role is None or role in param.roles:
        return None
    doing = move.command.doing or move.command.name
    return _("{person} is a {role}; only a {roles} can {doing}").format(
        person=person, role=role, roles=_(" or ").join(sorted(param.roles)), doing=doing
    )


def _attendance(move: Move, param: Param, person: Any) -> str | None:
    role = move.circle.members.get(person)
    if move.command.name == OPEN_SESSION and param.name == "attendees":
        stage = move.stage
        assert stage is not None
        if role is None:
            return _(
                "{person} is not a member of this circle and cannot attend"
            ).format(person=person)
        if role != "participant" and role not in stage.attendees:
            where = [s.name for s in move.format.stages if role in s.attendees]
            return _(
                "{person} is a {role}; a {role} attends only {where}, not {stage}"
            ).format(
                person=person,
                role=role,
                where=", ".join(where) or _("no session"),
                stage=stage.name,
            )
        return None
    meeting = move.meeting
    if param.present and meeting and person not in meeting["attendees"]:
        doing = move.command.doing or move.command.name
        return _(
            "{person} is not present in this {stage} meeting and cannot {doing}"
        ).format(person=person, stage=meeting["stage"], doing=doing)
    return None


FORGOTTEN_PERSON = Rule(
    "forgotten-person",
    lazy_gettext("nothing new is recorded about a person who was forgotten"),
    steps={"*"},
    check_each=_forgotten,
)
MEMBER = Rule(
    "member",
    lazy_gettext("the persons a step names are members of the circle"),
    steps={"*"},
    check_each=_member,
)
ROLE = Rule(
    "role",
    lazy_gettext("each step is taken by the roles the method gives it"),
    steps={"*"},
    check_each=_role,
)
ATTENDANCE = Rule(
    "attendance",
    lazy_gettext(
        "only members whose role attends a stage attend it, and only those "
        "present take part in a meeting"
    ),
    steps={"*"},
    check_each=_attendance,
)


def _one_role(move: Move) -> str | None:
    person = move.args["person"]
    if person in move.circle.members:
        return _("person {person} is already a member as {role}").format(
            person=person, role=move.circle.members[person]
        )
    return None


ONE_ROLE = Rule(
    "one-role",
    lazy_gettext("a person is a member of a circle in one role"),
    steps={"join"},
    check=_one_role,
)


def _group_size(move: Move) -> str | None:
    fmt, circle = move.format, move.circle
    limits = {"participant": fmt.participants, "facilitator": fmt.facilitators}
    if move.command.name == "join":
        role = move.args["role"]
        if role not in limits:
            return None
        size, count = limits[role], len(circle.members_with(role))
        if size.maximum is not None and count >= size.maximum:
            return _(
                "the circle has {count} {role}s, the {format} allows {size}"
            ).format(count=count, role=role, format=fmt.title, size=size)
        return None
    if circle.meetings:
        return None
    for role, size in limits.items():
        count = len(circle.members_with(role))
        if not size.allows(count):
            return _(
                "the circle has {count} {role}s, the {format} needs {size}"
            ).format(count=count, role=role, format=fmt.title, size=size)
    return None


GROUP_SIZE = Rule(
    "group-size",
    lazy_gettext(
        "the circle keeps to the format's number of participants and facilitators"
    ),
    steps={"join", "open_session"},
    check=_group_size,
)


class _RoleText(LazyText):
    """A description naming a role, translated each time it is shown."""

    __slots__ = ("role",)

    def __init__(self, message: str, role: str) -> None:
        super().__init__(message)
        self.role = role

    def __str__(self) -> str:
        return super().__str__().format(role=self.role)


def _role_present(role: str) -> Rule:
    def check(move: Move) -> str | None:
        stage = move.stage
        assert stage is not None
        if role != "participant" and role not in stage.required:
            return None
        members = move.circle.members
        if any(members.get(p) == role for p in move.args["attendees"]):
            return None
        return _("{stage} ({kind}) needs at least one {role} present").format(
            stage=stage.name, kind=stage.kind, role=role
        )

    def applies(fmt: Format) -> bool:
        return role == "participant" or any(role in s.required for s in fmt.stages)

    return Rule(
        f"{role}-present",
        _RoleText(
            # Translators: {role} is a role code such as participant or master.
            N_("a meeting opens only with a {role} present, where its stage needs one"),
            role,
        ),
        steps={"open_session"},
        check=check,
        applies=applies,
    )


ROLE_PRESENT = tuple(_role_present(role) for role in sorted(ROLES))


def _master_sessions(move: Move, param: Param, person: Any) -> str | None:
    limit = move.format.sessions_per_master
    if limit is None or move.circle.members.get(person) != "master":
        return None
    earlier = [m["stage"] for m in move.circle.meetings if person in m["attendees"]]
    if len(earlier) >= limit:
        return _(
            "master {person} attended {earlier} already; a master attends at most "
            "{limit} session(s) of a {format}"
        ).format(
            person=person,
            earlier=", ".join(earlier),
            limit=limit,
            format=move.format.title,
        )
    return None


MASTER_SESSIONS = Rule(
    "master-sessions",
    lazy_gettext("a master attends at most the format's number of sessions"),
    steps={"open_session"},
    params={"attendees"},
    check_each=_master_sessions,
    applies=_limits_masters,
)

# -- hosts --------------------------------------------------------------------------


def host_organisations(move: Move) -> list[str]:
    """The organisations of the participants, in the order they joined."""
    if not move.format.hosted:
        return []
    circle = move.circle
    return list(
        dict.fromkeys(
            circle.organisations[p]
            for p in circle.members_with("participant")
            if circle.organisations.get(p)
        )
    )


def _host_missing(move: Move) -> str | None:
    if move.format.hosted and move.args.get("host") is None:
        known = host_organisations(move) or _("none (no organisations known)")
        return _(
            "every meeting is hosted by a participant's organisation; choose one "
            "of {known}"
        ).format(known=known)
    return None


def _host_known(move: Move, param: Param, host: Any) -> str | None:
    known = host_organisations(move)
    if move.format.hosted and host not in known:
        return _(
            "{host} is not a participant's organisation; every meeting is hosted "
            "by one of {known}"
        ).format(host=host, known=known or _("none (no organisations known)"))
    return None


HOST = Rule(
    "host",
    lazy_gettext(
        "every meeting of a hosted format is hosted by a participant's organisation"
    ),
    steps={"open_session"},
    params={"host"},
    check=_host_missing,
    check_each=_host_known,
    applies=_hosted,
)


def _host_rotation(move: Move, param: Param, host: Any) -> str | None:
    organisations = host_organisations(move)
    if not organisations:
        return None
    hosted = [m["host"] for m in move.circle.meetings if m["host"]]
    this_round = hosted[len(hosted) - len(hosted) % len(organisations) :]
    if host in this_round:
        waiting = [o for o in organisations if o not in this_round]
        return _("{host} hosted already in this round; next hosts: {waiting}").format(
            host=host, waiting=", ".join(waiting)
        )
    return None


HOST_ROTATION = Rule(
    "host-rotation",
    lazy_gettext(
        "hosting rotates: every organisation hosts once before any hosts again"
    ),
    steps={"open_session"},
    params={"host"},
    check_each=_host_rotation,
    applies=_hosted,
)

# -- schedule -----------------------------------------------------------------------


def _opened(move: Move, stage: str) -> bool:
    return any(m["stage"] == stage for m in move.circle.meetings)


def _schedule_past(move: Move) -> str | None:
    for name in move.args["dates"]:
        stage = move.format.stage(name)
        if not stage.repeatable and _opened(move, name):
            return _("{stage} has been opened already; its date stays").format(
                stage=name
            )
    return None


def _first_day(span: str) -> str:
    return span.split("/", 1)[0]


def _schedule_order(move: Move) -> str | None:
    wanted = {n: _first_day(iso) for n, (iso, _) in move.args["dates"].items()}
    planned = {n: _first_day(s) for n, s in move.circle.schedule.items()}
    result = planned | wanted
    names = [
        n
        for n in move.format.stage_names()
        if n in result and (n in wanted or not _opened(move, n))
    ]
    days = [result[n] for n in names]
    if days != sorted(days):
        listing = ", ".join(f"{n} {result[n]}" for n in names)
        return _("the dates would break the order of sessions: {listing}").format(
            listing=listing
        )
    return None


SCHEDULE_PAST = Rule(
    "schedule-past",
    lazy_gettext(
        "a session that was opened keeps its date; a repeating stage plans its next "
        "meeting"
    ),
    steps={"schedule"},
    check=_schedule_past,
)
SCHEDULE_ORDER = Rule(
    "schedule-order",
    lazy_gettext("planned dates keep the sessions in the format's order"),
    steps={"schedule"},
    check=_schedule_order,
)

# -- registration -------------------------------------------------------------------


def _deadline(move: Move) -> str | None:
    value: str | None = move.circle.__dict__.get("registration_deadline")
    return value


def _registration_closed(move: Move) -> str | None:
    fmt = move.format
    closed = fmt.registration and move.circle.state != fmt.before
    if move.args["role"] == "participant" and closed:
        return _("registration is closed; participants can no longer join")
    return None


def _registration_period(move: Move) -> str | None:
    deadline = _deadline(move)
    on = move.args["on"] or move.today
    if (
        move.args["role"] == "participant"
        and move.format.registration
        and deadline is not None
        and isinstance(on, date)
        and on.isoformat() > deadline
    ):
        return _(
            "registration closed on {deadline}; a registration of {on} is too late"
        ).format(deadline=deadline, on=on.isoformat())
    return None


def _deadline_set(move: Move) -> str | None:
    if _deadline(move) is None:
        return _("set the registration deadline before closing registration")
    return None


def _registration_open(move: Move) -> str | None:
    deadline, on = _deadline(move), move.args["on"] or move.today
    if deadline is not None and isinstance(on, date) and on.isoformat() < deadline:
        return _("registration is open until {deadline}").format(deadline=deadline)
    return None


REGISTRATION_CLOSED = Rule(
    "registration-closed",
    lazy_gettext("participants join only while registration is open"),
    steps={"join"},
    check=_registration_closed,
    applies=_registers,
)
REGISTRATION_PERIOD = Rule(
    "registration-period",
    lazy_gettext("participants register on or before the registration deadline"),
    steps={"join"},
    check=_registration_period,
    applies=_registers,
)
REGISTRATION_DEADLINE = Rule(
    "registration-deadline",
    lazy_gettext("registration closes only once its deadline is set"),
    steps={"close_registration"},
    check=_deadline_set,
    applies=_registers,
)
REGISTRATION_OPEN = Rule(
    "registration-open",
    lazy_gettext("registration closes on or after its deadline"),
    steps={"close_registration"},
    check=_registration_open,
    applies=_registers,
)

#: Where a registration ends: go with enough participants, otherwise no-go.
OUTCOMES = (GO, CANCELLED)

#: Checked by :func:`circleflow.migration.plan`, which names each conflict.
MIGRATION = Rule(
    "migration",
    lazy_gettext(
        "a newer format version may change only what lies ahead of the circle: "
        "nothing active now, and nothing done"
    ),
    steps={"migrate"},
)

RULES = (
    SESSION_ORDER,
    ELEMENT_ORDER,
    BETWEEN_SESSIONS,
    REGISTRATION,
    ACTIVITY_PLACE,
    FORGOTTEN_PERSON,
    MEMBER,
    ROLE,
    ATTENDANCE,
    ONE_ROLE,
    REGISTRATION_CLOSED,
    REGISTRATION_PERIOD,
    *ROLE_PRESENT,
    GROUP_SIZE,
    MASTER_SESSIONS,
    HOST,
    HOST_ROTATION,
    SCHEDULE_PAST,
    SCHEDULE_ORDER,
    REGISTRATION_DEADLINE,
    REGISTRATION_OPEN,
    MIGRATION,
)
