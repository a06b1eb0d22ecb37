# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The steps real life brings: a member leaves, a circle is cancelled or
concluded early, a recorded text or an attendance list is corrected. Each is
an event checked by rules, kept in the history and shown in the reports."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from circleflow import FORGOTTEN, Circles, InvalidInput
from circleflow.circle import snapshot_state
from circleflow.cli import cli
from circleflow.reports import CircleReports
from circleflow.reports.render import to_markdown
from tests.conftest import ACTOR, Cast, offered, refused, stored_count
from tests.test_replay import full_replay
from tests.test_samenwerking import Table


def events(app: Circles, circle: UUID, name: str) -> list[dict[str, Any]]:
    return [dict(e.details) for e in app.history(circle) if e.event == name]


def report(app: Circles, circle: UUID) -> Any:
    reports = CircleReports()
    reports.catch_up(app)
    return reports.get(circle)


@pytest.fixture
def cast() -> Cast:
    return Cast(Circles("memory:")).join_all()


# -- a member leaves ---------------------------------------------------------------


class TestLeaving:
    def test_a_member_who_leaves_is_no_longer_a_member(self, cast: Cast) -> None:
        app, gone = cast.app, cast.participants[-1]
        app.leave(cast.id, gone, reason="Nieuwe baan", on=date(2027, 1, 2), actor=ACTOR)
        circle = app.circle(cast.id)
        assert str(gone) not in circle.members
        assert events(app, cast.id, "MemberLeft") == [
            {
                "person": str(gone),
                "role": "participant",
                "reason": "Nieuwe baan",
                "on": "2027-01-02",
            }
        ]

    def test_their_history_stays_and_steps_can_no_longer_name_them(
        self, cast: Cast
    ) -> None:
        app, gone = cast.app, cast.participants[0]
        cast.run_urgentie()
        app.leave(cast.id, gone, reason="Verhuisd", actor=ACTOR)
        assert str(gone) in app.circle(cast.id).meetings[0]["attendees"]
        assert [e.event for e in app.history(cast.id)].count("MemberJoined") == 9
        refused(
            app,
            "attendance",
            lambda: app.open_session(
                cast.id, "Opgave", [*cast.group(), cast.masters[0]], actor=ACTOR
            ),
        )
        others = [p for p in cast.group() if p != gone]
        app.open_session(cast.id, "Opgave", [*others, cast.masters[0]], actor=ACTOR)
        cast.enter("Koersbepalen", "Voorbereiden", "Uitwisselen")
        refused(app, "member", lambda: app.take_hot_seat(cast.id, gone, actor=ACTOR))

    def test_leaving_twice_or_as_a_stranger_is_refused(self, cast: Cast) -> None:
        app, gone = cast.app, cast.participants[0]
        app.leave(cast.id, gone, reason="Weg", actor=ACTOR)
        for person in (gone, cast.outsider):
            refused(
                app,
                "member",
                partial(app.leave, cast.id, person, reason="Weg", actor=ACTOR),
            )

    def test_a_reason_is_required(self, cast: Cast) -> None:
        before = stored_count(cast.app)
        with pytest.raises(InvalidInput, match="reason"):
            cast.app.leave(cast.id, cast.participants[0], reason=" ", actor=ACTOR)
        assert stored_count(cast.app) == before

    def test_members_leave_only_between_meetings(self, cast: Cast) -> None:
        app = cast.app
        app.open_session(
            cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR
        )
        assert "leave" not in offered(app.allowed(cast.id))
        refused(
            app,
            "between-sessions",
            lambda: app.leave(
                cast.id, cast.participants[0], reason="Ziek", actor=ACTOR
            ),
        )
        app.state_urgency(cast.id, cast.sponsor, "Nu.", actor=ACTOR)
        app.hold_session(cast.id, actor=ACTOR)
        leaving = [s for s in app.allowed(cast.id) if s.command == "leave"]
        assert {dict(s.args)["person"] for s in leaving} == set(
            app.circle(cast.id).members
        )

    def test_a_member_who_left_may_join_again(self, cast: Cast) -> None:
        app, gone = cast.app, cast.participants[0]
        app.leave(cast.id, gone, reason="Sabbatical", actor=ACTOR)
        app.join(cast.id, gone, "participant", actor=ACTOR)
        assert app.circle(cast.id).members[str(gone)] == "participant"

    def test_the_sole_sponsor_may_leave_and_is_then_missed(self, cast: Cast) -> None:
        app = cast.app
        app.leave(cast.id, cast.sponsor, reason="Andere functie", actor=ACTOR)
        assert "open_session Urgentie" not in offered(app.allowed(cast.id))
        newcomer = app.register_person("Nieuwe sponsor", actor=ACTOR)
        app.join(cast.id, newcomer, "sponsor", actor=ACTOR)
        assert "open_session Urgentie" in offered(app.allowed(cast.id))

    def test_the_person_leaving_is_offered_the_step(self, cast: Cast) -> None:
        app, anna = cast.app, cast.participants[0]
        mine = app.allowed(cast.id, person=anna)
        assert [dict(s.args) for s in mine if s.command == "leave"] == [
            {"person": str(anna)}
        ]


