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

from attrs import field, frozen

from circleflow.errors import FormatError

#: Roles a member can have in a circle.
ROLES = frozenset({"participant", "master", "facilitator", "sponsor", "guest"})

#: Activities a format can place in a stage (without elements) or an element.
#: Each is one command of :class:`~circleflow.application.Circles`.
ACTIVITIES = frozenset(
    {
        "state_urgency",
        "note_synergy",
        "record_action",
        "present_harvest",
        "accept_harvest",
    }
)

#: Conditions a stage can require before it is held (closed).
CONDITIONS = frozenset({"urgency-stated", "harvest-accepted"})

#: Sub-state names the engine adds itself; a format may not use them.
HELD = "Gehouden"
PRESENTING = "Presenteren"
FEEDBACK = "Feedback"
RESERVED_NAMES = frozenset({HELD, PRESENTING, FEEDBACK})

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
    """A session (or phase) of a format, in the format's order.

    ``attendees`` are the roles that may attend besides participants;
    ``required`` the roles of which at least one member must attend.
    ``week`` is the schedule template's offset from the circle's start date.
    """

    name: str
    title: str
    kind: str
    attendees: frozenset[str] = field(converter=_frozenset)
    required: frozenset[str] = field(default=frozenset(), converter=_frozenset)
    elements: tuple[Element, ...] = field(default=(), converter=_elements)
    activities: tuple[str, ...] = field(default=(), converter=_tuple)
    requires: tuple[str, ...] = field(default=(), converter=_tuple)
    circle_elements: tuple[str, ...] = field(default=(), converter=_tuple)
    week: int | None = None
    duration: str = ""
    movement: str = ""

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
    walk them in that order, each exactly once.
    """

    name: str
    version: int
    title: str
    stages: tuple[Stage, ...] = field(converter=_stages)
    roles: frozenset[str] = field(default=ROLES, converter=_frozenset)
    circle_elements: tuple[str, ...] = field(default=(), converter=_tuple)
    participants: GroupSize = GroupSize()
    sessions_per_master: int | None = None
    before: str = "Verkenning"
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _validate(self)

    @property
    def key(self) -> tuple[str, int]:
        """``(name, version)``: how a circle refers to its format."""
        return (self.name, self.version)

    def stage(self, name: str) -> Stage:
        """The stage called ``name``; ``KeyError`` if the format has none."""
        for candidate in self.stages:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def stage_names(self) -> tuple[str, ...]:
        """The stage names in order."""
        return tuple(s.name for s in self.stages)


def _validate(fmt: Format) -> None:
    where = f"format {fmt.name!r}"
    if not isinstance(fmt.name, str) or not re.match(r"^[a-z][a-z0-9-]*$", fmt.name):
        raise FormatError(
            f"format name {fmt.name!r} is not allowed; use lower-case letters, "
            "digits and '-', starting with a letter"
        )
    if not isinstance(fmt.version, int) or fmt.version < 1:
        raise FormatError(f"{where}: version must be a whole number >= 1")
    if not fmt.stages:
        raise FormatError(f"{where}: it has no stages; give at least one")
    unknown_roles = fmt.roles - ROLES
    if unknown_roles:
        raise FormatError(
            f"{where}: unknown role(s) {sorted(unknown_roles)}; "
            f"known roles are {sorted(ROLES)}"
        )
    for needed in ("participant", "facilitator"):
        if needed not in fmt.roles:
            raise FormatError(f"{where}: roles must include {needed!r}")
    _check_name(f"{where}, state before the first stage", fmt.before)
    size = fmt.participants
    if size.minimum < 0 or (size.maximum is not None and size.minimum > size.maximum):
        raise FormatError(
            f"{where}: participants minimum {size.minimum} must be >= 0 and "
            f"<= maximum {size.maximum}"
        )
    if fmt.sessions_per_master is not None and fmt.sessions_per_master < 1:
        raise FormatError(f"{where}: sessions_per_master must be >= 1 or None")
    seen: set[str] = {fmt.before}
    walked: list[str] = []
    last_week: int | None = None
    for number, stage in enumerate(fmt.stages, start=1):
        _validate_stage(fmt, stage, f"{where}, stage {number}")
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


def _validate_stage(fmt: Format, stage: Stage, where: str) -> None:
    _check_name(where, stage.name)
    where = f"{where} ({stage.name})"
    for label, roles in (("attendees", stage.attendees), ("required", stage.required)):
        unknown = roles - fmt.roles
        if unknown:
            raise FormatError(
                f"{where}: {label} names role(s) {sorted(unknown)} the format does "
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
    unknown_conditions = set(stage.requires) - CONDITIONS
    if unknown_conditions:
        raise FormatError(
            f"{where}: unknown condition(s) {sorted(unknown_conditions)}; "
            f"known conditions are {sorted(CONDITIONS)}"
        )
    names: set[str] = set()
    for element in stage.elements:
        _check_name(f"{where}, element", element.name)
        if element.name in names:
            raise FormatError(f"{where}: element {element.name!r} is used twice")
        names.add(element.name)
        _check_activities(f"{where}, element {element.name}", element.activities)
    hot_seats = [e.name for e in stage.elements if e.hot_seat]
    if len(hot_seats) > 1:
        raise FormatError(f"{where}: only one element can host hot seats: {hot_seats}")
    if hot_seats and "master" not in stage.attendees:
        raise FormatError(
            f"{where}: element {hot_seats[0]} hosts hot seats, which end in a "
            "dialogue with a master, but masters do not attend this stage"
        )
    if stage.week is not None and stage.week < 0:
        raise FormatError(f"{where}: week must be >= 0")


def _check_activities(where: str, activities: tuple[str, ...]) -> None:
    unknown = set(activities) - ACTIVITIES
    if unknown:
        raise FormatError(
            f"{where}: unknown activit(y/ies) {sorted(unknown)}; "
            f"known activities are {sorted(ACTIVITIES)}"
        )
