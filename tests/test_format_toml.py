# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Formats as TOML: a tool defines its own format in a file, without Python.

The TOML layout mirrors the attrs classes one to one, every built-in format
survives a trip through TOML unchanged, a hand-written format runs exactly as
the same format written in Python, and every mistake in a file is refused with
the file name, the place and what is allowed instead.
"""

from __future__ import annotations

import copy
import textwrap
import types
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circleflow import ACTIVITIES, ROLES, Workflow
from circleflow.builtin import builtin_formats
from circleflow.errors import FormatError
from circleflow.format import Element, Format, GroupSize, Stage
from circleflow.format_toml import (
    dumps_format,
    format_from_dict,
    format_to_dict,
    load_format,
    loads_format,
)

BUILTINS = builtin_formats()

#: A neighbourhood circle: a kick-off with three elements, then evenings that
#: repeat until the circle is concluded. Written exactly as dumps_format writes.
BUURTKRING_TOML = """\
name = "buurtkring"
version = 1
title = "Buurtkring"
roles = ["facilitator", "guest", "participant"]
between_activities = ["complete_assignment"]
description = "Buren leren van elkaars vragen, avond na avond."

[participants]
minimum = 4
maximum = 10

[facilitators]
maximum = 2

[[stages]]
name = "Kennismaking"
title = "Kennismaking"
kind = "kick-off"
attendees = ["facilitator"]
required = ["facilitator"]
requires = ["learning-wishes-stated", "aim-set"]
week = 0
duration = "2 uur"

[[stages.elements]]
name = "Opening"
description = "iedereen stelt zich voor"

[[stages.elements]]
name = "Wensen"
activities = ["state_learning_wish"]

[[stages.elements]]
name = "Doel"
activities = ["set_aim"]

[[stages]]
name = "Kring"
title = "Avond van de kring"
kind = "evening meeting"
attendees = ["facilitator", "guest"]
required = ["facilitator"]
activities = ["choose_subject", "record_insight", "complete_assignment"]
requires = ["subject-chosen"]
repeatable = true
week = 4
duration = "avond"
"""

#: The same format, written in Python.
BUURTKRING = Format(
    name="buurtkring",
    version=1,
    title="Buurtkring",
    description="Buren leren van elkaars vragen, avond na avond.",
    roles={"participant", "facilitator", "guest"},
    between_activities=("complete_assignment",),
    participants=GroupSize(minimum=4, maximum=10),
    facilitators=GroupSize(maximum=2),
    stages=(
        Stage(
            name="Kennismaking",
            title="Kennismaking",
            kind="kick-off",
            attendees={"facilitator"},
            required={"facilitator"},
            elements=(
                Element("Opening", description="iedereen stelt zich voor"),
                Element("Wensen", activities=("state_learning_wish",)),
                Element("Doel", activities=("set_aim",)),
            ),
            requires=("learning-wishes-stated", "aim-set"),
            week=0,
            duration="2 uur",
        ),
        Stage(
            name="Kring",
            title="Avond van de kring",
            kind="evening meeting",
            attendees={"facilitator", "guest"},
            required={"facilitator"},
            activities=("choose_subject", "record_insight", "complete_assignment"),
            requires=("subject-chosen",),
            repeatable=True,
            week=4,
            duration="avond",
        ),
    ),
)

SOURCE = "buurtkring.toml"


def refusal(text: str) -> str:
    """The message of the FormatError that loading ``text`` raises."""
    with pytest.raises(FormatError) as caught:
        loads_format(text, SOURCE)
    message = str(caught.value)
    assert message.startswith(f"{SOURCE}: ")
    return message


def edited(old: str, new: str) -> str:
    """The Buurtkring TOML with the first ``old`` replaced by ``new``."""
    assert old in BUURTKRING_TOML
    return BUURTKRING_TOML.replace(old, new, 1)


# ---------------------------------------------------------------------------
# Round trips.


@pytest.mark.parametrize(
    "fmt", BUILTINS, ids=[f"{f.name}-v{f.version}" for f in BUILTINS]
)
def test_every_builtin_format_survives_a_trip_through_toml(fmt: Format) -> None:
    assert loads_format(dumps_format(fmt)) == fmt


@pytest.mark.parametrize(
    "fmt", BUILTINS, ids=[f"{f.name}-v{f.version}" for f in BUILTINS]
)
def test_every_builtin_format_survives_a_trip_through_plain_values(
    fmt: Format,
) -> None:
    assert format_from_dict(format_to_dict(fmt), "dict") == fmt


def test_the_writer_leaves_out_defaults_and_sorts_sets() -> None:
    assert dumps_format(BUURTKRING) == BUURTKRING_TOML


def test_a_minimal_format_needs_only_the_required_keys() -> None:
    text = """\
        name = "klein"
        version = 2
        title = "Klein"

        [[stages]]
        name = "Enige"
        title = "De enige bijeenkomst"
        kind = "meeting"
        attendees = ["facilitator"]
        """
    fmt = loads_format(textwrap.dedent(text))
    assert fmt == Format(
        name="klein",
        version=2,
        title="Klein",
        stages=(Stage("Enige", "De enige bijeenkomst", "meeting", {"facilitator"}),),
    )
    assert fmt.roles == ROLES
    assert fmt.sessions_per_master is None
    assert fmt.stages[0].week is None
    assert fmt.stages[0].half_days is None
    assert dumps_format(fmt) == textwrap.dedent(text)


def test_none_is_written_by_leaving_the_key_out() -> None:
    text = dumps_format(BUURTKRING)
    assert BUURTKRING.sessions_per_master is None
    assert BUURTKRING.participants.maximum == 10
    assert BUURTKRING.facilitators.minimum == 1
    for absent in ("sessions_per_master", "half_days", "hot_seat", "registration"):
        assert absent not in text


def test_every_optional_field_defaults_to_none_so_toml_can_write_it() -> None:
    for cls in (Format, Stage, Element, GroupSize):
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            hint = hints[field.name]
            if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(
                None
            ) in typing.get_args(hint):
                assert field.default is None, f"{cls.__name__}.{field.name}"


@pytest.mark.parametrize(
    "text",
    [
        'He said "go" \\ then left',
        "line one\nline two\ttabbed\r\n",
        "bell \a, escape \x1b, delete \x7f, nul \x00",
        "ëèï, 日本語, 🙂",
        "ends in a backslash \\",
        'three quotes """ inside',
        "  leading and  double  spaces, trailing  ",
        " ".join(["long text that must be wrapped"] * 12),
        "x" * 200,
        " ".join(["word"] * 20) + "   " + " ".join(["more"] * 20),
    ],
)
def test_texts_are_escaped_and_wrapped_and_read_back_unchanged(text: str) -> None:
    stage = attrs.evolve(BUURTKRING.stages[1], duration=text, movement=text)
    fmt = attrs.evolve(
        BUURTKRING, description=text, stages=(BUURTKRING.stages[0], stage)
    )
    assert loads_format(dumps_format(fmt)) == fmt


