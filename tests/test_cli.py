# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The command-line tool: demo, circles, status and history, and its errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from circleflow import Circles
from circleflow.cli import cli
from circleflow.demo import run_mastercircle


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_the_demo_prints_every_transition_on_both_levels(
    runner: CliRunner, db_path: str
) -> None:
    result = runner.invoke(cli, ["--db", db_path, "demo"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(
        "open_session Urgentie" in line
        and "Verkenning -> Urgentie" in line
        and "- -> Koersbepalen" in line
        for line in lines
    )
    assert any(
        "Opgave.Uitwisselen -> Opgave.Uitwisselen.Presenteren" in line for line in lines
    )
    assert any(
        "Toekomst.Gehouden -> Oogst" in line and "Verdiepen -> Vervolgen" in line
        for line in lines
    )
    assert "Refused by rule 'session-order'" in result.output
    assert "Nothing recorded: version 1 before, 1 after." in result.output
    circles = Circles(db_path).list_circles()
    assert Circles(db_path).position(circles[0].circle_id).complete


def test_status_shows_both_levels_and_what_is_allowed(
    runner: CliRunner, db_path: str
) -> None:
    circle_id = run_mastercircle(Circles(db_path), participants=2)
    result = runner.invoke(cli, ["--db", db_path, "status", str(circle_id)[:8]])
    assert result.exit_code == 0, result.output
    assert "state:         Oogst.Gehouden" in result.output
    assert "circle level:  Vervolgen" in result.output
    assert "complete:      yes" in result.output
    early = runner.invoke(
        cli, ["--db", db_path, "status", str(circle_id), "--version", "20", "--json"]
    )
    data = json.loads(early.output)
    assert data["version"] == 20 and data["complete"] is False
    assert data["allowed"]


def test_history_lists_every_event_with_its_actor(
    runner: CliRunner, db_path: str
) -> None:
    app = Circles(db_path)
    circle_id = run_mastercircle(app, participants=2)
    result = runner.invoke(cli, ["--db", db_path, "history", str(circle_id)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(app.history(circle_id))
    assert "CircleFounded" in lines[0] and "demo-facilitator" in lines[0]
    as_json = runner.invoke(cli, ["--db", db_path, "history", str(circle_id), "--json"])
    events = [json.loads(line) for line in as_json.output.splitlines()]
    assert events[-1]["event"] == "SessionHeld"
    assert events[-1]["state"] == "Oogst.Gehouden"


def test_the_store_can_come_from_the_environment(
    runner: CliRunner, db_path: str
) -> None:
    run_mastercircle(Circles(db_path), participants=2)
    result = runner.invoke(cli, ["circles"], env={"CIRCLEFLOW_DB": db_path})
    assert result.exit_code == 0
    assert "mastercircle v1" in result.output and "Kwartiermakers 2027" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "00000000-0000-0000-0000-000000000000"], "no circle with id"),
        (["status", "zz"], "no circle id starts with 'zz'"),
        (["history", "not-a-circle"], "no circle id starts with"),
        (["--db", "mysql://x/y", "circles"], "unknown store scheme 'mysql'"),
        (["--db", "/no/such/folder/x.db", "circles"], "does not exist"),
    ],
)
def test_errors_are_one_clear_line_and_exit_status_1(
    runner: CliRunner, db_path: str, args: list[str], message: str
) -> None:
    Circles(db_path)  # an empty store
    result = runner.invoke(cli, ["--db", db_path, *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_usage_mistakes_exit_with_status_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["status"])
    assert result.exit_code == 2
    assert "Missing argument 'CIRCLE'" in result.output


def test_the_demo_runs_as_a_real_command(tmp_path: Path) -> None:
    executable = shutil.which("circleflow", path=os.path.dirname(sys.executable))
    command = [executable] if executable else [sys.executable, "-m", "circleflow"]
    done = subprocess.run(
        [*command, "--db", str(tmp_path / "demo.db"), "demo"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "is complete." in done.stdout
    assert "Refused by rule" in done.stdout
    assert (tmp_path / "demo.db").exists()


def test_personal_data_lists_every_event_type(runner: CliRunner) -> None:
    from circleflow import PERSONAL_DATA

    table = runner.invoke(cli, ["personal-data"])
    assert table.exit_code == 0, table.output
    assert "| FeedbackGiven | feedback | receiver | giver, receiver |" in table.output
    as_json = runner.invoke(cli, ["personal-data", "--json"])
    rows = json.loads(as_json.output)
    assert [row["event"] for row in rows] == [e.event for e in PERSONAL_DATA]


def test_forget_person_makes_a_name_unreadable(runner: CliRunner, db_path: str) -> None:
    from circleflow import FORGOTTEN

    app = Circles(db_path)
    anna = app.register_person("Anna", actor="u")
    result = runner.invoke(
        cli, ["--db", db_path, "forget-person", str(anna), "--actor", "dpo"]
    )
    assert result.exit_code == 0, result.output
    assert Circles(db_path).person(anna).name == FORGOTTEN
    unknown = runner.invoke(
        cli, ["--db", db_path, "forget-person", "not-an-id", "--actor", "dpo"]
    )
    assert unknown.exit_code == 1
    assert len(unknown.output.strip().splitlines()) == 1


def test_status_for_a_person_lists_what_they_may_do_now(
    runner: CliRunner, db_path: str
) -> None:
    from tests.conftest import ACTOR, Cast

    app = Circles(db_path)
    cast = Cast(app, participants=2).join_all().run_urgentie().to_uitwisselen()
    anna, bram = cast.participants
    app.take_hot_seat(cast.id, anna, topic="Mijn aanpak", actor=ACTOR)
    as_bram = runner.invoke(
        cli, ["--db", db_path, "status", str(cast.id), "--person", str(bram)]
    )
    assert as_bram.exit_code == 0, as_bram.output
    assert f"allowed now for {bram}:" in as_bram.output
    assert f"give_feedback giver={bram} kind=appreciative|addition" in as_bram.output
    data = json.loads(
        runner.invoke(
            cli,
            ["--db", db_path, "status", str(cast.id), "--person", str(anna), "--json"],
        ).output
    )
    # Anna is in the hot seat: she gives no feedback; she may point out a synergy.
    assert [step["label"] for step in data["allowed"]] == ["note_synergy"]
    everyone = json.loads(
        runner.invoke(cli, ["--db", db_path, "status", str(cast.id), "--json"]).output
    )
    givers = {
        s["args"]["giver"]
        for s in everyone["allowed"]
        if s["command"] == "give_feedback"
    }
    assert givers == {str(bram), str(cast.masters[0])}


def test_rules_lists_a_formats_rules_with_their_descriptions(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rules", "samenwerking"])
    assert result.exit_code == 0, result.output
    assert "mandates-renewed" in result.output
    assert "ground rule 4" in result.output
    assert "hot-seats-complete" not in result.output
    rows = json.loads(runner.invoke(cli, ["rules", "mastercircle", "--json"]).output)
    by_name = {row["name"]: row for row in rows}
    assert by_name["hot-seats-complete"]["pack"] == "mastercircle"
    assert by_name["hot-seats-complete"]["steps"] == ["enter_element", "hold_session"]
    assert by_name["session-order"]["pack"] == "common"
    assert "host" not in by_name


def test_status_shows_the_plan_with_meetings_of_several_days(
    runner: CliRunner, db_path: str
) -> None:
    from datetime import date

    from circleflow.reports import CircleReports, render
    from tests.test_leernetwerkgroep import Network

    app = Circles(db_path)
    network = Network(app).register()
    network.close()
    app.schedule(network.id, date(2014, 6, 10), actor="u-test")
    result = runner.invoke(cli, ["--db", db_path, "status", str(network.id)])
    assert result.exit_code == 0, result.output
    assert "Tweedaagse1 2014-09-23/2014-09-24" in result.output
    assert "next meeting:  Start, 2014-06-10" in result.output
    reports = CircleReports()
    reports.catch_up(app)
    page = render(reports.get(network.id), "markdown")
    assert "23 September 2014 to 24 September 2014" in page
