# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Arguments of the wrong kind or out of range are InvalidInput, never a
Python error, and a refused command records nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from click.testing import CliRunner, Result

from circleflow import Circles, InvalidInput, show_moment
from circleflow.cli import cli
from circleflow.demo import run_mastercircle

ACTOR = "u-test"
LONE = "\udcff"  # what an undecodable byte such as b"\xff" becomes


@pytest.fixture
def sqlite_app(db_path: str) -> Circles:
    return Circles(db_path)


def _records_nothing(app: Circles, command: Callable[[], object]) -> InvalidInput:
    before = app.log_position()
    with pytest.raises(InvalidInput) as raised:
        command()
    assert app.log_position() == before
    return raised.value


def _one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


# -- text that cannot be stored ------------------------------------------------


@pytest.mark.parametrize(
    ("what", "command"),
    [
        ("the name", lambda app: app.register_person(f"Fenna{LONE}", actor=ACTOR)),
        (
            "the email address",
            lambda app: app.register_person("F", email=LONE, actor=ACTOR),
        ),
        ("the actor", lambda app: app.register_person("F", actor=LONE)),
        (
            "the origin",
            lambda app: app.register_person("F", actor=ACTOR, origin=LONE),
        ),
        (
            "the title",
            lambda app: app.found_circle(title=LONE, challenge="C", actor=ACTOR),
        ),
    ],
)
def test_text_with_a_lone_surrogate_is_refused(
    sqlite_app: Circles, what: str, command: Callable[[Circles], object]
) -> None:
    error = _records_nothing(sqlite_app, lambda: command(sqlite_app))
    assert str(error).startswith(f"{what} holds '\\udcff', which is not a character")


def test_an_origin_with_a_lone_surrogate_is_refused_when_opening() -> None:
    with pytest.raises(InvalidInput, match="origin holds"):
        Circles("memory:", origin=LONE)


def test_the_cli_refuses_an_actor_made_of_undecodable_bytes(db_path: str) -> None:
    person = Circles(db_path).register_person("Fenna", actor=ACTOR)
    result = CliRunner().invoke(
        cli, ["--db", db_path, "forget-person", str(person), "--actor", LONE]
    )
    assert "actor holds" in _one_error_line(result)
    assert Circles(db_path).person(person).name == "Fenna"


# -- numbers and dates out of range -----------------------------------------------


def test_versions_and_log_positions_fit_in_the_store(sqlite_app: Circles) -> None:
    circle_id = sqlite_app.found_circle(title="T", challenge="C", actor=ACTOR)
    with pytest.raises(InvalidInput, match="version must be at most"):
        sqlite_app.circle(circle_id, version=2**63)
    with pytest.raises(InvalidInput, match="version must be at most"):
        sqlite_app.allowed(circle_id, version=2**63)
    with pytest.raises(InvalidInput, match="after must be at most"):
        sqlite_app.read_log(2**70)
    assert sqlite_app.read_log(2**63 - 1) == []
    with pytest.raises(InvalidInput, match="limit must be at most"):
        sqlite_app.read_log(0, limit=2**64)


def test_the_cli_refuses_a_huge_version_in_one_line(db_path: str) -> None:
    circle_id = Circles(db_path).found_circle(title="T", challenge="C", actor=ACTOR)
    result = CliRunner().invoke(
        cli,
        ["--db", db_path, "status", str(circle_id), "--version", "9" * 23],
    )
    assert "version must be at most" in _one_error_line(result)


def test_a_plan_past_the_last_date_is_refused(sqlite_app: Circles) -> None:
    circle_id = sqlite_app.found_circle(title="T", challenge="C", actor=ACTOR)
    error = _records_nothing(
        sqlite_app, lambda: sqlite_app.schedule(circle_id, date.max, actor=ACTOR)
    )
    assert "would fall after 9999-12-31" in str(error)


# -- arguments of the wrong type ---------------------------------------------------


