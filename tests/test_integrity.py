# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The hash chain over the event log: it links every stored event, holds
while nothing changes, and breaks exactly where an event was changed,
removed or slipped in."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from circleflow import ChainBroken, Circles, StoreError
from circleflow.cli import cli
from circleflow.demo import run_mastercircle, run_samenwerking
from circleflow.integrity import LogChain
from circleflow.side_tables import SideTables
from circleflow.store import store_env
from tests.conftest import Cast


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


# -- what verify proves beyond the events ---------------------------------------


def _tamper_store(url: str, *sql: str) -> None:
    """Run ``sql`` on the store behind circleflow's back."""
    SideTables(store_env(url)).execute(*((statement, ()) for statement in sql))


def _forge_title(db: str, forged: str) -> None:
    _tamper(
        db,
        "UPDATE stored_snapshots SET state = CAST(REPLACE(CAST(state AS TEXT), "
        f"'Kwartiermakers 2027', '{forged}') AS BLOB)",
    )


def test_a_forged_snapshot_is_reported_by_verify(db_path: str) -> None:
    app = Circles(db_path, snapshot_every=20)
    circle = run_mastercircle(app, participants=2)
    oldest = min(s.originator_version for s in app.snapshots.get(circle))  # type: ignore[union-attr]
    LogChain(app).extend()
    assert LogChain(Circles(db_path)).verify().intact
    _forge_title(db_path, "Vervalst")
    # The forged snapshot is what a plain load reads ...
    assert Circles(db_path).circle(circle).title == "Vervalst"
    # ... and verify names it.
    result = LogChain(Circles(db_path)).verify()
    assert not result.intact
    assert result.broken_at is None
    assert result.findings[0] == (
        f"the snapshot of {circle} at version {oldest} does not match its events"
    )
    verified = CliRunner().invoke(cli, ["--db", db_path, "verify"])
    assert verified.exit_code == 1
    assert f"the snapshot of {circle} at version {oldest}" in verified.output


def test_dropping_the_snapshots_restores_the_circle_from_its_events(
    db_path: str,
) -> None:
    app = Circles(db_path, snapshot_every=20)
    circle = run_mastercircle(app, participants=2)
    LogChain(app).extend()
    _forge_title(db_path, "Vervalst")
    _tamper(db_path, "DELETE FROM stored_snapshots")
    assert Circles(db_path).circle(circle).title == "Kwartiermakers 2027"
    assert LogChain(Circles(db_path)).verify().complete


def test_snapshots_stay_intact_after_forgetting_a_member(db_path: str) -> None:
    app = Circles(db_path, snapshot_every=5)
    cast = Cast(app).join_all().run_urgentie()
    app.forget_person(cast.participants[0], actor="dpo")
    chain = LogChain(app)
    chain.extend()
    assert chain.verify().complete


def test_the_store_of_release_0_1_verifies(tmp_path: Path) -> None:
    copy = tmp_path / "store-0.1.0.db"
    shutil.copyfile(Path(__file__).parent / "data" / "store-0.1.0.db", copy)
    LogChain(Circles(str(copy))).extend()
    result = LogChain(Circles(str(copy))).verify()
    assert result.complete, result.findings


def test_a_key_destroyed_without_a_recorded_forgetting_is_reported(
    file_store_url: str,
) -> None:
    app = Circles(file_store_url)
    anna = app.register_person("Anna", actor="u")
    bert = app.register_person("Bert", actor="u")
    LogChain(app).extend()
    _tamper_store(
        file_store_url,
        f"UPDATE circleflow_person_keys SET key = NULL WHERE person = '{anna}'",
        f"DELETE FROM circleflow_person_keys WHERE person = '{bert}'",
    )
    result = LogChain(Circles(file_store_url, read_only=True)).verify()
    assert result.broken_at is None
    assert result.findings == (
        f"the key of person {anna} was destroyed but no forgetting is recorded "
        "(an interrupted forgetting, or a key destroyed outside circleflow)",
        f"the key of person {bert} was deleted but no forgetting is recorded",
    )


def test_a_forgetting_whose_key_is_still_there_is_reported(db_path: str) -> None:
    app = Circles(db_path)
    anna = app.register_person("Anna", actor="u")
    app.forget_person(anna, actor="dpo")
    _tamper(
        db_path,
        f"UPDATE circleflow_person_keys SET key = 'aa' WHERE person = '{anna}'",
    )
    assert LogChain(Circles(db_path)).verify().findings == (
        f"person {anna} is recorded as forgotten but the key table does not say so",
    )


