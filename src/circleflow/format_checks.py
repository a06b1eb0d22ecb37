# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Checking a format definition when it is made.

Validation happens on construction of a :class:`~circleflow.format.Format`,
so a broken definition can never reach a running circle; a
:class:`~circleflow.errors.FormatError` names the place and the problem. The
activities and conditions a format may name come from the registered packs
(:mod:`circleflow.packs`), and each pack adds its own checks of a stage
(``Pack.check_stage``), using :func:`places` and its kin to say where in a
meeting an activity is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING

from circleflow.errors import FormatError
from circleflow.format import (
    RESERVED_NAMES,
    ROLES,
    Element,
    Format,
    GroupSize,
    Stage,
)
from circleflow.language import _

if TYPE_CHECKING:
    from circleflow.packs import PackRegistry

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_FORMAT_NAME = re.compile(r"[a-z][a-z0-9-]*")
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")

#: The largest numbers a format may give, so that dates counted from them stay
#: within the calendar and a typing error is caught when the format is made.
MAX_VERSION = 1_000_000
MAX_WEEK = 520  # ten years
MAX_DAYS = 31
MAX_EVERY_WEEKS = 104  # two years
MAX_HALF_DAYS = 1000
MAX_GROUP_SIZE = 10_000
MAX_SESSIONS_PER_MASTER = 10_000

#: Letters that show nothing, though Unicode files them among the letters.
_BLANK_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def validate(fmt: Format) -> None:
    """Raise :class:`FormatError` for the first problem of ``fmt``."""
    token = _INSTALLED.set(_needs_installed(fmt))
    try:
        _validate(fmt)
    finally:
        _INSTALLED.reset(token)


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


def view(name: str) -> frozenset[str]:
    """``ACTIVITIES`` and the other sets of names, read from the packs."""
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


def _check_name(place: str, name: object) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise FormatError(
            _(
                "{place}: name {name!r} is not allowed; use letters and "
                "digits only, starting with a letter (it becomes a state "
                "name)"
            ).format(place=place, name=name)
        )
    if name in RESERVED_NAMES:
        raise FormatError(
            _(
                "{place}: name {name!r} is reserved by the engine ({reserved_names})"
            ).format(
                place=place, name=name, reserved_names=", ".join(sorted(RESERVED_NAMES))
            )
        )


