# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Format definitions: a circle's method described as data.

A format (Mastercircle, Leergroep, ...) is a frozen :class:`Format`: stages in
order (sessions or phases), the session-level elements nested in each stage,
which roles attend, how many participants, a schedule template, and where each
engine activity is allowed. The engine reads it; it never hard-codes a format.

Validation happens on construction (:mod:`circleflow.format_checks`), so a
broken definition can never reach a running circle; a
:class:`~circleflow.errors.FormatError` names the place and the problem.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen

from circleflow.language import _

#: Roles a member can have in a circle.
ROLES = frozenset({"participant", "master", "facilitator", "sponsor", "guest"})

# The activities and conditions a format can name come from the registered
# packs (circleflow.packs): ACTIVITIES, CONDITIONS, OPEN_CONDITIONS,
# LEAVE_CONDITIONS and MEETING_ACTIVITIES are read from them when asked for
# (see circleflow.format_checks).


def __getattr__(name: str) -> frozenset[str]:
    from circleflow import format_checks

    return format_checks.view(name)


#: State names the engine adds itself; a format may not use them.
HELD = "Gehouden"
PRESENTING = "Presenteren"
FEEDBACK = "Feedback"
GO = "Doorgang"
CANCELLED = "Afgelast"
CONCLUDED = "Afgerond"
RESERVED_NAMES = frozenset({HELD, PRESENTING, FEEDBACK, GO, CANCELLED, CONCLUDED})


def _tuple(items: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(items, str):
        return (items,)
    return tuple(items)


def _frozenset(items: Iterable[str] | str) -> frozenset[str]:
    if isinstance(items, str):
        return frozenset({items})
    return frozenset(items)


@frozen
class Element:
    """A session-level element: one step inside a session, in order.

    ``activities`` are the commands allowed while the element runs. An element
    with ``hot_seat=True`` hosts the hot-seat rounds (present, feedback, master
    dialogue) and cannot be left before every present participant had one.
    ``replaces`` names the element this one was called in the format's
    previous version, when it is the same element renamed (see
    :mod:`circleflow.migration`).
    """

    name: str
    activities: tuple[str, ...] = field(default=(), converter=_tuple)
    hot_seat: bool = False
    description: str = ""
    replaces: str = ""


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
    is proposed. ``replaces`` names the stage this one was called in the
    format's previous version, when it is the same stage renamed (see
    :mod:`circleflow.migration`).
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
    replaces: str = ""

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


#: The kinds of deadline a format can set, and what each watches.
DEADLINE_KINDS = {
    "registration": "registration is closed (go or no-go) by its deadline",
    "session": "a planned meeting is held by its planned date",
    "mandate": "every member renews their mandate within days after a meeting",
    "two": "every standing TWO is reflected on by the next meeting",
    "next-meeting": "the next meeting is planned within days after the last",
}


@frozen
class Deadline:
    """A deadline a format sets, as data (see :mod:`circleflow.deadlines`).

    ``kind`` is one of :data:`DEADLINE_KINDS`; ``days`` the days allowed
    after the moment that starts it (a meeting held, a planned date, the
    registration deadline); ``who`` the roles that are to act, besides the
    members a deadline names itself (a mandate to renew, a TWO's parties).
    """

    kind: str
    days: int = 0
    who: frozenset[str] = field(default=frozenset(), converter=_frozenset)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        from circleflow.errors import FormatError

        if self.kind not in DEADLINE_KINDS:
            raise FormatError(
                _("unknown deadline kind {kind!r}; the kinds are {kinds}").format(
                    kind=self.kind, kinds=sorted(DEADLINE_KINDS)
                )
            )
        if type(self.days) is not int or self.days < 0:
            raise FormatError(
                _(
                    "deadline {kind!r}: days must be a whole number of 0 or "
                    "more, got {days!r}"
                ).format(kind=self.kind, days=self.days)
            )
        unknown = sorted(self.who - ROLES)
        if unknown:
            raise FormatError(
                _(
                    "deadline {kind!r}: unknown role(s) {unknown} in who; "
                    "the roles are {roles}"
                ).format(kind=self.kind, unknown=unknown, roles=sorted(ROLES))
            )


def _deadlines(items: Iterable[Deadline]) -> tuple[Deadline, ...]:
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
    deadlines: tuple[Deadline, ...] = field(default=(), converter=_deadlines)

    def __attrs_post_init__(self) -> None:
        from circleflow.format_checks import validate

        validate(self)
        self._check_deadlines()

    def _check_deadlines(self) -> None:
        from circleflow.errors import FormatError

        kinds = [d.kind for d in self.deadlines]
        twice = sorted({k for k in kinds if kinds.count(k) > 1})
        if twice:
            raise FormatError(
                _(
                    "format {name!r}: deadline kind(s) {twice} set more than "
                    "once; set each kind at most once"
                ).format(name=self.name, twice=twice)
            )
        if "registration" in kinds and not self.registration:
            raise FormatError(
                _(
                    "format {name!r}: a registration deadline needs registration = true"
                ).format(name=self.name)
            )
        for deadline in self.deadlines:
            unknown = sorted(deadline.who - self.roles)
            if unknown:
                raise FormatError(
                    _(
                        "format {name!r}: deadline {kind!r} names role(s) "
                        "{unknown} the format does not have; it has {roles}"
                    ).format(
                        name=self.name,
                        kind=deadline.kind,
                        unknown=unknown,
                        roles=sorted(self.roles),
                    )
                )

    def deadline(self, kind: str) -> Deadline | None:
        """The deadline of ``kind`` the format sets, if any."""
        return next((d for d in self.deadlines if d.kind == kind), None)

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
