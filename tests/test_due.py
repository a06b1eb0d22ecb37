# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""What is due: each deadline a format sets is not due, due, then overdue,
measured against an injected clock; a circle that ended has nothing due."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

import attrs
import pytest

from circleflow import Circles
from circleflow.builtin import CONSENSUS_ITEMS
from circleflow.errors import FormatError, InvalidInput, StepRefused, UnknownCircle
from circleflow.format import Deadline
from circleflow.format_toml import dumps_format, loads_format
from circleflow.formats.samenwerking.definition import SAMENWERKING
from circleflow.walk import ACTOR, register_people


class FakeClock:
    """A clock that stands still until it is moved."""

    def __init__(self, day: date) -> None:
        self.now = datetime.combine(day, time(12), tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: date) -> FakeClock:
        self.now = datetime.combine(day, time(12), tzinfo=UTC)
        return self


TODAY = datetime.now(UTC).date()  # the day the events below are recorded


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(TODAY)


@pytest.fixture
def app(clock: FakeClock) -> Iterator[Circles]:
    circles = Circles("memory:", clock=clock)
    yield circles
    circles.close()


def items(app: Circles, circle: UUID) -> list[tuple[str, bool]]:
    (due,) = app.due(circle=circle)
    return [(i.what, i.overdue) for i in due.items]


def test_the_clock_decides_what_now_is(app: Circles, clock: FakeClock) -> None:
    assert app.clock() == clock.now
    with pytest.raises(InvalidInput, match="aware datetime"):
        app.due(datetime(2030, 1, 1))


def test_registration_steps_take_the_clock_s_day(
    app: Circles, clock: FakeClock
) -> None:
    cid = app.found_circle("leernetwerkgroep", title="LNG", challenge="c", actor=ACTOR)
    deadline = TODAY + timedelta(days=10)
    app.set_registration_deadline(cid, deadline, actor=ACTOR)
    (early, late) = register_people(app, "Deelnemer", 2)
    app.join(cid, early, "participant", actor=ACTOR)
    clock.on(deadline + timedelta(days=1))
    with pytest.raises(StepRefused, match="too late"):
        app.join(cid, late, "participant", actor=ACTOR)
    app.close_registration(cid, actor=ACTOR)
    closed = app.history(cid)[-1]
    assert closed.event == "RegistrationClosed"
    assert closed.details["on"] == (deadline + timedelta(days=1)).isoformat()


def test_what_is_allowed_follows_the_clock_s_day(
    app: Circles, clock: FakeClock
) -> None:
    cid = app.found_circle("leernetwerkgroep", title="LNG", challenge="c", actor=ACTOR)
    deadline = TODAY + timedelta(days=10)
    app.set_registration_deadline(cid, deadline, actor=ACTOR)
    (person,) = register_people(app, "Deelnemer", 1)
    app.join(cid, person, "participant", actor=ACTOR)

    def offered() -> set[str]:
        return {step.command for step in app.allowed(cid)}

    assert "close_registration" not in offered()
    assert "close_registration" not in {s.command for s in app.position(cid).allowed}
    clock.on(deadline + timedelta(days=1))
    assert "close_registration" in offered()
    assert "close_registration" in {s.command for s in app.position(cid).allowed}


def test_a_planned_session_is_due_on_its_date_then_overdue(
    app: Circles, clock: FakeClock
) -> None:
    cid = app.found_circle("mastercircle", title="MC", challenge="c", actor=ACTOR)
    app.schedule(cid, TODAY, actor=ACTOR)
    urgentie = TODAY + timedelta(weeks=2)

    clock.on(urgentie - timedelta(days=1))
    assert items(app, cid) == []
    assert app.due() == []  # only circles with something due are listed

    clock.on(urgentie)
    assert items(app, cid) == [("session", False)]
    (due,) = app.due()
    (item,) = due.items
    assert (item.circle_id, item.title, item.by, item.roles) == (
        cid,
        "MC",
        urgentie,
        ("facilitator",),
    )
    assert "Urgentie" in item.detail

    clock.on(urgentie + timedelta(days=1))
    assert items(app, cid) == [("session", True)]
    # now given explicitly wins over the clock
    assert app.due(datetime.combine(TODAY, time(9), tzinfo=UTC)) == []