def _validate(fmt: Format) -> None:
    where = _("format {name!r}").format(name=fmt.name)
    if not isinstance(fmt.name, str) or not _FORMAT_NAME.fullmatch(fmt.name):
        raise FormatError(
            _(
                "format name {fmt_name!r} is not allowed; use lower-case "
                "letters, digits and '-', starting with a letter"
            ).format(fmt_name=fmt.name)
        )
    if not _whole_number(fmt.version) or fmt.version < 1:
        raise FormatError(
            _("{where}: version must be a whole number >= 1, got {fmt_version}").format(
                where=where, fmt_version=_given(fmt.version)
            )
        )
    _check_at_most(where, "version", fmt.version, MAX_VERSION, least=1)
    _check_text(where, "title", fmt.title)
    _check_text(where, "description", fmt.description, blank=True)
    _check_flag(where, "registration", fmt.registration)
    _check_flag(where, "hosted", fmt.hosted)
    if not fmt.stages:
        raise FormatError(
            _("{where}: it has no stages; give at least one").format(where=where)
        )
    for number, stage in enumerate(fmt.stages, start=1):
        if not isinstance(stage, Stage):
            raise FormatError(
                _("{where}, stage {number}: must be a Stage, got {stage}").format(
                    where=where, number=number, stage=_given(stage)
                )
            )
    unknown_roles = fmt.roles - ROLES
    if unknown_roles:
        raise FormatError(
            _(
                "{where}: unknown role(s) {unknown_roles}; known roles are {roles}"
            ).format(
                where=where, unknown_roles=_sorted(unknown_roles), roles=sorted(ROLES)
            )
        )
    for needed in ("participant", "facilitator"):
        if needed not in fmt.roles:
            raise FormatError(
                _("{where}: roles must include {needed!r}").format(
                    where=where, needed=needed
                )
            )
    _check_name(
        _("{where}, state before the first stage").format(where=where), fmt.before
    )
    for label, size in (
        ("participants", fmt.participants),
        ("facilitators", fmt.facilitators),
    ):
        _check_group_size(where, label, size)
    _check_activities(f"{where}, between_activities", fmt.between_activities)
    in_meeting = set(fmt.between_activities) & meeting_activities()
    if in_meeting:
        raise FormatError(
            _(
                "{where}: between_activities has {in_meeting}, which record "
                "into the meeting that is open and cannot run between "
                "meetings; activities allowed between meetings are {value}"
            ).format(
                where=where,
                in_meeting=sorted(in_meeting),
                value=sorted(known_activities() - meeting_activities()),
            )
        )
    for label, names in (
        ("ground_rules", fmt.ground_rules),
        ("circle_fields", fmt.circle_fields),
        ("circle_elements", fmt.circle_elements),
    ):
        if any(not isinstance(n, str) or not _visible(n) for n in names):
            raise FormatError(
                _("{where}: {label} must be non-empty texts").format(
                    where=where, label=label
                )
            )
        if len(set(names)) != len(names):
            raise FormatError(
                _("{where}: {label} names an entry twice").format(
                    where=where, label=label
                )
            )
    for name in fmt.circle_fields:
        if not _FIELD_NAME.fullmatch(name):
            raise FormatError(
                _(
                    "{where}: circle field {name!r} must be lower-case letters, "
                    "digits and '_'"
                ).format(where=where, name=name)
            )
    for label, texts in (
        ("ground rule", fmt.ground_rules),
        ("circle element", fmt.circle_elements),
    ):
        for text in texts:
            _check_line(where, label, text)
    if fmt.sessions_per_master is not None:
        if not _whole_number(fmt.sessions_per_master) or fmt.sessions_per_master < 1:
            raise FormatError(
                _(
                    "{where}: sessions_per_master must be a whole number >= 1 or "
                    "None, got {fmt_sessions_per_master}"
                ).format(
                    where=where, fmt_sessions_per_master=_given(fmt.sessions_per_master)
                )
            )
        _check_at_most(
            where,
            "sessions_per_master",
            fmt.sessions_per_master,
            MAX_SESSIONS_PER_MASTER,
            least=1,
        )
    seen: set[str] = {fmt.before}
    walked: list[str] = []
    last_week: int | None = None
    for number, stage in enumerate(fmt.stages, start=1):
        place = _("{where}, stage {number}").format(where=where, number=number)
        _validate_stage(fmt, stage, number, place)
        if stage.name in seen:
            raise FormatError(
                _("{where}, stage {number}: name {stage_name!r} is used twice").format(
                    where=where, number=number, stage_name=stage.name
                )
            )
        seen.add(stage.name)
        walked.extend(stage.circle_elements)
        if stage.week is not None:
            if last_week is not None and stage.week < last_week:
                raise FormatError(
                    _(
                        "{where}, stage {number} ({stage_name}): week {stage_week} "
                        "comes before the previous stage's week {last_week}"
                    ).format(
                        where=where,
                        number=number,
                        stage_name=stage.name,
                        stage_week=stage.week,
                        last_week=last_week,
                    )
                )
            last_week = stage.week
    _check_replaces(where, "stage", fmt.stages)
    if tuple(walked) != fmt.circle_elements:
        raise FormatError(
            _(
                "{where}: the stages walk the circle-level elements as "
                "{walked}, but the format declares {fmt_circle_elements}; "
                "each must be covered once, in order"
            ).format(
                where=where,
                walked=walked,
                fmt_circle_elements=list(fmt.circle_elements),
            )
        )


