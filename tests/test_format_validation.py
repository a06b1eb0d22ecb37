# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A format that loads can run: every definition that could never run, or
that would get a circle stuck, is refused when it is built.

Each refusal is a :class:`~circleflow.errors.FormatError` that names the place
(format, stage number and name, element, field) and the problem, and says what
is allowed instead. The same rules hold for a format written in TOML, where
the message also starts with the file name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from circleflow.builtin import builtin_formats, mastercircle
from circleflow.errors import FormatError
from circleflow.format import (
    ACTIVITIES,
    MEETING_ACTIVITIES,
    Element,
    Format,
    GroupSize,
    Stage,
)
from circleflow.format_toml import loads_format

START = "format 'eigen', stage 1 (Start)"
SLOT = "format 'eigen', stage 2 (Slot)"


def _stage(**changes: Any) -> Stage:
    base = Stage(
        name="Start",
        title="Start",
        kind="meeting",
        attendees={"facilitator"},
        required={"facilitator"},
    )
    return attrs.evolve(base, **changes)


def _slot(**changes: Any) -> Stage:
    return _stage(name="Slot", title="Slot", **changes)


def _format(*stages: Stage, **changes: Any) -> Format:
    return Format(
        name="eigen",
        version=1,
        title="Eigen",
        stages=stages or (_stage(),),
        **changes,
    )


def refused(build: Callable[[], object]) -> str:
    """The message of the FormatError that ``build`` raises."""
    with pytest.raises(FormatError) as caught:
        build()
    return str(caught.value)


SOURCE = "eigen.toml"

#: A small valid format in TOML; the TOML tests break one line of it.
EIGEN_TOML = """\
name = "eigen"
version = 1
title = "Eigen"
between_activities = ["complete_assignment"]

[participants]
minimum = 2
maximum = 6

[[stages]]
name = "Start"
title = "Start"
kind = "meeting"
attendees = ["facilitator"]
required = ["facilitator"]
activities = ["choose_subject"]
requires = ["subject-chosen"]
week = 0
half_days = 1

[[stages]]
name = "Slot"
title = "Slot"
kind = "meeting"
attendees = ["facilitator"]
required = ["facilitator"]
activities = ["present_harvest"]
requires = ["harvest-presented", "assignments-done"]
week = 6
"""


def toml_refusal(old: str, new: str) -> str:
    """The message of loading EIGEN_TOML with ``old`` replaced by ``new``."""
    assert old in EIGEN_TOML
    with pytest.raises(FormatError) as caught:
        loads_format(EIGEN_TOML.replace(old, new, 1), SOURCE)
    message = str(caught.value)
    assert message.startswith(f"{SOURCE}: ")
    return message


def test_the_toml_base_format_is_valid() -> None:
    assert loads_format(EIGEN_TOML, SOURCE).stage_names() == ("Start", "Slot")


@pytest.mark.parametrize("fmt", builtin_formats(), ids=lambda f: f.name)
def test_every_builtin_format_passes_validation(fmt: Format) -> None:
    assert attrs.evolve(fmt) == fmt  # evolve builds, and so validates, anew


def test_both_mastercircle_duration_choices_pass_validation() -> None:
    assert mastercircle("methode").key == mastercircle("rijk").key


# ---------------------------------------------------------------------------
# Every required condition can be fulfilled.

MEETING_CONDITIONS = [
    ("urgency-stated", "state_urgency"),
    ("harvest-presented", "present_harvest"),
    ("harvest-accepted", "accept_harvest"),
    ("subject-chosen", "choose_subject"),
    ("learning-wishes-stated", "state_learning_wish"),
    ("aim-set", "set_aim"),
    ("concerns-heard", "voice_concerns"),
]


@pytest.mark.parametrize(("condition", "activity"), MEETING_CONDITIONS)
def test_a_meeting_condition_needs_its_activity_in_the_stage(
    condition: str, activity: str
) -> None:
    message = refused(lambda: _format(_stage(requires=[condition])))
    assert message.startswith(f"{START}: requires {condition!r}")
    assert f"this stage does not allow {activity!r}" in message
    assert "add it to the stage's activities or to one of its elements" in message


