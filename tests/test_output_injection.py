# SPDX-License-Identifier: EUPL-1.2
"""Stored text stays text in every output: a CSV cell is never a formula,
rendered Markdown holds no live HTML, and the command line never passes a
control character from the store to the terminal."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from circleflow import Circles
from circleflow.cli import cli
from circleflow.reports import CSV_DIALECTS, CircleReports, markup
from circleflow.reports import cli as report_cli
from circleflow.reports.render import to_csv, to_json, to_markdown
from circleflow.reports.report import CircleReport, MeetingRow
from circleflow.terminal import terminal_json, terminal_lines, terminal_text
from tests.test_leernetwerkgroep import Network

#: What reaches a terminal that must not come from stored text: ESC, the C1
#: OSC and CSI introducers, BEL and a carriage return.
STEERING = ("\x1b", "\x9d", "\x9b", "\x07", "\r")

#: A title that sets the window title, makes a link and overwrites its line.
TITLE = "Kring\x1b]0;pwned\x07 \x9d8;;https://evil.example\x9c klik \x9b2J\rNep"


def _csv_rows(report: CircleReport, dialect: str = "rfc4180") -> list[dict[str, str]]:
    text = to_csv(report, dialect=dialect).removeprefix("\ufeff")
    delimiter = CSV_DIALECTS[dialect].delimiter
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def _report(*meetings: MeetingRow, title: str = "Kring") -> CircleReport:
    return CircleReport(
        circle_id=uuid4(),
        title=title,
        format="leernetwerkgroep",
        format_version=1,
        challenge="Een opgave",
        founded_at=datetime(2027, 1, 4, tzinfo=UTC),
        founded_by="u-test",
        meetings=list(meetings),
    )


# -- CSV ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example","klik")',
        "@SUM(1)",
        "-2+3",
        "+31 6 12345678",
        "\tcmd",
        "\rcmd",
    ],
)
@pytest.mark.parametrize("dialect", sorted(CSV_DIALECTS))
def test_a_csv_cell_that_starts_like_a_formula_is_read_as_text(
    text: str, dialect: str
) -> None:
    meeting = MeetingRow(stage="Start", number=1, host=text)
    rows = _csv_rows(_report(meeting), dialect)
    assert rows[0]["host"] == "'" + text


def test_csv_keeps_plain_text_and_numbers_as_they_are() -> None:
    meeting = MeetingRow(stage="Start", number=1, host="Leiden", attendees=9)
    [row] = _csv_rows(_report(meeting))
    assert (row["stage"], row["host"]) == ("Start", "Leiden")
    assert (row["number"], row["attendees"], row["feedback"]) == ("1", "9", "0")


def test_an_organisation_named_as_a_formula_hosts_a_meeting_as_text() -> None:
    app = Circles("memory:")
    formula = '=HYPERLINK("https://evil.example","klik")'
    network = Network(app, towns=(formula, "Leiden")).register()
    network.close()
    network.open("Start", host=formula)
    reports = CircleReports()
    reports.catch_up(app)
    [row] = [r for r in _csv_rows(reports.get(network.id)) if r["host"]]
    assert row["host"] == "'" + formula
    assert row["stage"] == "Start"


# -- Markdown -------------------------------------------------------------------------


def test_markdown_holds_no_raw_html_or_control_characters() -> None:
    app = Circles("memory:")
    circle = app.found_circle(
        title="<img src=x onerror=alert(1)>\rKring",
        challenge="Samen & <b>sterk</b>",
        actor="u",
    )
    person = app.register_person(
        "<script>alert(1)</script>\x1b[2J",
        organisation="[klik](javascript:alert(1))",
        actor="u",
    )
    app.join(circle, person, "guest", actor="u")
    reports = CircleReports()
    reports.catch_up(app)
    text = to_markdown(reports.get(circle))
    assert "<img" not in text and "<script" not in text and "<b>" not in text
    assert "[klik](" not in text
    assert not any(c in text for c in STEERING)
    assert text.startswith("# &lt;img src=x onerror=alert(1)&gt; Kring\n")
    assert "- Challenge: Samen &amp; &lt;b&gt;sterk&lt;/b&gt;\n" in text
    assert (
        "| &lt;script&gt;alert(1)&lt;/script&gt;\ufffd[2J | guest "
        "| [klik\\](javascript:alert(1)) |"
    ) in text


# -- the command line -----------------------------------------------------------------


@pytest.fixture
def stored(db_path: str) -> str:
    """A store whose title, person name and details carry control characters
    (actors cannot: they are refused); returns the circle id."""
    app = Circles(db_path)
    circle = app.found_circle(title=TITLE, challenge="Op\x07gave", actor="u-test")
    person = app.register_person("Ann\x9d0;x\x9c", actor="u-test")
    app.join(
        circle,
        person,
        "guest",
        challenge="u\x1b[2J",
        organisation="u\rroot",
        actor="u-test",
    )
    return str(circle)


def _run(db_path: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db_path, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_circles_shows_stored_control_characters_as_escapes(
    db_path: str, stored: str
) -> None:
    output = _run(db_path, "circles")
    assert not any(c in output for c in STEERING)
    assert "Kring\\x1b]0;pwned\\x07 \\x9d8;;https://evil.example" in output
    assert len(output.splitlines()) == 1


def test_history_shows_stored_control_characters_as_escapes(
    db_path: str, stored: str
) -> None:
    output = _run(db_path, "history", stored)
    assert not any(c in output for c in STEERING)
    assert "u\\x1b[2J" in output and "u\\x0droot" in output
    assert len(output.splitlines()) == 2


def test_history_json_escapes_them_and_keeps_the_data(
    db_path: str, stored: str
) -> None:
    output = _run(db_path, "history", stored, "--json")
    assert not any(c in output for c in STEERING)
    first, joined = map(json.loads, output.splitlines())
    assert first["details"]["title"] == TITLE
    assert joined["details"]["organisation"] == "u\rroot"


def test_status_shows_the_stored_title_as_escapes(db_path: str, stored: str) -> None:
    output = _run(db_path, "status", stored)
    assert not any(c in output for c in STEERING)
    assert output.startswith(f"Circle {stored}: Kring\\x1b]0;pwned\\x07")


def test_a_report_on_a_terminal_shows_escapes_and_in_a_file_is_exact(
    db_path: str, stored: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--db", db_path, stored, "--to", "html"]
    piped = CliRunner().invoke(report_cli.report, args)
    assert piped.exit_code == 0, piped.output
    assert "\x1b]0;pwned" in piped.output
    monkeypatch.setattr(report_cli, "_on_terminal", lambda: True)
    shown = CliRunner().invoke(report_cli.report, args)
    assert shown.exit_code == 0, shown.output
    assert not any(c in shown.output for c in STEERING)
    assert "<h1>Kring\\x1b]0;pwned\\x07" in shown.output


# -- the helpers ----------------------------------------------------------------------


def test_terminal_text_makes_every_control_character_visible() -> None:
    assert terminal_text("a\x1bb\x9dc\x07d\re\nf\x7fg") == (
        "a\\x1bb\\x9dc\\x07d\\x0de\\x0af\\x7fg"
    )
    assert terminal_text("evil\u202etxt.exe") == "evil\\u202etxt.exe"
    assert terminal_text("Zoë · Ærø · 東京 🙂") == "Zoë · Ærø · 東京 🙂"


def test_terminal_lines_keeps_line_breaks() -> None:
    assert terminal_lines("a,b\r\nc\x1b,d\r\n") == "a,b\nc\\x1b,d\n"


def test_terminal_json_holds_the_same_data() -> None:
    data = {"title": "Kring\x9d\u2028\u202e\x1b", "name": "Zoë"}
    text = terminal_json(json.dumps(data, ensure_ascii=False))
    assert not any(c in text for c in ("\x9d", "\u2028", "\u202e", "\x1b"))
    assert "Zoë" in text
    assert json.loads(text) == data


def test_the_json_report_escapes_what_could_steer_a_terminal() -> None:
    report = _report(title=TITLE)
    text = to_json(report)
    assert not any(c in text for c in STEERING)
    assert json.loads(text)["title"] == TITLE


@given(st.text(alphabet=st.characters() | st.sampled_from("&<>\"'")))
def test_html_text_is_escaped_exactly_as_the_standard_library_does(text: str) -> None:
    assert markup.escape(text) == html.escape(text)