def _check_group_size(where: str, label: str, size: object) -> None:
    if not isinstance(size, GroupSize):
        raise FormatError(
            _("{where}: {label} must be a GroupSize, got {size}").format(
                where=where, label=label, size=_given(size)
            )
        )
    if not _whole_number(size.minimum):
        raise FormatError(
            _(
                "{where}: {label} minimum must be a whole number >= 0, got "
                "{size_minimum}"
            ).format(where=where, label=label, size_minimum=_given(size.minimum))
        )
    if size.maximum is not None and not _whole_number(size.maximum):
        raise FormatError(
            _(
                "{where}: {label} maximum must be a whole number >= 1 or "
                "None (no limit), got {size_maximum}"
            ).format(where=where, label=label, size_maximum=_given(size.maximum))
        )
    if size.maximum is not None and size.maximum < 1:
        role = label.removesuffix("s")
        raise FormatError(
            _(
                "{where}: {label} maximum {size_maximum} leaves no room for "
                "a single {role}; the maximum must be >= 1, or left out "
                "(None) for no limit"
            ).format(where=where, label=label, size_maximum=size.maximum, role=role)
        )
    if size.minimum < 0 or (size.maximum is not None and size.minimum > size.maximum):
        raise FormatError(
            _(
                "{where}: {label} minimum {size_minimum} must be >= 0 and <= "
                "maximum {size_maximum}"
            ).format(
                where=where,
                label=label,
                size_minimum=size.minimum,
                size_maximum=size.maximum,
            )
        )
    _check_at_most(where, f"{label} minimum", size.minimum, MAX_GROUP_SIZE, least=0)
    if size.maximum is not None:
        _check_at_most(where, f"{label} maximum", size.maximum, MAX_GROUP_SIZE, least=1)


def _validate_stage(fmt: Format, stage: Stage, number: int, where: str) -> None:
    _check_name(where, stage.name)
    where = f"{where} ({stage.name})"  # a name: not translated
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
                _(
                    "{where}: {label} names role(s) {unknown} the format does "
                    "not define; defined roles are {fmt_roles}"
                ).format(
                    where=where,
                    label=label,
                    unknown=_sorted(unknown),
                    fmt_roles=sorted(fmt.roles),
                )
            )
    missing = stage.required - stage.attendees - {"participant"}
    if missing:
        raise FormatError(
            _("{where}: required role(s) {missing} are not among attendees").format(
                where=where, missing=sorted(missing)
            )
        )
    _check_activities(where, stage.activities)
    if stage.elements and stage.activities:
        raise FormatError(
            _(
                "{where}: a stage with elements places its activities in the elements"
            ).format(where=where)
        )
    for label, given, known in (
        ("requires", stage.requires, known_conditions("hold")),
        ("requires_to_open", stage.requires_to_open, known_conditions("open")),
        ("requires_to_leave", stage.requires_to_leave, known_conditions("leave")),
    ):
        unknown_conditions = set(given) - known
        if unknown_conditions:
            raise FormatError(
                _(
                    "{where}: {label} has unknown condition(s) "
                    "{unknown_conditions}; known conditions are {known}"
                ).format(
                    where=where,
                    label=label,
                    unknown_conditions=_sorted(unknown_conditions),
                    known=sorted(known),
                )
            )
    if len(set(stage.consensus)) != len(stage.consensus) or not all(
        isinstance(i, str) and _visible(i) for i in stage.consensus
    ):
        raise FormatError(
            _("{where}: consensus items must be distinct, non-empty texts").format(
                where=where
            )
        )
    for item in stage.consensus:
        _check_line(where, "consensus item", item)
    _check_optional_count(where, "half_days", stage.half_days, MAX_HALF_DAYS)
    names: set[str] = set()
    for element in stage.elements:
        if not isinstance(element, Element):
            raise FormatError(
                _(
                    "{where}: elements must be Element (or a name), got {element}"
                ).format(where=where, element=_given(element))
            )
        _check_name(_("{where}, element").format(where=where), element.name)
        if element.name in names:
            raise FormatError(
                _("{where}: element {element_name!r} is used twice").format(
                    where=where, element_name=element.name
                )
            )
        names.add(element.name)
        place = _("{where}, element {element}").format(
            where=where, element=element.name
        )
        _check_activities(place, element.activities)
        _check_flag(place, "hot_seat", element.hot_seat)
        _check_text(
            place,
            "description",
            element.description,
            blank=True,
        )
    _check_replaces(where, "element", stage.elements)
    hot_seats = [e.name for e in stage.elements if e.hot_seat]
    if len(hot_seats) > 1:
        raise FormatError(
            _("{where}: only one element can host hot seats: {hot_seats}").format(
                where=where, hot_seats=hot_seats
            )
        )
    if hot_seats and "master" not in stage.attendees:
        raise FormatError(
            _(
                "{where}: element {value} hosts hot seats, which end in a "
                "dialogue with a master, but masters do not attend this stage"
            ).format(where=where, value=hot_seats[0])
        )
    if hot_seats and "master" not in stage.required:
        raise FormatError(
            _(
                "{where}: element {value} hosts hot seats, which end in a "
                "dialogue with a master, so a meeting without a master could "
                "never close; 'master' must be among required"
            ).format(where=where, value=hot_seats[0])
        )
    _check_optional_count(where, "week", stage.week, MAX_WEEK)
    if not _whole_number(stage.days) or stage.days < 1:
        raise FormatError(
            _(
                "{where}: days must be a whole number >= 1 (the days a "
                "meeting lasts), got {stage_days}"
            ).format(where=where, stage_days=_given(stage.days))
        )
    _check_at_most(where, "days", stage.days, MAX_DAYS, least=1)
    if stage.every_weeks is not None:
        if not _whole_number(stage.every_weeks) or stage.every_weeks < 1:
            raise FormatError(
                _(
                    "{where}: every_weeks must be a whole number >= 1 or None, "
                    "got {stage_every_weeks}"
                ).format(where=where, stage_every_weeks=_given(stage.every_weeks))
            )
        most = MAX_EVERY_WEEKS
        _check_at_most(where, "every_weeks", stage.every_weeks, most, least=1)
        if not stage.repeatable:
            raise FormatError(
                _(
                    "{where}: every_weeks is the rhythm of a repeatable stage, "
                    "but this stage is not repeatable"
                ).format(where=where)
            )
    _check_who_acts(stage, where)
    _check_conditions(fmt, stage, number, where)