def _delete_last_event(url: str, app: Circles) -> None:
    sqlite = url.endswith(".db")
    table = "stored_events" if sqlite else "circles_events"
    column = "rowid" if sqlite else "notification_id"
    _tamper_store(
        url,
        f"DELETE FROM {table} WHERE {column} = {app.log_position()}",
        f"DELETE FROM circleflow_log_chain WHERE position = {app.log_position()}",
    )


def test_a_chain_cut_short_is_caught_against_a_head_kept_elsewhere(
    file_store_url: str,
) -> None:
    app = Circles(file_store_url)
    run_samenwerking(app)
    chain = LogChain(app)
    chain.extend()
    _, kept = chain.last
    assert LogChain(Circles(file_store_url)).verify(head=kept).complete
    # The last event and its link are removed: the shorter chain holds ...
    _delete_last_event(file_store_url, app)
    assert LogChain(Circles(file_store_url)).verify().complete
    # ... but not the head kept elsewhere.
    result = LogChain(Circles(file_store_url, read_only=True)).verify(head=kept)
    assert result.findings == (
        f"the chain does not hold head {kept}: it was cut short or rewritten",
    )


def test_an_emptied_chain_leaves_every_event_unchained(db_path: str) -> None:
    app = Circles(db_path)
    run_samenwerking(app)
    runner = CliRunner()
    linked = runner.invoke(cli, ["--db", db_path, "chain"])
    kept = linked.output.split("Head of the chain: ")[1].split()[0]
    _tamper(db_path, "DELETE FROM circleflow_log_chain")
    _tamper(
        db_path,
        "UPDATE stored_events SET state = CAST(state || ' ' AS BLOB) WHERE rowid = 3",
    )
    verified = runner.invoke(cli, ["--db", db_path, "verify"])
    assert verified.exit_code == 0
    assert f"{app.log_position()} events not chained" in verified.output
    complete = runner.invoke(cli, ["--db", db_path, "verify", "--complete"])
    assert complete.exit_code == 1
    assert complete.output.startswith(
        f"Error: not complete: {app.log_position()} events not chained"
    )
    # Chained again over the edited event, it is caught against the kept head.
    runner.invoke(cli, ["--db", db_path, "chain"])
    against = runner.invoke(cli, ["--db", db_path, "verify", "--head", kept])
    assert against.exit_code == 1
    assert f"the chain does not hold head {kept}" in against.output


def test_chain_refuses_to_extend_a_broken_chain(db_path: str) -> None:
    app = Circles(db_path)
    run_mastercircle(app, participants=2)
    runner = CliRunner()
    runner.invoke(cli, ["--db", db_path, "chain"])
    _tamper(
        db_path,
        "UPDATE stored_events SET state = CAST(state || ' ' AS BLOB) WHERE rowid = 7",
    )
    app.register_person("Later", actor="u")
    refused = runner.invoke(cli, ["--db", db_path, "chain"])
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: the chain is broken at log position 7: the event differs from "
        "the one chained; it is not extended\n"
    )
    with pytest.raises(ChainBroken):
        LogChain(Circles(db_path)).extend()
    assert LogChain(Circles(db_path)).verify().broken_at == 7


def test_verify_never_makes_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = CliRunner().invoke(cli, ["--db", str(missing), "verify"])
    assert result.exit_code == 1
    assert result.output == f"Error: no store at {missing}\n"
    assert list(tmp_path.iterdir()) == []


def test_verify_reads_a_read_only_store_without_changing_it(db_path: str) -> None:
    run_samenwerking(Circles(db_path))
    CliRunner().invoke(cli, ["--db", db_path, "chain"])
    store = Path(db_path)
    store.chmod(0o444)
    before = (store.read_bytes(), store.stat().st_mtime_ns)
    verified = CliRunner().invoke(cli, ["--db", db_path, "verify"])
    assert verified.exit_code == 0, verified.output
    assert "every event is chained" in verified.output
    assert (store.read_bytes(), store.stat().st_mtime_ns) == before


def test_a_store_opened_read_only_refuses_to_write(db_path: str) -> None:
    run_samenwerking(Circles(db_path))
    reader = Circles(db_path, read_only=True)
    with pytest.raises(Exception, match=r"read-?only"):
        reader.register_person("Nobody", actor="u")
