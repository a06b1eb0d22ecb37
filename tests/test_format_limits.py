# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A format file from anywhere cannot hang, exhaust or crash circleflow, nor
take the place of a built-in format.

Only regular files of a bounded size are read, nesting too deep for the
parser is a clear error, numbers stay within sane ranges so dates counted from
them exist, names are whole-line matches, texts meant to be read show
something, and the names of the built-in formats are reserved unless a host
replaces one deliberately.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from circleflow import Circles, FormatRegistry
from circleflow.builtin import MASTERCIRCLE, builtin_formats
from circleflow.cli import cli
from circleflow.errors import FormatError, InvalidInput
from circleflow.format import Element, Format, Stage
from circleflow.format_toml import (
    MAX_FORMAT_BYTES,
    dumps_format,
    format_from_dict,
    load_format,
    loads_format,
)

SOURCE = "kring.toml"

#: A small valid format; the tests break one line of it.
KRING_TOML = """\
name = "kring"
version = 1
title = "Kring"
circle_fields = ["cost"]
ground_rules = ["We luisteren"]

[[stages]]
name = "Kring"
title = "Kring"
kind = "meeting"
attendees = ["facilitator"]
consensus = ["Doel"]
week = 0

[[stages.elements]]
name = "Ronde"
activities = ["record_consensus"]
"""


def refusal(old: str, new: str) -> str:
    """The message of loading KRING_TOML with ``old`` replaced by ``new``."""
    assert old in KRING_TOML
    with pytest.raises(FormatError) as caught:
        loads_format(KRING_TOML.replace(old, new, 1), SOURCE)
    message = str(caught.value)
    assert message.startswith(f"{SOURCE}: ")
    return message


