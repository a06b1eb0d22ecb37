# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The command line speaks Dutch unless English is chosen: its output, its
errors and its help. With no language set anywhere, or with ``--lang nl``,
every text is Dutch; with ``--lang en`` it is English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from circleflow import Circles
from circleflow.cli import cli
from circleflow.demo import run_mastercircle
from circleflow.language import LANG_ENV_VAR, use_language
from circleflow.walk import ACTOR

START = date(2027, 1, 4)


@pytest.fixture
def no_choice(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No language chosen anywhere: no CIRCLEFLOW_LANG and no locale."""
    for name in (LANG_ENV_VAR, "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def completed(db_path: str) -> Iterator[str]:
    """A store with one Mastercircle walked to its end; its id."""
    app = Circles(db_path)
    circle = run_mastercircle(app, participants=2)
    app.close()
    yield str(circle)


@pytest.fixture
def planned(db_path: str) -> str:
    """A store with a Mastercircle planned from ``START``; its id."""
    app = Circles(db_path)
    circle = app.found_circle("mastercircle", title="MC", challenge="c", actor=ACTOR)
    app.schedule(circle, START, actor=ACTOR)
    app.close()
    return str(circle)


def run(db_path: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db_path, *args])


@pytest.mark.parametrize("lang", [(), ("--lang", "nl")])
def test_status_is_dutch_by_default_and_with_lang_nl(
    no_choice: pytest.MonkeyPatch, db_path: str, completed: str, lang: tuple[str, ...]
) -> None:
    done = CliRunner().invoke(cli, [*lang, "--db", db_path, "status", completed])
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert lines[0].startswith(f"Kring {completed}: Kwartiermakers 2027")
    assert "  versie:            " in done.output
    assert "  toestand:          Oogst.Gehouden" in lines
    assert "  bijeenkomstniveau: Oogst gehouden" in lines
    assert "  kringniveau:       Vervolgen" in lines
    assert "  voltooid:          ja" in lines
    assert "  nu toegestaan: niets (voltooid)" in lines


def test_status_is_english_with_lang_en(
    no_choice: pytest.MonkeyPatch, db_path: str, completed: str
) -> None:
    done = CliRunner().invoke(
        cli, ["--lang", "en", "--db", db_path, "status", completed]
    )
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert lines[0].startswith(f"Circle {completed}: Kwartiermakers 2027")
    assert "  state:         Oogst.Gehouden" in lines
    assert "  session level: Oogst held" in lines
    assert "  complete:      yes" in lines
    assert "  allowed now: nothing (complete)" in lines


def test_status_names_the_next_meeting_in_dutch(
    no_choice: pytest.MonkeyPatch, db_path: str, planned: str
) -> None:
    done = run(db_path, "status", planned)
    lines = done.output.splitlines()
    assert "  bijeenkomstniveau:    vóór de eerste bijeenkomst" in lines
    assert "  kringniveau:          - (niet begonnen)" in lines
    assert "  voltooid:             nee" in lines
    assert "  volgende bijeenkomst: Urgentie, 2027-01-18" in lines
    assert "  nu toegestaan:" in lines


def test_history_keeps_its_columns_in_either_language(
    no_choice: pytest.MonkeyPatch, db_path: str, completed: str
) -> None:
    dutch = run(db_path, "history", completed)
    english = run(db_path, "--lang", "en", "history", completed)
    assert dutch.exit_code == english.exit_code == 0
    # Every line is recorded data (versions, times, actors, event names):
    # nothing in it is translated.
    assert dutch.output == english.output
    assert "CircleFounded" in dutch.output.splitlines()[0]


def test_due_says_what_is_late_in_dutch_and_in_english(
    no_choice: pytest.MonkeyPatch, db_path: str, planned: str
) -> None:
    later = (START + timedelta(weeks=3)).isoformat()
    dutch = run(db_path, "due", "--at", later)
    english = run(db_path, "--lang", "en", "due", "--at", later)
    assert dutch.exit_code == english.exit_code == 0
    assert dutch.output.splitlines() == [
        f"Kring {planned}: MC (Mastercircle)",
        "  TE LAAT de bijeenkomst Urgentie openen, uiterlijk 2027-01-18 "
        "(sinds 2027-01-18); facilitator",
    ]
    assert english.output.splitlines() == [
        f"Circle {planned}: MC (Mastercircle)",
        "  OVERDUE open the meeting of Urgentie, by 2027-01-18 "
        "(since 2027-01-18); facilitator",
    ]
    early = run(db_path, "due", "--at", "2027-01-05T09:00")
    assert early.output == "Niets is aan de beurt.\n"


def test_a_refused_step_is_told_in_dutch(
    no_choice: pytest.MonkeyPatch, db_path: str
) -> None:
    done = run(db_path, "demo", "--participants", "2")
    assert done.exit_code == 0, done.output
    assert "Format: Mastercircle" in done.output
    assert "Ongeldige stap op een nieuwe kring: " in done.output
    assert "  Geweigerd door regel 'session-order'" in done.output
    assert "  Niets vastgelegd: versie 1 ervoor, 1 erna." in done.output
    english = run(db_path, "--lang", "en", "demo", "--participants", "2")
    assert "  Refused by rule 'session-order'" in english.output
    assert "  Nothing recorded: version 1 before, 1 after." in english.output


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (["status", "zz"], "geen kring-id begint met 'zz'", "no circle id starts"),
        (
            ["diagram"],
            "noem een format, of geef --circle KRING",
            "name a format, or give --circle CIRCLE",
        ),
        (
            ["migrate", "zz", "--to", "2"],
            "geef --actor (wie migreert), of --dry-run",
            "give --actor (who migrates), or --dry-run",
        ),
    ],
)
def test_errors_are_in_the_language_chosen(
    no_choice: pytest.MonkeyPatch,
    db_path: str,
    completed: str,
    args: list[str],
    dutch: str,
    english: str,
) -> None:
    assert dutch in run(db_path, *args).output
    assert english in run(db_path, "--lang", "en", *args).output


def test_the_help_of_a_command_is_dutch_unless_english_is_chosen(
    no_choice: pytest.MonkeyPatch,
) -> None:
    runner = CliRunner()
    dutch = runner.invoke(cli, ["status", "--help"])
    assert dutch.exit_code == 0, dutch.output
    assert "Waar KRING staat op beide niveaus" in dutch.output
    assert "Toon alleen de stappen die deze persoon nu mag" in dutch.output
    assert "Toon JSON." in dutch.output
    english = runner.invoke(cli, ["--lang", "en", "status", "--help"])
    assert "Where CIRCLE stands on both levels" in english.output
    assert "List only the steps this person may take now." in english.output
    assert "Print JSON." in english.output
    assert "Waar KRING" not in english.output


def test_the_list_of_commands_and_a_subgroup_are_dutch(
    no_choice: pytest.MonkeyPatch,
) -> None:
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert "Leerkringen (Mastercircle en verwante formats) uitvoeren" in top.output
    assert "Toon de kringen in de opslag." in top.output
    show = runner.invoke(cli, ["formats", "show", "--help"])
    assert "Toon de definitie van format NAAM, als TOML." in show.output
    assert "Een bepaalde versie (standaard: de nieuwste)." in show.output
    english = runner.invoke(cli, ["--lang", "en", "--help"])
    assert "List the circles in the store." in english.output


def test_library_errors_follow_use_language(no_choice: pytest.MonkeyPatch) -> None:
    app = Circles("memory:")
    try:
        with pytest.raises(Exception, match="geen kring met id"):
            app.position(UUID(int=1))
        with use_language("en"), pytest.raises(Exception, match="no circle with id"):
            app.position(UUID(int=1))
    finally:
        app.close()


def test_listed_times_are_local_time(tmp_path: Path) -> None:
    db = str(tmp_path / "circles.db")
    app = Circles(db)
    cid = app.found_circle("leergroep", title="Tijd", challenge="c", actor="u")
    founded = app.list_circles()[0].founded_at
    recorded = app.history(cid)[0].recorded_at
    app.close()
    runner = CliRunner()
    for zone in ("Europe/Amsterdam", "Asia/Tokyo"):
        here = ZoneInfo(zone)
        env = {"CIRCLEFLOW_TIMEZONE": zone}
        listed = runner.invoke(cli, ["--db", db, "circles"], env=env)
        assert f"{founded.astimezone(here):%Y-%m-%d %H:%M}" in listed.output
        story = runner.invoke(cli, ["--db", db, "history", str(cid)], env=env)
        assert f"{recorded.astimezone(here):%Y-%m-%d %H:%M:%S}" in story.output
