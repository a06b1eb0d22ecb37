# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every rule of the Mastercircle: the right step is allowed, the wrong one is
refused with the rule's name, and a refused command leaves the store as it was."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import attrs
import pytest

from circleflow import (
    MASTERCIRCLE,
    Circles,
    FormatRegistry,
    InvalidInput,
    UnknownCircle,
    UnknownPerson,
)
from circleflow.planning import first_day
from tests.conftest import ACTOR, START, Cast, offered, refused, stored_count


class TestSessionOrder:
    def test_the_first_session_is_urgentie(self, cast: Cast) -> None:
        cast.join_all()
        cast.app.open_session(
            cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR
        )
        assert cast.app.position(cast.id).stage == "Urgentie"

    def test_a_later_session_cannot_come_first(self, cast: Cast) -> None:
        cast.join_all()
        error = refused(
            cast.app,
            "session-order",
            lambda: cast.app.open_session(
                cast.id, "Opgave", [*cast.group(), cast.masters[0]], actor=ACTOR
            ),
        )
        assert "open_session Urgentie" in offered(error.allowed)
        assert "the next session is Urgentie" in str(error)

    def test_a_session_cannot_be_skipped(self, cast: Cast) -> None:
        cast.join_all().run_urgentie()
        refused(
            cast.app,
            "session-order",
            lambda: cast.app.open_session(
                cast.id, "Omslag", [*cast.group(), cast.masters[1]], actor=ACTOR
            ),
        )

    def test_the_next_session_waits_until_the_open_one_is_held(
        self, cast: Cast
    ) -> None:
        cast.join_all()
        cast.app.open_session(
            cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR
        )
        refused(
            cast.app,
            "session-order",
            lambda: cast.app.open_session(
                cast.id, "Opgave", [*cast.group(), cast.masters[0]], actor=ACTOR
            ),
        )

    def test_an_unknown_session_name_is_bad_input(self, cast: Cast) -> None:
        cast.join_all()
        before = stored_count(cast.app)
        with pytest.raises(InvalidInput, match="unknown session 'Kickoff'"):
            cast.app.open_session(cast.id, "Kickoff", cast.group(), actor=ACTOR)
        assert stored_count(cast.app) == before


