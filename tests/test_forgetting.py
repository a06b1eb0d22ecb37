# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Per-person encryption and forgetting a person.

Personal text is stored sealed with the key of the person it is about;
forgetting a person destroys the key. The history stays complete and the
workflow is untouched, but the forgotten person's name, contact data and
every text about them read as ``[forgotten]``, in every process and on disk.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pytest
from attrs import evolve

from circleflow import (
    FORGOTTEN,
    Circles,
    ForgettingIncomplete,
    ForgottenPerson,
    StepRefused,
    UnknownPerson,
)
from circleflow.demo import run_mastercircle
from circleflow.reports import CircleReports, render
from tests.conftest import ACTOR, Cast


def _texts_about(app: Circles, circle: UUID, person: UUID) -> list[str]:
    """The feedback, topics and dialogue summaries about ``person``."""
    found = []
    for entry in app.history(circle):
        d = entry.details
        if entry.event == "FeedbackGiven" and d["receiver"] == str(person):
            found.append(d["feedback"])
        if entry.event in ("HotSeatTaken", "MasterDialogueHeld") and d[
            "participant"
        ] == str(person):
            found.append(d.get("topic") or d.get("summary") or "")
    return [text for text in found if text]


def _to_oogst(app: Circles) -> Cast:
    cast = Cast(app, participants=2).join_all().run_urgentie()
    cast.run_master_session("Opgave", 0)
    return cast


def test_a_forgotten_persons_data_reads_as_forgotten_and_the_workflow_stays(
    store_url: str,
) -> None:
    app = Circles(store_url)
    cast = _to_oogst(app)
    anna, bram = cast.participants
    before = app.position(cast.id)
    assert _texts_about(app, cast.id, anna)
    assert app.person(anna).name == "Deelnemer 0"

    app.forget_person(anna, actor="privacy-officer")

    again = app if store_url == "memory:" else Circles(store_url)
    assert again.person(anna).name == FORGOTTEN
    assert set(_texts_about(again, cast.id, anna)) == {FORGOTTEN}
    assert FORGOTTEN not in _texts_about(again, cast.id, bram)
    assert again.person(bram).name == "Deelnemer 1"
    after = again.position(cast.id)
    assert evolve(after, allowed=()) == evolve(before, allowed=())
    assert len(again.history(cast.id)) == before.version
    # The workflow stands where it stood, but Anna is no longer offered.
    [opening] = [s for s in after.allowed if s.command == "open_session"]
    assert str(anna) not in opening.choices("attendees")
    assert str(bram) in opening.choices("attendees")


def test_nothing_new_can_be_recorded_about_a_forgotten_person(
    store_url: str,
) -> None:
    app = Circles(store_url)
    cast = Cast(app, participants=2).join_all().run_urgentie()
    anna = cast.participants[0]
    cast.to_uitwisselen()
    app.take_hot_seat(cast.id, anna, topic="Mijn aanpak", actor=ACTOR)
    app.forget_person(anna, actor="privacy-officer")
    version = app.position(cast.id).version
    with pytest.raises(ForgottenPerson, match="has been forgotten"):
        app.give_feedback(cast.id, cast.participants[1], "addition", "Tip", actor=ACTOR)
    assert app.position(cast.id).version == version
    later = app.found_circle(title="Later", challenge="Nog een", actor=ACTOR)
    with pytest.raises(StepRefused, match="has been forgotten") as refused:
        app.join(later, anna, "participant", actor=ACTOR)
    assert refused.value.rule == "forgotten-person"


def test_forgetting_is_recorded_once_and_can_be_repeated(store_url: str) -> None:
    app = Circles(store_url)
    anna = app.register_person("Anna", email="anna@example.nl", actor=ACTOR)
    app.forget_person(anna, actor="privacy-officer", origin="avg-portaal")
    app.forget_person(anna, actor="privacy-officer")
    events = [e for e in app.read_log(limit=1000) if e.aggregate_id == anna]
    assert [e.event for e in events] == ["PersonRegistered", "PersonForgotten"]
    assert (events[1].actor, events[1].origin) == ("privacy-officer", "avg-portaal")
    assert events[0].details == {
        "name": FORGOTTEN,
        "email": FORGOTTEN,
        "organisation": "",
    }
    with pytest.raises(UnknownPerson):
        app.forget_person("5d4b3d43-0000-0000-0000-000000000000", actor=ACTOR)


