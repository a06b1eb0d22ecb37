# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Click's own words (``Usage:``, ``Options:``, ``Error:``, its usage
errors) are Dutch when the command line speaks Dutch, and as click writes
them in English."""

from __future__ import annotations

import gettext
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from circleflow.cli import cli
from circleflow.cli_words import click_words
from circleflow.language import LANG_ENV_VAR, use_language

CHOICES = "'leergroep', 'leernetwerkgroep', 'mastercircle', 'samenwerking'"


@pytest.fixture
def no_choice(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No language chosen anywhere: no CIRCLEFLOW_LANG and no locale."""
    for name in (LANG_ENV_VAR, "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="circleflow")


def test_the_help_shows_clicks_words_in_dutch(no_choice: pytest.MonkeyPatch) -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: circleflow [OPTIONS] COMMAND [ARGS]...")
    assert "\nOpties:\n" in result.output
    assert "\nOpdrachten:\n" in result.output
    assert "--help              Toon deze hulp en stop." in result.output
    assert "--version           Toon de versie en stop." in result.output
    assert "[standaard: circleflow.db]" in result.output
    for english in ("Usage:", "Options:", "Commands:", "Show this", "default:"):
        assert english not in result.output


def test_the_help_in_english_is_as_click_writes_it(
    no_choice: pytest.MonkeyPatch,
) -> None:
    result = run("--lang", "en", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: circleflow [OPTIONS] COMMAND [ARGS]...")
    assert "\nOptions:\n" in result.output
    assert "\nCommands:\n" in result.output
    assert "--help              Show this message and exit." in result.output
    assert "[default: circleflow.db]" in result.output
    assert "Gebruik" not in result.output


def test_an_unknown_option_is_a_dutch_usage_error(
    no_choice: pytest.MonkeyPatch,
) -> None:
    result = run("--bogus")
    assert result.exit_code == 2
    assert result.output == (
        "Gebruik: circleflow [OPTIONS] COMMAND [ARGS]...\n"
        "Zie 'circleflow --help' voor hulp.\n"
        "\n"
        "Fout: Onbekende optie '--bogus'.\n"
    )


@pytest.mark.parametrize("lang", [("--lang", "en"), ("--lang=en",)])
def test_an_unknown_option_after_lang_en_is_english(
    no_choice: pytest.MonkeyPatch, lang: tuple[str, ...]
) -> None:
    result = run(*lang, "--bogus")
    assert result.exit_code == 2
    assert result.output == (
        "Usage: circleflow [OPTIONS] COMMAND [ARGS]...\n"
        "Try 'circleflow --help' for help.\n"
        "\n"
        "Error: No such option '--bogus'.\n"
    )


def test_a_missing_argument_is_named_in_dutch(no_choice: pytest.MonkeyPatch) -> None:
    result = run("status")
    assert result.exit_code == 2
    assert result.output.startswith("Gebruik: circleflow status [OPTIONS] CIRCLE\n")
    assert result.output.endswith("Fout: Ontbrekend argument 'CIRCLE'.\n")
    english = run("--lang", "en", "status")
    assert english.exit_code == 2
    assert english.output.endswith("Error: Missing argument 'CIRCLE'.\n")


def test_a_bad_choice_is_refused_in_dutch(no_choice: pytest.MonkeyPatch) -> None:
    result = run("demo", "--format", "kookclub")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Fout: Ongeldige waarde voor '--format': 'kookclub' is niet een van "
        f"{CHOICES}.\n"
    )
    english = run("--lang", "en", "demo", "--format", "kookclub")
    assert english.exit_code == 2
    assert english.output.endswith(
        f"Error: Invalid value for '--format': 'kookclub' is not one of {CHOICES}.\n"
    )


def test_numbers_and_paths_are_checked_in_dutch(
    no_choice: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    word = run("demo", "--participants", "veel")
    assert word.exit_code == 2
    assert "'veel' is geen geldig geheel getal." in word.output
    many = run("demo", "--participants", "99")
    assert many.exit_code == 2
    assert "99 ligt niet in het bereik 2<=x<=12." in many.output
    missing = tmp_path / "weg.jsonl"
    absent = run("import", str(missing))
    assert absent.exit_code == 2
    assert f"Fout: Ongeldige waarde voor 'FILE': Bestand '{missing}' bestaat niet." in (
        absent.output
    )
    english = run("--lang", "en", "import", str(missing))
    assert f"Error: Invalid value for 'FILE': File '{missing}' does not exist." in (
        english.output
    )


def test_an_unknown_command_suggests_the_one_meant_in_dutch(
    no_choice: pytest.MonkeyPatch,
) -> None:
    result = run("statuz")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Fout: Onbekende opdracht 'statuz'. Bedoelt u 'status'?\n"
    )


def test_the_version_is_told_in_the_language_chosen(
    no_choice: pytest.MonkeyPatch,
) -> None:
    assert run("--version").output.startswith("circleflow, versie ")
    assert run("--lang", "en", "--version").output.startswith("circleflow, version ")


def test_an_unknown_language_in_the_environment_leaves_clicks_words_english(
    no_choice: pytest.MonkeyPatch,
) -> None:
    no_choice.setenv(LANG_ENV_VAR, "fr")
    result = run("--bogus")
    assert result.exit_code == 2
    assert result.output.endswith("Error: No such option '--bogus'.\n")


def test_click_is_as_it_was_after_a_run(no_choice: pytest.MonkeyPatch) -> None:
    run("--help")
    assert click.formatting._ is gettext.gettext  # type: ignore[attr-defined]
    assert click.exceptions.ngettext is gettext.ngettext  # type: ignore[attr-defined]

    @click.command()
    @click.argument("count", type=int)
    def other(count: int) -> None:
        """Another program's command, in the same process."""

    result = CliRunner().invoke(other, ["veel"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for 'COUNT': 'veel' is not a valid integer.\n"
    )


def test_a_text_of_click_not_listed_stays_as_click_has_it(
    no_choice: pytest.MonkeyPatch,
) -> None:
    with click_words(), use_language("nl"):
        assert click.formatting._("Usage:") == "Gebruik:"  # type: ignore[attr-defined]
        assert click.core._("Some new text") == "Some new text"  # type: ignore[attr-defined]
    with click_words(), use_language("en"):
        assert click.formatting._("Usage:") == "Usage:"  # type: ignore[attr-defined]