def test_a_meeting_condition_is_not_fulfilled_by_another_stages_activity() -> None:
    message = refused(
        lambda: _format(
            _stage(activities=["present_harvest"]),
            _slot(requires=["harvest-presented"]),
        )
    )
    assert message.startswith(f"{SLOT}: requires 'harvest-presented'")
    assert "does not allow 'present_harvest'" in message


def test_a_meeting_condition_may_be_fulfilled_in_any_element_of_the_stage() -> None:
    stage = _stage(
        elements=[Element("Opening"), Element("Doel", activities=["set_aim"])],
        requires=["aim-set"],
    )
    assert _format(stage).stages[0].requires == ("aim-set",)


@pytest.mark.parametrize(
    ("condition", "activity"),
    [("urgency-stated", "state_urgency"), ("harvest-accepted", "accept_harvest")],
)
def test_a_condition_only_a_sponsor_fulfils_needs_a_sponsor_required(
    condition: str, activity: str
) -> None:
    stage = _stage(
        attendees={"facilitator", "sponsor"},
        activities=["present_harvest", activity],
        requires=[condition],
    )
    message = refused(lambda: _format(stage))
    assert message.startswith(f"{START}: requires {condition!r}")
    assert f"only a sponsor can fulfil ({activity!r})" in message
    assert "'sponsor' must be among required" in message


@pytest.mark.parametrize("activity", ["state_urgency", "accept_harvest"])
def test_an_activity_only_a_sponsor_carries_out_needs_sponsors_to_attend(
    activity: str,
) -> None:
    stage = _stage(activities=["present_harvest", activity])
    message = refused(lambda: _format(stage))
    assert message == (
        f"{START}: activity {activity!r} is carried out by a sponsor, but sponsors "
        "do not attend this stage; add 'sponsor' to its attendees"
    )


def test_accepting_the_harvest_needs_presenting_it_in_the_same_stage() -> None:
    stage = _stage(
        attendees={"facilitator", "sponsor"},
        required={"sponsor"},
        activities=["accept_harvest"],
    )
    message = refused(lambda: _format(stage))
    assert message.startswith(f"{START}: activity 'accept_harvest'")
    assert "'present_harvest' is not allowed in this stage" in message


def test_accepting_the_harvest_cannot_come_before_presenting_it() -> None:
    stage = _stage(
        attendees={"facilitator", "sponsor"},
        required={"sponsor"},
        elements=[
            Element("Aanvaarden", activities=["accept_harvest"]),
            Element("Oogst", activities=["present_harvest"]),
        ],
    )
    message = refused(lambda: _format(stage))
    assert message.startswith(f"{START}: activity 'accept_harvest'")
    assert "'present_harvest' is not allowed in the same element or an earlier" in (
        message
    )


def test_assignments_done_needs_complete_assignment_before_the_stage_closes() -> None:
    message = refused(lambda: _format(_stage(), _slot(requires=["assignments-done"])))
    assert message.startswith(f"{SLOT}: requires 'assignments-done'")
    assert "allow 'complete_assignment'" in message
    assert "add it to between_activities or to this stage's activities" in message


def test_complete_assignment_in_a_later_stage_does_not_count() -> None:
    message = refused(
        lambda: _format(
            _stage(),
            _slot(requires=["assignments-done"]),
            _stage(name="Na", title="Na", activities=["complete_assignment"]),
        )
    )
    assert message.startswith(f"{SLOT}: requires 'assignments-done'")


def test_assignments_done_is_met_by_complete_assignment_between_meetings() -> None:
    fmt = _format(
        _stage(),
        _slot(requires=["assignments-done"]),
        between_activities=["complete_assignment"],
    )
    assert fmt.stages[1].requires == ("assignments-done",)


def test_assignments_done_is_met_by_complete_assignment_in_the_stage() -> None:
    fmt = _format(
        _stage(),
        _slot(requires=["assignments-done"], activities=["complete_assignment"]),
    )
    assert fmt.stages[1].allows("complete_assignment")


def test_the_first_stage_cannot_require_assignments_done() -> None:
    stage = _stage(activities=["complete_assignment"], repeatable=True)
    message = refused(
        lambda: _format(
            attrs.evolve(stage, requires=["assignments-done"]),
            between_activities=["complete_assignment"],
        )
    )
    assert message.startswith(f"{START}: requires 'assignments-done'")
    assert "only run once a meeting has been held" in message
    assert "require it in a later stage" in message