# -- cancelling and concluding early ----------------------------------------------


class TestEnding:
    def test_a_mastercircle_is_cancelled_in_the_middle_of_a_session(
        self, cast: Cast
    ) -> None:
        app = cast.app
        cast.run_urgentie().open_master_session().enter("Koersbepalen")
        assert "cancel" in offered(app.allowed(cast.id))
        app.cancel(cast.id, reason="Budget ingetrokken", actor=ACTOR)
        circle = app.circle(cast.id)
        assert circle.state == "Afgelast"
        assert not circle.in_meeting
        assert circle.meetings[-1]["held"] is False
        assert circle.meetings[-1]["closed"] is True
        assert app.allowed(cast.id) == ()
        assert events(app, cast.id, "CircleCancelled") == [
            {"reason": "Budget ingetrokken"}
        ]

    def test_a_mastercircle_is_concluded_early_with_a_reason(self, cast: Cast) -> None:
        app = cast.app
        cast.run_urgentie()
        refused(app, "session-order", lambda: app.conclude(cast.id, actor=ACTOR))
        app.conclude(cast.id, reason="Opgave elders belegd", early=True, actor=ACTOR)
        assert app.circle(cast.id).state == "Afgerond"
        assert app.position(cast.id).complete
        assert events(app, cast.id, "CircleConcludedEarly") == [
            {"reason": "Opgave elders belegd"}
        ]

    def test_nothing_is_allowed_after_the_end(self, cast: Cast) -> None:
        app = cast.app
        app.conclude_early(cast.id, reason="Klaar", actor=ACTOR)
        assert app.allowed(cast.id) == ()
        refused(
            app, "circle-ended", lambda: app.cancel(cast.id, reason="X", actor=ACTOR)
        )
        refused(
            app,
            "between-sessions",
            lambda: app.join(cast.id, cast.outsider, "guest", actor=ACTOR),
        )
        refused(
            app,
            "circle-ended",
            lambda: app.correct(cast.id, 1, "title", "T", reason="X", actor=ACTOR),
        )

    @pytest.mark.parametrize("step", ["cancel", "conclude_early"])
    def test_ending_needs_a_reason(self, cast: Cast, step: str) -> None:
        before = stored_count(cast.app)
        with pytest.raises(InvalidInput, match="reason"):
            getattr(cast.app, step)(cast.id, reason="", actor=ACTOR)
        assert stored_count(cast.app) == before

    def test_an_open_ended_circle_is_cancelled_before_it_starts(self) -> None:
        table = Table(Circles("memory:"))
        table.app.cancel(table.id, reason="Geen trekker", actor=ACTOR)
        assert table.app.circle(table.id).state == "Afgelast"
        assert table.app.due(circle=table.id)[0].items == ()


# -- correcting an attendance list -------------------------------------------------


