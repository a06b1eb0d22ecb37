# SPDX-License-Identifier: EUPL-1.2
"""Per-person encryption and forgetting a person.

Personal text is stored sealed with the key of the person it is about;
forgetting a person destroys the key. The history stays complete and the
workflow is untouched, but the forgotten person's name, contact data and
every text about them read as ``[forgotten]``, in every process and on disk.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from attrs import evolve

from circleflow import FORGOTTEN, Circles, ForgottenPerson, StepRefused, UnknownPerson
from circleflow.demo import run_mastercircle
from circleflow_adapters import CircleReports, render
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
    assert f"| {FORGOTTEN} | facilitator |" in page


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
