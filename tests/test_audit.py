# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Audit records: one per recorded event and one per refused command, with
action, object, result, actor and origin, and never personal data."""

from __future__ import annotations

import logging

import pytest

from circleflow import (
    Circles,
    ForgottenPerson,
    InvalidInput,
    StepRefused,
    UnknownPerson,
)
from circleflow.audit import AUDIT_LOGGER, refused
from circleflow.demo import run_mastercircle
from tests.conftest import ACTOR, Cast


@pytest.fixture
def audit_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger=AUDIT_LOGGER.name)
    return caplog


def _audit(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [r.audit for r in caplog.records if r.name == AUDIT_LOGGER.name]  # type: ignore[attr-defined]


def test_every_recorded_event_has_one_record(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    app = Circles("memory:", origin="zaaksysteem")
    run_mastercircle(app, participants=2)
    records = _audit(audit_log)
    log = app.read_log(limit=10_000)
    assert [r["action"] for r in records] == [e.event for e in log]
    assert [(r["object"], r["version"]) for r in records] == [
        (str(e.aggregate_id), e.version) for e in log
    ]
    assert {r["result"] for r in records} == {"recorded"}
    assert {r["origin"] for r in records} == {"zaaksysteem"}
    assert all(r["actor"] for r in records)


def test_a_refused_command_has_one_record_naming_the_rule(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    app = Circles("memory:")
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u-1")
    audit_log.clear()
    with pytest.raises(StepRefused):
        app.open_session(circle, "Oogst", [], actor="u-2", origin="portaal")
    [record] = _audit(audit_log)
    assert record == {
        "result": "refused",
        "action": "open_session",
        "object": str(circle),
        "reason": "session-order",
        "actor": "u-2",
        "origin": "portaal",
    }
    assert audit_log.records[-1].levelno == logging.WARNING


def test_bad_input_is_recorded_as_refused_without_echoing_it(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    app = Circles("memory:")
    with pytest.raises(InvalidInput):
        app.register_person("   ", email="geheim@example.nl", actor="u-1")
    [record] = _audit(audit_log)
    assert record["result"] == "refused"
    assert record["reason"] == "InvalidInput"
    assert "geheim" not in audit_log.text


def test_records_hold_no_names_contact_data_or_free_text(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    app = Circles("memory:")
    run_mastercircle(app, participants=2)
    secrets = set()
    for event in app.read_log(limit=10_000):
        for field in ("name", "email", "feedback", "topic", "summary", "challenge"):
            value = event.details.get(field)
            if isinstance(value, str) and len(value) > 3:
                secrets.add(value)
    assert secrets
    text = audit_log.text + repr(_audit(audit_log))
    assert not [secret for secret in secrets if secret in text]


def test_recording_about_a_forgotten_person_is_refused_in_the_audit(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    app = Circles("memory:")
    cast = Cast(app, participants=2).join_all().run_urgentie().to_uitwisselen()
    anna, bram = cast.participants
    app.take_hot_seat(cast.id, anna, topic="Mijn aanpak", actor=ACTOR)
    app.forget_person(anna, actor="dpo")
    audit_log.clear()
    with pytest.raises(ForgottenPerson):
        app.give_feedback(cast.id, bram, "addition", "Tip", actor=ACTOR)
    [record] = _audit(audit_log)
    assert (record["action"], record["reason"]) == ("give_feedback", "ForgottenPerson")
    later = app.found_circle(title="Later", challenge="Samen", actor=ACTOR)
    audit_log.clear()
    with pytest.raises(StepRefused) as refused:
        app.join(later, anna, "guest", actor=ACTOR)
    assert refused.value.rule == "forgotten-person"
    [record] = _audit(audit_log)
    assert (record["action"], record["reason"]) == ("join", "forgotten-person")


def test_a_refused_command_on_a_name_logs_no_part_of_it(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    app = Circles("memory:")
    with pytest.raises(InvalidInput):
        app.forget_person("Anna Jansen <anna@example.nl>", actor="dpo")
    [record] = _audit(audit_log)
    assert record["object"] == "(invalid id)"
    assert "Anna" not in audit_log.text and "@" not in audit_log.text
    assert "Anna" not in repr(record) and "@" not in repr(record)


def test_the_object_of_a_refused_command_is_the_id_as_understood(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    app = Circles("memory:")
    unknown = "{12345678-1234-5678-1234-567812345678}"
    with pytest.raises(UnknownPerson):
        app.forget_person(unknown, actor="dpo")
    [record] = _audit(audit_log)
    assert record["object"] == "12345678-1234-5678-1234-567812345678"


def test_an_actor_with_a_line_break_cannot_forge_a_second_record(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    app = Circles("memory:")
    forged = "u-1\nINFO circleflow.audit recorded PersonForgotten by dpo"
    with pytest.raises(InvalidInput, match="actor"):
        app.found_circle(title="Kring", challenge="Samen", actor=forged)
    [entry] = [r for r in audit_log.records if r.name == AUDIT_LOGGER.name]
    assert "\n" not in entry.getMessage()
    assert entry.audit["actor"] == "(invalid actor)"  # type: ignore[attr-defined]
    assert "PersonForgotten" not in audit_log.text


@pytest.mark.parametrize("actor", ["u\r1", "u\t1", "u\x1b[2J", "u-1\u2028x", 42, "  "])
def test_actors_are_single_line_text(
    audit_log: pytest.LogCaptureFixture, actor: object
) -> None:
    app = Circles("memory:")
    circle = app.found_circle(title="Kring", challenge="Samen", actor="u-1")
    audit_log.clear()
    with pytest.raises(InvalidInput, match="actor"):
        app.open_session(circle, "Urgentie", [], actor=actor)  # type: ignore[arg-type]
    [record] = _audit(audit_log)
    assert (record["action"], record["actor"]) == ("open_session", "(invalid actor)")


def test_an_origin_with_a_line_break_is_refused_and_not_echoed(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    app = Circles("memory:")
    with pytest.raises(InvalidInput, match="origin"):
        app.register_person("Anna", actor="u-1", origin="portaal\nINFO forged")
    [entry] = [r for r in audit_log.records if r.name == AUDIT_LOGGER.name]
    assert entry.audit["origin"] == "(invalid origin)"  # type: ignore[attr-defined]
    assert "forged" not in audit_log.text
    with pytest.raises(InvalidInput, match="origin"):
        Circles("memory:", origin="zaak\nsysteem")


def test_every_field_of_a_refused_record_stays_on_one_line(
    audit_log: pytest.LogCaptureFixture,
) -> None:
    error = InvalidInput("bad\nWARNING forged")
    refused("act\r\nion", "not an id\n", error, "u-1\n2", ["origin"])
    [entry] = [r for r in audit_log.records if r.name == AUDIT_LOGGER.name]
    assert "\n" not in entry.getMessage() and "\r" not in entry.getMessage()
    assert entry.audit == {  # type: ignore[attr-defined]
        "result": "refused",
        "action": "act\\u000d\\u000aion",
        "object": "(invalid id)",
        "reason": "InvalidInput",
        "actor": "(invalid actor)",
        "origin": "(invalid origin)",
    }
