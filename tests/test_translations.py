# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every text is in Dutch and in English, and Dutch is shown unless English
is chosen: by argument, ``CIRCLEFLOW_LANG`` or the locale."""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from circleflow import FormatError, InvalidInput, StepRefused
from circleflow.cli import cli
from circleflow.language import (
    LANG_ENV_VAR,
    LANGUAGES,
    _,
    current_language,
    gettext,
    lazy_gettext,
    ngettext,
    use_language,
)
from circleflow.local_time import TIMEZONE_ENV_VAR, show_date, show_moment
from tests.repository import ROOT, script

catalogs = script("tools/catalogs.py", "catalogs")


@pytest.fixture
def no_choice(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No language chosen anywhere: no CIRCLEFLOW_LANG and no locale."""
    for name in (LANG_ENV_VAR, "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _messages(language: str) -> Iterator[tuple[object, tuple[str, ...], bool]]:
    for message in catalogs.messages(catalogs.read(language)):
        yield message.id, catalogs._forms(message), message.fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_translated(language: str) -> None:
    lacking = [
        msgid
        for msgid, forms, fuzzy in _messages(language)
        if fuzzy or not all(form.strip() for form in forms)
    ]
    assert lacking == [], f"{language} lacks translations of {lacking}"


def test_the_catalogs_hold_exactly_the_texts_of_the_code() -> None:
    assert catalogs.problems() == []
    assert catalogs.main(["--check"]) == 0


def test_the_compiled_catalogs_ship_in_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["setuptools"]["package-data"]["circleflow"]
    assert "locale/*/LC_MESSAGES/*.mo" in shipped
    package = ROOT / "src" / "circleflow"
    compiled = sorted(p.parent.parent.name for p in package.glob("locale/*/*/*.mo"))
    assert compiled == sorted(LANGUAGES)
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    assert "recursive-include src/circleflow/locale *.po *.mo" in manifest


def _placeholders(text: str) -> list[str]:
    """The named fields (each once: a translation may repeat one or not) and
    the %-fields (in order) of ``text``."""
    braces = sorted(
        {
            f"{field}!{conversion}" if conversion else field
            for _literal, field, _spec, conversion in string.Formatter().parse(text)
            if field is not None
        }
    )
    percents = re.findall(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx%]", text)
    return braces + percents


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_source(language: str) -> None:
    wrong = []
    for msgid, forms, _fuzzy in _messages(language):
        sources = msgid if isinstance(msgid, tuple) else (msgid,)
        # Every form of a plural takes the placeholders of the plural source.
        expected = _placeholders(str(sources[-1]))
        for form in forms:
            if form and _placeholders(form) != expected:
                wrong.append((msgid, form))
    assert wrong == []


def test_a_dutch_text_is_shown_by_default(no_choice: pytest.MonkeyPatch) -> None:
    assert current_language() == "nl"
    assert _("Allowed now: {steps}.") == "Nu toegestaan: {steps}."


def test_the_locale_chooses_english_where_it_starts_with_en(
    no_choice: pytest.MonkeyPatch,
) -> None:
    no_choice.setenv("LANG", "en_GB.UTF-8")
    assert current_language() == "en"
    no_choice.setenv("LC_ALL", "nl_NL.UTF-8")
    assert current_language() == "nl", "LC_ALL comes before LANG"
    no_choice.setenv("LC_ALL", "de_DE.UTF-8")
    assert current_language() == "nl", "another locale leaves the default"


def test_circleflow_lang_comes_before_the_locale_and_the_argument_before_both(
    no_choice: pytest.MonkeyPatch,
) -> None:
    no_choice.setenv("LC_ALL", "en_US.UTF-8")
    no_choice.setenv(LANG_ENV_VAR, "nl")
    assert current_language() == "nl"
    assert current_language("en") == "en"
    assert gettext("January", language="en") == "January"
    assert gettext("January") == "januari"


def test_an_unknown_language_is_refused_naming_the_ones_there_are(
    no_choice: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(InvalidInput, match=r"taal 'fr'; kies uit: nl, en"):
        current_language("fr")
    no_choice.setenv("LANG", "en_IE.UTF-8")
    with pytest.raises(InvalidInput, match=r"language 'fr'; choose one of: nl, en"):
        current_language("fr")
    with (
        pytest.raises(InvalidInput, match="choose one of: nl, en"),
        use_language("klingon"),
    ):
        pass
    no_choice.setenv(LANG_ENV_VAR, "de")
    with pytest.raises(InvalidInput, match=f"{LANG_ENV_VAR} names the language 'de'"):
        current_language()


def test_a_language_may_carry_a_region(no_choice: pytest.MonkeyPatch) -> None:
    assert current_language("en_GB") == "en"
    assert current_language("NL-be") == "nl"


def test_use_language_nests_and_restores(no_choice: pytest.MonkeyPatch) -> None:
    assert current_language() == "nl"
    with use_language("en") as outer:
        assert outer == "en"
        with use_language("nl"):
            assert gettext("March") == "maart"
        assert gettext("March") == "March"
        with use_language(None) as kept:
            assert kept == "en"
        with pytest.raises(RuntimeError), use_language("nl"):
            raise RuntimeError
        assert current_language() == "en"
    assert current_language() == "nl"


def test_plural_forms_follow_the_count(no_choice: pytest.MonkeyPatch) -> None:
    singular = "is missing required key {keys}; required keys are {required}"
    plural = "is missing required keys {keys}; required keys are {required}"
    assert ngettext(singular, plural, 1).startswith("mist verplichte sleutel {keys}")
    assert ngettext(singular, plural, 2).startswith("mist verplichte sleutels {keys}")
    assert ngettext(singular, plural, 2, language="en") == plural


def test_a_lazy_text_is_translated_when_shown_not_when_made(
    no_choice: pytest.MonkeyPatch,
) -> None:
    with use_language("en"):
        month = lazy_gettext("October")
    assert str(month) == "oktober"
    assert f"{month:>8}" == " oktober"
    with use_language("en"):
        assert f"{month}" == "October"
        assert "in " + month == "in October"


def test_a_refusal_reads_in_dutch(no_choice: pytest.MonkeyPatch) -> None:
    refusal = StepRefused("session-order", "Opgave komt na Urgentie", ["hold"])
    assert str(refusal) == (
        "Geweigerd door regel 'session-order': Opgave komt na Urgentie. "
        "Nu toegestaan: hold."
    )
    with use_language("en"):
        assert str(refusal.with_allowed([])) == (
            "Refused by rule 'session-order': Opgave komt na Urgentie."
        )


def test_a_store_url_error_reads_in_dutch(no_choice: pytest.MonkeyPatch) -> None:
    from circleflow import StoreError, store_env

    with pytest.raises(StoreError, match="de poort in opslag-URL"):
        store_env("postgresql://u@host:99999/db")
    with use_language("en"), pytest.raises(StoreError, match="the port in store URL"):
        store_env("postgresql://u@host:99999/db")


def test_a_broken_format_file_is_explained_in_dutch(
    no_choice: pytest.MonkeyPatch,
) -> None:
    from circleflow import loads_format

    with pytest.raises(FormatError) as caught:
        loads_format('name = "x"\nversion = "een"\ntitle = "X"\nstages = []\n')
    assert str(caught.value) == (
        "<toml>: version moet een geheel getal zijn, niet string"
    )


def test_the_command_line_takes_lang(no_choice: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    dutch = runner.invoke(cli, ["--db", "bad://x", "circles"])
    english = runner.invoke(cli, ["--lang", "en", "--db", "bad://x", "circles"])
    assert dutch.exit_code == english.exit_code == 1
    assert "unknown store scheme" in english.output
    assert "unknown store scheme" not in dutch.output
    assert "'bad'" in dutch.output
    refused = runner.invoke(cli, ["--lang", "fr", "circles"])
    assert refused.exit_code == 2
    assert "'fr'" in refused.output


def test_the_help_is_shown_in_the_language_chosen(
    no_choice: pytest.MonkeyPatch,
) -> None:
    runner = CliRunner()
    dutch = runner.invoke(cli, ["--help"])
    english = runner.invoke(cli, ["--lang", "en", "--help"])
    assert "Taal van de uitvoer: nl (Nederlands, de standaard)" in dutch.output
    assert "Language of the output: nl (Dutch, the default)" in english.output
    status = runner.invoke(cli, ["--lang", "en", "status", "--help"])
    assert "URL van de opslag" not in status.output
    again = runner.invoke(cli, ["--help"])
    assert "Taal van de uitvoer" in again.output, "the language is back after a run"


def test_an_html_page_is_in_the_language_it_is_written_in(
    no_choice: pytest.MonkeyPatch,
) -> None:
    from circleflow.reports.document import Document, Table
    from circleflow.reports.html import document_html

    empty = Table("Acties", "Acties per deelnemer", ("wie", "wat"), ())
    document = Document("Kring Noord", (), (empty,))
    dutch = document_html(document)
    assert '<html lang="nl">' in dutch
    assert "<title>Kring Noord: verslag van de kring</title>" in dutch
    assert "<p>Nog geen.</p>" in dutch
    with use_language("en"):
        assert '<html lang="en">' in document_html(document)
    assert '<html lang="en">' in document_html(document, lang="en")


WINTER = datetime(2026, 12, 2, 13, 5, tzinfo=UTC)
SUMMER = datetime(2026, 7, 2, 12, 5, tzinfo=UTC)


def test_a_moment_is_shown_in_amsterdam_time_the_dutch_way(
    no_choice: pytest.MonkeyPatch,
) -> None:
    no_choice.delenv(TIMEZONE_ENV_VAR, raising=False)
    assert show_moment(WINTER) == "2 december 2026 om 14:05"  # CET, UTC+1
    assert show_moment(SUMMER) == "2 juli 2026 om 14:05"  # CEST, UTC+2
    assert show_moment(WINTER, short=True) == "2 dec. 2026 om 14:05"
    assert show_date(date(2026, 3, 9), short=True) == "9 mrt. 2026"
    assert show_date(WINTER.replace(hour=23, minute=30)) == "3 december 2026"


def test_a_moment_is_shown_the_english_way_in_english(
    no_choice: pytest.MonkeyPatch,
) -> None:
    assert show_moment(WINTER, language="en") == "2 December 2026 at 14:05"
    assert show_date(date(2026, 5, 1), short=True, language="en") == "1 May 2026"
    assert show_moment(SUMMER, short=True, language="en") == "2 Jul 2026 at 14:05"


def test_the_time_zone_can_be_chosen(no_choice: pytest.MonkeyPatch) -> None:
    assert show_moment(WINTER, zone="UTC", language="en").endswith("at 13:05")
    no_choice.setenv(TIMEZONE_ENV_VAR, "America/New_York")
    assert show_moment(WINTER, language="en") == "2 December 2026 at 08:05"
    assert show_moment(WINTER.replace(tzinfo=None), language="en").endswith("08:05")
    with pytest.raises(InvalidInput, match=r"'Mars/Olympus'.*Europe/Amsterdam"):
        show_moment(WINTER, zone="Mars/Olympus")
    no_choice.setenv(TIMEZONE_ENV_VAR, "Nowhere")
    with pytest.raises(InvalidInput, match=TIMEZONE_ENV_VAR):
        show_moment(WINTER)
