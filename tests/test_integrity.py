# SPDX-License-Identifier: EUPL-1.2
"""The hash chain over the event log: it links every stored event, holds
while nothing changes, and breaks exactly where an event was changed,
removed or slipped in."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from circleflow import Circles, StoreError
from circleflow.cli import cli
from circleflow.demo import run_mastercircle, run_samenwerking
from circleflow.integrity import LogChain


def test_a_chained_log_verifies_and_grows_with_new_events(file_store_url: str) -> None:
    app = Circles(file_store_url)
    run_samenwerking(app)
    chain = LogChain(app)
    assert chain.verify().unchained == app.log_position()
    assert chain.extend() == app.log_position()
    first = chain.verify()
    assert first.intact and first.checked == app.log_position()
    assert first.unchained == 0

    before = app.log_position()
    run_mastercircle(app, participants=2)
    assert (
        LogChain(Circles(file_store_url)).verify().unchained
        == app.log_position() - before
    )
    assert chain.extend() == app.log_position() - before
    assert chain.extend() == 0
    again = LogChain(Circles(file_store_url)).verify()
    assert again.intact and again.checked == app.log_position()


def test_forgetting_a_person_leaves_the_chain_intact(file_store_url: str) -> None:
    app = Circles(file_store_url)
    anna = app.register_person("Anna", email="anna@example.nl", actor="u")
    chain = LogChain(app)
    chain.extend()
    app.forget_person(anna, actor="dpo")
    chain.extend()
    assert chain.verify().intact


def _tamper(db: str, sql: str) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute(sql)


def test_a_changed_event_breaks_the_chain_at_its_position(db_path: str) -> None:
    app = Circles(db_path)
    run_mastercircle(app, participants=2)
    LogChain(app).extend()
    _tamper(
        db_path,
        "UPDATE stored_events SET state = CAST(state || ' ' AS BLOB) WHERE rowid = 7",
    )
    result = LogChain(Circles(db_path)).verify()
    assert (result.broken_at, result.problem) == (
        7,
        "the event differs from the one chained",
    )
    assert result.checked == 6


def test_a_removed_event_breaks_the_chain_at_its_position(db_path: str) -> None:
    app = Circles(db_path)
    run_mastercircle(app, participants=2)
    LogChain(app).extend()
    _tamper(db_path, "DELETE FROM stored_events WHERE rowid = 12")
    result = LogChain(Circles(db_path)).verify()
    assert (result.broken_at, result.problem) == (12, "a chained event is missing")


def test_the_last_event_removed_is_noticed_too(db_path: str) -> None:
    app = Circles(db_path)
    run_mastercircle(app, participants=2)
    LogChain(app).extend()
    last = app.log_position()
    _tamper(db_path, f"DELETE FROM stored_events WHERE rowid = {last}")
    result = LogChain(Circles(db_path)).verify()
    assert (result.broken_at, result.problem) == (last, "a chained event is missing")


def test_a_store_in_memory_has_no_chain() -> None:
    with pytest.raises(StoreError, match="needs an SQLite or PostgreSQL store"):
        LogChain(Circles("memory:"))


def test_the_cli_chains_and_verifies(db_path: str) -> None:
    run_mastercircle(Circles(db_path), participants=2)
    runner = CliRunner()
    linked = runner.invoke(cli, ["--db", db_path, "chain"])
    assert linked.exit_code == 0, linked.output
    assert linked.output.startswith("Linked ")
    verified = runner.invoke(cli, ["--db", db_path, "verify"])
    assert verified.exit_code == 0, verified.output
    assert "intact" in verified.output
    _tamper(
        db_path,
        "UPDATE stored_events SET state = CAST(state || ' ' AS BLOB) WHERE rowid = 3",
    )
    broken = runner.invoke(cli, ["--db", db_path, "verify"])
    assert broken.exit_code == 1
    assert "broken at log position 3" in broken.output