def test_text_about_two_persons_is_gone_when_either_is_forgotten() -> None:
    app = Circles("memory:")
    cast = Cast(app, participants=3).join_all().run_urgentie().to_uitwisselen()
    a, b, c = cast.participants
    app.note_synergy(cast.id, cast.masters[0], [a, b], "Samen sterker", actor=ACTOR)
    app.note_synergy(cast.id, cast.masters[0], [b, c], "Zelfde netwerk", actor=ACTOR)
    app.forget_person(a, actor="privacy-officer")
    notes = [
        e.details["note"] for e in app.history(cast.id) if e.event == "SynergyNoted"
    ]
    assert notes == [FORGOTTEN, "Zelfde netwerk"]


def test_on_disk_neither_the_text_nor_the_key_remains(tmp_path: Path) -> None:
    db = tmp_path / "circles.db"
    app = Circles(str(db))
    secret_name = "Zeldzame Naam Achternaam"
    anna = app.register_person(secret_name, email="zeldzaam@example.nl", actor=ACTOR)
    key = app.person_keys.for_reading(anna)
    assert key is not None

    def on_disk() -> bytes:
        return b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())

    assert secret_name.encode() not in on_disk()  # sealed from the start
    assert key.hex().encode() in on_disk()
    app.forget_person(anna, actor="privacy-officer")
    assert key.hex().encode() not in on_disk()
    assert key not in on_disk()


def test_a_rebuilt_report_shows_the_person_as_forgotten() -> None:
    app = Circles("memory:")
    circle = run_mastercircle(app, participants=2)
    facilitator = next(
        UUID(e.details["person"])
        for e in app.history(circle)
        if e.event == "MemberJoined" and e.details["role"] == "facilitator"
    )
    app.forget_person(facilitator, actor="privacy-officer")
    reports = CircleReports()
    reports.catch_up(app)
    page = render(reports.get(circle), "markdown")
    assert "| (forgotten person) | facilitator |" in page
    assert FORGOTTEN not in page


def test_a_person_forgotten_elsewhere_is_forgotten_here_too(db_path: str) -> None:
    here, elsewhere = Circles(db_path), Circles(db_path)
    cast = _to_oogst(here)
    anna = cast.participants[0]
    assert here.person(anna).name == "Deelnemer 0"  # loaded and cached here
    assert FORGOTTEN not in _texts_about(here, cast.id, anna)  # keys cached here

    elsewhere.forget_person(anna, actor="privacy-officer")

    assert here.person(anna).name == FORGOTTEN
    here.person_keys.cache_seconds = 0  # as if the key cache's time had passed
    assert set(_texts_about(here, cast.id, anna)) == {FORGOTTEN}
    with pytest.raises(StepRefused, match="forgotten-person"):
        here.join(cast.id, anna, "guest", actor=ACTOR)


def _on_disk(folder: Path) -> bytes:
    """Every byte of every file in ``folder`` (the database, -wal and -shm)."""
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


def _forgotten_events(app: Circles, person: UUID) -> list[tuple[str, str]]:
    return [
        (e.actor, e.origin)
        for e in app.read_log(limit=100_000)
        if e.aggregate_id == person and e.event == "PersonForgotten"
    ]


# A process that forgets a person and is killed (kill -9) at one step of it.
_FORGET_AND_DIE = """
import os, signal, sys
from circleflow import Circles
from circleflow.person_keys import PersonKeys
from circleflow.side_tables import SideTables

store, person, step = sys.argv[1:]
when, what = step.split(" ", 1)
owner, name = {
    "the key is destroyed": (PersonKeys, "forget"),
    "the event is saved": (Circles, "_save"),
    "the scrub": (SideTables, "scrub"),
}[what]
original = getattr(owner, name)

def dying(*args, **kwargs):
    if when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = original(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(owner, name, dying)
Circles(store).forget_person(person, actor="privacy-officer", origin="avg-portaal")
"""

_STEPS = [
    "before the key is destroyed",
    "after the key is destroyed",
    "before the event is saved",
    "after the event is saved",
    "before the scrub",
    "after the scrub",
]


