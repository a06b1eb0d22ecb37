# SPDX-License-Identifier: EUPL-1.2
"""Format definitions: a circle's method described as data.

A format (Mastercircle, Leergroep, ...) is a frozen :class:`Format`: stages in
order (sessions or phases), the session-level elements nested in each stage,
which roles attend, how many participants, a schedule template, and where each
engine activity is allowed. The engine reads it; it never hard-codes a format.

Validation happens on construction, so a broken definition can never reach a
running circle; a :class:`~circleflow.errors.FormatError` names the place and
the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING

from attrs import field, frozen

from circleflow.errors import FormatError

if TYPE_CHECKING:
    from circleflow.packs import PackRegistry

#: Roles a member can have in a circle.
ROLES = frozenset({"participant", "master", "facilitator", "sponsor", "guest"})

# The activities and conditions a format can name come from the registered
# packs (circleflow.packs): ACTIVITIES, CONDITIONS, OPEN_CONDITIONS,
# LEAVE_CONDITIONS and MEETING_ACTIVITIES are read from them when asked for.


#: Whether the format being checked needs the installed packs, or only the
#: built-in ones (which can be asked while circleflow is being imported).
_INSTALLED: ContextVar[bool] = ContextVar("installed", default=True)


def _registry() -> PackRegistry:
    from circleflow.packs import registry

    return registry(installed=_INSTALLED.get())


def known_activities() -> frozenset[str]:
    """The activities a format can place: the commands of the packs."""
    return _registry().activities()


def meeting_activities() -> frozenset[str]:
    """The activities that record into the meeting that is open."""
    return _registry().meeting_activities()


def known_conditions(kind: str) -> frozenset[str]:
    """The rules a stage can require (``"hold"``, ``"open"`` or ``"leave"``)."""
    return _registry().conditions(kind)


def _needs_installed(fmt: Format) -> bool:
    """Whether ``fmt`` names activities or conditions no built-in pack has."""
    from circleflow.packs import registry

    builtins = registry(installed=False)
    names = {
        *fmt.between_activities,
        *(
            name
            for stage in fmt.stages
            if isinstance(stage, Stage)
            for name in (
                *stage.activities,
                *(
                    a
                    for e in stage.elements
                    if isinstance(e, Element)
                    for a in e.activities
                ),
                *stage.requires,
                *stage.requires_to_open,
                *stage.requires_to_leave,
            )
        ),
    }
    known = builtins.activities() | {r.name for r in builtins.rules()}
    return not names <= known


_CONDITION_KINDS = {
    "CONDITIONS": "hold",
    "OPEN_CONDITIONS": "open",
    "LEAVE_CONDITIONS": "leave",
}


def __getattr__(name: str) -> frozenset[str]:
    if name == "ACTIVITIES":
        return known_activities()
    if name == "MEETING_ACTIVITIES":
        return meeting_activities()
    if name in _CONDITION_KINDS:
        return known_conditions(_CONDITION_KINDS[name])
    raise AttributeError(name)


def _fulfilling(condition: str) -> str | None:
    """The activity in the same meeting that fulfils ``condition``, if one does."""
    rule = _registry().rule(condition)
    if rule is None or rule.fulfilled_by is None:
        return None
    command = _registry().command(rule.fulfilled_by)
    if command is None or not command.in_meeting:
        return None
    return command.name


def _only_by(activity: str) -> str | None:
    """The one role (other than participant) that takes ``activity``, if any."""
    command = _registry().command(activity)
    by = command.by if command is not None else None
    if by is None or len(by.roles) != 1 or "participant" in by.roles:
        return None
    return next(iter(by.roles))


#: State names the engine adds itself; a format may not use them.
HELD = "Gehouden"
PRESENTING = "Presenteren"
FEEDBACK = "Feedback"
GO = "Doorgang"
CANCELLED = "Afgelast"
CONCLUDED = "Afgerond"
RESERVED_NAMES = frozenset({HELD, PRESENTING, FEEDBACK, GO, CANCELLED, CONCLUDED})

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def _tuple(items: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(items, str):
        return (items,)
    return tuple(items)


def _frozenset(items: Iterable[str] | str) -> frozenset[str]:
    if isinstance(items, str):
        return frozenset({items})
    return frozenset(items)


def _check_name(place: str, name: object) -> None:
    if not isinstance(name, str) or not _NAME.match(name):
        raise FormatError(
            f"{place}: name {name!r} is not allowed; use letters and digits only, "
            "starting with a letter (it becomes a state name)"
        )
    if name in RESERVED_NAMES:
        raise FormatError(
            f"{place}: name {name!r} is reserved by the engine "
            f"({', '.join(sorted(RESERVED_NAMES))})"
        )


@frozen
class Element:
    """A session-level element: one step inside a session, in order.

    ``activities`` are the commands allowed while the element runs. An element
    with ``hot_seat=True`` hosts the hot-seat rounds (present, feedback, master
    dialogue) and cannot be left before every present participant had one.
    """

    name: str
    activities: tuple[str, ...] = field(default=(), converter=_tuple)
    hot_seat: bool = False
    description: str = ""


def _elements(items: Iterable[Element | str]) -> tuple[Element, ...]:
    return tuple(Element(i) if isinstance(i, str) else i for i in items)


@frozen
class Stage:
    """A session, meeting or phase of a format, in the format's order.

    ``attendees`` are the roles that may attend besides participants;
    ``required`` the roles of which at least one member must attend. A
    ``repeatable`` stage holds any number of meetings before the circle moves
    on (a Leergroep's meetings, a Samenwerking's phases). ``requires``,
    ``requires_to_open`` and ``requires_to_leave`` name conditions checked
    before a meeting is held, before one opens, and before the next stage
    opens. ``consensus`` lists the items of the consensus record that are
    recorded in this stage. ``week`` is the schedule template's offset from
    the circle's start date; ``days`` how many consecutive days a meeting of
    the stage lasts (a two-day meeting has 2). ``every_weeks`` is the rhythm
    of a repeatable stage: about how many weeks after one meeting the next
    is proposed.
    """

    name: str
    title: str
    kind: str
    attendees: frozenset[str] = field(converter=_frozenset)
    required: frozenset[str] = field(default=frozenset(), converter=_frozenset)
    elements: tuple[Element, ...] = field(default=(), converter=_elements)
    activities: tuple[str, ...] = field(default=(), converter=_tuple)
    requires: tuple[str, ...] = field(default=(), converter=_tuple)
    requires_to_open: tuple[str, ...] = field(default=(), converter=_tuple)
    requires_to_leave: tuple[str, ...] = field(default=(), converter=_tuple)
    consensus: tuple[str, ...] = field(default=(), converter=_tuple)
    circle_elements: tuple[str, ...] = field(default=(), converter=_tuple)
    repeatable: bool = False
    week: int | None = None
    duration: str = ""
    half_days: int | None = None
    days: int = 1
    every_weeks: int | None = None
    movement: str = ""
    description: str = ""

    @property
    def hot_seat_element(self) -> Element | None:
        """The element that hosts the hot-seat rounds, if the stage has one."""
        return next((e for e in self.elements if e.hot_seat), None)

    def element(self, name: str) -> Element:
        """The element called ``name``; ``KeyError`` if the stage has none."""
        for candidate in self.elements:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def allows(self, activity: str) -> bool:
        """Whether ``activity`` is allowed somewhere inside a meeting of this stage."""
        return activity in self.activities or any(
            activity in e.activities for e in self.elements
        )


def _stages(items: Iterable[Stage]) -> tuple[Stage, ...]:
    return tuple(items)


@frozen
class GroupSize:
    """How many participants a circle may have (``maximum=None``: no limit)."""

    minimum: int = 1
    maximum: int | None = None

    def allows(self, count: int) -> bool:
        """Whether ``count`` participants fit between the limits."""
        return count >= self.minimum and (self.maximum is None or count <= self.maximum)

    def __str__(self) -> str:
        if self.maximum is None:
            return f"at least {self.minimum}"
        return f"{self.minimum} to {self.maximum}"


@frozen(cache_hash=True)
class Format:
    """A complete, validated format definition.

    ``name`` and ``version`` identify it; a circle records both when it is
    founded and keeps running on that version. ``circle_elements`` are the
    circle-level elements in order; the stages' own ``circle_elements`` must
    walk them in that order, each exactly once. ``between_activities`` are
    allowed between meetings (none of the :data:`MEETING_ACTIVITIES`). With
    ``registration`` participants register until the registration is closed
    with a go or no-go; with ``hosted`` every meeting names a host
    organisation, rotating over the participants' organisations.
    ``circle_fields`` are the data a circle of this format may carry (cost,
    subsidy, ...).
    """

    name: str
    version: int
    title: str
    stages: tuple[Stage, ...] = field(converter=_stages)
    roles: frozenset[str] = field(default=ROLES, converter=_frozenset)
    circle_elements: tuple[str, ...] = field(default=(), converter=_tuple)
    participants: GroupSize = GroupSize()
    facilitators: GroupSize = GroupSize()
    sessions_per_master: int | None = None
    between_activities: tuple[str, ...] = field(default=(), converter=_tuple)
    registration: bool = False
    hosted: bool = False
    ground_rules: tuple[str, ...] = field(default=(), converter=_tuple)
    circle_fields: tuple[str, ...] = field(default=(), converter=_tuple)
    before: str = "Verkenning"
    description: str = ""

    def __attrs_post_init__(self) -> None:
        token = _INSTALLED.set(_needs_installed(self))
        try:
            _validate(self)
        finally:
            _INSTALLED.reset(token)

    @property
    def key(self) -> tuple[str, int]:
        """``(name, version)``: how a circle refers to its format."""
        return (self.name, self.version)

    @property
    def open_ended(self) -> bool:
        """Whether the last stage repeats until the circle is concluded."""
        return self.stages[-1].repeatable

    def stage(self, name: str) -> Stage:
        """The stage called ``name``; ``KeyError`` if the format has none."""
        for candidate in self.stages:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def stage_names(self) -> tuple[str, ...]:
        """The stage names in order."""
        return tuple(s.name for s in self.stages)

    def total_half_days(self) -> int:
        """The half-days of all stages that state them."""
        return sum(s.half_days or 0 for s in self.stages)


def _validate(fmt: Format) -> None:
    where = f"format {fmt.name!r}"
    if not isinstance(fmt.name, str) or not re.match(r"^[a-z][a-z0-9-]*$", fmt.name):
        raise FormatError(
            f"format name {fmt.name!r} is not allowed; use lower-case letters, "
            "digits and '-', starting with a letter"
        )
    if not _whole_number(fmt.version) or fmt.version < 1:
        raise FormatError(
            f"{where}: version must be a whole number >= 1, got {_given(fmt.version)}"
        )
    _check_text(where, "title", fmt.title)
    _check_text(where, "description", fmt.description, blank=True)
    _check_flag(where, "registration", fmt.registration)
    _check_flag(where, "hosted", fmt.hosted)
    if not fmt.stages:
        raise FormatError(f"{where}: it has no stages; give at least one")
    for number, stage in enumerate(fmt.stages, start=1):
        if not isinstance(stage, Stage):
            raise FormatError(
                f"{where}, stage {number}: must be a Stage, got {_given(stage)}"
            )
    unknown_roles = fmt.roles - ROLES
    if unknown_roles:
        raise FormatError(
            f"{where}: unknown role(s) {_sorted(unknown_roles)}; "
            f"known roles are {sorted(ROLES)}"
        )
    for needed in ("participant", "facilitator"):
        if needed not in fmt.roles:
            raise FormatError(f"{where}: roles must include {needed!r}")
    _check_name(f"{where}, state before the first stage", fmt.before)
    for label, size in (
        ("participants", fmt.participants),
        ("facilitators", fmt.facilitators),
    ):
        _check_group_size(where, label, size)
    _check_activities(f"{where}, between_activities", fmt.between_activities)
    in_meeting = set(fmt.between_activities) & meeting_activities()
    if in_meeting:
        raise FormatError(
            f"{where}: between_activities has {sorted(in_meeting)}, which record "
            "into the meeting that is open and cannot run between meetings; "
            "activities allowed between meetings are "
            f"{sorted(known_activities() - meeting_activities())}"
        )
    for label, names in (
        ("ground_rules", fmt.ground_rules),
        ("circle_fields", fmt.circle_fields),
        ("circle_elements", fmt.circle_elements),
    ):
        if any(not isinstance(n, str) or not n.strip() for n in names):
            raise FormatError(f"{where}: {label} must be non-empty texts")
        if len(set(names)) != len(names):
            raise FormatError(f"{where}: {label} names an entry twice")
    for name in fmt.circle_fields:
        if not re.match(r"^[a-z][a-z0-9_]*$", name):
            raise FormatError(
                f"{where}: circle field {name!r} must be lower-case letters, "
                "digits and '_'"
            )
    if fmt.sessions_per_master is not None and (
        not _whole_number(fmt.sessions_per_master) or fmt.sessions_per_master < 1
    ):
        raise FormatError(
            f"{where}: sessions_per_master must be a whole number >= 1 or None, got "
            f"{_given(fmt.sessions_per_master)}"
        )
    seen: set[str] = {fmt.before}
    walked: list[str] = []
    last_week: int | None = None
    for number, stage in enumerate(fmt.stages, start=1):
        _validate_stage(fmt, stage, number, f"{where}, stage {number}")
        if stage.name in seen:
            raise FormatError(
                f"{where}, stage {number}: name {stage.name!r} is used twice"
            )
        seen.add(stage.name)
        walked.extend(stage.circle_elements)
        if stage.week is not None:
            if last_week is not None and stage.week < last_week:
                raise FormatError(
                    f"{where}, stage {number} ({stage.name}): week {stage.week} "
                    f"comes before the previous stage's week {last_week}"
                )
            last_week = stage.week
    if tuple(walked) != fmt.circle_elements:
        raise FormatError(
            f"{where}: the stages walk the circle-level elements as "
            f"{walked}, but the format declares {list(fmt.circle_elements)}; "
            "each must be covered once, in order"
        )


def _check_group_size(where: str, label: str, size: object) -> None:
    if not isinstance(size, GroupSize):
        raise FormatError(f"{where}: {label} must be a GroupSize, got {_given(size)}")
    if not _whole_number(size.minimum):
        raise FormatError(
            f"{where}: {label} minimum must be a whole number >= 0, got "
            f"{_given(size.minimum)}"
        )
    if size.maximum is not None and not _whole_number(size.maximum):
        raise FormatError(
            f"{where}: {label} maximum must be a whole number >= 1 or None (no "
            f"limit), got {_given(size.maximum)}"
        )
    if size.maximum is not None and size.maximum < 1:
        role = label.removesuffix("s")
        raise FormatError(
            f"{where}: {label} maximum {size.maximum} leaves no room for a single "
            f"{role}; the maximum must be >= 1, or left out (None) for no limit"
        )
    if size.minimum < 0 or (size.maximum is not None and size.minimum > size.maximum):
        raise FormatError(
            f"{where}: {label} minimum {size.minimum} must be >= 0 and "
            f"<= maximum {size.maximum}"
        )


def _validate_stage(fmt: Format, stage: Stage, number: int, where: str) -> None:
    _check_name(where, stage.name)
    where = f"{where} ({stage.name})"
    _check_text(where, "title", stage.title)
    _check_text(where, "kind", stage.kind)
    for label, value in (
        ("duration", stage.duration),
        ("movement", stage.movement),
        ("description", stage.description),
    ):
        _check_text(where, label, value, blank=True)
    _check_flag(where, "repeatable", stage.repeatable)
    for label, roles in (("attendees", stage.attendees), ("required", stage.required)):
        unknown = roles - fmt.roles
        if unknown:
            raise FormatError(
                f"{where}: {label} names role(s) {_sorted(unknown)} the format does "
                f"not define; defined roles are {sorted(fmt.roles)}"
            )
    missing = stage.required - stage.attendees - {"participant"}
    if missing:
        raise FormatError(
            f"{where}: required role(s) {sorted(missing)} are not among attendees"
        )
    _check_activities(where, stage.activities)
    if stage.elements and stage.activities:
        raise FormatError(
            f"{where}: a stage with elements places its activities in the elements"
        )
    for label, given, known in (
        ("requires", stage.requires, known_conditions("hold")),
        ("requires_to_open", stage.requires_to_open, known_conditions("open")),
        ("requires_to_leave", stage.requires_to_leave, known_conditions("leave")),
    ):
        unknown_conditions = set(given) - known
        if unknown_conditions:
            raise FormatError(
                f"{where}: {label} has unknown condition(s) "
                f"{_sorted(unknown_conditions)}; known conditions are {sorted(known)}"
            )
    if len(set(stage.consensus)) != len(stage.consensus) or not all(
        isinstance(i, str) and i.strip() for i in stage.consensus
    ):
        raise FormatError(f"{where}: consensus items must be distinct, non-empty texts")
    if stage.consensus and not stage.allows("record_consensus"):
        raise FormatError(
            f"{where}: it has consensus items, so 'record_consensus' must be "
            "among its activities"
        )
    _check_optional_count(where, "half_days", stage.half_days)
    names: set[str] = set()
    for element in stage.elements:
        if not isinstance(element, Element):
            raise FormatError(
                f"{where}: elements must be Element (or a name), got {_given(element)}"
            )
        _check_name(f"{where}, element", element.name)
        if element.name in names:
            raise FormatError(f"{where}: element {element.name!r} is used twice")
        names.add(element.name)
        _check_activities(f"{where}, element {element.name}", element.activities)
        _check_flag(f"{where}, element {element.name}", "hot_seat", element.hot_seat)
        _check_text(
            f"{where}, element {element.name}",
            "description",
            element.description,
            blank=True,
        )
    hot_seats = [e.name for e in stage.elements if e.hot_seat]
    if len(hot_seats) > 1:
        raise FormatError(f"{where}: only one element can host hot seats: {hot_seats}")
    if hot_seats and "master" not in stage.attendees:
        raise FormatError(
            f"{where}: element {hot_seats[0]} hosts hot seats, which end in a "
            "dialogue with a master, but masters do not attend this stage"
        )
    if hot_seats and "master" not in stage.required:
        raise FormatError(
            f"{where}: element {hot_seats[0]} hosts hot seats, which end in a "
            "dialogue with a master, so a meeting without a master could never "
            "close; 'master' must be among required"
        )
    _check_optional_count(where, "week", stage.week)
    if not _whole_number(stage.days) or stage.days < 1:
        raise FormatError(
            f"{where}: days must be a whole number >= 1 (the days a meeting lasts), "
            f"got {_given(stage.days)}"
        )
    if stage.every_weeks is not None:
        if not _whole_number(stage.every_weeks) or stage.every_weeks < 1:
            raise FormatError(
                f"{where}: every_weeks must be a whole number >= 1 or None, got "
                f"{_given(stage.every_weeks)}"
            )
        if not stage.repeatable:
            raise FormatError(
                f"{where}: every_weeks is the rhythm of a repeatable stage, but this "
                "stage is not repeatable"
            )
    _check_who_acts(stage, where)
    _check_conditions(fmt, stage, number, where)


def _check_who_acts(stage: Stage, where: str) -> None:
    """Activities only one role carries out need that role at the meeting."""
    for activity in sorted(known_activities()):
        role = _only_by(activity)
        if role is not None and stage.allows(activity) and role not in stage.attendees:
            raise FormatError(
                f"{where}: activity {activity!r} is carried out by a {role}, but "
                f"{role}s do not attend this stage; add {role!r} to its attendees"
            )
    presented = _places(stage, "present_harvest")
    accepted = _places(stage, "accept_harvest")
    if accepted and not any(p <= a for p in presented for a in accepted):
        raise FormatError(
            f"{where}: activity 'accept_harvest' accepts the harvest presented "
            "earlier in the same meeting, but 'present_harvest' is not allowed "
            f"{_before_in(stage)}; add it"
        )


def _check_conditions(fmt: Format, stage: Stage, number: int, where: str) -> None:
    """Every condition the stage requires can be fulfilled, by an activity that
    is allowed where and when it counts (see ``Circle._unmet``)."""
    for condition in stage.requires:
        activity = _fulfilling(condition)
        if activity is None:
            continue
        if not stage.allows(activity):
            raise FormatError(
                f"{where}: requires {condition!r}, which only {activity!r} in the "
                f"same meeting fulfils, but this stage does not allow {activity!r}; "
                "add it to the stage's activities or to one of its elements"
            )
        role = _only_by(activity)
        if role is not None and role not in stage.required:
            raise FormatError(
                f"{where}: requires {condition!r}, which only a {role} can fulfil "
                f"({activity!r}), so a meeting without a {role} could never close; "
                f"{role!r} must be among required"
            )
    if "problems-have-proposals" in stage.requires:
        proposals = _places(stage, "propose_solution")
        for named in _places(stage, "name_problem"):
            if not any(p >= named for p in proposals):
                raise FormatError(
                    f"{where}: requires 'problems-have-proposals', but a problem "
                    f"named {_in(stage, named)} could never get a proposal: "
                    f"'propose_solution' is not allowed {_after_in(stage, named)}; "
                    "add it"
                )
    if "assignments-done" in stage.requires:
        if number == 1:
            raise FormatError(
                f"{where}: requires 'assignments-done', but 'complete_assignment' "
                "can only run once a meeting has been held, so the first stage "
                "can never meet it; require it in a later stage"
            )
        earlier = fmt.stages[:number]
        if "complete_assignment" not in fmt.between_activities and not any(
            s.allows("complete_assignment") for s in earlier
        ):
            raise FormatError(
                f"{where}: requires 'assignments-done', which 'complete_assignment' "
                "fulfils, but neither between_activities nor this stage or an "
                "earlier one allow 'complete_assignment'; add it to "
                "between_activities or to this stage's activities"
            )
    if number == 1 and not stage.repeatable and stage.allows("complete_assignment"):
        raise FormatError(
            f"{where}: activity 'complete_assignment' can only run once a meeting "
            "has been held, so it can never run in the first stage unless that "
            "stage is repeatable; allow it in a later stage or between_activities"
        )
    if (
        "mandates-renewed" in stage.requires_to_open
        and "renew_mandate" not in fmt.between_activities
    ):
        raise FormatError(
            f"{where}: requires_to_open 'mandates-renewed', which 'renew_mandate' "
            "between meetings fulfils, but 'renew_mandate' is not among the "
            "format's between_activities; add it there"
        )
    if "consensus-complete" in stage.requires_to_leave and not stage.consensus:
        raise FormatError(
            f"{where}: requires_to_leave 'consensus-complete', a complete "
            "consensus record, but lists no consensus items; give them in "
            "consensus (and allow 'record_consensus')"
        )


def _places(stage: Stage, activity: str) -> list[int]:
    """Where in a meeting of ``stage`` ``activity`` is allowed: the numbers of
    the elements that allow it, or 0 for the stage's own activities."""
    if activity in stage.activities:
        return [0]
    return [
        n for n, e in enumerate(stage.elements, start=1) if activity in e.activities
    ]


