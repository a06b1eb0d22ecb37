# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Lookups that read what they return, on every kind of store.

Listing circles and finding one by the start of its id read only founding
events; a circle at a moment is found by a search over its versions; a
history and the log are read a page at a time, and personal text in them is
opened when it is read. Each answers what reading every event would.
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import pytest
from eventsourcing.domain import DomainEvent

from circleflow import FORGOTTEN, Circles, InvalidInput, UnknownCircle, queries
from circleflow import person_keys as person_keys_module
from circleflow.demo import run_mastercircle, run_samenwerking
from circleflow.founding import FOUNDED
from tests.conftest import ACTOR, Cast

DATA = Path(__file__).parent / "data"
_COMMON = {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "actor",
    "origin",
    "state",
}


def _found(app: Circles, count: int) -> list[UUID]:
    return [
        app.found_circle(title=f"Kring {n}", challenge="Samen leren", actor=ACTOR)
        for n in range(count)
    ]


def _expected_match(ids: list[UUID], prefix: str) -> UUID | str:
    """What finding ``prefix`` answers, by reading every id: the one id
    that starts with it, or the start of the error."""
    matches = [i for i in ids if str(i).startswith(prefix.lower())]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return "no circle id starts with"
    return f"{len(matches)} circles start with"


def _find(app: Circles, prefix: str) -> UUID | str:
    try:
        return app.find_circle(prefix)
    except UnknownCircle as error:
        return str(error).split(" '")[0].split(" ${")[0]


def test_circles_are_listed_in_founding_order_and_found_by_any_unique_start(
    store_url: str,
) -> None:
    app = Circles(store_url)
    person = app.register_person("Anna", actor=ACTOR)
    # 17 circles: at least two share their first digit.
    ids = _found(app, 17)
    listed = app.list_circles()
    assert [c.circle_id for c in listed] == ids
    assert [c.title for c in listed] == [f"Kring {n}" for n in range(17)]
    assert all(c.format == "mastercircle v1" for c in listed)
    assert [c.founded_at for c in listed] == sorted(c.founded_at for c in listed)
    prefixes = [*"0123456789abcdef", "g", "A", "-", str(person)[:8]]
    for circle in ids:
        text = str(circle)
        prefixes += [text[:n] for n in (2, 4, 8, 9, 13, 20, 35)]
        prefixes += [text[:10].upper(), text[:8] + "x", text[:7] + "-"]
    assert any(" circles start with" in str(_expected_match(ids, p)) for p in prefixes)
    for prefix in prefixes:
        assert _find(app, prefix) == _expected_match(ids, prefix), prefix
    assert app.find_circle(str(ids[3])) == ids[3]
    assert app.find_circle(ids[3].hex) == ids[3]


def test_an_ambiguous_start_says_how_many_circles_share_it(store_url: str) -> None:
    app = Circles(store_url)
    ids = _found(app, 17)
    digit = next(d for d in "0123456789abcdef" if sum(str(i)[0] == d for i in ids) > 1)
    count = sum(str(i)[0] == digit for i in ids)
    with pytest.raises(UnknownCircle) as refused:
        app.find_circle(digit.upper())
    assert str(refused.value) == (
        f"{count} circles start with {digit!r}; give more of the id"
    )


def _indexes(path: str) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE ?",
            (f"%{FOUNDED}%",),
        ).fetchall()
    return {name for (name,) in rows}


