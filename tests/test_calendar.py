# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A circle's meetings as an iCalendar file: one all-day event per meeting,
planned or held, with a UID that stays the same across exports and a
SEQUENCE that grows when the meeting changes. Every file is read back with
the icalendar library. The texts are read in Dutch, the default language
(one test shows the English)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from circleflow import Circles, InvalidInput, UnknownCircle
from circleflow.builtin import LEERGROEP, MASTERCIRCLE, SAMENWERKING
from circleflow.cli import cli
from circleflow.demo import DEMOS
from circleflow.language import use_language
from circleflow.meetings import fold_meetings
from circleflow.walk import ACTOR, register_people
from tests.conftest import Cast
from tests.test_startup import _loaded

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2027, 1, 2, 9, 30, tzinfo=UTC)
START = date(2027, 1, 4)


@pytest.fixture(autouse=True)
def dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The calendar in Dutch, as a person without a language setting reads it."""
    monkeypatch.setenv("CIRCLEFLOW_LANG", "nl")


@pytest.fixture
def app() -> Iterator[Circles]:
    circles = Circles("memory:", clock=lambda: NOW)
    yield circles
    circles.close()


def events(data: bytes) -> list[dict[str, Any]]:
    """The events of an iCalendar file, read back: each property's value."""
    calendar = Calendar.from_ical(data)
    return [
        {name: event.decoded(name) for name in event}
        for event in calendar.walk("VEVENT")
    ]


def by_stage(data: bytes) -> dict[str, dict[str, Any]]:
    """The events of a file, by the stage in their UID (and number)."""
    found = {}
    for event in events(data):
        found[str(event["UID"]).split("-", 5)[5].removesuffix("@circleflow")] = event
    return found


def days(event: dict[str, Any]) -> tuple[date, date]:
    """The first day of an event and the day after its last (exclusive end)."""
    return event["DTSTART"], event["DTEND"]


def opened_day(app: Circles, circle: UUID, stage: str) -> date:
    """The day (Dutch time) the history records ``stage`` was opened."""
    entry = next(
        e
        for e in app.history(circle)
        if e.event == "SessionOpened" and e.details["stage"] == stage
    )
    return entry.recorded_at.astimezone(AMSTERDAM).date()


def planned_mastercircle(app: Circles) -> Cast:
    cast = Cast(app).join_all()
    app.schedule(cast.id, START, actor=ACTOR)
    return cast


def network(app: Circles, participants: int = 8) -> UUID:
    """A Leernetwerkgroep planned from ``START``, registration closed."""
    facilitators = register_people(app, "Leerbegeleider", 2)
    people = register_people(app, "HR-adviseur", participants, organisation="Gouda")
    circle = app.found_circle(
        "leernetwerkgroep",
        title="Eigen regie",
        challenge="HRM als netwerkpartner",
        actor=ACTOR,
    )
    app.set_registration_deadline(circle, NOW.date(), actor=ACTOR)
    for person in facilitators:
        app.join(circle, person, "facilitator", actor=ACTOR)
    for person in people:
        app.join(circle, person, "participant", actor=ACTOR)
    app.schedule(circle, START, actor=ACTOR)
    app.close_registration(circle, actor=ACTOR)
    return circle


# -- planned meetings ----------------------------------------------------------------


def test_each_planned_session_is_an_all_day_event_on_its_planned_day(
    app: Circles,
) -> None:
    cast = planned_mastercircle(app)
    found = by_stage(app.calendar(cast.id))
    assert list(found) == ["Urgentie", "Opgave", "Omslag", "Toekomst", "Oogst"]
    for stage in MASTERCIRCLE.stages:
        event = found[stage.name]
        assert stage.week is not None
        day = START + timedelta(weeks=stage.week)
        assert days(event) == (day, day + timedelta(days=1))
        assert type(event["DTSTART"]) is date  # VALUE=DATE: all day
        assert event["SUMMARY"] == f"Test — {stage.title}"
        assert event["STATUS"] == "CONFIRMED"
        assert event["SEQUENCE"] == 0
        assert event["DTSTAMP"] == NOW
        assert "Status: gepland" in event["DESCRIPTION"]
    urgency = found["Urgentie"]["DESCRIPTION"]
    assert urgency.splitlines() == [
        "Mastercircle: Test",
        "Bijeenkomst: De urgentie",
        "Duur: 2 uur",
        "Status: gepland",
        "Gepland: 18 januari 2027",
        "Voor: deelnemers, begeleiders, sponsors en gasten",
    ]