def _check_replaces(
    where: str, label: str, parts: tuple[Stage, ...] | tuple[Element, ...]
) -> None:
    """``replaces`` names a part of the previous version, once at most;
    ``label`` is ``"stage"`` or ``"element"``."""
    stages = label == "stage"
    claimed: dict[str, str] = {}
    for part in parts:
        if part.replaces == "":
            continue
        if stages:
            place = _("{where}, stage {name}").format(where=where, name=part.name)
        else:
            place = _("{where}, element {element}").format(
                where=where, element=part.name
            )
        _check_name(_("{place}, replaces").format(place=place), part.replaces)
        if part.replaces == part.name:
            if stages:
                message = _(
                    "{place}: replaces names the stage itself; give the stage's "
                    "name in the previous version, or leave it out"
                )
            else:
                message = _(
                    "{place}: replaces names the element itself; give the "
                    "element's name in the previous version, or leave it out"
                )
            raise FormatError(message.format(place=place))
        if part.replaces in claimed:
            if stages:
                message = _(
                    "{where}: stages {first} and {second} both replace {old!r}; "
                    "one stage can be renamed only once"
                )
            else:
                message = _(
                    "{where}: elements {first} and {second} both replace {old!r}; "
                    "one element can be renamed only once"
                )
            raise FormatError(
                message.format(
                    where=where,
                    first=claimed[part.replaces],
                    second=part.name,
                    old=part.replaces,
                )
            )
        claimed[part.replaces] = part.name


def _check_who_acts(stage: Stage, where: str) -> None:
    """Activities only one role carries out need that role at the meeting."""
    for activity in sorted(known_activities()):
        role = _only_by(activity)
        if role is not None and stage.allows(activity) and role not in stage.attendees:
            raise FormatError(
                _(
                    "{where}: activity {activity!r} is carried out by a {role}, "
                    "but {role}s do not attend this stage; add {role!r} to its "
                    "attendees"
                ).format(where=where, activity=activity, role=role)
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
                _(
                    "{where}: requires {condition!r}, which only {activity!r} in "
                    "the same meeting fulfils, but this stage does not allow "
                    "{activity!r}; add it to the stage's activities or to one of "
                    "its elements"
                ).format(where=where, condition=condition, activity=activity)
            )
        role = _only_by(activity)
        if role is not None and role not in stage.required:
            raise FormatError(
                _(
                    "{where}: requires {condition!r}, which only a {role} can "
                    "fulfil ({activity!r}), so a meeting without a {role} could "
                    "never close; {role!r} must be among required"
                ).format(where=where, condition=condition, role=role, activity=activity)
            )
    for pack in _registry():
        if pack.check_stage is not None:
            pack.check_stage(fmt, stage, number, where)


# Where in a meeting an activity is allowed, for the checks of the packs.