def test_complete_assignment_cannot_run_in_a_first_stage_that_does_not_repeat() -> None:
    message = refused(lambda: _format(_stage(activities=["complete_assignment"])))
    assert message.startswith(f"{START}: activity 'complete_assignment'")
    assert "unless that stage is repeatable" in message


def test_renewed_mandates_need_renew_mandate_between_meetings() -> None:
    stage = _stage(requires_to_open=["mandates-renewed"], activities=["renew_mandate"])
    message = refused(lambda: _format(stage))
    assert message == (
        f"{START}: requires_to_open 'mandates-renewed', which 'renew_mandate' "
        "between meetings fulfils, but 'renew_mandate' is not among the format's "
        "between_activities; add it there"
    )


def test_a_complete_consensus_record_needs_consensus_items() -> None:
    stage = _stage(
        requires_to_leave=["consensus-complete"], activities=["record_consensus"]
    )
    message = refused(lambda: _format(stage))
    assert message.startswith(f"{START}: requires_to_leave 'consensus-complete'")
    assert "lists no consensus items; give them in consensus" in message


def test_consensus_items_need_record_consensus_in_the_stage() -> None:
    stage = _stage(requires_to_leave=["consensus-complete"], consensus=["spelregels"])
    message = refused(lambda: _format(stage))
    assert message == (
        f"{START}: it has consensus items, so 'record_consensus' must be among its "
        "activities"
    )


def test_a_problem_named_needs_a_place_for_a_proposal_at_or_after_it() -> None:
    stage = _stage(
        requires=["problems-have-proposals"],
        elements=[
            Element("Voorstellen", activities=["propose_solution"]),
            Element("Problemen", activities=["name_problem"]),
        ],
    )
    message = refused(lambda: _format(stage))
    assert message.startswith(f"{START}: requires 'problems-have-proposals'")
    assert "a problem named in element Problemen could never get a proposal" in message
    assert "'propose_solution' is not allowed in element Problemen or a later" in (
        message
    )


def test_problems_have_proposals_holds_trivially_where_no_problem_is_named() -> None:
    stage = _stage(requires=["problems-have-proposals"])
    assert _format(stage).stages[0].requires == ("problems-have-proposals",)


@pytest.mark.parametrize("activity", sorted(MEETING_ACTIVITIES))
def test_an_activity_that_records_into_the_open_meeting_is_not_between_meetings(
    activity: str,
) -> None:
    message = refused(lambda: _format(between_activities=[activity]))
    assert message.startswith(
        f"format 'eigen': between_activities has [{activity!r}], which record into "
        "the meeting that is open and cannot run between meetings"
    )
    allowed = sorted(ACTIVITIES - MEETING_ACTIVITIES)
    assert f"activities allowed between meetings are {allowed}" in message


def test_toml_a_condition_without_its_activity_names_file_and_stage() -> None:
    message = toml_refusal('activities = ["present_harvest"]', "activities = []")
    assert message.startswith(f"{SOURCE}: {SLOT}: requires 'harvest-presented'")
    assert "does not allow 'present_harvest'" in message


def test_toml_assignments_done_without_complete_assignment_is_refused() -> None:
    message = toml_refusal('between_activities = ["complete_assignment"]\n', "")
    assert message.startswith(f"{SOURCE}: {SLOT}: requires 'assignments-done'")
    assert "'complete_assignment'" in message


# ---------------------------------------------------------------------------
# Hot seats.


def test_a_hot_seat_needs_a_master_required_at_the_stage() -> None:
    stage = _stage(
        attendees={"facilitator", "master"},
        elements=[Element("Uitwisselen", hot_seat=True)],
    )
    message = refused(lambda: _format(stage))
    assert message == (
        f"{START}: element Uitwisselen hosts hot seats, which end in a dialogue "
        "with a master, so a meeting without a master could never close; 'master' "
        "must be among required"
    )


# ---------------------------------------------------------------------------
# Group sizes.


@pytest.mark.parametrize("label", ["participants", "facilitators"])
def test_a_negative_minimum_is_refused(label: str) -> None:
    message = refused(lambda: _format(**{label: GroupSize(-1, 3)}))
    assert message == (
        f"format 'eigen': {label} minimum -1 must be >= 0 and <= maximum 3"
    )