def test_a_store_opened_for_writing_gets_indexes_on_its_founding_events(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.db"
    shutil.copy(DATA / "store-0.1.0.db", old)
    reader = Circles(str(old), read_only=True)
    before = reader.list_circles()
    assert before
    _same_as_the_mapper_reads(reader)  # events of an older version, upcast
    assert _indexes(str(old)) == set()
    again = Circles(str(old))
    assert len(_indexes(str(old))) == 2
    assert again.list_circles() == before
    assert again.find_circle(str(before[0].circle_id)[:8]) == before[0].circle_id


def test_a_read_only_store_without_the_indexes_answers_the_same(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "circles.db")
    app = Circles(path)
    ids = _found(app, 17)
    listed = app.list_circles()
    app.close()
    with sqlite3.connect(path) as connection:
        for name in _indexes(path):
            connection.execute(f"DROP INDEX {name}")
    reader = Circles(path, read_only=True)
    assert reader.list_circles() == listed
    for prefix in [*"0123456789abcdef", *(str(i)[:5] for i in ids)]:
        assert _find(reader, prefix) == _expected_match(ids, prefix)
    assert _indexes(path) == set()


def _moments(app: Circles, circle: UUID) -> list[datetime]:
    times = [entry.recorded_at for entry in app.history(circle)]
    between = [a + (b - a) / 2 for a, b in itertools.pairwise(times)]
    return [*times, *between, times[-1] + timedelta(days=1)]


def test_the_circle_at_a_moment_is_its_last_version_recorded_by_then(
    store_url: str,
) -> None:
    app = Circles(store_url)
    circle = run_samenwerking(app)
    history = list(app.history(circle))
    for moment in _moments(app, circle):
        expected = max(e.version for e in history if e.recorded_at <= moment)
        assert app.circle(circle, at=moment).version == expected
        assert app.position(circle, at=moment).version == expected
    before = history[0].recorded_at - timedelta(microseconds=1)
    with pytest.raises(UnknownCircle, match="was not founded yet at"):
        app.circle(circle, at=before)
    with pytest.raises(InvalidInput, match="a datetime with a time zone"):
        app.circle(circle, at=datetime(2030, 1, 1))
    with pytest.raises(InvalidInput, match="not both"):
        app.circle(circle, at=datetime.now(UTC), version=1)
    with pytest.raises(UnknownCircle, match="no circle with id"):
        app.circle(UUID(int=7), at=datetime.now(UTC))


def _stored_history(app: Circles, circle: UUID) -> list[tuple[Any, ...]]:
    """The history as reading every event through the store's mapper gives it."""
    entries: list[tuple[Any, ...]] = []
    before = None
    events = cast(list[DomainEvent], list(app.repository.event_store.get(circle)))
    for event in events:
        state = getattr(event, "state", None)
        details = {k: v for k, v in vars(event).items() if k not in _COMMON}
        entries.append(
            (
                event.originator_version,
                event.timestamp,
                type(event).__name__,
                getattr(event, "actor", ""),
                getattr(event, "origin", ""),
                before,
                state,
                details,
            )
        )
        before = state
    return entries


def _as_tuple(entry: Any) -> tuple[Any, ...]:
    return (
        entry.version,
        entry.recorded_at,
        entry.event,
        entry.actor,
        entry.origin,
        entry.state_before,
        entry.state,
        dict(entry.details),
    )


def test_a_history_read_in_pages_holds_every_event_as_stored(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "_PAGE", 4)
    app = Circles(store_url)
    circle = run_mastercircle(app, participants=3)
    expected = _stored_history(app, circle)
    history = app.history(circle)
    assert len(history) == len(expected) > 12
    assert [_as_tuple(e) for e in history] == expected
    assert [_as_tuple(history[i]) for i in (0, 5, -1)] == [
        expected[i] for i in (0, 5, -1)
    ]
    assert [_as_tuple(e) for e in history[3:11]] == expected[3:11]
    assert [_as_tuple(e) for e in history[::5]] == expected[::5]
    assert history[20:3] == []
    with pytest.raises(IndexError):
        history[len(expected)]
    assert history == list(history) == app.history(circle)


def test_a_history_holds_what_was_recorded_when_it_was_asked_for(
    store_url: str,
) -> None:
    app = Circles(store_url)
    members = Cast(app, participants=2)
    history = app.history(members.id)
    members.join_all()
    assert [e.event for e in history] == ["CircleFounded"]
    assert len(app.history(members.id)) == 1 + 8  # founded, and eight joined
    with pytest.raises(UnknownCircle, match="no circle with id"):
        app.history(UUID(int=7))
    with pytest.raises(UnknownCircle, match="no circle with id"):
        app.history(members.facilitator)


def test_the_log_holds_every_event_as_the_stores_mapper_reads_it(
    store_url: str,
) -> None:
    app = Circles(store_url)
    run_mastercircle(app, participants=3)
    run_samenwerking(app)
    _same_as_the_mapper_reads(app)


def test_a_compressed_store_logs_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPRESSOR_TOPIC", "eventsourcing.compressor:ZlibCompressor")
    app = Circles(str(tmp_path / "circles.db"))
    assert app.mapper.compressor is not None
    run_mastercircle(app, participants=3)
    _same_as_the_mapper_reads(app)
    assert [_as_tuple(e) for e in app.history(app.list_circles()[0].circle_id)]


def _same_as_the_mapper_reads(app: Circles) -> None:
    log = app.read_log(limit=100_000)
    notifications = app.recorder.select_notifications(start=1, limit=100_000)
    assert len(log) == len(notifications)
    for logged, notification in zip(log, notifications, strict=True):
        event = cast(DomainEvent, app.mapper.to_domain_event(notification))
        assert logged.position == notification.id
        assert logged.aggregate_id == event.originator_id
        assert logged.version == event.originator_version
        assert logged.recorded_at == event.timestamp
        assert logged.event == type(event).__name__
        assert logged.actor == getattr(event, "actor", "")
        assert logged.origin == getattr(event, "origin", "")
        assert logged.state == getattr(event, "state", None)
        assert dict(logged.details) == {
            k: v for k, v in vars(event).items() if k not in _COMMON
        }
    assert {e.aggregate for e in log} >= {"circle", "person"}


def test_text_read_after_its_person_is_forgotten_reads_as_forgotten(
    store_url: str,
) -> None:
    app = Circles(store_url)
    anna = app.register_person("Anna", email="anna@example.org", actor=ACTOR)
    bert = app.register_person("Bert", actor=ACTOR)
    [anna_registered, bert_registered] = app.read_log(limit=10)
    assert bert_registered.details["name"] == "Bert"
    app.forget_person(anna, actor=ACTOR)
    assert anna_registered.details["name"] == FORGOTTEN
    assert anna_registered.details["email"] == FORGOTTEN
    assert dict(anna_registered.details)["organisation"] in ("", FORGOTTEN)
    assert app.read_log(limit=1)[0].details["name"] == FORGOTTEN
    assert app.read_log(limit=2)[1].details["name"] == "Bert"
    assert "Anna" not in repr(app.read_log(limit=1)[0])
    assert bert == bert_registered.aggregate_id


def test_the_keys_of_a_batch_are_read_together_and_few_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(person_keys_module, "KEY_CACHE_SIZE", 5)
    path = str(tmp_path / "circles.db")
    writer = Circles(path)
    names = [f"Deelnemer {n}" for n in range(30)]
    for name in names:
        writer.register_person(name, actor=ACTOR)
    writer.close()
    app = Circles(path)
    queries_run: list[str] = []
    run_sql = app.person_keys._sql

    def counting(*statements: Any) -> list[Any]:
        queries_run.extend(sql for sql, _ in statements)
        return run_sql(*statements)

    monkeypatch.setattr(app.person_keys, "_sql", counting)
    batch = app.read_log(limit=30)
    assert queries_run == []  # nothing opened, no key read
    assert [e.details["name"] for e in batch] == names
    assert len(queries_run) == 1
    assert len(app.person_keys._cache) <= 5
    assert len(app.person_keys._ciphers) <= 5
    assert [e.details["name"] for e in app.read_log(limit=30)] == names