def test_registration_is_due_on_its_deadline_and_a_cancelled_circle_has_nothing(
    app: Circles, clock: FakeClock
) -> None:
    cid = app.found_circle("leernetwerkgroep", title="LNG", challenge="c", actor=ACTOR)
    deadline = TODAY + timedelta(days=10)
    app.set_registration_deadline(cid, deadline, actor=ACTOR)

    clock.on(deadline - timedelta(days=1))
    assert items(app, cid) == []
    clock.on(deadline)
    assert items(app, cid) == [("registration", False)]
    clock.on(deadline + timedelta(days=3))
    assert items(app, cid) == [("registration", True)]

    # too few registered: no-go, the circle is cancelled and nothing is due
    app.close_registration(cid, on=deadline + timedelta(days=3), actor=ACTOR)
    assert items(app, cid) == []
    assert app.due() == []


def _samenwerking(app: Circles) -> tuple[UUID, list[UUID], list[UUID]]:
    members = [
        app.register_person(f"Lid {n}", organisation=f"Org {n}", actor=ACTOR)
        for n in range(3)
    ]
    (facilitator,) = register_people(app, "Begeleider", 1)
    cid = app.found_circle("samenwerking", title="SW", challenge="c", actor=ACTOR)
    app.join(cid, facilitator, "facilitator", actor=ACTOR)
    for person in members:
        app.join(cid, person, "participant", actor=ACTOR)
    return cid, members, [facilitator, *members]


def _meeting(
    app: Circles, cid: UUID, stage: str, members: list[UUID], table: list[UUID]
) -> None:
    for person in members:
        app.renew_mandate(cid, person, "scope", actor=ACTOR)
    app.open_session(cid, stage, table, actor=ACTOR)
    for person in members:
        app.voice_concerns(cid, person, "", actor=ACTOR)


def test_mandates_are_due_after_a_meeting_until_renewed(
    app: Circles, clock: FakeClock
) -> None:
    cid, members, table = _samenwerking(app)
    assert items(app, cid) == []  # no meeting held yet
    _meeting(app, cid, "Erkennen", members, table)
    app.hold_session(cid, actor=ACTOR)

    assert items(app, cid) == [("mandate", False)]
    (due,) = app.due(circle=cid)
    assert set(due.items[0].persons) == {str(m) for m in members}
    assert due.items[0].by == TODAY + timedelta(days=14)

    clock.on(TODAY + timedelta(days=15))
    assert items(app, cid) == [("mandate", True)]
    app.renew_mandate(cid, members[0], "scope", actor=ACTOR)
    (due,) = app.due(circle=cid)
    assert set(due.items[0].persons) == {str(m) for m in members[1:]}
    for person in members[1:]:
        app.renew_mandate(cid, person, "scope", actor=ACTOR)
    assert items(app, cid) == []


def test_a_two_is_due_for_reflection_and_overdue_once_its_next_meeting_passed(
    app: Circles, clock: FakeClock
) -> None:
    cid, members, table = _samenwerking(app)
    _meeting(app, cid, "Erkennen", members, table)
    app.hold_session(cid, actor=ACTOR)
    _meeting(app, cid, "DoorzichtigMaken", members, table)
    for item in CONSENSUS_ITEMS:
        app.record_consensus(cid, item, "ok", actor=ACTOR)
    first = app.agree_two(cid, members, "Wekelijks overleg", "snel", actor=ACTOR)
    assert items(app, cid) == [("two", False)]
    app.hold_session(cid, actor=ACTOR)
    assert sorted(items(app, cid)) == [("mandate", False), ("two", False)]

    _meeting(app, cid, "Verruimen", members, table)
    app.hold_session(cid, actor=ACTOR)  # held without reflecting on it
    assert ("two", True) in items(app, cid)

    app.act_on_two(cid, first, members[0], "gedaan", actor=ACTOR)
    _meeting(app, cid, "Verruimen", members, table)
    app.reflect_on_two(cid, first, members[1], "te vaak", actor=ACTOR)
    assert [w for w, _ in items(app, cid)] == []


