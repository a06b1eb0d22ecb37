# SPDX-License-Identifier: EUPL-1.2
"""A ``Circles`` speaks the language it is given: its errors, refusals and
the steps it offers, unless a call chooses another."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from circleflow import Circles, InvalidInput, UnknownCircle
from circleflow.language import LANG_ENV_VAR, use_language
from tests.conftest import Cast, refused


@pytest.fixture(autouse=True)
def dutch_around(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dutch is what the environment chooses, so English shows the argument."""
    monkeypatch.setenv(LANG_ENV_VAR, "nl")


@pytest.fixture
def english() -> Iterator[Circles]:
    app = Circles("memory:", language="en")
    yield app
    app.close()


def test_without_a_language_circles_speaks_the_environment_s() -> None:
    app = Circles("memory:")
    with pytest.raises(UnknownCircle, match="geen kring met id"):
        app.position(uuid.uuid4())
    assert app.language is None


def test_an_error_reads_in_the_language_of_the_circles(english: Circles) -> None:
    with pytest.raises(UnknownCircle, match="no circle with id"):
        english.position(uuid.uuid4())
    with pytest.raises(InvalidInput, match="must not be empty"):
        english.found_circle(title="", challenge="Een opgave", actor="u-test")


def test_a_refusal_reads_in_the_language_of_the_circles(english: Circles) -> None:
    cast = Cast(english)
    refusal = refused(
        english, "element-order", lambda: english.hold_session(cast.id, actor="u")
    )
    assert str(refusal).startswith("Refused by rule 'element-order' (a session's")
    # What was raised in English stays English when shown later, elsewhere.
    with use_language("nl"):
        assert str(refusal).startswith("Refused by rule")


def test_a_block_around_a_call_chooses_before_the_circles(english: Circles) -> None:
    with use_language("nl"), pytest.raises(UnknownCircle, match="geen kring met id"):
        english.position(uuid.uuid4())


def test_two_circles_in_one_thread_each_keep_their_own_language() -> None:
    english, dutch = (
        Circles("memory:", language="en"),
        Circles("memory:", language="nl"),
    )
    try:
        for _ in range(2):
            with pytest.raises(UnknownCircle, match="no circle"):
                english.position(uuid.uuid4())
            with pytest.raises(UnknownCircle, match="geen kring"):
                dutch.position(uuid.uuid4())
    finally:
        english.close()
        dutch.close()


@pytest.mark.parametrize("language", ["fr", "", "klingon"])
def test_an_unknown_language_is_refused_naming_those_there_are(language: str) -> None:
    with pytest.raises(InvalidInput, match="nl, en"):
        Circles("memory:", language=language)
