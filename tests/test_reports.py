# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reports are projections of the event log: folded from events only,
caught up incrementally, and rendered in open formats."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from circleflow import Circles, InvalidInput, UnknownCircle
from circleflow.demo import run_mastercircle, run_samenwerking
from circleflow.reports import CSV_DIALECTS, CircleReports, render, render_bytes
from circleflow.reports.cli import report as report_command
from circleflow.reports.render import to_csv, to_json, to_markdown
from circleflow.reports.report import MeetingRow


def _count(app: Circles, circle: UUID, event: str) -> int:
    return sum(entry.event == event for entry in app.history(circle))


@pytest.fixture(scope="module")
def mastercircle() -> tuple[Circles, UUID]:
    app = Circles("memory:")
    return app, run_mastercircle(app, participants=3)


@pytest.fixture(scope="module")
def samenwerking() -> tuple[Circles, UUID]:
    app = Circles("memory:")
    return app, run_samenwerking(app)


def test_the_log_holds_every_event_in_the_order_recorded(
    mastercircle: tuple[Circles, UUID],
) -> None:
    app, circle = mastercircle
    log = app.read_log(limit=10_000)
    assert [e.position for e in log] == list(range(1, len(log) + 1))
    assert app.log_position() == len(log)
    of_circle = [e for e in log if e.aggregate_id == circle]
    assert [e.event for e in of_circle] == [e.event for e in app.history(circle)]
    assert {e.aggregate for e in log} == {"circle", "person"}
    assert app.read_log(app.log_position()) == []


def test_reading_the_log_refuses_a_bad_position_or_limit() -> None:
    app = Circles("memory:")
    with pytest.raises(InvalidInput, match="after must be a log position"):
        app.read_log(-1)
    with pytest.raises(InvalidInput, match="limit must be"):
        app.read_log(0, limit=0)


def test_a_mastercircle_report_counts_what_its_history_holds(
    mastercircle: tuple[Circles, UUID],
) -> None:
    app, circle = mastercircle
    reports = CircleReports()
    reports.catch_up(app)
    report = reports.get(circle)
    position = app.position(circle)
    assert (report.state, report.version) == (position.state, position.version)
    assert [m.stage for m in report.meetings] == [
        "Urgentie",
        "Opgave",
        "Omslag",
        "Toekomst",
        "Oogst",
    ]
    assert report.meetings_held() == 5
    assert all(m.scheduled for m in report.meetings)
    assert sum(m.feedback for m in report.meetings) == _count(
        app, circle, "FeedbackGiven"
    )
    assert [m.hot_seats for m in report.meetings] == [0, 3, 3, 3, 0]
    roles = {m.role for m in report.members}
    assert {"participant", "master", "facilitator", "sponsor"} <= roles
    assert all(m.name for m in report.members)
    assert sum(report.events.values()) == len(app.history(circle))


def test_a_samenwerking_report_follows_mandates_and_twos(
    samenwerking: tuple[Circles, UUID],
) -> None:
    app, circle = samenwerking
    reports = CircleReports()
    reports.catch_up(app)
    report = reports.get(circle)
    assert report.mandates_renewed == _count(app, circle, "MandateRenewed") > 0
    assert [(t.number, t.superseded_by) for t in report.twos] == [(1, 2), (2, None)]
    assert report.concluded_at is not None


def test_catching_up_reads_only_what_is_new() -> None:
    app = Circles("memory:")
    reports = CircleReports()
    assert reports.catch_up(app) == 0
    circle = run_mastercircle(app, participants=2)
    first = reports.catch_up(app)
    assert first == app.log_position() == reports.position
    assert reports.catch_up(app) == 0
    later = app.found_circle(title="Tweede", challenge="Nog een", actor="u")
    app.join(later, app.register_person("Laat", actor="u"), "guest", actor="u")
    assert reports.catch_up(app) == 3
    assert reports.get(later).members[-1].name == "Laat"
    assert reports.get(circle).meetings_held() == 5


@settings(max_examples=15, deadline=None)
@given(batch=st.integers(1, 40), stops=st.lists(st.integers(0, 200), max_size=5))
def test_any_number_of_catch_ups_gives_the_same_report_as_one(
    samenwerking: tuple[Circles, UUID], batch: int, stops: list[int]
) -> None:
    app, circle = samenwerking
    whole = CircleReports()
    whole.catch_up(app)
    pieces = CircleReports()
    for stop in sorted(stops):
        for event in app.read_log(
            pieces.position, limit=max(stop - pieces.position, 1)
        ):
            pieces.apply(event)
            pieces.position = event.position
    pieces.catch_up(app, batch=batch)
    assert pieces.get(circle) == whole.get(circle)


def test_an_unknown_circle_has_no_report() -> None:
    with pytest.raises(UnknownCircle):
        CircleReports().get("5d4b3d43-0000-0000-0000-000000000000")


def test_json_is_valid_and_holds_the_whole_report(
    samenwerking: tuple[Circles, UUID],
) -> None:
    app, circle = samenwerking
    reports = CircleReports()
    reports.catch_up(app)
    data = json.loads(to_json(reports.get(circle)))
    assert data["circle_id"] == str(circle)
    assert data["meetings_held"] == 3
    assert data["events"]["TWOAgreed"] == 2
    assert [t["number"] for t in data["twos"]] == [1, 2]