class TestCorrectingAttendance:
    def test_the_attendance_of_a_held_meeting_is_replaced(self, cast: Cast) -> None:
        app = cast.app
        cast.run_urgentie()
        before = app.circle(cast.id).meetings[0]["attendees"]
        present = [cast.facilitator, cast.sponsor, *cast.participants[:2]]
        app.correct_attendance(cast.id, 1, present, reason="Anna was ziek", actor=ACTOR)
        assert app.circle(cast.id).meetings[0]["attendees"] == [str(p) for p in present]
        opened = events(app, cast.id, "SessionOpened")[0]
        assert opened["attendees"] == before
        assert events(app, cast.id, "AttendanceCorrected")[0]["stage"] == "Urgentie"

    def test_only_held_meetings_and_only_members(self, cast: Cast) -> None:
        app = cast.app
        cast.run_urgentie().open_master_session()
        present = [cast.facilitator, *cast.participants]
        refused(
            app,
            "attendance-correction",
            lambda: app.correct_attendance(
                cast.id, 2, present, reason="X", actor=ACTOR
            ),
        )
        refused(
            app,
            "attendance-correction",
            lambda: app.correct_attendance(
                cast.id, 1, [*present, cast.outsider], reason="X", actor=ACTOR
            ),
        )
        with pytest.raises(InvalidInput, match="no meeting number 3"):
            app.correct_attendance(cast.id, 3, present, reason="X", actor=ACTOR)
        step = next(
            s for s in app.allowed(cast.id) if s.command == "correct_attendance"
        )
        assert dict(step.args) == {"number": 1}
        assert str(cast.outsider) not in step.choices("attendees")

    def test_a_member_who_left_since_may_be_named(self, cast: Cast) -> None:
        app, gone = cast.app, cast.participants[0]
        cast.run_urgentie()
        app.leave(cast.id, gone, reason="Weg", actor=ACTOR)
        app.correct_attendance(
            cast.id, 1, [gone, cast.sponsor, cast.facilitator], reason="X", actor=ACTOR
        )
        assert str(gone) in app.circle(cast.id).meetings[0]["attendees"]


# -- correcting a text --------------------------------------------------------------


def _version_of(app: Circles, circle: UUID, event: str) -> int:
    return next(e.version for e in app.history(circle) if e.event == event)


class TestCorrectingText:
    def test_a_correction_supersedes_the_text_and_history_keeps_both(
        self, cast: Cast
    ) -> None:
        app = cast.app
        cast.run_urgentie()
        version = _version_of(app, cast.id, "UrgencyStated")
        app.correct(
            cast.id,
            version,
            "statement",
            "Het moet deze week.",
            reason="Tikfout",
            actor="notulist",
        )
        assert events(app, cast.id, "UrgencyStated")[0]["statement"] == "Het moet nu."
        (correction,) = app.corrected_texts(cast.id)
        assert (correction.version, correction.field) == (version, "statement")
        assert correction.original == "Het moet nu."
        assert correction.text == "Het moet deze week."
        assert (correction.reason, correction.actor) == ("Tikfout", "notulist")
        # The circle keeps where the text reads now, not the (personal) text.
        assert app.circle(cast.id).__dict__["corrections"] == {
            f"{version}.statement": correction.corrected_in
        }

    def test_the_latest_correction_counts(self, cast: Cast) -> None:
        app = cast.app
        for text in ("Eerste", "Tweede"):
            app.correct(cast.id, 1, "challenge", text, reason="Scherper", actor=ACTOR)
        assert [c.text for c in app.corrected_texts(cast.id)] == ["Tweede"]
        assert len(events(app, cast.id, "TextCorrected")) == 2

    def test_an_unknown_event_or_field_is_refused(self, cast: Cast) -> None:
        app = cast.app
        before = stored_count(app)
        refused(
            app,
            "correction-target",
            lambda: app.correct(cast.id, 500, "title", "T", reason="X", actor=ACTOR),
        )
        with pytest.raises(InvalidInput, match="has no text 'onzin'"):
            app.correct(cast.id, 1, "onzin", "T", reason="X", actor=ACTOR)
        with pytest.raises(InvalidInput, match="has no text 'person'"):
            app.correct(cast.id, 2, "person", "T", reason="X", actor=ACTOR)
        assert stored_count(app) == before

    def test_a_correction_of_a_personal_text_is_sealed_and_forgotten(self) -> None:
        app = Circles("memory:")
        cast = Cast(app).join_all().run_urgentie().open_master_session()
        anna = cast.participants[0]
        cast.enter("Koersbepalen", "Voorbereiden", "Uitwisselen")
        app.take_hot_seat(cast.id, anna, topic="Mijn burn-out", actor=ACTOR)
        version = _version_of(app, cast.id, "HotSeatTaken")
        app.correct(
            cast.id,
            version,
            "topic",
            "Mijn werkdruk",
            reason="Op verzoek",
            actor=ACTOR,
        )
        (stored,) = events(app, cast.id, "TextCorrected")
        assert stored["about"] == [str(anna)]
        app.forget_person(anna, actor="dpo")
        (stored,) = events(app, cast.id, "TextCorrected")
        assert stored["text"] == FORGOTTEN
        assert stored["reason"] == FORGOTTEN