@settings(max_examples=300)
@given(st.text())
def test_any_text_is_read_back_unchanged(text: str) -> None:
    stage = attrs.evolve(BUURTKRING.stages[1], duration=text, description=text)
    fmt = attrs.evolve(
        BUURTKRING, description=text, stages=(BUURTKRING.stages[0], stage)
    )
    assert loads_format(dumps_format(fmt)) == fmt


def test_long_texts_are_wrapped_within_the_line_width() -> None:
    fmt = attrs.evolve(BUURTKRING, description=" ".join(["woord"] * 100))
    text = dumps_format(fmt)
    assert '"""' in text
    assert max(len(line) for line in text.splitlines()) <= 88


# ---------------------------------------------------------------------------
# A hand-written format behaves as the same format written in Python.


def test_a_hand_written_format_equals_the_python_definition() -> None:
    assert loads_format(BUURTKRING_TOML) == BUURTKRING


def test_a_hand_written_format_runs_the_same_workflow() -> None:
    from_toml = Workflow(loads_format(BUURTKRING_TOML))
    from_python = Workflow(BUURTKRING)
    states = from_python.states()
    assert from_toml.states() == states
    assert "Kennismaking.Wensen" in states
    assert "Afgerond" in states  # the repeating last stage makes it open-ended
    for state in states:
        assert from_toml.allowed(state) == from_python.allowed(state), state
    assert from_toml.transitions() == from_python.transitions()
    assert "open_session Kring" in [str(s) for s in from_toml.allowed("Kring.Gehouden")]


# ---------------------------------------------------------------------------
# Mistakes are refused with the file, the place and what is allowed.


def test_bad_syntax_names_the_line() -> None:
    message = refusal(edited('title = "Buurtkring"', 'title = "Buurtkring'))
    assert "invalid TOML syntax" in message
    assert "line 3" in message


def test_an_unknown_top_level_key_lists_the_known_keys() -> None:
    message = refusal("colour = 'blue'\n" + BUURTKRING_TOML)
    known = ", ".join(f.name for f in attrs.fields(Format))
    assert message == (
        f"{SOURCE}: the top-level table has unknown key 'colour'; "
        f"known keys are {known}"
    )


