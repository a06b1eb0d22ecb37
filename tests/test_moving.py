# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Moving a history: export a store's events and import them into another.

An import keeps every event as it was stored (ids, versions, timestamps,
actors, origins, order, sealed texts), brings the keys that open the sealed
texts, and leaves a log whose hash chain verifies. A file that does not
verify, or a store that already holds its circles, is refused and nothing
is written.
"""

from __future__ import annotations

import base64
import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from circleflow import Circles, InvalidInput, moving
from circleflow.cli import cli
from circleflow.demo import run_leergroep, run_mastercircle
from circleflow.integrity import LogChain
from circleflow.moving import export_events, import_events


def _log(app: Circles) -> list[tuple[int, UUID | str, int, str, bytes]]:
    """Every stored event exactly as stored, in log order."""
    return [
        (n.id, n.originator_id, n.originator_version, n.topic, n.state)
        for n in app.recorder.select_notifications(start=1, limit=1_000_000)
    ]


def _story(app: Circles, circle: UUID) -> list[tuple[Any, ...]]:
    return [
        (e.version, e.recorded_at, e.actor, e.event, e.state, dict(e.details))
        for e in app.history(circle)
    ]


def _source(url: str) -> tuple[Circles, list[UUID], UUID, UUID]:
    """A store with two circles, a person with contact data and a forgotten one."""
    app = Circles(url, origin="source-tool")
    circles = [run_mastercircle(app, participants=3), run_leergroep(app)]
    kept = app.register_person("Anna de Vries", email="anna@example.nl", actor="u")
    gone = app.register_person("Bram", email="bram@example.nl", actor="u")
    app.forget_person(gone, actor="dpo")
    return app, circles, kept, gone


def _export(app: Circles, **options: Any) -> list[str]:
    out = io.StringIO()
    export_events(app, out, **options)
    return out.getvalue().splitlines(keepends=True)


def _assert_same(
    source: Circles, target: Circles, circles: list[UUID], kept: UUID, gone: UUID
) -> None:
    assert _log(target) == _log(source)
    for circle in circles:
        assert _story(target, circle) == _story(source, circle)
        assert target.position(circle) == source.position(circle)
    anna = target.person(kept)
    assert (anna.name, anna.email) == ("Anna de Vries", "anna@example.nl")
    assert target.person(gone).name != "Bram"
    assert target.person_keys.forgotten(gone)


def _assert_chain_verifies(source: Circles, target: Circles) -> None:
    chain = LogChain(target)
    assert chain.extend() == len(_log(source))
    verification = LogChain(target).verify()
    assert verification.complete, verification.findings
    source_chain = LogChain(source)
    source_chain.extend()
    assert verification.head == source_chain.last[1]


def test_a_store_moves_from_sqlite_to_sqlite_keeping_everything(
    tmp_path: Path,
) -> None:
    source, circles, kept, gone = _source(str(tmp_path / "from.db"))
    target = Circles(str(tmp_path / "to.db"))
    moved = import_events(target, _export(source))
    assert moved.events == len(_log(source))
    assert moved.circles == len(source.list_circles())
    _assert_same(source, target, circles, kept, gone)
    _assert_chain_verifies(source, target)


def test_a_store_moves_from_sqlite_to_postgresql_and_back(
    tmp_path: Path, postgres_url: str
) -> None:
    source, circles, kept, gone = _source(str(tmp_path / "from.db"))
    on_postgres = Circles(postgres_url)
    import_events(on_postgres, _export(source))
    _assert_same(source, on_postgres, circles, kept, gone)
    _assert_chain_verifies(source, on_postgres)
    back = Circles(str(tmp_path / "back.db"))
    import_events(back, _export(on_postgres))
    _assert_same(source, back, circles, kept, gone)
    _assert_chain_verifies(source, back)


def test_a_store_in_memory_moves_to_memory_and_to_sqlite(tmp_path: Path) -> None:
    source, circles, kept, gone = _source("memory:")
    in_memory = Circles("memory:")
    import_events(in_memory, _export(source))
    _assert_same(source, in_memory, circles, kept, gone)
    on_disk = Circles(str(tmp_path / "to.db"))
    import_events(on_disk, _export(in_memory))
    _assert_same(source, on_disk, circles, kept, gone)
    assert LogChain(on_disk).extend() == len(_log(source))
    assert LogChain(on_disk).verify().complete


def test_the_export_keeps_stored_state_sealed(tmp_path: Path) -> None:
    source, _, kept, gone = _source(str(tmp_path / "from.db"))
    text = "".join(_export(source))
    assert "Anna de Vries" not in text and "anna@example.nl" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    header, keys = lines[0], [line["key"] for line in lines if "key" in line]
    assert header["format"] == "circleflow-events"
    assert header["events"] == len(_log(source))
    events = [line for line in lines if "position" in line]
    assert [e["position"] for e in events] == [n[0] for n in _log(source)]
    assert all('"actor"' in e["state"] and "source-tool" in e["state"] for e in events)
    by_person = {k["person"]: k for k in keys}
    assert by_person[str(kept)]["key"]
    assert by_person[str(gone)]["key"] is None  # gone, and stays gone


def test_a_state_given_as_base64_is_stored_as_the_same_bytes(
    tmp_path: Path,
) -> None:
    source, *_ = _source("memory:")
    lines = _export(source)
    last = json.loads(lines[-1])
    state = last.pop("state").encode()
    last["state_b64"] = base64.b64encode(state).decode()
    lines[-1] = json.dumps(last) + "\n"
    target = Circles(str(tmp_path / "to.db"))
    import_events(target, lines)
    assert _log(target) == _log(source)


def test_a_log_with_gaps_moves_in_order(tmp_path: Path) -> None:
    db = tmp_path / "from.db"
    source, circles, _, _ = _source(str(db))
    last_of_circle = len(source.recorder.select_events(circles[0]))
    with closing(sqlite3.connect(db)) as raw, raw:
        raw.execute(
            "DELETE FROM stored_events WHERE originator_id = ?"
            " AND originator_version = ?",
            (circles[0].hex, last_of_circle),
        )
    source = Circles(str(db))
    target = Circles(str(tmp_path / "to.db"))
    import_events(target, _export(source))
    assert [n[1:] for n in _log(target)] == [n[1:] for n in _log(source)]
    assert _story(target, circles[1]) == _story(source, circles[1])


def test_one_circle_moves_with_its_persons_into_a_store_in_use(
    tmp_path: Path,
) -> None:
    source, (master, other), _, _ = _source(str(tmp_path / "from.db"))
    target = Circles(str(tmp_path / "to.db"))
    own = run_leergroep(target)
    import_events(target, _export(source, circle=master))
    assert _story(target, master) == _story(source, master)
    assert target.position(master) == source.position(master)
    assert other not in [c.circle_id for c in target.list_circles()]
    assert _story(target, own)
    chain = LogChain(target)
    chain.extend()
    assert chain.verify().complete


def _corrupt(lines: list[str], how: str) -> list[str]:
    lines = list(lines)
    last = json.loads(lines[-1])
    if how == "bad JSON":
        lines[-1] = lines[-1][:-5] + "\n"
    elif how == "missing field":
        del last["topic"]
        lines[-1] = json.dumps(last) + "\n"
    elif how == "version gap":
        last["originator_version"] += 1
        lines[-1] = json.dumps(last) + "\n"
    elif how == "count mismatch":
        del lines[-1]
    elif how == "unknown topic":
        last["topic"] = "circleflow.circle:Circle.NoSuchEvent"
        lines[-1] = json.dumps(last) + "\n"
    elif how == "not an object":
        lines[-1] = "[1, 2]\n"
    elif how == "bad id":
        last["originator_id"] = "not-a-uuid"
        lines[-1] = json.dumps(last) + "\n"
    elif how == "wrong header":
        lines[0] = json.dumps({"format": "something-else"}) + "\n"
    return lines


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("bad JSON", "not valid JSON"),
        ("missing field", "missing: topic"),
        ("version gap", "not contiguous"),
        ("count mismatch", "the header says"),
        ("unknown topic", "unknown event topic"),
        ("wrong header", "not a header"),
        ("not an object", "not a JSON object"),
        ("bad id", "is not a UUID"),
    ],
)
def test_a_file_that_does_not_verify_is_refused_and_nothing_written(
    tmp_path: Path, how: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(moving, "BATCH", 7)  # chunks are written before the end
    source, *_ = _source("memory:")
    target = Circles(str(tmp_path / "to.db"))
    with pytest.raises(InvalidInput, match=said):
        import_events(target, _corrupt(_export(source), how))
    assert _log(target) == []
    assert target.side_tables is not None
    assert target.side_tables.execute(
        ("SELECT COUNT(*) FROM circleflow_person_keys", ())
    ) == [(0,)]


def test_an_interrupted_import_into_sqlite_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(moving, "BATCH", 7)
    source, *_ = _source("memory:")
    target = Circles(str(tmp_path / "to.db"))
    seen: list[int] = []

    def interrupt(done: int, total: int) -> None:
        seen.append(done)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_events(target, _export(source), progress=interrupt)
    assert _log(target) == []
    moved = import_events(target, _export(source))  # and it can start again
    assert _log(target) == _log(source) and moved.events == len(_log(source))


def test_a_store_that_holds_those_circles_is_refused_and_unchanged(
    tmp_path: Path,
) -> None:
    source, circles, *_ = _source(str(tmp_path / "from.db"))
    lines = _export(source)
    target = Circles(str(tmp_path / "to.db"))
    import_events(target, lines)
    before = _log(target)
    with pytest.raises(InvalidInput, match="already holds"):
        import_events(target, lines)
    assert _log(target) == before
    with pytest.raises(InvalidInput, match="already holds"):
        import_events(target, _export(source, circle=circles[0]))
    assert _log(target) == before


def test_the_cli_exports_and_imports_a_store(tmp_path: Path) -> None:
    source, circles, kept, gone = _source(str(tmp_path / "from.db"))
    source.close()
    file = str(tmp_path / "moved.jsonl")
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", str(tmp_path / "from.db"), "export", "-o", file])
    assert out.exit_code == 0, out.output
    assert "person keys" in out.output
    again = runner.invoke(
        cli, ["--db", str(tmp_path / "from.db"), "export", "-o", file]
    )
    assert again.exit_code == 1 and "exists already" in again.output
    into = str(tmp_path / "to.db")
    out = runner.invoke(cli, ["--db", into, "import", file])
    assert out.exit_code == 0, out.output
    refused = runner.invoke(cli, ["--db", into, "import", file])
    assert refused.exit_code == 1 and "already holds" in refused.output
    _assert_same(Circles(str(tmp_path / "from.db")), Circles(into), circles, kept, gone)


def test_the_cli_exports_one_circle(tmp_path: Path) -> None:
    source, (master, _), _, _ = _source(str(tmp_path / "from.db"))
    file = tmp_path / "one.jsonl"
    db, short = str(tmp_path / "from.db"), str(master)[:8]
    out = CliRunner().invoke(
        cli, ["--db", db, "export", "--circle", short, "-o", str(file)]
    )
    assert out.exit_code == 0, out.output
    originators = {
        json.loads(line)["originator_id"]
        for line in file.read_text().splitlines()
        if "originator_id" in line
    }
    assert str(master) in originators
    assert all(
        e.originator_id in {UUID(o) for o in originators}
        for e in source.recorder.select_events(master)
    )
