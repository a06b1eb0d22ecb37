# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Retrying safely: a command given a command id is recorded once. Taking it
again, from this process or another, returns the earlier result and records
nothing; the same id for another command is refused."""

from __future__ import annotations

import inspect
import io
import multiprocessing
import threading
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from circleflow import Circles, InvalidInput, StepRefused
from circleflow.application import Circles as _Circles
from circleflow.integrity import LogChain
from circleflow.moving import export_events, import_events
from circleflow.receipts import LONGEST_ID, receipt_id
from circleflow.reports import CircleReports
from tests.conftest import ACTOR, stored_count
from tests.test_samenwerking import Table

#: Methods of Circles that change the store but need no command id:
#: forgetting is final, so doing it again changes nothing anyway.
_IDEMPOTENT = {"forget_person", "finish_forgetting"}


def _problem_table(app: Circles) -> Table:
    """A Samenwerking in its first meeting, where problems can be named."""
    return Table(app).renew_all().open("Erkennen").hear_all()


def test_every_command_takes_a_command_id() -> None:
    commands = [
        name
        for name, method in inspect.getmembers(_Circles, inspect.isfunction)
        if not name.startswith("_")
        and "actor" in inspect.signature(method).parameters
        and name not in _IDEMPOTENT
    ]
    assert "name_problem" in commands
    assert "found_circle" in commands
    assert "register_person" in commands
    lacking = [
        name
        for name in commands
        if "command_id" not in inspect.signature(getattr(_Circles, name)).parameters
    ]
    assert lacking == []


def test_a_repeated_command_returns_the_earlier_result_and_records_nothing(
    app: Circles,
) -> None:
    table = _problem_table(app)
    person = table.members[0]
    first = app.name_problem(
        table.id, person, "Geen overleg", actor=ACTOR, command_id="p-1"
    )
    before = stored_count(app)
    again = app.name_problem(
        table.id, person, "Geen overleg", actor=ACTOR, command_id="p-1"
    )
    assert again == first
    assert stored_count(app) == before
    named = [e for e in app.history(table.id) if e.event == "ProblemNamed"]
    assert len(named) == 1
    second = app.name_problem(
        table.id, person, "Geen overleg", actor=ACTOR, command_id="p-2"
    )
    assert second == first + 1


def test_founding_and_registering_again_return_the_same_id(app: Circles) -> None:
    circle = app.found_circle(
        "samenwerking", title="Wijk", challenge="Samen", actor=ACTOR, command_id="c-1"
    )
    person = app.register_person(
        "Anna", email="a@example.nl", actor=ACTOR, command_id="r-1"
    )
    before = stored_count(app)
    assert (
        app.found_circle(
            "samenwerking",
            title="Wijk",
            challenge="Samen",
            actor=ACTOR,
            command_id="c-1",
        )
        == circle
    )
    assert (
        app.register_person("Anna", email="a@example.nl", actor=ACTOR, command_id="r-1")
        == person
    )
    assert stored_count(app) == before
    assert isinstance(circle, UUID) and isinstance(person, UUID)
    assert [c.circle_id for c in app.list_circles()] == [circle]


@pytest.mark.parametrize(
    "other",
    [
        pytest.param({"problem": "Iets anders"}, id="other arguments"),
        pytest.param({"actor": "someone-else"}, id="another actor"),
        pytest.param({"command": "voice_concerns"}, id="another command"),
    ],
)
def test_the_same_id_for_another_command_is_refused(
    app: Circles, other: dict[str, str]
) -> None:
    table = _problem_table(app)
    person = table.members[0]
    app.name_problem(table.id, person, "Geen overleg", actor=ACTOR, command_id="p-1")
    before = stored_count(app)
    with pytest.raises(InvalidInput, match="'p-1' was used already"):
        if other.get("command") == "voice_concerns":
            app.voice_concerns(
                table.id, person, "Zorgen", actor=ACTOR, command_id="p-1"
            )
        else:
            app.name_problem(
                table.id,
                person,
                other.get("problem", "Geen overleg"),
                actor=other.get("actor", ACTOR),
                command_id="p-1",
            )
    assert stored_count(app) == before


def test_the_same_id_on_another_circle_is_refused(app: Circles) -> None:
    first = app.found_circle("samenwerking", title="A", challenge="a", actor=ACTOR)
    second = app.found_circle("samenwerking", title="B", challenge="b", actor=ACTOR)
    person = app.register_person("Anna", actor=ACTOR)
    app.join(first, person, "participant", actor=ACTOR, command_id="j")
    with pytest.raises(InvalidInput, match=str(first)):
        app.join(second, person, "participant", actor=ACTOR, command_id="j")
    assert person not in app.circle(second).members


def test_a_refused_command_records_no_receipt_so_a_corrected_retry_works(
    app: Circles,
) -> None:
    table = Table(app)
    person = table.members[0]
    before = stored_count(app)
    with pytest.raises(StepRefused):  # no meeting is open yet
        app.name_problem(
            table.id, person, "Geen overleg", actor=ACTOR, command_id="p-1"
        )
    assert stored_count(app) == before
    table.renew_all().open("Erkennen").hear_all()
    before = stored_count(app)
    with pytest.raises(InvalidInput):
        app.name_problem(table.id, person, " ", actor=ACTOR, command_id="p-2")
    assert stored_count(app) == before
    assert app.read_log(before) == []
    for command_id in ("p-1", "p-2"):
        number = app.name_problem(
            table.id, person, "Geen overleg", actor=ACTOR, command_id=command_id
        )
        assert number == {"p-1": 1, "p-2": 2}[command_id]


@pytest.mark.parametrize(
    "bad",
    ["two\nlines", "", "x" * (LONGEST_ID + 1), 7],
    ids=["two lines", "empty", "too long", "not text"],
)
def test_a_malformed_command_id_is_refused(app: Circles, bad: Any) -> None:
    with pytest.raises(InvalidInput, match="command id"):
        app.found_circle(title="T", challenge="C", actor=ACTOR, command_id=bad)
    assert stored_count(app) == 0


def test_another_process_retrying_gets_the_earlier_result(file_store_url: str) -> None:
    first = Circles(file_store_url)
    table = _problem_table(first)
    person = table.members[0]
    number = first.name_problem(
        table.id, person, "Geen overleg", actor=ACTOR, command_id="p-1"
    )
    circle = first.found_circle(title="T", challenge="C", actor=ACTOR, command_id="c-1")
    first.close()
    other = Circles(file_store_url)
    before = stored_count(other)
    assert (
        other.name_problem(
            table.id, person, "Geen overleg", actor=ACTOR, command_id="p-1"
        )
        == number
    )
    assert (
        other.found_circle(title="T", challenge="C", actor=ACTOR, command_id="c-1")
        == circle
    )
    assert stored_count(other) == before


def test_writers_racing_with_one_command_id_record_it_once(file_store_url: str) -> None:
    setup = Circles(file_store_url)
    table = _problem_table(setup)
    person = table.members[0]
    writers = 4
    start = threading.Barrier(writers)
    results: list[Any] = []
    failures: list[BaseException] = []

    def name_it() -> None:
        app = Circles(file_store_url)
        app.circle(table.id)  # loaded before the race starts
        start.wait()
        try:
            results.append(
                app.name_problem(
                    table.id, person, "Geen overleg", actor=ACTOR, command_id="race"
                )
            )
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=name_it) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert results == [1] * writers
    named = [
        e
        for e in Circles(file_store_url).history(table.id)
        if e.event == "ProblemNamed"
    ]
    assert len(named) == 1


def test_writers_racing_to_found_with_one_command_id_found_one_circle(
    file_store_url: str,
) -> None:
    writers = 4
    start = threading.Barrier(writers)
    results: list[UUID] = []
    failures: list[BaseException] = []

    def found() -> None:
        app = Circles(file_store_url)
        start.wait()
        try:
            results.append(
                app.found_circle(
                    title="T", challenge="C", actor=ACTOR, command_id="found"
                )
            )
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=found) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert len(set(results)) == 1 and len(results) == writers
    assert [c.circle_id for c in Circles(file_store_url).list_circles()] == results[:1]


def test_a_planned_meeting_retried_returns_the_same_date(app: Circles) -> None:
    table = Table(app).meeting("Erkennen")
    day = date(2027, 3, 1)
    planned = app.plan_next_meeting(table.id, day, actor=ACTOR, command_id="plan")
    before = stored_count(app)
    again = app.plan_next_meeting(table.id, day, actor=ACTOR, command_id="plan")
    assert planned == again == day
    assert stored_count(app) == before
    with pytest.raises(InvalidInput, match="'plan' was used already"):
        app.plan_next_meeting(table.id, actor=ACTOR, command_id="plan")


def test_receipts_are_no_circles_and_readers_of_the_log_pass_them_by(
    app: Circles,
) -> None:
    circle = app.found_circle(title="T", challenge="C", actor=ACTOR, command_id="c-1")
    person = app.register_person("Anna", actor=ACTOR, command_id="r-1")
    app.join(circle, person, "participant", actor=ACTOR, command_id="j-1")
    assert [c.circle_id for c in app.list_circles()] == [circle]
    receipts = [e for e in app.read_log() if e.aggregate == "receipt"]
    assert [e.details["command"] for e in receipts] == [
        "found_circle",
        "register_person",
        "join",
    ]
    assert receipts[0].aggregate_id == receipt_id("c-1")
    assert "Anna" not in str([dict(e.details) for e in receipts])
    assert [d.circle_id for d in app.due()] in ([], [circle])
    reports = CircleReports()
    reports.catch_up(app)
    assert len(reports) == 1
    assert len(reports.get(circle).members) == 1
    with pytest.raises(Exception, match="no circle"):
        app.history(receipt_id("c-1"))


def test_receipts_move_with_a_whole_store(tmp_path: Path) -> None:
    source = Circles(str(tmp_path / "from.db"))
    circle = source.found_circle(
        title="T", challenge="C", actor=ACTOR, command_id="c-1"
    )
    out = io.StringIO()
    export_events(source, out)
    target = Circles(str(tmp_path / "to.db"))
    import_events(target, out.getvalue().splitlines(keepends=True))
    before = stored_count(target)
    assert (
        target.found_circle(title="T", challenge="C", actor=ACTOR, command_id="c-1")
        == circle
    )
    assert stored_count(target) == before
    chain = LogChain(target)
    chain.extend()
    assert chain.verify().complete


def test_one_circle_moves_with_its_receipts_and_its_persons_references(
    tmp_path: Path,
) -> None:
    source = Circles(str(tmp_path / "from.db"))
    circle = source.found_circle(
        title="T", challenge="C", actor=ACTOR, command_id="c-1"
    )
    person = source.register_person(
        "Anna", reference="E-1", actor=ACTOR, command_id="r-1"
    )
    source.join(circle, person, "participant", actor=ACTOR, command_id="j-1")
    other = source.found_circle(title="O", challenge="C", actor=ACTOR, command_id="c-2")
    out = io.StringIO()
    export_events(source, out, circle=circle)
    target = Circles(str(tmp_path / "to.db"))
    import_events(target, out.getvalue().splitlines(keepends=True))
    before = stored_count(target)
    assert (
        target.found_circle(title="T", challenge="C", actor=ACTOR, command_id="c-1")
        == circle
    )
    target.join(circle, person, "participant", actor=ACTOR, command_id="j-1")
    assert target.find_person("E-1").id == person
    assert stored_count(target) == before
    assert other not in [c.circle_id for c in target.list_circles()]


def _name_once(store: str, circle: str, person: str, start: Any, results: Any) -> None:
    """One writer process: names the problem with the shared command id, and
    puts what it was told (or the error)."""
    app = Circles(store)
    app.position(circle)
    start.wait()
    try:
        results.put(
            app.name_problem(
                circle, person, "Geen overleg", actor=ACTOR, command_id="shared"
            )
        )
    except Exception as error:
        results.put(repr(error))
    finally:
        app.close()


def test_writer_processes_sending_one_command_id_record_it_once(
    file_store_url: str,
) -> None:
    setup = Circles(file_store_url)
    table = _problem_table(setup)
    setup.close()
    processes = 3
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(processes), context.Queue()
    writers = [
        context.Process(
            target=_name_once,
            args=(file_store_url, str(table.id), str(table.members[0]), start, results),
        )
        for _ in range(processes)
    ]
    for writer in writers:
        writer.start()
    told = [results.get(timeout=300) for _ in writers]
    for writer in writers:
        writer.join(timeout=60)
    assert told == [1] * processes
    history = Circles(file_store_url).history(table.id)
    assert [e.event for e in history].count("ProblemNamed") == 1