def test_arguments_of_the_wrong_type_are_refused(sqlite_app: Circles) -> None:
    app: Any = sqlite_app  # called as an untyped caller would
    person = app.register_person("Fenna", actor=ACTOR)
    circle_id = app.found_circle(title="T", challenge="C", actor=ACTOR)
    attempts: dict[str, Callable[[], object]] = {
        "attendees must be a list": lambda: app.open_session(
            circle_id, "Urgentie", None, actor=ACTOR
        ),
        "unknown role": lambda: app.join(
            circle_id, person, ["participant"], actor=ACTOR
        ),
        "details must be a mapping": lambda: app.found_circle(
            title="T", challenge="C", details=[1, 2], actor=ACTOR
        ),
    }
    for message, attempt in attempts.items():
        assert message in str(_records_nothing(app, attempt))


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("snapshot_every", "5"),
        ("snapshot_every", True),
        ("snapshot_every", 0),
        ("retries", "3"),
        ("retries", False),
    ],
)
def test_store_options_must_be_whole_numbers(option: str, value: Any) -> None:
    with pytest.raises(InvalidInput, match=f"{option} must be a whole number"):
        Circles("memory:", **{option: value})


# -- values that would be stored wrongly ------------------------------------------


def test_a_detail_without_a_value_is_refused_not_stored_as_none(
    sqlite_app: Circles,
) -> None:
    app = sqlite_app
    error = _records_nothing(
        app,
        lambda: app.found_circle(
            "leernetwerkgroep",
            title="T",
            challenge="C",
            details={"cost_per_person": None},
            actor=ACTOR,
        ),
    )
    assert "detail cost_per_person must be text or a number" in str(error)
    circle_id = app.found_circle(
        "leernetwerkgroep",
        title="T",
        challenge="C",
        details={"cost_per_person": 1550, "subsidy": "50%"},
        actor=ACTOR,
    )
    assert app.circle(circle_id).details == {
        "cost_per_person": "1550",
        "subsidy": "50%",
    }


def test_true_is_not_a_version(sqlite_app: Circles) -> None:
    circle_id = sqlite_app.found_circle(title="T", challenge="C", actor=ACTOR)
    with pytest.raises(InvalidInput, match="the version must be a whole number"):
        sqlite_app.circle(circle_id, version=True)
    _records_nothing(
        sqlite_app,
        lambda: sqlite_app.found_circle(
            title="T", challenge="C", version=True, actor=ACTOR
        ),
    )


def test_a_moment_is_not_taken_for_a_date(sqlite_app: Circles) -> None:
    app = sqlite_app
    person = app.register_person("Fenna", actor=ACTOR)
    circle_id = app.found_circle(title="T", challenge="C", actor=ACTOR)
    moment = datetime(2027, 1, 4, 10, 0)
    for attempt in (
        lambda: app.schedule(circle_id, moment, actor=ACTOR),
        lambda: app.join(circle_id, person, "facilitator", on=moment, actor=ACTOR),
        lambda: app.reschedule(circle_id, "Urgentie", moment, actor=ACTOR),
    ):
        error = _records_nothing(app, attempt)
        assert "must be a date without a time" in str(error)


# -- status --at -------------------------------------------------------------------


def test_status_at_takes_an_offset_and_reads_a_plain_time_as_utc(
    db_path: str,
) -> None:
    app = Circles(db_path)
    circle_id = run_mastercircle(app, participants=2)
    entry = app.history(circle_id)[10]
    moment = entry.recorded_at.astimezone(UTC)
    amsterdam = moment.astimezone(timezone(timedelta(hours=1)))
    runner = CliRunner()

    def version_at(when: str) -> int:
        result = runner.invoke(
            cli, ["--db", db_path, "status", str(circle_id), "--at", when, "--json"]
        )
        assert result.exit_code == 0, result.output
        data: dict[str, Any] = json.loads(result.output)
        return int(data["version"])

    assert version_at(amsterdam.isoformat()) == entry.version
    assert version_at(moment.replace(tzinfo=None).isoformat()) == entry.version
    wrong = runner.invoke(
        cli, ["--db", db_path, "status", str(circle_id), "--at", "next tuesday"]
    )
    assert wrong.exit_code == 2
    assert "is not an ISO 8601 time" in wrong.output


def test_a_bad_date_or_time_zone_is_a_clear_error() -> None:
    app = Circles("memory:")
    circle = app.found_circle("leergroep", title="t", challenge="c", actor="u")
    with pytest.raises(InvalidInput, match="the date of the next meeting"):
        app.plan_next_meeting(circle, 0, actor="u")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="unknown time zone"):
        app.meetings(circle, time_zone="Europe/" + "x" * 5000)
    with pytest.raises(InvalidInput):
        show_moment(datetime.now(UTC), zone="Europe/" + "x" * 5000)