def _in(stage: Stage, place: int) -> str:
    if place == 0:
        return "in this stage"
    return f"in element {stage.elements[place - 1].name}"


def _after_in(stage: Stage, place: int) -> str:
    if place == 0:
        return "in this stage"
    return f"in element {stage.elements[place - 1].name} or a later one"


def _before_in(stage: Stage) -> str:
    if not stage.elements:
        return "in this stage"
    return "in the same element or an earlier one"


def _check_optional_count(where: str, name: str, value: object) -> None:
    """``value`` is None or a whole number >= 0."""
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise FormatError(
            f"{where}: {name} must be a whole number >= 0 or None, got {_given(value)}"
        )
    if value < 0:
        raise FormatError(f"{where}: {name} must be >= 0")


def _whole_number(value: object) -> bool:
    """Whether ``value`` is an int; ``True`` and ``False`` are not numbers here."""
    return isinstance(value, int) and not isinstance(value, bool)


def _given(value: object) -> str:
    """``value`` with its type, for saying what was given instead."""
    return f"{type(value).__name__} {value!r}"


def _sorted(items: Iterable[object]) -> list[object]:
    """``items`` sorted, whatever their types."""
    return sorted(items, key=repr)


def _check_text(where: str, label: str, value: object, *, blank: bool = False) -> None:
    if not isinstance(value, str):
        raise FormatError(f"{where}: {label} must be text, got {_given(value)}")
    if not blank and not value.strip():
        raise FormatError(
            f"{where}: {label} {value!r} is blank; give a {label} with visible text"
        )


def _check_flag(where: str, label: str, value: object) -> None:
    if not isinstance(value, bool):
        raise FormatError(
            f"{where}: {label} must be True or False, got {_given(value)}"
        )


def _check_activities(where: str, activities: tuple[str, ...]) -> None:
    known = known_activities()
    unknown = set(activities) - known
    if unknown:
        raise FormatError(
            f"{where}: unknown activit(y/ies) {_sorted(unknown)}; "
            f"known activities are {sorted(known)}"
        )