# -- replay and reports -------------------------------------------------------------


def _lived(app: Circles) -> Cast:
    """A Mastercircle in which a member leaves, an attendance list and the
    challenge are corrected, and which is cancelled in its second session;
    the one who left is the cast's ``guest`` afterwards."""
    cast = Cast(app).join_all().run_urgentie()
    app.leave(cast.id, cast.participants[-1], reason="Verhuisd", actor=ACTOR)
    app.correct_attendance(
        cast.id,
        1,
        [cast.facilitator, cast.sponsor, *cast.participants[:2]],
        reason="Lijst klopte niet",
        actor=ACTOR,
    )
    app.correct(cast.id, 1, "challenge", "Scherpere vraag", reason="Tik", actor=ACTOR)
    cast.guest = cast.participants.pop()
    cast.open_master_session()
    app.cancel(cast.id, reason="Budget ingetrokken", actor=ACTOR)
    return cast


def test_replay_equals_the_live_state(db_path: str) -> None:
    app = Circles(db_path)
    cast = _lived(app)
    live = snapshot_state(app.circle(cast.id))
    reopened = Circles(db_path)
    circle = reopened.circle(cast.id)
    assert snapshot_state(circle) == live == full_replay(reopened, circle)


def test_the_report_shows_the_steps_real_life_brings() -> None:
    app = Circles("memory:")
    cast = _lived(app)
    shown = report(app, cast.id)
    (left,) = [m for m in shown.members if m.left_at is not None]
    assert (left.person, left.left_reason) == (str(cast.guest), "Verhuisd")
    assert (shown.ended, shown.end_reason) == ("cancelled", "Budget ingetrokken")
    assert shown.challenge == "Scherpere vraag"
    assert shown.meetings[0].attendees == 4
    assert shown.meetings[0].attendance_corrected == "Lijst klopte niet"
    assert [(c.field, c.text) for c in shown.corrections] == [
        ("challenge", "Scherpere vraag")
    ]
    page = to_markdown(shown)
    for heading in ("Members who left", "Corrected attendance", "Corrected texts"):
        assert f"## {heading}" in page
    assert "Cancelled:" in page and "Budget ingetrokken" in page


def test_the_command_line_takes_the_steps(db_path: str) -> None:
    app = Circles(db_path)
    cast = Cast(app).join_all().run_urgentie()
    anna = cast.participants[0]
    app.close()
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db_path, *args, "--actor", "cli"])
        assert result.exit_code == 0, result.output
        return result.output

    cid = str(cast.id)
    people = [str(cast.facilitator), str(cast.sponsor), str(anna)]
    run("correct-attendance", cid, "1", *people, "--reason", "Lijst")
    run("correct", cid, "1", "title", "Nieuwe titel", "--reason", "Tik")
    run("leave", cid, str(anna), "--reason", "Verhuisd", "--on", "2027-02-01")
    run("conclude-early", cid, "--reason", "Klaar")
    history = runner.invoke(cli, ["--db", db_path, "history", cid]).output
    for event in ("AttendanceCorrected", "TextCorrected", "MemberLeft"):
        assert event in history
    assert "CircleConcludedEarly" in history
    refusal = runner.invoke(
        cli, ["--db", db_path, "cancel", cid, "--reason", "X", "--actor", "cli"]
    )
    assert refusal.exit_code == 1
    assert "circle-ended" in refusal.output


def test_a_forgotten_member_s_reason_for_leaving_is_dropped_from_the_report() -> None:
    app = Circles("memory:")
    cast = Cast(app).join_all()
    gone = cast.participants[0]
    app.leave(cast.id, gone, reason="Persoonlijke omstandigheden", actor=ACTOR)
    reports = CircleReports()
    reports.catch_up(app)
    app.forget_person(gone, actor="dpo")
    reports.catch_up(app)
    (left,) = [m for m in reports.get(cast.id).members if m.left_at is not None]
    assert left.left_reason == FORGOTTEN
    assert events(app, cast.id, "MemberLeft")[0]["reason"] == FORGOTTEN
