# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The errors of formats, the registry, circles and reports read in Dutch
when Dutch is chosen, and in English otherwise."""

from __future__ import annotations

import attrs
import pytest

from circleflow import (
    Circles,
    Deadline,
    FormatError,
    FormatRegistry,
    InvalidInput,
    UnknownCircle,
    UnknownFormat,
    builtin_formats,
)
from circleflow.language import use_language
from circleflow.reports import CircleReports, render
from circleflow.walk import ACTOR


def test_an_unknown_format_is_named_in_dutch() -> None:
    registry = FormatRegistry.with_builtins()
    with use_language("nl"), pytest.raises(UnknownFormat) as dutch:
        registry.get("kookclub")
    assert str(dutch.value).startswith(
        "onbekend format 'kookclub'; bekende formats zijn ['"
    )
    with use_language("nl"), pytest.raises(UnknownFormat) as version:
        registry.get("mastercircle", 99)
    assert str(version.value).startswith(
        "format 'mastercircle' heeft geen versie 99; bekende versies zijn ["
    )
    with use_language("en"), pytest.raises(UnknownFormat) as english:
        registry.get("kookclub")
    assert str(english.value).startswith(
        "unknown format 'kookclub'; known formats are ['"
    )


def test_a_wrong_deadline_is_explained_in_dutch() -> None:
    with use_language("nl"), pytest.raises(FormatError) as kind:
        Deadline(kind="ooit")
    assert str(kind.value).startswith("onbekende soort termijn 'ooit'; de soorten zijn")
    with use_language("nl"), pytest.raises(FormatError) as days:
        Deadline(kind="two", days=-1)
    assert str(days.value) == (
        "termijn 'two': days moet een geheel getal van 0 of meer zijn, niet -1"
    )


def test_a_stage_renamed_twice_is_refused_in_dutch() -> None:
    fmt = next(f for f in builtin_formats() if f.name == "mastercircle")
    first, second, *rest = fmt.stages
    stages = (
        attrs.evolve(first, replaces="Oud"),
        attrs.evolve(second, replaces="Oud"),
        *rest,
    )
    with use_language("nl"), pytest.raises(FormatError) as caught:
        attrs.evolve(fmt, version=fmt.version + 1, stages=stages)
    assert (
        f"de fasen {first.name} en {second.name} vervangen allebei 'Oud'; "
        "een fase kan maar één keer worden hernoemd"
    ) in str(caught.value)


def test_an_unknown_circle_detail_is_refused_in_dutch() -> None:
    app = Circles("memory:", language="nl")
    with pytest.raises(InvalidInput) as caught:
        app.found_circle(
            "leernetwerkgroep",
            title="Fout",
            challenge="Leren",
            actor=ACTOR,
            details={"price": 10},
        )
    assert str(caught.value) == (
        "onbekend(e) kringgegeven(s) ['price']; de Leernetwerkgroep kent "
        "['cost_per_person', 'subsidy']"
    )


def test_report_errors_read_in_dutch() -> None:
    reports = CircleReports()
    with use_language("nl"), pytest.raises(UnknownCircle) as unknown:
        reports.get("5d4b3d43-0000-0000-0000-000000000000")
    assert str(unknown.value) == (
        "geen kring met id 5d4b3d43-0000-0000-0000-000000000000 in de tot nu "
        "toe gelezen gebeurtenissen"
    )
    app = Circles("memory:")
    circle = app.found_circle("mastercircle", title="MC", challenge="c", actor=ACTOR)
    reports.catch_up(app)
    report = reports.get(circle)
    with use_language("nl"), pytest.raises(InvalidInput) as binary:
        render(report, "odt")
    assert str(binary.value).startswith(
        "'odt' is een binair formaat; gebruik render_bytes, of voor tekst een van ["
    )
    with use_language("nl"), pytest.raises(InvalidInput) as dialect:
        render(report, "json", csv_dialect="excel")
    assert str(dialect.value) == (
        "een CSV-dialect geldt alleen voor het formaat csv, niet voor 'json'"
    )
    with use_language("en"), pytest.raises(InvalidInput, match="unknown report"):
        render(report, "kookboek")