def test_a_leergroep_plans_its_next_meeting_within_about_two_months(
    app: Circles, clock: FakeClock
) -> None:
    facilitators = register_people(app, "Begeleider", 2)
    directors = register_people(app, "Directeur", 3)
    cid = app.found_circle("leergroep", title="LG", challenge="c", actor=ACTOR)
    for person in facilitators:
        app.join(cid, person, "facilitator", actor=ACTOR)
    for person in directors:
        app.join(cid, person, "participant", actor=ACTOR)
    assert items(app, cid) == []  # nothing held yet
    app.open_session(cid, "Bijeenkomst", [*facilitators, *directors], actor=ACTOR)
    app.choose_subject(cid, "Onderwerp", brought_by=directors[0], actor=ACTOR)
    app.hold_session(cid, actor=ACTOR)

    assert items(app, cid) == [("next-meeting", False)]
    clock.on(TODAY + timedelta(days=62))
    assert items(app, cid) == [("next-meeting", True)]

    planned = app.plan_next_meeting(cid, TODAY + timedelta(days=70), actor=ACTOR)
    assert items(app, cid) == []  # planned, and its date has not come
    clock.on(planned + timedelta(days=1))
    assert items(app, cid) == [("session", True)]

    app.conclude(cid, reason="klaar", actor=ACTOR)
    assert items(app, cid) == []


def test_due_names_an_unknown_circle(app: Circles) -> None:
    with pytest.raises(UnknownCircle):
        app.due(circle="0" * 32)


def test_deadlines_are_read_from_format_files_and_checked() -> None:
    assert loads_format(dumps_format(SAMENWERKING)) == SAMENWERKING
    text = dumps_format(SAMENWERKING)
    with pytest.raises(FormatError, match="unknown deadline kind 'later'"):
        loads_format(text.replace('kind = "two"', 'kind = "later"'))
    with pytest.raises(FormatError, match="days must be a whole number"):
        loads_format(text.replace("days = 14", "days = -1"))
    with pytest.raises(FormatError, match="needs registration = true"):
        attrs.evolve(SAMENWERKING, deadlines=(Deadline("registration"),))
    with pytest.raises(FormatError, match="does not have"):
        attrs.evolve(SAMENWERKING, deadlines=(Deadline("session", who={"master"}),))


def test_the_due_command_lists_what_is_due_as_text_and_json(db_path: str) -> None:
    from click.testing import CliRunner

    from circleflow.cli import cli

    with Circles(db_path) as app:
        cid = app.found_circle("mastercircle", title="MC", challenge="c", actor=ACTOR)
        app.schedule(cid, TODAY, actor=ACTOR)
    runner = CliRunner()
    urgentie = TODAY + timedelta(weeks=2)
    late = f"{urgentie + timedelta(days=1)}T12:00:00+00:00"

    result = runner.invoke(cli, ["--db", db_path, "due", "--at", f"{TODAY}T12:00"])
    assert result.exit_code == 0, result.output
    assert "Nothing is due." in result.output

    result = runner.invoke(cli, ["--db", db_path, "due", "--at", late])
    assert result.exit_code == 0, result.output
    assert "OVERDUE open the meeting of Urgentie" in result.output
    assert "facilitator" in result.output

    result = runner.invoke(
        cli, ["--db", db_path, "due", "--json", "--circle", str(cid)[:8], "--at", late]
    )
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)
    assert entry["circle_id"] == str(cid)
    assert [(i["what"], i["overdue"], i["by"]) for i in entry["items"]] == [
        ("session", True, urgentie.isoformat())
    ]
