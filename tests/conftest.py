# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: an application per test and a Mastercircle cast.

The suite reads circleflow in English (its source language), here and in the
processes it starts; tests of the Dutch texts choose Dutch themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from circleflow import Circles, Step, StepRefused
from circleflow.packs import registry
from tests.postgres_server import PostgresServer
from tests.postgres_server import available as postgres_available

os.environ["CIRCLEFLOW_LANG"] = "en"

ACTOR = "u-test"


class Cast:
    """A Mastercircle with its people, and short-cuts to drive it forward."""

    def __init__(self, app: Circles, participants: int = 3) -> None:
        self.app = app
        reg = app.register_person
        self.facilitator = reg("Fenna", actor=ACTOR)
        self.sponsor = reg("Sam", actor=ACTOR)
        self.masters = [reg(f"Master {n}", actor=ACTOR) for n in range(3)]
        self.participants = [
            reg(f"Deelnemer {n}", actor=ACTOR) for n in range(participants)
        ]
        self.guest = reg("Gast", actor=ACTOR)
        self.outsider = reg("Niet lid", actor=ACTOR)
        self.id = app.found_circle(
            title="Test", challenge="Een weerbarstige opgave", actor=ACTOR
        )

    def join_all(self) -> Cast:
        self.app.join(self.id, self.facilitator, "facilitator", actor=ACTOR)
        self.app.join(self.id, self.sponsor, "sponsor", actor=ACTOR)
        for master in self.masters:
            self.app.join(self.id, master, "master", actor=ACTOR)
        for person in self.participants:
            self.app.join(self.id, person, "participant", actor=ACTOR)
        self.app.join(self.id, self.guest, "guest", actor=ACTOR)
        return self

    def group(self) -> list[UUID]:
        return [self.facilitator, *self.participants]

    def run_urgentie(self) -> Cast:
        app, cid = self.app, self.id
        app.open_session(cid, "Urgentie", [*self.group(), self.sponsor], actor=ACTOR)
        app.state_urgency(cid, self.sponsor, "Het moet nu.", actor=ACTOR)
        app.hold_session(cid, actor=ACTOR)
        return self

    def open_master_session(self, stage: str = "Opgave", master: int = 0) -> Cast:
        self.app.open_session(
            self.id, stage, [*self.group(), self.masters[master]], actor=ACTOR
        )
        return self

    def enter(self, *elements: str) -> Cast:
        for element in elements:
            self.app.enter_element(self.id, element, actor=ACTOR)
        return self

    def hot_seat(self, person: UUID, master: int = 0) -> Cast:
        app, cid = self.app, self.id
        colleague = next(p for p in self.participants if p != person)
        app.take_hot_seat(cid, person, topic="Mijn aanpak", actor=ACTOR)
        app.give_feedback(cid, colleague, "appreciative", "Mooi.", actor=ACTOR)
        app.give_feedback(cid, self.masters[master], "addition", "Durf.", actor=ACTOR)
        app.hold_master_dialogue(cid, self.masters[master], actor=ACTOR)
        return self

    def to_uitwisselen(self, stage: str = "Opgave", master: int = 0) -> Cast:
        return self.open_master_session(stage, master).enter(
            "Koersbepalen", "Voorbereiden", "Uitwisselen"
        )

    def run_master_session(self, stage: str, master: int) -> Cast:
        self.to_uitwisselen(stage, master)
        for person in self.participants:
            self.hot_seat(person, master)
        self.enter("Richten", "Verdiepen", "Vervolgen")
        self.app.hold_session(self.id, actor=ACTOR)
        return self

    def to_oogst(self) -> Cast:
        self.join_all().run_urgentie()
        for number, stage in enumerate(("Opgave", "Omslag", "Toekomst")):
            self.run_master_session(stage, number)
        self.app.open_session(
            self.id, "Oogst", [*self.group(), self.sponsor], actor=ACTOR
        )
        return self


@pytest.fixture
def app() -> Iterator[Circles]:
    yield Circles("memory:")


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "circles.db")


@pytest.fixture
def cast(app: Circles) -> Cast:
    return Cast(app)


def stored_count(app: Circles) -> int:
    """How many events the whole store holds."""
    return app.recorder.max_notification_id() or 0


def offered(steps: Iterable[Step]) -> list[str]:
    """The steps as "command target", without their arguments."""
    return [s.label for s in steps]


def refused(app: Circles, rule: str, command: Callable[[], object]) -> StepRefused:
    """Run ``command``, expect ``rule`` to refuse it, and the store unchanged."""
    before = stored_count(app)
    with pytest.raises(StepRefused) as caught:
        command()
    assert caught.value.rule == rule, str(caught.value)
    assert stored_count(app) == before, "a refused command recorded something"
    return caught.value


START = date(2027, 1, 4)

#: Every rule name a StepRefused carried in this test run.
RAISED_RULES: set[str] = set()


@pytest.fixture(scope="session", autouse=True)
def every_refusal_names_a_registered_rule() -> Iterator[None]:
    """No rule outside the packs: every refusal raised anywhere in the suite
    names a rule object some pack registered."""
    original = StepRefused.__init__

    def noting(self: StepRefused, rule: str, *args: Any, **kwargs: Any) -> None:
        RAISED_RULES.add(rule)
        original(self, rule, *args, **kwargs)

    StepRefused.__init__ = noting  # type: ignore[method-assign]
    try:
        yield
    finally:
        StepRefused.__init__ = original  # type: ignore[method-assign]
    unknown = {r for r in RAISED_RULES if registry().rule(r) is None}
    assert not unknown, f"refusals named rules no pack registered: {sorted(unknown)}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server on loopback for this test run, stopped after it.

    Where PostgreSQL is not installed the tests that need it are skipped,
    unless ``CIRCLEFLOW_REQUIRE_POSTGRES=1`` (as in CI) makes that a failure.
    """
    yield from serving_postgres()


def serving_postgres() -> Iterator[PostgresServer]:
    """A newly started PostgreSQL server, stopped when the generator ends;
    the test is skipped where PostgreSQL is not installed, or fails where
    ``CIRCLEFLOW_REQUIRE_POSTGRES=1``."""
    why_not = postgres_available()
    if why_not is not None:
        if os.environ.get("CIRCLEFLOW_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here: {why_not}")
        pytest.skip(why_not)
    server = PostgresServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of an empty PostgreSQL database, one per test."""
    return postgres_server.fresh_database(f"t{uuid4().hex[:12]}")


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One URL per kind of store, so a test runs on every persistence module."""
    if request.param == "memory":
        return "memory:"
    if request.param == "sqlite":
        return str(tmp_path / "circles.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def file_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store other processes and connections can share: SQLite or PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "circles.db")
    url: str = request.getfixturevalue("postgres_url")
    return url
