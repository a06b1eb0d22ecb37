# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Persons carry the host tool's own reference, unique in a store: they are
found and listed by it without opening anyone's name, and forgetting a
person makes the reference unreadable too."""

from __future__ import annotations

import json
import sqlite3
import threading
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from circleflow import Circles, InvalidInput, UnknownPerson
from circleflow.cli import cli
from circleflow.person_events import _WHERE
from circleflow.references import LONGEST_REFERENCE
from circleflow.sealing import is_sealed
from tests.conftest import ACTOR, stored_count


def test_a_person_is_found_by_reference(app: Circles) -> None:
    anna = app.register_person("Anna", reference="E-100", actor=ACTOR)
    app.register_person("Bram", reference="E-200", actor=ACTOR)
    found = app.find_person("E-100")
    assert (found.id, found.name, found.forgotten) == (anna, "Anna", False)
    assert app.find_person(" E-100 ").id == anna


def test_an_unknown_reference_is_not_found(app: Circles) -> None:
    app.register_person("Anna", reference="E-100", actor=ACTOR)
    with pytest.raises(UnknownPerson, match="'E-101'"):
        app.find_person("E-101")


def test_a_reference_names_one_person(app: Circles) -> None:
    anna = app.register_person("Anna", reference="E-100", actor=ACTOR)
    before = stored_count(app)
    with pytest.raises(InvalidInput, match="'E-100' names another person"):
        app.register_person("Bram", reference="E-100", actor=ACTOR)
    assert stored_count(app) == before
    assert app.find_person("E-100").id == anna
    assert [p.person_id for p in app.persons()] == [anna]


@pytest.mark.parametrize(
    "bad",
    ["", "two\nlines", "x" * (LONGEST_REFERENCE + 1), 100],
    ids=["empty", "two lines", "too long", "not text"],
)
def test_a_malformed_reference_is_refused(app: Circles, bad: Any) -> None:
    with pytest.raises(InvalidInput, match="reference"):
        app.register_person("Anna", reference=bad, actor=ACTOR)
    assert stored_count(app) == 0


def test_persons_are_listed_with_their_references_in_order(app: Circles) -> None:
    anna = app.register_person("Anna", reference="E-100", actor=ACTOR)
    bram = app.register_person("Bram", actor=ACTOR)
    cees = app.register_person("Cees", reference="E-300", actor=ACTOR)
    listed = app.persons()
    assert [(p.person_id, p.reference, p.forgotten) for p in listed] == [
        (anna, "E-100", False),
        (bram, None, False),
        (cees, "E-300", False),
    ]
    assert all(p.registered_at.tzinfo is not None for p in listed)


def test_listing_persons_opens_no_name(
    app: Circles, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.register_person("Anna", reference="E-100", actor=ACTOR)
    app.register_person("Bram", actor=ACTOR)
    opened: list[str] = []
    import circleflow.sealing as sealing

    original = sealing._open

    def counting(value: str, cipher_for: Any, field: str) -> str:
        opened.append(field)
        return original(value, cipher_for, field)

    monkeypatch.setattr(sealing, "_open", counting)
    app.persons()
    assert opened == ["reference"]


def test_the_reference_is_stored_sealed(app: Circles) -> None:
    app.register_person("Anna", reference="E-100", actor=ACTOR)
    [claim] = [
        stored
        for stored in app.recorder.select_notifications(start=1, limit=100)
        if stored.topic.endswith("ReferenceClaimed")
    ]
    assert b"E-100" not in claim.state
    state = app.mapper.transcoder.decode(claim.state)
    assert is_sealed(state["reference"])


def test_forgetting_a_person_makes_their_reference_unreadable(app: Circles) -> None:
    anna = app.register_person("Anna", reference="E-100", actor=ACTOR)
    bram = app.register_person("Bram", reference="E-200", actor=ACTOR)
    app.forget_person(anna, actor="dpo")
    assert [(p.person_id, p.reference, p.forgotten) for p in app.persons()] == [
        (anna, None, True),
        (bram, "E-200", False),
    ]
    found = app.find_person("E-100")
    assert (found.id, found.forgotten, found.name) == (anna, True, "[forgotten]")
    claims = [e for e in app.read_log() if e.event == "ReferenceClaimed"]
    assert [e.details["reference"] for e in claims] == ["[forgotten]", "E-200"]
    with pytest.raises(InvalidInput, match="'E-100'"):
        app.register_person("Anna", reference="E-100", actor=ACTOR)


def test_registering_again_with_the_command_id_returns_the_same_person(
    app: Circles,
) -> None:
    anna = app.register_person(
        "Anna", reference="E-100", actor=ACTOR, command_id="hr-import-1"
    )
    before = stored_count(app)
    again = app.register_person(
        "Anna", reference="E-100", actor=ACTOR, command_id="hr-import-1"
    )
    assert again == anna
    assert stored_count(app) == before


def test_references_survive_reopening_the_store(file_store_url: str) -> None:
    first = Circles(file_store_url)
    anna = first.register_person("Anna", reference="E-100", actor=ACTOR)
    first.close()
    again = Circles(file_store_url)
    assert again.find_person("E-100").id == anna
    assert [p.reference for p in again.persons()] == ["E-100"]


def test_two_writers_claiming_one_reference_register_one_person(
    file_store_url: str,
) -> None:
    Circles(file_store_url).close()  # the store exists before the race
    writers = 4
    start = threading.Barrier(writers)
    registered: list[UUID] = []
    refused: list[InvalidInput] = []
    failures: list[BaseException] = []

    def register(n: int) -> None:
        app = Circles(file_store_url)
        start.wait()
        try:
            registered.append(
                app.register_person(f"Lid {n}", reference="E-1", actor=ACTOR)
            )
        except InvalidInput as error:
            refused.append(error)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=register, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert len(registered) == 1 and len(refused) == writers - 1
    app = Circles(file_store_url)
    assert [p.person_id for p in app.persons()] == registered
    assert app.find_person("E-1").id == registered[0]


def test_the_command_line_registers_once_and_lists_persons(db_path: str) -> None:
    runner = CliRunner()
    register = [
        "--db",
        db_path,
        "register-person",
        "Anna",
        "--reference",
        "E-100",
        "--actor",
        ACTOR,
        "--command-id",
        "cli-1",
    ]
    first = runner.invoke(cli, register)
    again = runner.invoke(cli, register)
    assert first.exit_code == again.exit_code == 0, first.output
    assert first.output == again.output
    person = first.output.strip()
    taken = runner.invoke(cli, [*register[:3], "Bram", *register[4:8]])
    assert taken.exit_code == 1
    assert "'E-100' names another person" in taken.output
    listed = runner.invoke(cli, ["--db", db_path, "persons", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [(p["person"], p["reference"]) for p in json.loads(listed.output)] == [
        (person, "E-100")
    ]
    plain = runner.invoke(cli, ["--db", db_path, "persons"])
    assert f"{person}  " in plain.output and plain.output.rstrip().endswith("E-100")


def _plan(path: str) -> str:
    """How SQLite reads the persons' events of the store at ``path``."""
    table = "stored_events"
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "EXPLAIN QUERY PLAN SELECT rowid, state FROM "
            f"{table} WHERE {_WHERE} AND rowid > 0 ORDER BY rowid LIMIT 500"
        ).fetchall()
    return " ".join(str(row[-1]) for row in rows)


def test_persons_are_read_by_an_index_of_their_own(db_path: str) -> None:
    app = Circles(db_path)
    anna = app.register_person("Anna", reference="E-100", actor=ACTOR)
    circle = app.found_circle(title="T", challenge="C", actor=ACTOR)
    app.join(circle, anna, "participant", actor=ACTOR)
    app.close()
    assert "person_events" in _plan(db_path)
    with sqlite3.connect(db_path) as connection:
        [(name,)] = connection.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE '%person_events'"
        ).fetchall()
        connection.execute(f"DROP INDEX {name}")
    reader = Circles(db_path, read_only=True)
    assert [(p.person_id, p.reference) for p in reader.persons()] == [(anna, "E-100")]
    assert "person_events" not in _plan(db_path)
