# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The rules every format shares refuse in the reader's language: in Dutch
the rule's description, the reason and the words around them are Dutch;
the rule's name, the stage and the command stay as they are written."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner

from circleflow import Circles, InvalidInput, StepRefused
from circleflow.cli import cli
from circleflow.formats.common.rules import BETWEEN_SESSIONS, ROLE_PRESENT
from circleflow.language import LANG_ENV_VAR, use_language
from circleflow.local_time import month_name
from tests.conftest import ACTOR, Cast


@pytest.fixture
def cast() -> Cast:
    return Cast(Circles("memory:")).join_all()


def dutch_refusal(step: Callable[[], object]) -> str:
    with use_language("nl"), pytest.raises(StepRefused) as refused:
        step()
    return str(refused.value)


def test_a_member_leaving_during_a_meeting_is_refused_in_dutch(cast: Cast) -> None:
    app = cast.app
    app.open_session(cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR)
    message = dutch_refusal(
        lambda: app.leave(cast.id, cast.participants[0], reason="Ziek", actor=ACTOR)
    )
    assert message.startswith(
        "Geweigerd door regel 'between-sessions' (leden komen erbij en vertrekken, "
        "en datums worden verzet, alleen tussen bijeenkomsten): leave is niet "
        "toegestaan in Urgentie. Nu toegestaan: "
    )


def test_a_stranger_named_in_a_step_is_refused_in_dutch(cast: Cast) -> None:
    app = cast.app
    message = dutch_refusal(
        lambda: app.leave(cast.id, cast.outsider, reason="Weg", actor=ACTOR)
    )
    assert message.startswith(
        "Geweigerd door regel 'member' (de personen die een stap noemt, zijn leden "
        f"van de kring): persoon {cast.outsider} is geen lid van deze kring."
    )


def test_a_step_after_the_end_is_refused_in_dutch(cast: Cast) -> None:
    app = cast.app
    app.conclude_early(cast.id, reason="Klaar", actor=ACTOR)
    message = dutch_refusal(lambda: app.cancel(cast.id, reason="X", actor=ACTOR))
    assert message == (
        "Geweigerd door regel 'circle-ended' (na het annuleren of afsluiten van een "
        "kring wordt niets meer vastgelegd): de kring is voortijdig afgesloten "
        "(Klaar); er wordt niets meer vastgelegd."
    )


def test_the_same_refusal_reads_in_english_when_english_is_chosen(
    cast: Cast,
) -> None:
    app = cast.app
    app.conclude_early(cast.id, reason="Klaar", actor=ACTOR)
    with use_language("en"), pytest.raises(StepRefused) as refused:
        app.cancel(cast.id, reason="X", actor=ACTOR)
    assert str(refused.value) == (
        "Refused by rule 'circle-ended' (nothing is recorded after a circle is "
        "cancelled or concluded): the circle was concluded early (Klaar); nothing "
        "more is recorded."
    )


def test_the_description_of_a_rule_follows_the_language_it_is_read_in() -> None:
    with use_language("nl"):
        assert str(BETWEEN_SESSIONS.description) == (
            "leden komen erbij en vertrekken, en datums worden verzet, alleen "
            "tussen bijeenkomsten"
        )
    with use_language("en"):
        assert str(BETWEEN_SESSIONS.description) == (
            "members join and leave, and dates move, only between sessions"
        )
    sponsor_present = next(r for r in ROLE_PRESENT if r.name == "sponsor-present")
    with use_language("nl"):
        assert str(sponsor_present.description) == (
            "een bijeenkomst opent alleen met een sponsor aanwezig, waar de fase "
            "er een nodig heeft"
        )


def test_a_wrong_input_names_what_was_wrong_in_dutch(cast: Cast) -> None:
    with use_language("nl"), pytest.raises(InvalidInput) as wrong:
        cast.app.leave(cast.id, cast.participants[0], reason=" ", actor=ACTOR)
    assert "de reden" in str(wrong.value)
    with use_language("nl"), pytest.raises(InvalidInput) as unknown:
        cast.app.join(cast.id, cast.outsider, "toeschouwer", actor=ACTOR)
    assert str(unknown.value).startswith("onbekende rol 'toeschouwer'; het ")


def test_circleflow_leave_help_is_dutch_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in (LANG_ENV_VAR, "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    shown = CliRunner().invoke(cli, ["leave", "--help"])
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert (
        "PERSON (een id) verlaat CIRCLE tussen bijeenkomsten; de geschiedenis van "
        "de persoon blijft bewaard." in text
    )
    assert "De dag van vertrek (vandaag)." in text
    assert "Wie het vastlegt (uw gebruikers-id)." in text
    english = CliRunner().invoke(cli, ["--lang", "en", "leave", "--help"])
    assert "PERSON (an id) leaves CIRCLE between meetings" in english.output


@pytest.mark.parametrize(
    ("language", "short", "expected"),
    [("nl", False, "maart"), ("nl", True, "mrt."), ("en", False, "March")],
)
def test_month_names_are_in_the_language_asked_for(
    language: str, short: bool, expected: str
) -> None:
    assert month_name(3, short=short, language=language) == expected


def test_a_month_outside_the_year_is_wrong_input() -> None:
    with pytest.raises(InvalidInput, match="1 to 12"):
        month_name(13)