@pytest.mark.parametrize("maximum", [0, -2])
@pytest.mark.parametrize("label", ["participants", "facilitators"])
def test_a_maximum_below_one_is_refused(label: str, maximum: int) -> None:
    message = refused(lambda: _format(**{label: GroupSize(0, maximum)}))
    role = label.removesuffix("s")
    assert message == (
        f"format 'eigen': {label} maximum {maximum} leaves no room for a single "
        f"{role}; the maximum must be >= 1, or left out (None) for no limit"
    )


def test_a_minimum_above_the_maximum_is_refused() -> None:
    message = refused(lambda: _format(participants=GroupSize(5, 4)))
    assert message == "format 'eigen': participants minimum 5 must be >= 0 and <= " + (
        "maximum 4"
    )


def test_a_minimum_of_zero_is_allowed() -> None:
    fmt = _format(participants=GroupSize(0, 1), facilitators=GroupSize(0))
    assert fmt.participants.allows(1)


def test_a_group_size_must_be_a_group_size() -> None:
    message = refused(lambda: _format(participants=(2, 6)))
    assert message == (
        "format 'eigen': participants must be a GroupSize, got tuple (2, 6)"
    )


def test_toml_a_maximum_of_zero_is_refused() -> None:
    message = toml_refusal("maximum = 6", "maximum = 0")
    assert message == (
        f"{SOURCE}: format 'eigen': participants maximum 0 leaves no room for a "
        "single participant; the maximum must be >= 1, or left out (None) for no "
        "limit"
    )


# ---------------------------------------------------------------------------
# A boolean is not a number, and a number is not text.


@pytest.mark.parametrize(
    ("build", "place"),
    [
        (lambda: Format("eigen", True, "Eigen", [_stage()]), "format 'eigen': version"),
        (lambda: _format(_stage(week=True)), f"{START}: week"),
        (lambda: _format(_stage(half_days=True)), f"{START}: half_days"),
        (
            lambda: _format(sessions_per_master=True),
            "format 'eigen': sessions_per_master",
        ),
        (
            lambda: _format(participants=GroupSize(True, 3)),
            "format 'eigen': participants minimum",
        ),
        (
            lambda: _format(participants=GroupSize(0, True)),
            "format 'eigen': participants maximum",
        ),
        (
            lambda: _format(facilitators=GroupSize(True)),
            "format 'eigen': facilitators minimum",
        ),
    ],
    ids=[
        "version",
        "week",
        "half_days",
        "sessions_per_master",
        "participants-minimum",
        "participants-maximum",
        "facilitators-minimum",
    ],
)
def test_a_boolean_is_refused_where_a_number_is_expected(
    build: Callable[[], object], place: str
) -> None:
    message = refused(build)
    assert message.startswith(f"{place} must be a whole number >= ")
    assert message.endswith("got bool True")


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("version = 1", "version = true", "version"),
        ("week = 0", "week = true", "stages[1].week (stage 'Start')"),
        ("half_days = 1", "half_days = false", "stages[1].half_days (stage 'Start')"),
        ("minimum = 2", "minimum = true", "participants.minimum"),
    ],
)
def test_toml_a_boolean_is_refused_where_an_integer_is_expected(
    old: str, new: str, place: str
) -> None:
    message = toml_refusal(old, new)
    assert message == f"{SOURCE}: {place} must be an integer, got boolean"


def test_a_number_given_as_text_is_refused() -> None:
    message = refused(lambda: _format(_stage(week="3")))
    assert message == f"{START}: week must be a whole number >= 0 or None, got str '3'"


@pytest.mark.parametrize(
    ("build", "place"),
    [
        (
            lambda: _format(
                _stage(elements=[Element("A", hot_seat="no")])  # type: ignore[arg-type]
            ),
            f"{START}, element A: hot_seat",
        ),
        (lambda: _format(_stage(repeatable="no")), f"{START}: repeatable"),
        (lambda: _format(registration="no"), "format 'eigen': registration"),
        (lambda: _format(hosted="no"), "format 'eigen': hosted"),
    ],
    ids=["hot_seat", "repeatable", "registration", "hosted"],
)
def test_a_flag_must_be_true_or_false(build: Callable[[], object], place: str) -> None:
    assert refused(build) == f"{place} must be True or False, got str 'no'"


