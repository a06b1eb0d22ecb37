# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The command-line tool on formats: list, show, diagram, demo of each format,
and formats a user adds from TOML files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from circleflow import Circles, builtin_formats, loads_format
from circleflow.cli import cli
from circleflow.demo import run_mastercircle

EXAMPLE_FORMAT = Path(__file__).resolve().parent.parent / "examples" / "intervisie.toml"
BUILTIN = [fmt.name for fmt in builtin_formats()]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_formats_lists_every_builtin_format_with_its_stages(
    runner: CliRunner,
) -> None:
    result = runner.invoke(cli, ["--db", "memory:", "formats"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert {line.split()[0] for line in lines} == set(BUILTIN)
    [master] = [line for line in lines if line.startswith("mastercircle")]
    assert "Urgentie → Opgave → Omslag → Toekomst → Oogst" in master


def test_a_format_file_adds_a_format_to_every_command(runner: CliRunner) -> None:
    args = ["--db", "memory:", "--format-file", str(EXAMPLE_FORMAT)]
    result = runner.invoke(cli, [*args, "formats"])
    assert result.exit_code == 0, result.output
    assert any(line.startswith("intervisie") for line in result.output.splitlines())
    diagram = runner.invoke(cli, [*args, "diagram", "intervisie"])
    assert diagram.exit_code == 0, diagram.output
    assert "Casus_Inbreng --> Casus_Vragen : enter_element" in diagram.output


def test_format_files_can_come_from_the_environment(runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        ["--db", "memory:", "formats", "show", "intervisie"],
        env={"CIRCLEFLOW_FORMATS": str(EXAMPLE_FORMAT)},
    )
    assert result.exit_code == 0, result.output
    assert 'name = "intervisie"' in result.output


@pytest.mark.parametrize("name", BUILTIN)
def test_formats_show_prints_toml_that_loads_back_to_the_same_format(
    runner: CliRunner, name: str
) -> None:
    result = runner.invoke(cli, ["--db", "memory:", "formats", "show", name])
    assert result.exit_code == 0, result.output
    [fmt] = [fmt for fmt in builtin_formats() if fmt.name == name]
    assert loads_format(result.output, "output") == fmt


def test_an_unknown_format_is_one_line_naming_the_known_ones(
    runner: CliRunner,
) -> None:
    result = runner.invoke(cli, ["--db", "memory:", "formats", "show", "kring"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "kring" in result.output
    assert "mastercircle" in result.output


def test_a_broken_format_file_is_one_line_naming_file_and_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        EXAMPLE_FORMAT.read_text(encoding="utf-8").replace(
            'required = ["facilitator", "master"]',
            'required = ["facilitator", "coach"]',
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        cli, ["--db", "memory:", "--format-file", str(broken), "formats"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "broken.toml" in result.output
    assert "coach" in result.output


def test_a_missing_format_file_is_a_clear_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.toml"
    result = runner.invoke(
        cli, ["--db", "memory:", "--format-file", str(missing), "formats"]
    )
    assert result.exit_code == 1
    assert "nowhere.toml" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", BUILTIN)
def test_diagram_draws_each_format_from_its_state_machine(
    runner: CliRunner, name: str
) -> None:
    result = runner.invoke(cli, ["--db", "memory:", "diagram", name])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("stateDiagram-v2")
    [fmt] = [fmt for fmt in builtin_formats() if fmt.name == name]
    for stage in fmt.stage_names():
        assert f'state "{stage}" as {stage}' in result.output


def test_diagram_of_a_circle_marks_where_it_stands(
    runner: CliRunner, db_path: str
) -> None:
    circle = run_mastercircle(Circles(db_path), participants=2)
    result = runner.invoke(
        cli, ["--db", db_path, "diagram", "--circle", str(circle)[:8]]
    )
    assert result.exit_code == 0, result.output
    assert Circles(db_path).position(circle).state == "Oogst.Gehouden"
    marked = [line for line in result.output.splitlines() if "Oogst_Gehouden" in line]
    assert any("class" in line or ":::" in line for line in marked), marked


def test_diagram_needs_a_format_or_a_circle(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--db", "memory:", "diagram"])
    assert result.exit_code == 2
    assert "name a format, or give --circle CIRCLE" in result.output


@pytest.mark.parametrize("name", BUILTIN)
def test_the_demo_walks_each_builtin_format_and_shows_a_refusal(
    runner: CliRunner, db_path: str, name: str
) -> None:
    result = runner.invoke(cli, ["--db", db_path, "demo", "--format", name])
    assert result.exit_code == 0, result.output
    assert "Refused by rule" in result.output
    assert "Nothing recorded" in result.output
    walked = result.output.strip().splitlines()[-1].split()[-1]
    app = Circles(db_path)
    assert app.position(walked).complete
    assert {summary.format for summary in app.list_circles()} == {f"{name} v1"}


def test_the_demo_refuses_an_unknown_format_with_the_choices(
    runner: CliRunner,
) -> None:
    result = runner.invoke(cli, ["--db", "memory:", "demo", "--format", "kring"])
    assert result.exit_code == 2
    for name in BUILTIN:
        assert name in result.output


@pytest.mark.parametrize("name", BUILTIN)
def test_the_demo_columns_line_up_for_every_state(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, ["--db", "memory:", "demo", "--format", name])
    lines = result.output.splitlines()
    [header] = [line for line in lines if line.lstrip().startswith("ver")]
    column = header.index("circle level")
    steps = [line for line in lines if line[:4].strip().isdigit()]
    assert steps
    for line in steps:
        assert line[column - 1] == " " and line[column] != " ", line


@pytest.mark.parametrize(
    "args",
    [
        ["formats"],
        ["formats", "show", "leergroep"],
        ["diagram", "samenwerking"],
        ["personal-data"],
    ],
    ids=lambda args: " ".join(args),
)
def test_commands_about_formats_leave_the_store_alone(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    store = tmp_path / "circles.db"
    result = runner.invoke(cli, ["--db", str(store), *args])
    assert result.exit_code == 0, result.output
    assert not store.exists()