def finishes(call: Callable[[], Any], seconds: float = 10) -> BaseException | None:
    """What ``call`` raised, failing the test if it has not returned in time."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
        except BaseException as error:  # handed to the test
            outcome.append(error)
        else:
            outcome.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} seconds"
    return outcome[0]


def test_the_base_format_loads() -> None:
    assert loads_format(KRING_TOML, SOURCE).name == "kring"


# ---------------------------------------------------------------------------
# Reading a file.


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_without_being_read() -> None:
    error = finishes(lambda: load_format("/dev/zero"))
    assert isinstance(error, FormatError)
    assert str(error) == (
        "/dev/zero: this is a device, not a regular file; a format is read from "
        "a TOML file"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "kring.toml"
    os.mkfifo(fifo)
    error = finishes(lambda: load_format(fifo))
    assert isinstance(error, FormatError)
    assert str(error).startswith(f"{fifo}: this is a FIFO (named pipe), not a ")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r": this is a directory, not a regular"):
        load_format(tmp_path)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kring.toml"
    path.write_text(KRING_TOML + "#" * MAX_FORMAT_BYTES, encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        load_format(path)
    assert str(caught.value) == (
        f"{path}: the format is larger than 1048576 bytes (1 MiB), the most a "
        "format may hold"
    )


def test_a_file_just_within_the_size_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "kring.toml"
    padding = MAX_FORMAT_BYTES - len(KRING_TOML.encode()) - 1
    path.write_text(KRING_TOML + "#" * padding + "\n", encoding="utf-8")
    assert load_format(path).name == "kring"


def test_a_text_over_the_size_limit_is_refused() -> None:
    with pytest.raises(FormatError, match=r"^kring\.toml: the format is larger"):
        loads_format(KRING_TOML + "#" * MAX_FORMAT_BYTES, SOURCE)


@pytest.mark.parametrize(
    "value",
    ["[" * 100_000 + "]" * 100_000, "{ a = " * 50_000 + "1" + " }" * 50_000],
    ids=["arrays", "tables"],
)
def test_deep_nesting_is_a_format_error(value: str) -> None:
    message = refusal('title = "Kring"', f"title = {value}")
    assert message == (
        f"{SOURCE}: the TOML nests arrays or tables more than 32 deep; a format "
        "needs far fewer"
    )


def test_deep_nesting_is_refused_before_the_parser_recurses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Deep enough to exhaust the recursion limit: nothing may be printed
    # about exceptions ignored while the parser unwinds.
    refusal('title = "Kring"', "title = " + "[" * 5000 + "]" * 5000)
    captured = capsys.readouterr()
    assert "Exception ignored" not in captured.err + captured.out


def test_brackets_inside_strings_and_comments_do_not_count() -> None:
    text = KRING_TOML.replace(
        'title = "Kring"', 'title = "Kring ' + "[" * 40 + '" # ' + "{" * 40
    )
    assert loads_format(text, SOURCE).title.startswith("Kring")


def test_deep_nesting_given_in_python_is_a_format_error() -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(FormatError, match=r"title must be text, got list"):
        Format("kring", 1, deep, [Stage("Kring", "Kring", "meeting", {"facilitator"})])  # type: ignore[arg-type]
    data = {"name": "kring", "version": 1, "title": deep, "stages": []}
    with pytest.raises(FormatError, match=r"^kring\.toml: title must be a string"):
        format_from_dict(data, SOURCE)


# ---------------------------------------------------------------------------
# Numbers stay in range.


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("week = 0", "week = 99999999999", "stage 1 (Kring): week 99999999999"),
        ("week = 0", "week = 521", "stage 1 (Kring): week 521"),
        ("week = 0", "days = 32", "stage 1 (Kring): days 32"),
        ("week = 0", "half_days = 1001", "stage 1 (Kring): half_days 1001"),
        ("version = 1", "version = 1000001", "version 1000001"),
        (
            "week = 0",
            "repeatable = true\nevery_weeks = 105",
            "stage 1 (Kring): every_weeks 105",
        ),
        (
            'title = "Kring"\n',
            'title = "Kring"\nsessions_per_master = 10001\n',
            "sessions_per_master 10001",
        ),
        (
            'ground_rules = ["We luisteren"]\n',
            'ground_rules = ["We luisteren"]\n[participants]\nmaximum = 10001\n',
            "participants maximum 10001",
        ),
        (
            'ground_rules = ["We luisteren"]\n',
            'ground_rules = ["We luisteren"]\n[facilitators]\nminimum = 10001\n',
            "facilitators minimum 10001",
        ),
    ],
)
def test_a_number_beyond_its_range_names_field_value_and_range(
    old: str, new: str, place: str
) -> None:
    message = refusal(old, new)
    assert message.startswith(f"{SOURCE}: format 'kring'")
    assert f"{place} is too large; give a whole number from " in message


def test_the_range_is_said_in_full() -> None:
    assert refusal("week = 0", "week = 99999999999").endswith(
        "week 99999999999 is too large; give a whole number from 0 to 520"
    )


def test_the_largest_numbers_allowed_load() -> None:
    fmt = loads_format(
        KRING_TOML.replace("week = 0", "week = 520\ndays = 31\nhalf_days = 1000"),
        SOURCE,
    )
    assert (fmt.stages[0].week, fmt.stages[0].days) == (520, 31)


@pytest.mark.parametrize("start", [date.max, date.max - timedelta(weeks=11)])
def test_a_schedule_past_the_last_date_is_invalid_input(start: date) -> None:
    app = Circles("memory:")
    circle = app.found_circle(title="Kring", challenge="Plannen", actor="me")
    with pytest.raises(InvalidInput, match=r"would fall after 9999-12-31"):
        app.schedule(circle, start, actor="me")
    assert app.schedule(circle, date(2030, 1, 7), actor="me")


def test_a_meeting_of_days_ending_past_the_last_date_is_invalid_input() -> None:
    app = Circles("memory:")
    two_days = loads_format(KRING_TOML.replace("week = 0", "week = 0\ndays = 2"))
    app.formats = FormatRegistry([two_days])
    circle = app.found_circle("kring", title="Kring", challenge="Plannen", actor="me")
    with pytest.raises(InvalidInput, match=r"the last day of Kring would fall after"):
        app.schedule(circle, date.max, actor="me")


# ---------------------------------------------------------------------------
# Names match as a whole, texts show something.


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('name = "Kring"', 'name = "Kring\\n"', "stage 1: name 'Kring\\n' is not"),
        ('name = "Ronde"', 'name = "Ronde\\n"', "element: name 'Ronde\\n' is not"),
        ('name = "kring"', 'name = "kring\\n"', "format name 'kring\\n' is not"),
        (
            'circle_fields = ["cost"]',
            'circle_fields = ["cost\\n"]',
            "circle field 'cost\\n' must be",
        ),
    ],
    ids=["stage", "element", "format", "circle-field"],
)
def test_a_name_with_a_trailing_line_break_is_refused(
    old: str, new: str, expected: str
) -> None:
    assert expected in refusal(old, new)


INVISIBLE = [
    "\u200b\u200c",  # zero-width space and non-joiner
    "\u2060\ufeff",  # word joiner, zero-width no-break space
    "\u3000\u00a0",  # ideographic and no-break space
    "\u3164",  # Hangul filler
    "\x00\x07",  # control characters
]


@pytest.mark.parametrize("text", INVISIBLE, ids=repr)
@pytest.mark.parametrize(
    ("old", "key", "expected"),
    [
        ('title = "Kring"', "title", "format 'kring': title {text!r} is blank"),
        ('kind = "meeting"', "kind", "stage 1 (Kring): kind {text!r} is blank"),
    ],
    ids=["title", "kind"],
)
def test_a_title_that_shows_nothing_is_refused(
    text: str, old: str, key: str, expected: str
) -> None:
    message = refusal(old, f"{key} = {_toml(text)}")
    assert expected.format(text=text) in message


@pytest.mark.parametrize("text", INVISIBLE, ids=repr)
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('["We luisteren"]', "[{}]", "ground_rules must be non-empty texts"),
        ('["Doel"]', "[{}]", "consensus items must be distinct, non-empty texts"),
    ],
    ids=["ground-rule", "consensus-item"],
)
def test_a_listed_text_that_shows_nothing_is_refused(
    text: str, old: str, new: str, expected: str
) -> None:
    assert expected in refusal(old, new.format(_toml(text)))


def test_circle_elements_that_show_nothing_are_refused() -> None:
    names = ["\u200b\u200c"]
    stage = Stage("Kring", "Kring", "meeting", {"facilitator"}, circle_elements=names)
    with pytest.raises(FormatError, match="circle_elements must be non-empty texts"):
        Format("kring", 1, "Kring", [stage], circle_elements=names)


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ('title = "Kring"', 'title = "Kring\\n"', "format 'kring': title"),
        ('kind = "meeting"', 'kind = "meet\\u001b[2J"', "stage 1 (Kring): kind"),
        ('["Doel"]', '["Doel\\r"]', "stage 1 (Kring): consensus item"),
        ('["We luisteren"]', '["We\\tluisteren"]', "format 'kring': ground rule"),
    ],
    ids=["title", "kind", "consensus-item", "ground-rule"],
)
def test_control_characters_in_a_title_are_refused(
    old: str, new: str, place: str
) -> None:
    message = refusal(old, new)
    assert place in message
    assert "holds control character(s)" in message
    assert message.endswith("give it on one line, without control characters")


def test_titles_in_any_script_with_joiners_inside_are_allowed() -> None:
    fmt = loads_format(
        KRING_TOML.replace('title = "Kring"', 'title = "Kring \u0928\u094d\u200d"'),
        SOURCE,
    )
    assert fmt.title == "Kring \u0928\u094d\u200d"


def _toml(text: str) -> str:
    """``text`` as a TOML basic string, every character escaped."""
    return '"' + "".join(f"\\u{ord(char):04X}" for char in text) + '"'


# ---------------------------------------------------------------------------
# Built-in names are reserved.


NEWER = attrs.evolve(MASTERCIRCLE, version=2, title="Mastercircle, anders")


@pytest.mark.parametrize("fmt", builtin_formats(), ids=lambda f: f.name)
def test_a_format_named_like_a_builtin_is_refused(fmt: Format) -> None:
    registry = FormatRegistry.with_builtins()
    with pytest.raises(FormatError) as caught:
        registry.register(attrs.evolve(fmt, version=fmt.version + 1))
    assert str(caught.value).startswith(
        f"format {fmt.name!r} is built in, and the name is reserved; give your "
        "format a name of its own"
    )
    assert "replace_builtin=True" in str(caught.value)
    assert registry.get(fmt.name) == fmt


def test_a_builtin_name_is_reserved_in_a_registry_without_builtins() -> None:
    registry = FormatRegistry()
    with pytest.raises(FormatError, match="is built in"):
        registry.register(NEWER)
    registry.register(MASTERCIRCLE)  # the built-in definition itself is fine
    assert registry.names() == ["mastercircle"]


def test_a_host_replaces_a_builtin_format_explicitly() -> None:
    registry = FormatRegistry.with_builtins()
    registry.register(NEWER, replace_builtin=True)
    assert registry.get("mastercircle") == NEWER
    assert registry.get("mastercircle", 1) == MASTERCIRCLE


def test_a_registry_made_from_a_list_holds_the_formats_the_host_chose() -> None:
    registry = FormatRegistry([MASTERCIRCLE, NEWER])
    assert registry.get("mastercircle") == NEWER


def test_a_format_file_named_like_a_builtin_is_one_line_on_the_command_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mastercircle.toml"
    path.write_text(dumps_format(NEWER), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--db", "memory:", "--format-file", str(path), "formats"]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {path}: format 'mastercircle' is built in, and the name is "
        "reserved; give your format a name of its own (a host replaces a "
        "built-in format only explicitly, with "
        "FormatRegistry.register(fmt, replace_builtin=True))"
    ]


def test_an_element_name_is_a_whole_match_in_python_too() -> None:
    stage = Stage(
        "Kring", "Kring", "meeting", {"facilitator"}, elements=[Element("Ronde\n")]
    )
    with pytest.raises(FormatError, match=r"element: name 'Ronde\\n' is not allowed"):
        Format("kring", 1, "Kring", [stage])
