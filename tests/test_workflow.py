# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The state machine: one per format, asked what is allowed from a state."""

from __future__ import annotations

from circleflow import MASTERCIRCLE, Circles, Workflow, mastercircle, workflow_for
from tests.conftest import Cast


def test_one_machine_per_format_shared_by_all_circles(app: Circles) -> None:
    first = workflow_for(MASTERCIRCLE)
    Cast(app).join_all().run_urgentie()
    Cast(app).join_all()
    assert workflow_for(MASTERCIRCLE) is first
    assert workflow_for(mastercircle(durations="methode")) is not first


def test_states_nest_sessions_elements_and_hot_seat_steps() -> None:
    states = workflow_for(MASTERCIRCLE).states()
    assert states[0] == "Verkenning"
    assert "Opgave.Uitwisselen.Presenteren" in states
    assert "Toekomst.Vervolgen" in states
    assert "Urgentie.Gehouden" in states
    assert not any(s.startswith("Urgentie.Koersbepalen") for s in states)


def test_allowed_steps_from_a_state() -> None:
    workflow = Workflow(MASTERCIRCLE)
    ending = ["cancel", "conclude_early", "correct_text", "correct_attendance"]
    assert [str(s) for s in workflow.allowed("Verkenning")] == [
        "join",
        "leave",
        "schedule",
        "open_session Urgentie",
        *ending,
    ]
    assert [str(s) for s in workflow.allowed("Omslag.Uitwisselen.Feedback")] == [
        "give_feedback",
        "hold_master_dialogue",
        "note_synergy",
        *ending,
    ]
    assert workflow.allowed("Oogst.Gehouden") == ()


def test_place_reads_both_levels() -> None:
    workflow = workflow_for(MASTERCIRCLE)
    open_ = workflow.place("Urgentie")
    assert (open_.stage, open_.stage_status, open_.circle_element) == (
        "Urgentie",
        "open",
        "Koersbepalen",
    )
    held = workflow.place("Urgentie.Gehouden")
    assert (held.stage_status, held.circle_element) == ("held", "Voorbereiden")
    inner = workflow.place("Omslag.Uitwisselen.Presenteren")
    assert (inner.session_element, inner.hot_seat_step, inner.circle_element) == (
        "Uitwisselen",
        "Presenteren",
        "Richten",
    )
    assert workflow.place("Oogst.Gehouden").complete
    assert workflow.place("Verkenning").circle_element is None


def test_the_circle_level_follows_the_sessions(app: Circles) -> None:
    cast = Cast(app).join_all()
    seen = [app.position(cast.id).circle_element]
    cast.app.open_session(cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor="u")
    seen.append(app.position(cast.id).circle_element)
    app.state_urgency(cast.id, cast.sponsor, "Nu.", actor="u")
    app.hold_session(cast.id, actor="u")
    seen.append(app.position(cast.id).circle_element)
    for number, stage in enumerate(("Opgave", "Omslag", "Toekomst")):
        cast.run_master_session(stage, number)
        seen.append(app.position(cast.id).circle_element)
    assert seen == [
        None,
        "Koersbepalen",
        "Voorbereiden",
        "Uitwisselen",
        "Richten",
        "Verdiepen",
    ]