@pytest.mark.parametrize(
    ("build", "place"),
    [
        (
            lambda: Format("eigen", 1, 7, [_stage()]),  # type: ignore[arg-type]
            "format 'eigen': title",
        ),
        (lambda: _format(_stage(kind=None)), f"{START}: kind"),
        (lambda: _format(_stage(duration=2)), f"{START}: duration"),
    ],
    ids=["format-title", "stage-kind", "stage-duration"],
)
def test_a_text_field_must_be_text(build: Callable[[], object], place: str) -> None:
    assert refused(build).startswith(f"{place} must be text, got ")


def test_a_stage_must_be_a_stage() -> None:
    message = refused(lambda: _format(_stage(), {"name": "Slot"}))  # type: ignore[arg-type]
    assert (
        message == "format 'eigen', stage 2: must be a Stage, got dict {'name': 'Slot'}"
    )


def test_an_element_must_be_an_element_or_a_name() -> None:
    message = refused(lambda: _format(_stage(elements=[{"name": "A"}])))
    assert message == (
        f"{START}: elements must be Element (or a name), got dict {{'name': 'A'}}"
    )


# ---------------------------------------------------------------------------
# Names and titles are not blank.


@pytest.mark.parametrize(
    ("build", "place"),
    [
        (lambda: Format("eigen", 1, " ", [_stage()]), "format 'eigen': title ' '"),
        (lambda: _format(_stage(title="")), f"{START}: title ''"),
        (lambda: _format(_stage(title="\t ")), f"{START}: title '\\t '"),
        (lambda: _format(_stage(kind=" ")), f"{START}: kind ' '"),
    ],
    ids=["format-title", "stage-title-empty", "stage-title-whitespace", "stage-kind"],
)
def test_a_blank_title_or_kind_is_refused(
    build: Callable[[], object], place: str
) -> None:
    message = refused(build)
    assert message.startswith(f"{place} is blank; give a ")
    assert message.endswith("with visible text")


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (
            lambda: Format(" ", 1, "Eigen", [_stage()]),
            "format name ' ' is not allowed; use lower-case letters",
        ),
        (
            lambda: _format(_stage(name="")),
            "format 'eigen', stage 1: name '' is not allowed; use letters and digits",
        ),
        (
            lambda: _format(_stage(elements=[Element(" ")])),
            f"{START}, element: name ' ' is not allowed; use letters and digits",
        ),
    ],
    ids=["format", "stage", "element"],
)
def test_a_blank_name_is_refused(build: Callable[[], object], expected: str) -> None:
    assert refused(build).startswith(expected)


@pytest.mark.parametrize("names", [["A", " "], ["A", "A"]], ids=["blank", "twice"])
def test_circle_elements_are_distinct_non_blank_names(names: list[str]) -> None:
    message = refused(
        lambda: _format(_stage(circle_elements=names), circle_elements=names)
    )
    assert message.startswith("format 'eigen': circle_elements ")


def test_toml_a_blank_stage_title_names_file_and_stage() -> None:
    message = toml_refusal('title = "Start"', 'title = "  "')
    assert message == (
        f"{SOURCE}: {START}: title '  ' is blank; give a title with visible text"
    )


def test_toml_a_blank_format_title_is_refused() -> None:
    message = toml_refusal('title = "Eigen"', 'title = ""')
    assert message == (
        f"{SOURCE}: format 'eigen': title '' is blank; give a title with visible text"
    )


def test_stages_run_in_one_line_so_a_loop_back_is_refused() -> None:
    # A loop back to an earlier stage could only be written by listing it
    # again; repeating a stage is what ``repeatable`` is for.
    message = refused(lambda: _format(_stage(), _slot(), _stage()))
    assert message == "format 'eigen', stage 3: name 'Start' is used twice"


def test_circle_elements_cannot_loop_back_to_an_earlier_one() -> None:
    message = refused(
        lambda: _format(
            _stage(circle_elements=["A"]),
            _slot(circle_elements=["B", "A"]),
            circle_elements=["A", "B"],
        )
    )
    assert message == (
        "format 'eigen': the stages walk the circle-level elements as "
        "['A', 'B', 'A'], but the format declares ['A', 'B']; each must be "
        "covered once, in order"
    )