class TestElementOrder:
    def test_elements_run_in_order(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().open_master_session()
        cast.enter("Koersbepalen", "Voorbereiden")
        assert cast.app.position(cast.id).session_element == "Voorbereiden"

    def test_an_element_cannot_be_skipped(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().open_master_session().enter("Koersbepalen")
        error = refused(
            cast.app,
            "element-order",
            lambda: cast.app.enter_element(cast.id, "Uitwisselen", actor=ACTOR),
        )
        assert offered(error.allowed) == [
            "enter_element Voorbereiden",
            "cancel",
            "conclude_early",
            "correct_text",
            "correct_attendance",
        ]

    def test_a_master_session_closes_only_after_vervolgen(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().open_master_session().enter("Koersbepalen")
        refused(
            cast.app,
            "element-order",
            lambda: cast.app.hold_session(cast.id, actor=ACTOR),
        )

    def test_elements_belong_to_master_sessions_only(self, cast: Cast) -> None:
        cast.join_all()
        cast.app.open_session(
            cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR
        )
        refused(
            cast.app,
            "element-order",
            lambda: cast.app.enter_element(cast.id, "Koersbepalen", actor=ACTOR),
        )


class TestAttendance:
    def test_a_guest_may_attend_any_session(self, cast: Cast) -> None:
        cast.join_all()
        cast.app.open_session(
            cast.id, "Urgentie", [*cast.group(), cast.sponsor, cast.guest], actor=ACTOR
        )
        assert cast.app.position(cast.id).stage == "Urgentie"

    def test_masters_attend_master_sessions_only(self, cast: Cast) -> None:
        cast.join_all()
        error = refused(
            cast.app,
            "attendance",
            lambda: cast.app.open_session(
                cast.id,
                "Urgentie",
                [*cast.group(), cast.sponsor, cast.masters[0]],
                actor=ACTOR,
            ),
        )
        assert "a master attends only Opgave, Omslag, Toekomst" in str(error)

    def test_sponsors_attend_urgentie_and_oogst_only(self, cast: Cast) -> None:
        cast.join_all().run_urgentie()
        error = refused(
            cast.app,
            "attendance",
            lambda: cast.app.open_session(
                cast.id,
                "Opgave",
                [*cast.group(), cast.masters[0], cast.sponsor],
                actor=ACTOR,
            ),
        )
        assert "a sponsor attends only Urgentie, Oogst" in str(error)

    def test_the_facilitator_is_at_every_session(self, cast: Cast) -> None:
        cast.join_all()
        refused(
            cast.app,
            "facilitator-present",
            lambda: cast.app.open_session(
                cast.id, "Urgentie", [*cast.participants, cast.sponsor], actor=ACTOR
            ),
        )

    def test_a_master_session_needs_a_master(self, cast: Cast) -> None:
        cast.join_all().run_urgentie()
        refused(
            cast.app,
            "master-present",
            lambda: cast.app.open_session(cast.id, "Opgave", cast.group(), actor=ACTOR),
        )

    def test_a_sponsor_session_needs_a_sponsor(self, cast: Cast) -> None:
        cast.join_all()
        refused(
            cast.app,
            "sponsor-present",
            lambda: cast.app.open_session(
                cast.id, "Urgentie", cast.group(), actor=ACTOR
            ),
        )

    def test_a_session_needs_participants(self, cast: Cast) -> None:
        cast.join_all()
        refused(
            cast.app,
            "participant-present",
            lambda: cast.app.open_session(
                cast.id, "Urgentie", [cast.facilitator, cast.sponsor], actor=ACTOR
            ),
        )

    def test_by_default_a_master_attends_one_session(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().run_master_session("Opgave", 0)
        error = refused(
            cast.app,
            "master-sessions",
            lambda: cast.app.open_session(
                cast.id, "Omslag", [*cast.group(), cast.masters[0]], actor=ACTOR
            ),
        )
        assert "attended Opgave already" in str(error)

    def test_a_format_can_let_masters_return(self) -> None:
        relaxed = attrs.evolve(MASTERCIRCLE, version=2, sessions_per_master=None)
        app = Circles("memory:", formats=FormatRegistry([MASTERCIRCLE, relaxed]))
        cast = Cast(app).join_all().run_urgentie().run_master_session("Opgave", 0)
        cast.open_master_session("Omslag", master=0)
        assert app.position(cast.id).stage == "Omslag"

    def test_an_attendee_named_twice_attends_once(self, cast: Cast) -> None:
        cast.join_all()
        present = [*cast.group(), cast.sponsor, cast.sponsor]
        cast.app.open_session(cast.id, "Urgentie", present, actor=ACTOR)
        attendees = cast.app.circle(cast.id).meetings[-1]["attendees"]
        assert attendees.count(str(cast.sponsor)) == 1

    def test_attendees_must_be_members(self, cast: Cast) -> None:
        cast.join_all()
        error = refused(
            cast.app,
            "attendance",
            lambda: cast.app.open_session(
                cast.id,
                "Urgentie",
                [*cast.group(), cast.sponsor, cast.outsider],
                actor=ACTOR,
            ),
        )
        assert "not a member" in str(error)
        [opening] = [s for s in error.allowed if s.command == "open_session"]
        assert str(cast.outsider) not in opening.choices("attendees")

    def test_someone_absent_cannot_take_part(self, cast: Cast) -> None:
        cast.join_all().run_urgentie()
        present = [cast.facilitator, *cast.participants[:2], cast.masters[0]]
        cast.app.open_session(cast.id, "Opgave", present, actor=ACTOR)
        cast.enter("Koersbepalen", "Voorbereiden", "Uitwisselen")
        refused(
            cast.app,
            "attendance",
            lambda: cast.app.take_hot_seat(cast.id, cast.participants[2], actor=ACTOR),
        )


class TestHotSeat:
    def test_a_hot_seat_runs_present_feedback_dialogue(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        app, cid, person = cast.app, cast.id, cast.participants[0]
        app.take_hot_seat(cid, person, actor=ACTOR)
        assert app.position(cid).hot_seat_step == "Presenteren"
        assert app.position(cid).hot_seat == str(person)
        app.give_feedback(
            cid, cast.participants[1], "appreciative", "Goed.", actor=ACTOR
        )
        app.give_feedback(cid, cast.masters[0], "addition", "Breder.", actor=ACTOR)
        assert app.position(cid).hot_seat_step == "Feedback"
        app.hold_master_dialogue(cid, cast.masters[0], summary="Helder.", actor=ACTOR)
        position = app.position(cid)
        assert (position.hot_seat, position.hot_seat_step) == (None, None)

    def test_feedback_needs_someone_in_the_hot_seat(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        refused(
            cast.app,
            "hot-seat-order",
            lambda: cast.app.give_feedback(
                cast.id, cast.participants[1], "appreciative", "Goed.", actor=ACTOR
            ),
        )

    def test_the_dialogue_comes_after_feedback(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        cast.app.take_hot_seat(cast.id, cast.participants[0], actor=ACTOR)
        refused(
            cast.app,
            "hot-seat-order",
            lambda: cast.app.hold_master_dialogue(
                cast.id, cast.masters[0], actor=ACTOR
            ),
        )

    def test_one_hot_seat_at_a_time(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        cast.app.take_hot_seat(cast.id, cast.participants[0], actor=ACTOR)
        refused(
            cast.app,
            "hot-seat-order",
            lambda: cast.app.take_hot_seat(cast.id, cast.participants[1], actor=ACTOR),
        )

    def test_a_hot_seat_in_progress_cannot_be_left(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        cast.app.take_hot_seat(cast.id, cast.participants[0], actor=ACTOR)
        refused(
            cast.app,
            "element-order",
            lambda: cast.app.enter_element(cast.id, "Richten", actor=ACTOR),
        )

    def test_each_participant_once_per_session(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen().hot_seat(cast.participants[0])
        error = refused(
            cast.app,
            "one-hot-seat",
            lambda: cast.app.take_hot_seat(cast.id, cast.participants[0], actor=ACTOR),
        )
        assert str(cast.participants[1]) in str(error)

    def test_only_participants_take_the_hot_seat(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        refused(
            cast.app,
            "role",
            lambda: cast.app.take_hot_seat(cast.id, cast.facilitator, actor=ACTOR),
        )

    def test_feedback_comes_from_colleagues_and_the_master(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        cast.app.take_hot_seat(cast.id, cast.participants[0], actor=ACTOR)
        refused(
            cast.app,
            "role",
            lambda: cast.app.give_feedback(
                cast.id, cast.facilitator, "addition", "Hm.", actor=ACTOR
            ),
        )
        refused(
            cast.app,
            "feedback-from-others",
            lambda: cast.app.give_feedback(
                cast.id, cast.participants[0], "addition", "Ik zelf.", actor=ACTOR
            ),
        )

    def test_feedback_is_appreciative_or_an_addition(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        cast.app.take_hot_seat(cast.id, cast.participants[0], actor=ACTOR)
        before = stored_count(cast.app)
        with pytest.raises(InvalidInput, match="use one of"):
            cast.app.give_feedback(
                cast.id, cast.participants[1], "harsh", "Nee.", actor=ACTOR
            )
        with pytest.raises(InvalidInput, match="must not be empty"):
            cast.app.give_feedback(
                cast.id, cast.participants[1], "addition", "  ", actor=ACTOR
            )
        assert stored_count(cast.app) == before

    def test_the_dialogue_is_with_a_master(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        cast.app.take_hot_seat(cast.id, cast.participants[0], actor=ACTOR)
        cast.app.give_feedback(
            cast.id, cast.participants[1], "addition", "Ja.", actor=ACTOR
        )
        refused(
            cast.app,
            "role",
            lambda: cast.app.hold_master_dialogue(
                cast.id, cast.participants[1], actor=ACTOR
            ),
        )

    def test_uitwisselen_ends_when_everyone_had_the_hot_seat(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        for person in cast.participants[:-1]:
            cast.hot_seat(person)
        error = refused(
            cast.app,
            "hot-seats-complete",
            lambda: cast.app.enter_element(cast.id, "Richten", actor=ACTOR),
        )
        assert str(cast.participants[-1]) in str(error)
        cast.hot_seat(cast.participants[-1]).enter("Richten")
        assert cast.app.position(cast.id).session_element == "Richten"


class TestActivities:
    def test_synergy_is_noted_in_uitwisselen_and_verdiepen(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        pair = cast.participants[:2]
        cast.app.note_synergy(
            cast.id, cast.masters[0], pair, "Zelfde keten.", actor=ACTOR
        )
        for person in cast.participants:
            cast.hot_seat(person)
        cast.enter("Richten")
        refused(
            cast.app,
            "activity-place",
            lambda: cast.app.note_synergy(
                cast.id, cast.masters[0], pair, "Nog een.", actor=ACTOR
            ),
        )
        cast.enter("Verdiepen")
        cast.app.note_synergy(cast.id, cast.masters[0], pair, "Nog een.", actor=ACTOR)

    def test_on_the_job_actions_are_recorded_in_vervolgen(self, cast: Cast) -> None:
        cast.join_all().run_urgentie().to_uitwisselen()
        refused(
            cast.app,
            "activity-place",
            lambda: cast.app.record_action(
                cast.id, cast.participants[0], "Bellen.", actor=ACTOR
            ),
        )
        for person in cast.participants:
            cast.hot_seat(person)
        cast.enter("Richten", "Verdiepen", "Vervolgen")
        cast.app.record_action(cast.id, cast.participants[0], "Bellen.", actor=ACTOR)

    def test_urgentie_closes_after_the_sponsor_stated_the_urgency(
        self, cast: Cast
    ) -> None:
        cast.join_all()
        app = cast.app
        app.open_session(
            cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR
        )
        refused(app, "urgency-stated", lambda: app.hold_session(cast.id, actor=ACTOR))
        refused(
            app,
            "role",
            lambda: app.state_urgency(
                cast.id, cast.facilitator, "Ik vind het urgent.", actor=ACTOR
            ),
        )
        app.state_urgency(cast.id, cast.sponsor, "Het moet nu.", actor=ACTOR)
        app.hold_session(cast.id, actor=ACTOR)
        assert app.position(cast.id).state == "Urgentie.Gehouden"

    def test_the_sponsor_accepts_a_presented_harvest(self, cast: Cast) -> None:
        cast.to_oogst()
        app, cid = cast.app, cast.id
        refused(
            app,
            "harvest-presented",
            lambda: app.accept_harvest(cid, cast.sponsor, actor=ACTOR),
        )
        refused(app, "harvest-accepted", lambda: app.hold_session(cid, actor=ACTOR))
        app.present_harvest(cid, cast.facilitator, "Drie doorbraken.", actor=ACTOR)
        refused(
            app, "role", lambda: app.accept_harvest(cid, cast.facilitator, actor=ACTOR)
        )
        app.accept_harvest(cid, cast.sponsor, actor=ACTOR)
        app.hold_session(cid, actor=ACTOR)
        position = app.position(cid)
        assert position.complete and position.allowed == ()
        assert position.circle_element == "Vervolgen"


class TestMembers:
    def test_a_person_joins_once(self, cast: Cast) -> None:
        cast.app.join(cast.id, cast.participants[0], "participant", actor=ACTOR)
        refused(
            cast.app,
            "one-role",
            lambda: cast.app.join(cast.id, cast.participants[0], "master", actor=ACTOR),
        )

    def test_roles_come_from_the_format(self, cast: Cast) -> None:
        before = stored_count(cast.app)
        with pytest.raises(InvalidInput, match="unknown role 'boss'"):
            cast.app.join(cast.id, cast.participants[0], "boss", actor=ACTOR)
        assert stored_count(cast.app) == before

    def test_only_registered_persons_join(self, cast: Cast) -> None:
        with pytest.raises(UnknownPerson, match="no person with id"):
            cast.app.join(cast.id, uuid4(), "participant", actor=ACTOR)

    def test_members_join_between_sessions_not_during(self, cast: Cast) -> None:
        cast.join_all()
        late = cast.app.register_person("Laat", actor=ACTOR)
        cast.app.open_session(
            cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR
        )
        refused(
            cast.app,
            "between-sessions",
            lambda: cast.app.join(cast.id, late, "participant", actor=ACTOR),
        )
        cast.app.state_urgency(cast.id, cast.sponsor, "Nu.", actor=ACTOR)
        cast.app.hold_session(cast.id, actor=ACTOR)
        cast.app.join(cast.id, late, "participant", actor=ACTOR)

    def test_a_circle_needs_two_participants_to_start(self, app: Circles) -> None:
        cast = Cast(app, participants=1).join_all()
        error = refused(
            app,
            "group-size",
            lambda: app.open_session(
                cast.id, "Urgentie", [*cast.group(), cast.sponsor], actor=ACTOR
            ),
        )
        assert "needs at least 2" in str(error)


class TestSchedule:
    def test_the_template_gives_weeks_2_4_7_10_12(self, cast: Cast) -> None:
        dates = cast.app.schedule(cast.id, START, actor=ACTOR)
        weeks = {
            name: (first_day(day) - START).days // 7 for name, day in dates.items()
        }
        assert weeks == {
            "Urgentie": 2,
            "Opgave": 4,
            "Omslag": 7,
            "Toekomst": 10,
            "Oogst": 12,
        }
        assert cast.app.circle(cast.id).schedule["Omslag"] == "2027-02-22"

    def test_a_date_can_be_moved_within_the_order(self, cast: Cast) -> None:
        cast.app.schedule(cast.id, START, actor=ACTOR)
        moved = START + timedelta(weeks=8)
        cast.app.reschedule(cast.id, "Omslag", moved, actor=ACTOR)
        assert cast.app.circle(cast.id).schedule["Omslag"] == moved.isoformat()

    def test_a_date_cannot_break_the_order(self, cast: Cast) -> None:
        cast.app.schedule(cast.id, START, actor=ACTOR)
        refused(
            cast.app,
            "schedule-order",
            lambda: cast.app.reschedule(
                cast.id, "Omslag", START + timedelta(weeks=11), actor=ACTOR
            ),
        )

    def test_a_held_session_keeps_its_date(self, cast: Cast) -> None:
        cast.app.schedule(cast.id, START, actor=ACTOR)
        cast.join_all().run_urgentie()
        refused(
            cast.app,
            "schedule-past",
            lambda: cast.app.reschedule(cast.id, "Urgentie", START, actor=ACTOR),
        )

    def test_the_whole_schedule_can_move_earlier(self, cast: Cast) -> None:
        cast.app.schedule(cast.id, START, actor=ACTOR)
        earlier = START - timedelta(weeks=20)
        cast.app.schedule(cast.id, earlier, actor=ACTOR)
        assert (
            cast.app.circle(cast.id).schedule["Oogst"]
            == (earlier + timedelta(weeks=12)).isoformat()
        )

    def test_a_date_must_be_a_date(self, cast: Cast) -> None:
        with pytest.raises(InvalidInput, match="must be a date"):
            cast.app.reschedule(cast.id, "Opgave", "next week", actor=ACTOR)  # type: ignore[arg-type]


class TestBadReferences:
    def test_an_unknown_circle_is_named(self, app: Circles) -> None:
        missing = uuid4()
        with pytest.raises(UnknownCircle, match=str(missing)):
            app.position(missing)

    def test_a_person_is_not_a_circle(self, cast: Cast) -> None:
        with pytest.raises(UnknownCircle):
            cast.app.position(cast.facilitator)

    def test_a_malformed_id_is_bad_input(self, cast: Cast) -> None:
        with pytest.raises(InvalidInput, match="not a valid id"):
            cast.app.take_hot_seat(cast.id, "anna", actor=ACTOR)

    def test_every_command_needs_an_actor(self, cast: Cast) -> None:
        before = stored_count(cast.app)
        with pytest.raises(InvalidInput, match="actor must not be empty"):
            cast.app.join(cast.id, cast.participants[0], "participant", actor="")
        assert stored_count(cast.app) == before
