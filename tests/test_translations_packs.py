# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The rules and steps of the Mastercircle, the Leergroep, the
Leernetwerkgroep and the Samenwerking speak Dutch: their refusals, what
their rules ask, what their steps do, and the errors of their input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from circleflow import Circles, FormatError, InvalidInput
from circleflow.cli import cli
from circleflow.formats import BUILTIN_PACKS
from circleflow.formats.mastercircle.definition import mastercircle
from circleflow.language import use_language
from circleflow.packs import Pack, rules_markdown
from circleflow.rules import Command, Rule
from tests.conftest import ACTOR, Cast, refused
from tests.test_every_rule import SCENARIOS
from tests.test_format_validation import _format, _slot, _stage
from tests.test_samenwerking import Table

#: The packs of the four formats, whose texts are translated.
FORMAT_PACKS = ("mastercircle", "leergroep", "leernetwerkgroep", "samenwerking")


def _packs() -> list[Pack]:
    found = [pack for pack in BUILTIN_PACKS if pack.name in FORMAT_PACKS]
    assert [pack.name for pack in found] == list(FORMAT_PACKS)
    return found


def _rules() -> list[Rule]:
    return [rule for pack in _packs() for rule in pack.rules]


def _commands() -> list[Command]:
    return [command for pack in _packs() for command in pack.commands]


def _both(text: object) -> tuple[str, str]:
    with use_language("en"):
        english = str(text)
    with use_language("nl"):
        dutch = str(text)
    return english, dutch


def _refusal(rule: str, language: str) -> str:
    """The refusal of the step that ``rule`` refuses in its case of
    tests/test_every_rule.py, in ``language``."""
    app = Circles("memory:")
    case = SCENARIOS[rule](app)
    with use_language(language):
        return str(refused(app, rule, case.refuse))


@pytest.mark.parametrize("rule", _rules(), ids=lambda rule: rule.name)
def test_every_rule_of_the_format_packs_says_in_dutch_what_it_asks(
    rule: Rule,
) -> None:
    english, dutch = _both(rule.description)
    assert dutch.strip()
    assert dutch != english


@pytest.mark.parametrize("command", _commands(), ids=lambda command: command.name)
def test_every_step_of_the_format_packs_is_described_in_dutch(
    command: Command,
) -> None:
    english, dutch = _both(command.description)
    assert dutch.strip() and dutch != english
    if command.doing:
        english, dutch = _both(command.doing)
        assert dutch.strip() and dutch != english


@pytest.mark.parametrize(
    ("rule", "dutch"),
    [
        # Mastercircle
        (
            "feedback-from-others",
            "Geweigerd door regel 'feedback-from-others' (feedback komt van "
            "collega's en de master, niet van wie in de hot seat zit): wie in de "
            "hot seat zit, kan geen feedback geven.",
        ),
        # Leergroep
        (
            "community-groups",
            "Geweigerd door regel 'community-groups' (een leergemeenschap komt pas "
            "bijeen als er groepen bij horen): de leergemeenschap heeft nog geen "
            "groepen.",
        ),
        # Leernetwerkgroep
        (
            "aim-set",
            "Geweigerd door regel 'aim-set' (de groep stelt haar doel vast in de "
            "startbijeenkomst; de opdrachten volgen daaruit): Start kan niet worden "
            "afgesloten: de groep heeft haar doel nog niet vastgesteld.",
        ),
    ],
)
def test_a_refusal_of_each_format_reads_in_dutch(rule: str, dutch: str) -> None:
    assert _refusal(rule, "nl").startswith(dutch)


def test_a_samenwerking_refusal_reads_in_dutch_with_the_values_in_it() -> None:
    app = Circles("memory:")
    table = Table(app)
    holder = table.members[0]
    app.assign_role(table.id, "notulist", holder, ["notuleren"], actor=ACTOR)
    with use_language("nl"):
        error = refused(
            app,
            "role-exists",
            lambda: app.assign_role(
                table.id, "notulist", table.members[1], ["x"], actor=ACTOR
            ),
        )
    assert error.reason == (
        f"de rol 'notulist' wordt vervuld door {holder}; draag hem in plaats "
        "daarvan over"
    )
    assert error.description == (
        "een rol wordt één keer ingesteld; daarna wordt hij overgedragen"
    )


@pytest.mark.parametrize("rule", sorted({r.name for r in _rules()}))
def test_every_refusal_of_the_format_packs_gives_its_reason_in_dutch(
    rule: str,
) -> None:
    english, dutch = _refusal(rule, "en"), _refusal(rule, "nl")
    assert dutch.startswith(f"Geweigerd door regel '{rule}' (")
    with use_language("nl"):
        described = str(next(r for r in _rules() if r.name == rule).description)
    assert f"({described}): " in dutch
    reason = dutch.split(f"({described}): ", 1)[1]
    assert reason not in english


def test_the_name_of_an_empty_input_is_dutch_in_a_dutch_error(app: Circles) -> None:
    cast = Cast(app, participants=2).join_all()
    app.open_session(cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR)
    with use_language("nl"), pytest.raises(InvalidInput) as caught:
        app.state_urgency(cast.id, cast.sponsor, "  ", actor=ACTOR)
    assert str(caught.value) == "de uitspraak over de urgentie mag niet leeg zijn"


def test_the_rules_reference_follows_the_language_chosen() -> None:
    with use_language("en"):
        english = rules_markdown(BUILTIN_PACKS)
    with use_language("nl"):
        dutch = rules_markdown(BUILTIN_PACKS)
    assert "een hot seat verloopt: presenteren, feedback" in dutch
    assert "a hot seat runs: present, feedback" in english


def test_a_format_check_of_a_pack_explains_in_dutch() -> None:
    with use_language("nl"), pytest.raises(FormatError) as caught:
        _format(_stage(), _slot(requires=["assignments-done"]))
    assert str(caught.value).endswith(
        "vereist 'assignments-done', waaraan 'complete_assignment' voldoet, maar "
        "noch between_activities noch deze of een eerdere fase staat "
        "'complete_assignment' toe; voeg het toe aan between_activities of aan de "
        "activities van deze fase"
    )


def test_unknown_mastercircle_durations_are_refused_in_dutch() -> None:
    with use_language("nl"), pytest.raises(InvalidInput) as caught:
        mastercircle("kort")
    assert str(caught.value) == ("onbekende duur 'kort'; kies uit ['methode', 'rijk']")


def test_circleflow_rules_lists_the_rules_in_dutch() -> None:
    result = CliRunner().invoke(
        cli, ["--db", "memory:", "--lang", "nl", "rules", "mastercircle", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row["description"] for row in json.loads(result.output)}
    assert rows["one-hot-seat"] == (
        "elke aanwezige deelnemer zit één keer per bijeenkomst in de hot seat"
    )