def places(stage: Stage, activity: str) -> list[int]:
    """Where in a meeting of ``stage`` ``activity`` is allowed: the numbers of
    the elements that allow it, or 0 for the stage's own activities."""
    if activity in stage.activities:
        return [0]
    return [
        n for n, e in enumerate(stage.elements, start=1) if activity in e.activities
    ]


def place_in(stage: Stage, place: int) -> str:
    if place == 0:
        return "in this stage"
    return _("in element {element}").format(element=stage.elements[place - 1].name)


def place_after(stage: Stage, place: int) -> str:
    if place == 0:
        return "in this stage"
    return _("in element {element} or a later one").format(
        element=stage.elements[place - 1].name
    )


def place_before(stage: Stage) -> str:
    if not stage.elements:
        return "in this stage"
    return "in the same element or an earlier one"


def _check_optional_count(where: str, name: str, value: object, most: int) -> None:
    """``value`` is None or a whole number from 0 to ``most``."""
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise FormatError(
            _(
                "{where}: {name} must be a whole number >= 0 or None, got {value}"
            ).format(where=where, name=name, value=_given(value))
        )
    if value < 0:
        raise FormatError(
            _("{where}: {name} must be >= 0").format(where=where, name=name)
        )
    _check_at_most(where, name, value, most, least=0)


def _check_at_most(where: str, name: str, value: int, most: int, *, least: int) -> None:
    """A whole number ``value`` of at least ``least`` is not above ``most``."""
    if value > most:
        raise FormatError(
            _(
                "{where}: {name} {value} is too large; give a whole number "
                "from {least} to {most}"
            ).format(where=where, name=name, value=value, least=least, most=most)
        )


def _whole_number(value: object) -> bool:
    """Whether ``value`` is an int; ``True`` and ``False`` are not numbers here."""
    return isinstance(value, int) and not isinstance(value, bool)


def _given(value: object) -> str:
    """``value`` with its type, for saying what was given instead."""
    try:
        return f"{type(value).__name__} {value!r}"
    except RecursionError:
        return _("{kind} nested too deeply to show").format(kind=type(value).__name__)


def _sorted(items: Iterable[object]) -> list[object]:
    """``items`` sorted, whatever their types."""
    return sorted(items, key=repr)


def _check_text(where: str, label: str, value: object, *, blank: bool = False) -> None:
    """``value`` is text; unless it may be left ``blank`` (a free text such as
    a description), one line with something to see."""
    if not isinstance(value, str):
        raise FormatError(
            _("{where}: {label} must be text, got {value}").format(
                where=where, label=label, value=_given(value)
            )
        )
    if blank:
        return
    if not _visible(value):
        raise FormatError(
            _(
                "{where}: {label} {value!r} is blank; give a {label} with visible text"
            ).format(where=where, label=label, value=value)
        )
    _check_line(where, label, value)


def _visible(text: str) -> bool:
    """Whether ``text`` shows something: not only spaces, line breaks,
    control, format (zero-width) or unassigned characters."""
    return any(
        unicodedata.category(char)[0] not in "CZ" and char not in _BLANK_LETTERS
        for char in text
    )


def _controls(text: str) -> str:
    """The control characters in ``text``, escaped, or an empty string."""
    return ", ".join(
        sorted({repr(char) for char in text if unicodedata.category(char) == "Cc"})
    )


def _check_line(where: str, label: str, text: str) -> None:
    """``text`` holds no control characters: no line breaks, tabs or escapes."""
    controls = _controls(text)
    if controls:
        raise FormatError(
            _(
                "{where}: {label} {text!r} holds control character(s) "
                "{controls}; give it on one line, without control characters"
            ).format(where=where, label=label, text=text, controls=controls)
        )


def _check_flag(where: str, label: str, value: object) -> None:
    if not isinstance(value, bool):
        raise FormatError(
            _("{where}: {label} must be True or False, got {value}").format(
                where=where, label=label, value=_given(value)
            )
        )


def _check_activities(where: str, activities: tuple[str, ...]) -> None:
    known = known_activities()
    unknown = set(activities) - known
    if unknown:
        raise FormatError(
            _(
                "{where}: unknown activit(y/ies) {unknown}; known activities "
                "are {known}"
            ).format(where=where, unknown=_sorted(unknown), known=sorted(known))
        )