def test_the_calendar_is_named_after_the_circle(app: Circles) -> None:
    cast = planned_mastercircle(app)
    calendar = Calendar.from_ical(app.calendar(cast.id))
    assert calendar["X-WR-CALNAME"] == "Test (Mastercircle)"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"]).startswith("-//circleflow//")


def test_a_meeting_of_several_days_spans_them(app: Circles) -> None:
    found = by_stage(app.calendar(network(app)))
    first = START + timedelta(weeks=15)
    assert days(found["Tweedaagse1"]) == (first, first + timedelta(days=2))
    assert days(found["Eendaagse"])[1] - days(found["Eendaagse"])[0] == timedelta(1)
    assert "Gepland: 19 t/m 20 april 2027" in found["Tweedaagse1"]["DESCRIPTION"]
    assert "Duur: 2 dagen" in found["Tweedaagse1"]["DESCRIPTION"]


def test_a_span_given_when_rescheduling_is_kept(app: Circles) -> None:
    cast = planned_mastercircle(app)
    span = (date(2027, 2, 15), date(2027, 2, 17))
    app.reschedule(cast.id, "Omslag", span, actor=ACTOR)
    event = by_stage(app.calendar(cast.id))["Omslag"]
    assert days(event) == (span[0], date(2027, 2, 18))
    assert "Gepland: 15 t/m 17 februari 2027" in event["DESCRIPTION"]


# -- lasting UIDs and growing sequences ----------------------------------------------


def test_exporting_again_gives_the_same_file(app: Circles) -> None:
    cast = planned_mastercircle(app)
    assert app.calendar(cast.id) == app.calendar(cast.id)


def test_another_process_exports_the_same_uids(db_path: str) -> None:
    first = Circles(db_path, clock=lambda: NOW)
    cast = planned_mastercircle(first)
    exported = [str(e["UID"]) for e in events(first.calendar(cast.id))]
    first.close()
    again = Circles(db_path, clock=lambda: NOW + timedelta(days=3))
    app_uids = [str(e["UID"]) for e in events(again.calendar(cast.id))]
    again.close()
    assert app_uids == exported
    assert len(set(exported)) == 5
    assert all(uid.startswith(f"{cast.id}-") for uid in exported)


def test_rescheduling_keeps_the_uid_and_raises_the_sequence(app: Circles) -> None:
    cast = planned_mastercircle(app)
    before = by_stage(app.calendar(cast.id))
    app.reschedule(cast.id, "Opgave", date(2027, 2, 3), actor=ACTOR)
    after = by_stage(app.calendar(cast.id))
    assert [e["UID"] for e in after.values()] == [e["UID"] for e in before.values()]
    assert after["Opgave"]["SEQUENCE"] == before["Opgave"]["SEQUENCE"] + 1
    assert days(after["Opgave"])[0] == date(2027, 2, 3)
    for stage in ("Urgentie", "Omslag", "Toekomst", "Oogst"):
        assert after[stage] == before[stage]


def test_opening_and_holding_raise_the_sequence(app: Circles) -> None:
    cast = planned_mastercircle(app)
    sequences = [by_stage(app.calendar(cast.id))["Urgentie"]["SEQUENCE"]]
    app.open_session(cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR)
    sequences.append(by_stage(app.calendar(cast.id))["Urgentie"]["SEQUENCE"])
    app.state_urgency(cast.id, cast.sponsor, "Het moet nu.", actor=ACTOR)
    app.hold_session(cast.id, actor=ACTOR)
    sequences.append(by_stage(app.calendar(cast.id))["Urgentie"]["SEQUENCE"])
    assert sequences == [0, 1, 2]