def test_an_unknown_stage_key_names_the_stage_by_number_and_name() -> None:
    message = refusal(edited("week = 4", "wek = 4"))
    known = ", ".join(f.name for f in attrs.fields(Stage))
    assert message == (
        f"{SOURCE}: stages[2] (stage 'Kring') has unknown key 'wek' "
        f"(did you mean 'week'?); known keys are {known}"
    )


def test_an_unknown_element_key_names_stage_and_element() -> None:
    message = refusal(edited('name = "Wensen"', 'name = "Wensen"\nhotseat = true'))
    assert (
        f"{SOURCE}: stages[1].elements[2] (stage 'Kennismaking', element 'Wensen')"
        in (message)
    )
    assert "unknown key 'hotseat' (did you mean 'hot_seat'?)" in message
    assert "known keys are name, activities, hot_seat, description" in message


def test_a_wrong_type_says_what_is_expected_and_what_was_given() -> None:
    message = refusal(edited("week = 0", 'week = "0"'))
    assert message == (
        f"{SOURCE}: stages[1].week (stage 'Kennismaking') must be an integer, "
        "got string"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("version = 1", "version = 1.0", "version must be an integer, got float"),
        ("version = 1", "version = true", "version must be an integer, got boolean"),
        ("version = 1", "version = 1979-05-27", "version must be an integer, got date"),
        (
            'title = "Buurtkring"',
            "title = ['Buurtkring']",
            "title must be a string, got array",
        ),
        (
            'title = "Buurtkring"',
            "title = { text = 'Buurtkring' }",
            "title must be a string, got table",
        ),
        (
            'roles = ["facilitator", "guest", "participant"]',
            'roles = "participant"',
            "roles must be an array of distinct strings, got string",
        ),
        (
            'roles = ["facilitator", "guest", "participant"]',
            'roles = ["facilitator", 7, "participant"]',
            "roles[2] must be a string, got integer",
        ),
        (
            'roles = ["facilitator", "guest", "participant"]',
            'roles = ["facilitator", "guest", "guest", "participant"]',
            "roles names 'guest' twice; give each once",
        ),
        (
            'between_activities = ["complete_assignment"]',
            "between_activities = [[]]",
            "between_activities[1] must be a string, got array",
        ),
        (
            "repeatable = true",
            'repeatable = "yes"',
            "stages[2].repeatable (stage 'Kring') must be a boolean (true or false), "
            "got string",
        ),
    ],
)
def test_each_value_must_have_the_type_of_its_field(
    old: str, new: str, expected: str
) -> None:
    assert refusal(edited(old, new)) == f"{SOURCE}: {expected}"


def test_a_table_where_a_value_is_expected_is_refused() -> None:
    text = BUURTKRING_TOML + '\n[before]\nname = "Start"\n'
    assert refusal(text) == f"{SOURCE}: before must be a string, got table"


def test_a_value_where_a_table_is_expected_is_refused() -> None:
    text = "participants = 4\n" + edited(
        "[participants]\nminimum = 4\nmaximum = 10\n", ""
    )
    expected = "participants must be a table [participants], got integer"
    assert refusal(text) == f"{SOURCE}: {expected}"


def test_missing_stages_lists_the_required_keys() -> None:
    text = BUURTKRING_TOML.split("\n[")[0]  # the top-level keys only
    assert refusal(text) == (
        f"{SOURCE}: the top-level table is missing required key 'stages'; "
        "required keys are name, version, title, stages"
    )


def test_a_stage_without_kind_and_attendees_names_both() -> None:
    text = edited(
        'kind = "evening meeting"\nattendees = ["facilitator", "guest"]\n', ""
    )
    assert refusal(text).startswith(
        f"{SOURCE}: stages[2] (stage 'Kring') is missing required keys 'kind', "
        "'attendees'; required keys are name, title, kind, attendees"
    )


def test_an_element_without_name_is_numbered() -> None:
    message = refusal(edited('name = "Wensen"\n', ""))
    assert message == (
        f"{SOURCE}: stages[1].elements[2] (stage 'Kennismaking') is missing required "
        "key 'name'; required keys are name"
    )


def test_empty_stages_are_refused_by_format_validation() -> None:
    text = BUURTKRING_TOML.split("\n[")[0] + "stages = []\n"
    assert refusal(text) == (
        f"{SOURCE}: format 'buurtkring': it has no stages; give at least one"
    )


def test_stages_must_be_an_array_of_tables() -> None:
    text = BUURTKRING_TOML.split("\n[")[0] + 'stages = "Kring"\n'
    assert refusal(text) == (
        f"{SOURCE}: stages must be an array of tables [[stages]], got string"
    )