def test_csv_has_a_header_and_one_row_per_meeting(
    mastercircle: tuple[Circles, UUID],
) -> None:
    app, circle = mastercircle
    reports = CircleReports()
    reports.catch_up(app)
    rows = list(csv.DictReader(io.StringIO(to_csv(reports.get(circle)))))
    assert [row["stage"] for row in rows] == [
        "Urgentie",
        "Opgave",
        "Omslag",
        "Toekomst",
        "Oogst",
    ]
    assert all(row["held_at"].endswith("+00:00") for row in rows)


def test_csv_for_a_dutch_excel_has_semicolons_a_byte_order_mark_and_crlf(
    mastercircle: tuple[Circles, UUID],
) -> None:
    app, circle = mastercircle
    reports = CircleReports()
    reports.catch_up(app)
    report = reports.get(circle)
    data = render_bytes(report, "csv", csv_dialect="excel-nl")
    assert data.startswith(b"\xef\xbb\xbfcircle_id;stage;number;scheduled;")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    dutch = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    plain = list(csv.reader(io.StringIO(to_csv(report), newline="")))
    assert dutch == plain
    assert len(dutch) == 6


def test_a_semicolon_in_a_dutch_excel_cell_stays_in_its_cell() -> None:
    app = Circles("memory:")
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u")
    reports = CircleReports()
    reports.catch_up(app)
    report = reports.get(circle)
    report.meetings.append(MeetingRow(stage="Start; of niet", number=1, host="A;B"))
    text = to_csv(report, dialect="excel-nl").removeprefix("\ufeff")
    assert ';"Start; of niet";1;' in text
    [row] = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert (row["stage"], row["host"]) == ("Start; of niet", "A;B")


@pytest.mark.parametrize(
    ("dialect", "written"),
    [("rfc4180", ["2.5", "-1234.50", "7"]), ("excel-nl", ["2,5", "-1234,50", "7"])],
)
def test_a_number_with_a_fraction_has_the_dialects_decimal_sign(
    dialect: str, written: list[str]
) -> None:
    cell = CSV_DIALECTS[dialect].cell
    assert [cell(2.5), cell(Decimal("-1234.50")), cell(7)] == written
    assert cell("-1234.50") == "'-1234.50"


def test_a_csv_dialect_must_be_known_and_is_for_csv_only(
    mastercircle: tuple[Circles, UUID],
) -> None:
    app, circle = mastercircle
    reports = CircleReports()
    reports.catch_up(app)
    report = reports.get(circle)
    with pytest.raises(
        InvalidInput, match=r"unknown CSV dialect 'excel'; .*\['rfc4180', 'excel-nl'\]"
    ):
        render(report, "csv", csv_dialect="excel")
    for to in ("html", "odt"):
        with pytest.raises(InvalidInput, match=f"csv format only, not to '{to}'"):
            render_bytes(report, to, csv_dialect="excel-nl")
    assert render(report, "csv", csv_dialect="rfc4180") == to_csv(report)


def test_the_report_command_writes_csv_for_a_dutch_excel(tmp_path: Path) -> None:
    db = str(tmp_path / "circles.db")
    circle = run_mastercircle(Circles(db), participants=2)
    target = tmp_path / "report.csv"
    runner = CliRunner()
    args = ["--db", db, str(circle), "--to", "csv", "--csv-dialect", "excel-nl"]
    done = runner.invoke(report_command, [*args, "-o", str(target)])
    assert done.exit_code == 0, done.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbfcircle_id;stage;")
    refused = runner.invoke(report_command, [*args[:-4], "--csv-dialect", "excel-nl"])
    assert refused.exit_code == 2
    assert "--csv-dialect applies to --to csv only, not markdown" in refused.output


def test_markdown_escapes_table_cells() -> None:
    app = Circles("memory:")
    circle = app.found_circle(title="Kring | noord", challenge="Een\nopgave", actor="u")
    app.join(circle, app.register_person("A | B", actor="u"), "guest", actor="u")
    reports = CircleReports()
    reports.catch_up(app)
    text = to_markdown(reports.get(circle))
    assert text.startswith("# Kring \\| noord\n")
    assert "- Challenge: Een opgave\n" in text
    assert "| A \\| B | guest |  |" in text


def test_an_unknown_report_format_names_the_known_ones(
    mastercircle: tuple[Circles, UUID],
) -> None:
    app, circle = mastercircle
    reports = CircleReports()
    reports.catch_up(app)
    with pytest.raises(
        InvalidInput, match=r"'pdf'.*\['csv', 'html', 'json', 'markdown', 'odt'\]"
    ):
        render(reports.get(circle), "pdf")


def test_the_report_command_prints_a_stored_circle(tmp_path: object) -> None:
    db = f"{tmp_path}/circles.db"
    circle = run_mastercircle(Circles(db), participants=2)
    runner = CliRunner()
    result = runner.invoke(
        report_command, ["--db", db, str(circle)[:8], "--to", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["meetings_held"] == 5
    missing = runner.invoke(report_command, ["--db", db, "ffffffff"])
    assert missing.exit_code == 1
    assert len(missing.output.strip().splitlines()) == 1
    assert "no circle id starts with 'ffffffff'" in missing.output