# -- held meetings -------------------------------------------------------------------


def test_a_held_meeting_is_on_the_day_it_was_opened_with_its_plan_beside_it(
    app: Circles,
) -> None:
    cast = planned_mastercircle(app).run_urgentie()
    event = by_stage(app.calendar(cast.id))["Urgentie"]
    day = opened_day(app, cast.id, "Urgentie")
    assert days(event) == (day, day + timedelta(days=1))
    lines = str(event["DESCRIPTION"]).splitlines()
    assert "Status: gehouden" in lines
    assert "Gepland: 18 januari 2027" in lines
    assert "Aanwezig: 3 deelnemers, 1 begeleider en 1 sponsor" in lines
    assert event["STATUS"] == "CONFIRMED"


def test_an_open_meeting_says_it_is_under_way(app: Circles) -> None:
    cast = planned_mastercircle(app).run_urgentie().open_master_session()
    event = by_stage(app.calendar(cast.id))["Opgave"]
    assert "Status: bezig" in str(event["DESCRIPTION"]).splitlines()
    assert "Aanwezig: 3 deelnemers, 1 begeleider en 1 master" in event["DESCRIPTION"]


def test_a_held_meeting_of_several_days_spans_them(app: Circles) -> None:
    circle = DEMOS["leernetwerkgroep"](app)
    found = by_stage(app.calendar(circle))
    day = opened_day(app, circle, "Tweedaagse2")
    assert days(found["Tweedaagse2"]) == (day, day + timedelta(days=2))
    assert found["Tweedaagse2"]["LOCATION"] == "Delft"
    assert "Gastorganisatie: Delft" in found["Tweedaagse2"]["DESCRIPTION"]


def test_the_file_names_no_person(app: Circles) -> None:
    cast = planned_mastercircle(app).run_urgentie()
    data = app.calendar(cast.id).decode()
    for person in [cast.facilitator, cast.sponsor, *cast.participants]:
        assert app.person(person).name not in data
        assert str(person) not in data


def _event(kind: str, at: datetime, **fields: Any) -> Any:
    event = type(kind, (SimpleNamespace,), {})(timestamp=at, state="", **fields)
    return event