def test_an_unknown_role_in_a_stages_attendees_is_refused_with_its_stage() -> None:
    message = refusal(
        edited('attendees = ["facilitator", "guest"]', 'attendees = ["buurman"]')
    )
    assert message.startswith(f"{SOURCE}: format 'buurtkring', stage 2 (Kring): ")
    assert "attendees names role(s) ['buurman'] the format does not define" in message
    assert "defined roles are ['facilitator', 'guest', 'participant']" in message


def test_an_element_must_be_a_table() -> None:
    elements = BUURTKRING_TOML[
        BUURTKRING_TOML.index("[[stages.elements]]") : BUURTKRING_TOML.index(
            '[[stages]]\nname = "Kring"'
        )
    ]
    text = BUURTKRING_TOML.replace(
        elements, 'elements = [{ name = "Opening" }, "Wensen"]\n\n'
    )
    assert refusal(text) == (
        f"{SOURCE}: stages[1].elements[2] (stage 'Kennismaking') must be a table "
        "[[stages.elements]], got string"
    )


def test_participants_minimum_above_maximum_is_refused() -> None:
    message = refusal(edited("minimum = 4", "minimum = 12"))
    assert message == (
        f"{SOURCE}: format 'buurtkring': participants minimum 12 must be >= 0 and "
        "<= maximum 10"
    )


def test_an_unknown_key_in_participants_names_the_table() -> None:
    message = refusal(edited("maximum = 10", "max = 10"))
    assert message == (
        f"{SOURCE}: participants has unknown key 'max' (did you mean 'maximum'?); "
        "known keys are minimum, maximum"
    )


def test_a_stage_name_used_twice_is_refused() -> None:
    message = refusal(edited('name = "Kennismaking"', 'name = "Kring"'))
    assert (
        message == f"{SOURCE}: format 'buurtkring', stage 2: name 'Kring' is used twice"
    )


def test_an_unknown_activity_lists_the_known_ones() -> None:
    message = refusal(edited('activities = ["set_aim"]', 'activities = ["dance"]'))
    assert message.startswith(
        f"{SOURCE}: format 'buurtkring', stage 1 (Kennismaking), element Doel: "
        "unknown activit(y/ies) ['dance']; known activities are"
    )
    assert all(activity in message for activity in ACTIVITIES)


# ---------------------------------------------------------------------------
# Files.


def test_a_format_loads_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "buurtkring.toml"
    path.write_text(BUURTKRING_TOML, encoding="utf-8")
    assert load_format(path) == BUURTKRING
    assert load_format(str(path)) == BUURTKRING


def test_a_file_written_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "buurtkring.toml"
    path.write_text(BUURTKRING_TOML, encoding="utf-8-sig")
    assert load_format(path) == BUURTKRING


def test_an_error_in_a_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "buurtkring.toml"
    path.write_text(edited("week = 4", "week = -1"), encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        load_format(path)
    assert str(caught.value) == (
        f"{path}: format 'buurtkring', stage 2 (Kring): week must be >= 0"
    )


def test_a_missing_file_is_a_format_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nergens.toml"
    with pytest.raises(FormatError, match=r"nergens\.toml: the file cannot be read"):
        load_format(path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(BUURTKRING_TOML.replace("Buren", "Bür").encode("latin-1"))
    with pytest.raises(FormatError, match=r"latin1\.toml: the file is not UTF-8 text"):
        load_format(path)


# ---------------------------------------------------------------------------
# No bad input escapes as anything but a FormatError.

_KEYS = sorted(
    {f.name for cls in (Format, Stage, Element, GroupSize) for f in attrs.fields(cls)}
)
_WORDS = sorted(ROLES | ACTIVITIES | {"Kring", "Gehouden", "buurtkring", ""})
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=3)
    | st.floats(allow_nan=False)
    | st.sampled_from(_WORDS)
    | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(_KEYS) | st.text(max_size=3), inner, max_size=3
        )
    ),
    max_leaves=6,
)


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and index inside ``data``, as paths from the top."""
    found = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_any_broken_definition_raises_only_format_errors(data: st.DataObject) -> None:
    fmt = data.draw(st.sampled_from((*BUILTINS, BUURTKRING)))
    definition = copy.deepcopy(format_to_dict(fmt))
    for _ in range(data.draw(st.integers(1, 3))):
        *parents, last = data.draw(st.sampled_from(_places(definition)))
        container: Any = definition
        for step in parents:
            container = container[step]
        if data.draw(st.booleans()) and isinstance(container, dict):
            del container[last]
        else:
            container[last] = data.draw(_VALUES)
    try:
        loaded = format_from_dict(definition, "fuzz.toml")
    except FormatError as error:
        assert str(error).startswith("fuzz.toml: ")
    else:
        assert loads_format(dumps_format(loaded)) == loaded