def _forget_and_die(store: str, person: UUID, step: str) -> None:
    root = Path(__file__).resolve().parent.parent
    env = os.environ | {"PYTHONPATH": str(root / "src")}
    child = subprocess.run(
        [sys.executable, "-c", _FORGET_AND_DIE, store, str(person), step],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr


def _stored_key(db: str, person: UUID) -> list[tuple[str | None]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT key FROM circleflow_person_keys WHERE person = ?", (str(person),)
        ).fetchall()


@pytest.mark.parametrize("step", _STEPS)
def test_a_crash_at_any_step_of_forgetting_is_repaired_when_the_store_opens(
    tmp_path: Path, step: str
) -> None:
    db = str(tmp_path / "circles.db")
    app = Circles(db)
    cast = _to_oogst(app)
    anna = cast.participants[0]
    key = app.person_keys.for_reading(anna)
    assert key is not None and key.hex().encode() in _on_disk(tmp_path)
    del app

    _forget_and_die(db, anna, step)

    again = Circles(db)
    if step == "before the key is destroyed":
        # Nothing was done: nothing is half done. Forgetting again does it.
        assert again.person(anna).name == "Deelnemer 0"
        assert FORGOTTEN not in _texts_about(again, cast.id, anna)
        assert _forgotten_events(again, anna) == []
        again.forget_person(anna, actor="privacy-officer", origin="avg-portaal")
        again = Circles(db)
    person = again.person(anna)
    assert person.forgotten
    assert (person.name, person.email) == (FORGOTTEN, FORGOTTEN)
    assert set(_texts_about(again, cast.id, anna)) == {FORGOTTEN}
    [registered] = [e for e in again.read_log(limit=1000) if e.aggregate_id == anna][:1]
    assert registered.details["name"] == FORGOTTEN
    assert _forgotten_events(again, anna) == [("privacy-officer", "avg-portaal")]
    assert _stored_key(db, anna) == [(None,)]
    assert key.hex().encode() not in _on_disk(tmp_path)
    assert again.person_keys.pending() == []
    # Opening once more repairs nothing more: PersonForgotten stays single.
    assert _forgotten_events(Circles(db), anna) == [("privacy-officer", "avg-portaal")]


@pytest.mark.parametrize("step", ["after the key is destroyed", "before the scrub"])
def test_a_crash_while_forgetting_in_postgres_is_repaired_when_the_store_opens(
    postgres_url: str, step: str
) -> None:
    app = Circles(postgres_url)
    cast = _to_oogst(app)
    anna = cast.participants[0]

    _forget_and_die(postgres_url, anna, step)

    again = Circles(postgres_url)
    assert again.person(anna).name == FORGOTTEN
    assert set(_texts_about(again, cast.id, anna)) == {FORGOTTEN}
    assert _forgotten_events(again, anna) == [("privacy-officer", "avg-portaal")]
    assert again.person_keys.for_reading(anna) is None
    assert again.person_keys.pending() == []


@pytest.mark.parametrize(
    "finish",
    [
        lambda app, anna: app.finish_forgetting(),
        lambda app, anna: app.forget_person(anna, actor="privacy-officer"),
        lambda app, anna: Circles(app.store_url),
    ],
    ids=["finish_forgetting", "forget again", "open the store"],
)
def test_forgetting_while_another_connection_reads_says_it_is_not_final(
    tmp_path: Path, finish: Callable[[Circles, UUID], object]
) -> None:
    db = str(tmp_path / "circles.db")
    app = Circles(db)
    anna = app.register_person("Anna", email="anna@example.nl", actor=ACTOR)
    key = app.person_keys.for_reading(anna)
    assert key is not None
    app.person_keys.scrub_seconds = 0.2
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM circleflow_person_keys").fetchall()

    with pytest.raises(ForgettingIncomplete, match=r"-wal file.*finish_forgetting"):
        app.forget_person(anna, actor="privacy-officer")

    # Forgotten for every reader already; only the old bytes remain.
    assert app.person(anna).name == FORGOTTEN
    assert Circles(db).person(anna).email == FORGOTTEN
    assert key.hex().encode() in _on_disk(tmp_path)
    reader.rollback()
    reader.close()

    finish(app, anna)

    assert key.hex().encode() not in _on_disk(tmp_path)
    assert app.person_keys.pending() == []
    assert _forgotten_events(app, anna) == [("privacy-officer", "circleflow")]