def test_the_day_a_meeting_was_held_is_told_in_dutch_time() -> None:
    late = datetime(2027, 3, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 March in NL
    history = [
        _event("SessionOpened", late, stage="Bijeenkomst", attendees=[], host=None),
        _event("SessionHeld", late + timedelta(hours=2), stage="Bijeenkomst"),
    ]
    (dutch,) = fold_meetings(history, LEERGROEP)
    (utc,) = fold_meetings(history, LEERGROEP, "UTC")
    assert (dutch.first, dutch.last, dutch.status) == (date(2027, 3, 2),) * 2 + (
        "held",
    )
    assert utc.first == date(2027, 3, 1)


# -- repeating stages and meetings that will not be held -----------------------------


def test_a_meeting_planned_for_a_phase_the_circle_left_is_cancelled() -> None:
    at = datetime(2027, 1, 4, 12, tzinfo=UTC)
    phase: dict[str, Any] = {"attendees": [], "host": None}
    history = [
        _event("SessionOpened", at, stage="Erkennen", **phase),
        _event("SessionHeld", at, stage="Erkennen"),
        _event("SessionScheduled", at, stage="Erkennen", date="2027-02-01"),
        _event(
            "SessionOpened", at + timedelta(days=7), stage="DoorzichtigMaken", **phase
        ),
    ]
    left = fold_meetings(history, SAMENWERKING)
    assert [(m.stage, m.number, m.status, m.revision) for m in left] == [
        ("Erkennen", 1, "held", 1),
        ("DoorzichtigMaken", 1, "open", 0),
        ("Erkennen", 2, "cancelled", 1),
    ]
    assert left[2].changed == at + timedelta(days=7)
    again = _event("SessionScheduled", at, stage="Erkennen", date="2027-03-01")
    back = fold_meetings([*history, again], SAMENWERKING)[-1]
    assert (back.number, back.status, back.revision) == (2, "planned", 2)
    assert back.first == date(2027, 3, 1)


def test_the_meetings_of_a_repeating_stage_are_numbered(app: Circles) -> None:
    circle = DEMOS["leergroep"](app)
    found = by_stage(app.calendar(circle))
    assert list(found) == ["Bijeenkomst-1", "Bijeenkomst-2", "Bijeenkomst-3"]
    second = found["Bijeenkomst-2"]
    assert second["SUMMARY"] == (
        "Leergroep grenzeloos samenwerken — Bijeenkomst van de leergroep (nr. 2)"
    )
    assert "Aanwezig: 4 deelnemers, 2 begeleiders en 1 gast" in second["DESCRIPTION"]


def test_the_next_meeting_planned_gets_the_next_number(app: Circles) -> None:
    facilitators = register_people(app, "Begeleider", 2)
    directors = register_people(app, "Directeur", 3)
    circle = app.found_circle(
        "leergroep", title="Leergroep", challenge="Leren", actor=ACTOR
    )
    for person in facilitators:
        app.join(circle, person, "facilitator", actor=ACTOR)
    for person in directors:
        app.join(circle, person, "participant", actor=ACTOR)
    app.plan_next_meeting(circle, date(2027, 1, 11), actor=ACTOR)
    planned = by_stage(app.calendar(circle))
    assert list(planned) == ["Bijeenkomst-1"]
    app.open_session(circle, "Bijeenkomst", [*facilitators, *directors], actor=ACTOR)
    app.choose_subject(circle, "Mandaat", brought_by=directors[0], actor=ACTOR)
    app.hold_session(circle, actor=ACTOR)
    app.plan_next_meeting(circle, date(2027, 3, 15), actor=ACTOR)
    found = by_stage(app.calendar(circle))
    assert list(found) == ["Bijeenkomst-1", "Bijeenkomst-2"]
    assert found["Bijeenkomst-1"]["UID"] == planned["Bijeenkomst-1"]["UID"]
    assert days(found["Bijeenkomst-2"])[0] == date(2027, 3, 15)
    assert found["Bijeenkomst-2"]["STATUS"] == "CONFIRMED"

    app.conclude(circle, reason="Klaar.", actor=ACTOR)
    ended = by_stage(app.calendar(circle))["Bijeenkomst-2"]
    assert ended["STATUS"] == "CANCELLED"
    assert ended["SEQUENCE"] > found["Bijeenkomst-2"]["SEQUENCE"]
    assert ended["SUMMARY"] == (
        "Vervallen: Leergroep — Bijeenkomst van de leergroep (nr. 2)"
    )


def test_a_cancelled_circle_cancels_its_planned_sessions(app: Circles) -> None:
    circle = network(app, participants=3)  # fewer than 8: no-go
    found = events(app.calendar(circle))
    assert len(found) == 6
    for event in found:
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert str(event["SUMMARY"]).startswith("Vervallen: Eigen regie — ")
        assert "Status: vervallen" in event["DESCRIPTION"]


# -- bad input -----------------------------------------------------------------------


def test_an_unknown_circle_is_an_error(app: Circles) -> None:
    with pytest.raises(UnknownCircle):
        app.calendar(uuid4())
    with pytest.raises(InvalidInput, match="geen geldig id"):
        app.calendar("no id")


def test_an_unknown_time_zone_is_an_error(app: Circles) -> None:
    cast = planned_mastercircle(app)
    with pytest.raises(InvalidInput, match="onbekende tijdzone 'Mars/Olympus'"):
        app.calendar(cast.id, time_zone="Mars/Olympus")


def test_a_meeting_on_the_last_date_there_is_lasts_one_day(app: Circles) -> None:
    cast = planned_mastercircle(app)
    app.reschedule(cast.id, "Oogst", date.max, actor=ACTOR)
    event = by_stage(app.calendar(cast.id))["Oogst"]
    assert event["DTSTART"] == date.max
    assert "DTEND" not in event
    assert event["DURATION"] == timedelta(days=1)


# -- every format, and the file itself -----------------------------------------------


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_the_demo_circle_of_each_format_exports_a_valid_calendar(
    app: Circles, name: str
) -> None:
    circle = DEMOS[name](app)
    data = app.calendar(circle)
    found = events(data)
    assert len(found) == len(app.circle(circle).meetings)
    uids = [str(event["UID"]) for event in found]
    assert len(set(uids)) == len(uids)
    for event in found:
        for needed in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
            assert needed in event, (needed, event)
        assert days(event)[0] < days(event)[1]
        assert event["STATUS"] == "CONFIRMED"
        assert "Status: gehouden" in event["DESCRIPTION"]
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert Calendar.from_ical(data).to_ical() == data


def test_the_library_loads_icalendar_only_for_a_calendar() -> None:
    loaded = _loaded("from circleflow import Circles\nCircles('memory:')")
    assert not any(m == "icalendar" or m.startswith("icalendar.") for m in loaded)


# -- the command line ----------------------------------------------------------------


def _stored_circle(db_path: str) -> str:
    app = Circles(db_path)
    cast = planned_mastercircle(app)
    app.close()
    return str(cast.id)


def test_the_command_writes_the_file_and_will_not_overwrite_it(
    db_path: str, tmp_path: Path
) -> None:
    circle = _stored_circle(db_path)
    output = tmp_path / "kring.ics"
    runner = CliRunner()
    args = ["--db", db_path, "calendar", circle[:8], "-o", str(output)]
    done = runner.invoke(cli, args)
    assert done.exit_code == 0, done.output
    assert done.output == f"5 bijeenkomsten geschreven naar {output}.\n"
    assert len(events(output.read_bytes())) == 5

    output.write_bytes(b"mine")
    again = runner.invoke(cli, args)
    assert again.exit_code == 1
    assert "bestaat al" in again.output
    assert output.read_bytes() == b"mine"

    forced = runner.invoke(cli, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert len(events(output.read_bytes())) == 5


def test_the_command_writes_to_standard_output(db_path: str) -> None:
    circle = _stored_circle(db_path)
    done = CliRunner().invoke(cli, ["--db", db_path, "calendar", circle, "-o", "-"])
    assert done.exit_code == 0
    assert len(events(done.stdout_bytes)) == 5


def test_the_command_refuses_an_unknown_circle(db_path: str, tmp_path: Path) -> None:
    _stored_circle(db_path)
    output = tmp_path / "kring.ics"
    done = CliRunner().invoke(
        cli, ["--db", db_path, "calendar", str(uuid4()), "-o", str(output)]
    )
    assert done.exit_code == 1
    assert "geen kring" in done.output
    assert not output.exists()


def test_the_command_needs_a_store(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.db")
    done = CliRunner().invoke(
        cli, ["--db", missing, "calendar", "abc", "-o", str(tmp_path / "x.ics")]
    )
    assert done.exit_code == 1
    assert not Path(missing).exists()


def test_the_calendar_follows_the_language_chosen(app: Circles) -> None:
    circle = app.found_circle(
        "leergroep", title="Leergroep", challenge="Leren", actor=ACTOR
    )
    app.plan_next_meeting(circle, START, actor=ACTOR)
    with use_language("en"):
        [english] = events(app.calendar(circle))
    [dutch] = events(app.calendar(circle))
    assert "Planned: 4 January 2027" in english["DESCRIPTION"]
    assert "Gepland: 4 januari 2027" in dutch["DESCRIPTION"]
