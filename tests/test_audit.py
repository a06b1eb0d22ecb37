# SPDX-License-Identifier: EUPL-1.2
"""Audit records: one per recorded event and one per refused command, with
action, object, result, actor and origin, and never personal data."""

from __future__ import annotations

import logging

import pytest

from circleflow import Circles, ForgottenPerson, InvalidInput, StepRefused
from circleflow.audit import AUDIT_LOGGER
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
