# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The built-in Mastercircle reproduces the method's table (DOMAIN.md section 2),
and broken format definitions are refused with the place and the problem."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from circleflow import (
    MASTERCIRCLE,
    SIX_ELEMENTS,
    Element,
    Format,
    FormatError,
    FormatRegistry,
    GroupSize,
    InvalidInput,
    Stage,
    UnknownFormat,
    mastercircle,
)

TABLE = [
    # name, kind, attends besides participants, week, circle-level elements
    (
        "Urgentie",
        "sponsor session",
        {"facilitator", "sponsor"},
        2,
        ("Koersbepalen", "Voorbereiden"),
    ),
    ("Opgave", "master session", {"facilitator", "master"}, 4, ("Uitwisselen",)),
    ("Omslag", "master session", {"facilitator", "master"}, 7, ("Richten",)),
    ("Toekomst", "master session", {"facilitator", "master"}, 10, ("Verdiepen",)),
    ("Oogst", "sponsor session", {"facilitator", "sponsor"}, 12, ("Vervolgen",)),
]


def test_five_sessions_in_the_methods_order() -> None:
    assert MASTERCIRCLE.stage_names() == tuple(row[0] for row in TABLE)


@pytest.mark.parametrize(("name", "kind", "attends", "week", "circle"), TABLE)
def test_each_session_matches_the_table(
    name: str, kind: str, attends: set[str], week: int, circle: tuple[str, ...]
) -> None:
    stage = MASTERCIRCLE.stage(name)
    assert stage.kind == kind
    assert stage.required == attends
    assert stage.attendees - {"guest"} == attends
    assert stage.week == week
    assert stage.circle_elements == circle


def test_the_six_elements_run_inside_every_master_session() -> None:
    for stage in MASTERCIRCLE.stages:
        names = tuple(e.name for e in stage.elements)
        assert names == (SIX_ELEMENTS if stage.kind == "master session" else ())
    assert SIX_ELEMENTS == (
        "Koersbepalen",
        "Voorbereiden",
        "Uitwisselen",
        "Richten",
        "Verdiepen",
        "Vervolgen",
    )


def test_the_circle_level_walks_the_six_elements_once() -> None:
    walked = [e for stage in MASTERCIRCLE.stages for e in stage.circle_elements]
    assert tuple(walked) == MASTERCIRCLE.circle_elements == SIX_ELEMENTS


def test_hot_seats_happen_in_uitwisselen() -> None:
    for stage in MASTERCIRCLE.stages:
        hot = stage.hot_seat_element
        assert (hot.name if hot else None) == (
            "Uitwisselen" if stage.kind == "master session" else None
        )


def test_a_master_attends_one_session() -> None:
    assert MASTERCIRCLE.sessions_per_master == 1


def test_both_sources_durations_can_be_chosen() -> None:
    assert MASTERCIRCLE.stage("Urgentie").duration == "2 uur"
    assert MASTERCIRCLE.stage("Opgave").duration == "1 dag"
    site = mastercircle(durations="methode")
    assert site.stage("Oogst").duration == "1,5 uur"
    assert site.stage("Toekomst").duration == "dagdeel plus avond"
    with pytest.raises(InvalidInput, match="choose one of"):
        mastercircle(durations="kort")


def _stage(**changes: Any) -> Stage:
    base = Stage(
        name="Start",
        title="Start",
        kind="meeting",
        attendees={"facilitator"},
        required={"facilitator"},
    )
    return attrs.evolve(base, **changes)


def _format(*stages: Stage, **changes: Any) -> Format:
    return Format(name="eigen", version=1, title="Eigen", stages=stages, **changes)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: _format(), "has no stages"),
        (lambda: _format(_stage(), _stage()), "'Start' is used twice"),
        (lambda: _format(_stage(attendees={"boss"})), "does not define"),
        (
            lambda: _format(_stage(), roles={"participant", "facilitator", "boss"}),
            "unknown role",
        ),
        (lambda: _format(_stage(name="Stap_1")), "letters and digits only"),
        (lambda: _format(_stage(name="Gehouden")), "reserved by the engine"),
        (
            lambda: _format(_stage(elements=[Element("A"), Element("A")])),
            "element 'A' is used twice",
        ),
        (lambda: _format(_stage(activities=["dance"])), "unknown activit"),
        (lambda: _format(_stage(requires=["luck"])), "unknown condition"),
        (
            lambda: _format(_stage(elements=[Element("A", hot_seat=True)])),
            "masters do not attend",
        ),
        (
            lambda: _format(_stage(), participants=GroupSize(8, 4)),
            "minimum 8 must be >= 0 and <= maximum 4",
        ),
        (
            lambda: _format(_stage(circle_elements=["A"]), circle_elements=["A", "B"]),
            "each must be covered once, in order",
        ),
        (
            lambda: _format(_stage(week=5), _stage(name="Later", week=3)),
            "week 3 comes before",
        ),
        (lambda: _format(_stage(required={"sponsor"})), "not among attendees"),
    ],
)
def test_broken_definitions_name_the_place_and_problem(
    build: object, message: str
) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        build()  # type: ignore[operator]
    assert "format 'eigen'" in str(caught.value)


def test_a_registry_keeps_every_version() -> None:
    newer = attrs.evolve(MASTERCIRCLE, version=2, title="Mastercircle 2")
    registry = FormatRegistry([MASTERCIRCLE, newer])
    assert registry.get("mastercircle") is newer
    assert registry.get("mastercircle", 1) is MASTERCIRCLE
    with pytest.raises(UnknownFormat, match="known versions are"):
        registry.get("mastercircle", 7)
    with pytest.raises(UnknownFormat, match="known formats are"):
        registry.get("teabreak")
    with pytest.raises(FormatError, match="higher version"):
        registry.register(attrs.evolve(MASTERCIRCLE, title="Stiekem anders"))
