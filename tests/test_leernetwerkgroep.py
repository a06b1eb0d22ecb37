# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Leernetwerkgroep (seed 003), as its users rely on it.

Eight to twelve HR professionals of different municipalities register until a
deadline; closing the registration decides go or no-go. Two learning
facilitators guide five meetings (start, two-day, one-day, two-day, closing)
of 15 half-days with a manifestation, each hosted in turn by a participant's
organisation. In the start meeting every participant states learning wishes
and the group sets its aim; each participant then carries out one assignment
in their own practice, and the harvest is presented at the manifestation.
The cost per person and the subsidy are data on the circle.

Every rule is shown both ways: the right step is allowed, the wrong one is
refused with the rule's name and leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any
from uuid import UUID

import pytest

from circleflow import Circles, GroupSize, InvalidInput
from circleflow.builtin import LEERNETWERKGROEP, leernetwerkgroep
from circleflow.demo import run_leernetwerkgroep
from circleflow.planning import first_day
from tests.conftest import ACTOR, offered, refused, stored_count

TOWNS = ("Alphen", "Leiden", "Gouda", "Delft")
DEADLINE = date(2027, 5, 27)
MEETINGS = ("Start", "Tweedaagse1", "Eendaagse", "Tweedaagse2", "Slot")
DETAILS = {"cost_per_person": "EUR 1550 excl. btw", "subsidy": "50% A+O fonds"}

# -- helpers --------------------------------------------------------------------


def invalid(app: Circles, match: str, command: Callable[[], object]) -> None:
    """``command`` is bad input (:class:`InvalidInput`) and records nothing."""
    before = stored_count(app)
    with pytest.raises(InvalidInput, match=match):
        command()
    assert stored_count(app) == before, "bad input recorded something"


def events(app: Circles, circle_id: UUID, name: str) -> list[dict[str, Any]]:
    """The details of every ``name`` event in the circle's history."""
    return [dict(e.details) for e in app.history(circle_id) if e.event == name]


class Network:
    """A Leernetwerkgroep with registered people: facilitators, participants
    from ``towns`` in turn, a guest (an alderman) and an outsider."""

    def __init__(
        self,
        app: Circles,
        *,
        participants: int = 8,
        facilitators: int = 2,
        towns: tuple[str, ...] = TOWNS,
    ) -> None:
        self.app = app
        self.towns = towns
        self.facilitators = [
            app.register_person(f"Leerbegeleider {n + 1}", actor=ACTOR)
            for n in range(facilitators)
        ]
        self.participants = [
            app.register_person(
                f"HR-adviseur {n + 1}", organisation=towns[n % len(towns)], actor=ACTOR
            )
            for n in range(participants)
        ]
        self.guest = app.register_person(
            "Wethouder", organisation="Leiden", actor=ACTOR
        )
        self.outsider = app.register_person(
            "Laatkomer", organisation="Zoeterwoude", actor=ACTOR
        )
        self.id = app.found_circle(
            "leernetwerkgroep",
            title="Eigen regie en vertrouwen",
            challenge="HRM als wegbereider van de gemeente als netwerkpartner",
            details=DETAILS,
            actor=ACTOR,
        )

    @property
    def group(self) -> list[UUID]:
        return [*self.facilitators, *self.participants]

    def register(self, deadline: date = DEADLINE) -> Network:
        """Set the deadline; every facilitator and participant joins."""
        self.app.set_registration_deadline(self.id, deadline, actor=ACTOR)
        for person in self.facilitators:
            self.app.join(self.id, person, "facilitator", actor=ACTOR)
        for person in self.participants:
            self.app.join(self.id, person, "participant", actor=ACTOR)
        return self

    def close(self, on: date = DEADLINE) -> bool:
        return self.app.close_registration(self.id, on=on, actor=ACTOR)

    def next_host(self) -> str:
        """The towns host in turn, in the order the participants came from."""
        held = len(self.app.circle(self.id).meetings)
        return self.towns[held % len(self.towns)]

    def open(
        self,
        stage: str,
        present: list[UUID] | None = None,
        host: str | None = None,
    ) -> Network:
        self.app.open_session(
            self.id,
            stage,
            self.group if present is None else present,
            host=self.next_host() if host is None else host,
            actor=ACTOR,
        )
        return self

    def hold(self) -> Network:
        self.app.hold_session(self.id, actor=ACTOR)
        return self

    def wish(self, person: UUID) -> Network:
        self.app.state_learning_wish(
            self.id, person, "Leren loslaten en vertrouwen geven.", actor=ACTOR
        )
        return self

    def set_aim(self) -> Network:
        self.app.set_aim(
            self.id,
            "Een opdracht in de eigen gemeente",
            "Eigen regie zichtbaar in de organisatie",
            actor=ACTOR,
        )
        return self

    def assignment(self, person: UUID) -> Network:
        self.app.complete_assignment(
            self.id,
            person,
            "Pilot zelforganiserend team",
            result="Team werkt zonder vaste planning",
            actor=ACTOR,
        )
        return self

    def hold_start(self) -> Network:
        """The start meeting: every wish stated, the aim set, held."""
        self.open("Start")
        for person in self.participants:
            self.wish(person)
        return self.set_aim().hold()

    def start(self) -> Network:
        """Registration closed with a go, and the start meeting held."""
        self.register().close()
        return self.hold_start()

    def to_slot(self) -> Network:
        """Up to the opened closing meeting."""
        self.start()
        for stage in MEETINGS[1:-1]:
            self.open(stage).hold()
        return self.open("Slot")

    def to_manifestatie(self) -> Network:
        """Up to the opened manifestation."""
        self.to_slot()
        for person in self.participants:
            self.assignment(person)
        return self.hold().open("Manifestatie")


@pytest.fixture
def network(app: Circles) -> Network:
    return Network(app)


# -- the format ---------------------------------------------------------------------


class TestFormat:
    def test_eight_to_twelve_participants_and_two_facilitators(self) -> None:
        assert LEERNETWERKGROEP.participants == GroupSize(minimum=8, maximum=12)
        assert LEERNETWERKGROEP.facilitators == GroupSize(minimum=2, maximum=2)

    def test_five_meetings_in_order_then_the_manifestation(self) -> None:
        stages = [(s.name, s.kind, s.half_days) for s in LEERNETWERKGROEP.stages]
        assert stages == [
            ("Start", "start meeting", 2),
            ("Tweedaagse1", "two-day meeting", 4),
            ("Eendaagse", "one-day meeting", 2),
            ("Tweedaagse2", "two-day meeting", 4),
            ("Slot", "closing meeting", 2),
            ("Manifestatie", "manifestation", 1),
        ]

    def test_fifteen_half_days(self) -> None:
        assert LEERNETWERKGROEP.total_half_days() == 15

    def test_about_eight_months_from_the_start_meeting(self) -> None:
        weeks = [s.week for s in LEERNETWERKGROEP.stages if s.week is not None]
        assert len(weeks) == len(LEERNETWERKGROEP.stages)
        assert weeks == sorted(weeks)
        assert weeks[0] == 0
        assert 30 <= weeks[-2] <= 36

    def test_hosted_with_registration_cost_and_subsidy(self) -> None:
        fmt = leernetwerkgroep()
        assert fmt == LEERNETWERKGROEP
        assert fmt.hosted
        assert fmt.registration
        assert fmt.circle_fields == ("cost_per_person", "subsidy")
        assert not fmt.open_ended
        assert fmt.roles == {"participant", "facilitator", "guest"}


# -- the whole scenario -----------------------------------------------------------


class TestScenario:
    def test_the_demo_runs_to_the_manifestation(self, app: Circles) -> None:
        cid = run_leernetwerkgroep(app)
        position = app.position(cid)
        assert position.complete
        assert position.state == "Manifestatie.Gehouden"
        assert position.allowed == ()

        [closed] = events(app, cid, "RegistrationClosed")
        assert closed["decision"] == "go"
        assert closed["participants"] == 8
        participants = app.circle(cid).members_with("participant")
        wishes = events(app, cid, "LearningWishStated")
        assert sorted(w["participant"] for w in wishes) == sorted(participants)
        assert len(events(app, cid, "AimSet")) == 1
        done = events(app, cid, "AssignmentCompleted")
        assert sorted(a["participant"] for a in done) == sorted(participants)
        [harvest] = events(app, cid, "HarvestPresented")
        assert harvest["presenter"] in participants
        assert app.circle(cid).details == DETAILS

    def test_every_demo_meeting_has_a_participants_organisation_as_host(
        self, app: Circles
    ) -> None:
        cid = run_leernetwerkgroep(app)
        circle = app.circle(cid)
        organisations = {
            circle.organisations[p] for p in circle.members_with("participant")
        }
        opened = events(app, cid, "SessionOpened")
        assert [m["stage"] for m in opened] == [*MEETINGS, "Manifestatie"]
        assert all(m["host"] in organisations for m in opened)
        # The four towns each hosted once before any hosted again.
        assert len({m["host"] for m in opened[:4]}) == 4

    def test_the_demo_runs_with_twelve_participants(self, app: Circles) -> None:
        cid = run_leernetwerkgroep(app, participants=12)
        assert app.position(cid).complete
        [closed] = events(app, cid, "RegistrationClosed")
        assert (closed["decision"], closed["participants"]) == ("go", 12)


# -- registration --------------------------------------------------------------------


class TestRegistration:
    def test_closing_needs_a_deadline(self, network: Network) -> None:
        app = network.app
        for person in network.participants:
            app.join(network.id, person, "participant", actor=ACTOR)
        error = refused(app, "registration-deadline", network.close)
        assert "set_registration_deadline" in offered(error.allowed)
        assert "close_registration" not in offered(error.allowed)

    def test_registration_stays_open_until_the_deadline(self, network: Network) -> None:
        network.register()
        error = refused(
            network.app,
            "registration-open",
            lambda: network.close(DEADLINE - timedelta(days=1)),
        )
        assert DEADLINE.isoformat() in str(error)
        assert network.close(DEADLINE) is True
        [closed] = events(network.app, network.id, "RegistrationClosed")
        assert closed == {
            "on": DEADLINE.isoformat(),
            "participants": 8,
            "decision": "go",
        }

    def test_the_deadline_can_be_moved_before_closing(self, network: Network) -> None:
        later = DEADLINE + timedelta(days=7)
        network.register()
        network.app.set_registration_deadline(network.id, later, actor=ACTOR)
        refused(network.app, "registration-open", lambda: network.close(DEADLINE))
        assert network.close(later)

    def test_a_deadline_is_a_date(self, network: Network) -> None:
        invalid(
            network.app,
            "must be a date",
            lambda: network.app.set_registration_deadline(
                network.id,
                "eind mei",  # type: ignore[arg-type]
                actor=ACTOR,
            ),
        )

    def test_fewer_than_eight_participants_is_a_no_go(self, app: Circles) -> None:
        network = Network(app, participants=7).register()
        assert network.close() is False
        [closed] = events(app, network.id, "RegistrationClosed")
        assert (closed["decision"], closed["participants"]) == ("no-go", 7)
        position = app.position(network.id)
        assert position.state == "Afgelast"
        assert position.complete
        assert position.stage_status == "cancelled"
        assert position.stage is None
        assert position.allowed == ()

    def test_after_a_no_go_nothing_is_allowed(self, app: Circles) -> None:
        network = Network(app, participants=7).register()
        network.close()
        refused(
            app,
            "between-sessions",
            lambda: app.join(network.id, network.outsider, "participant", actor=ACTOR),
        )
        refused(
            app,
            "between-sessions",
            lambda: app.join(network.id, network.guest, "guest", actor=ACTOR),
        )
        refused(app, "session-order", lambda: network.open("Start", host="Alphen"))
        refused(app, "registration", network.close)
        refused(
            app,
            "registration",
            lambda: app.set_registration_deadline(network.id, DEADLINE, actor=ACTOR),
        )
        refused(
            app,
            "between-sessions",
            lambda: app.schedule(network.id, DEADLINE, actor=ACTOR),
        )

    def test_twelve_participants_go_ahead(self, app: Circles) -> None:
        network = Network(app, participants=12).register()
        assert network.close() is True
        assert app.position(network.id).state == "Doorgang"

    def test_a_thirteenth_participant_is_refused(self, app: Circles) -> None:
        network = Network(app, participants=12).register()
        error = refused(
            app,
            "group-size",
            lambda: app.join(network.id, network.outsider, "participant", actor=ACTOR),
        )
        assert "8 to 12" in str(error)

    def test_a_third_facilitator_is_refused(self, app: Circles) -> None:
        network = Network(app, facilitators=3)
        for person in network.facilitators[:2]:
            app.join(network.id, person, "facilitator", actor=ACTOR)
        refused(
            app,
            "group-size",
            lambda: app.join(
                network.id, network.facilitators[2], "facilitator", actor=ACTOR
            ),
        )

    def test_after_registration_closed_no_participant_joins(self, app: Circles) -> None:
        network = Network(app, facilitators=1).register()
        network.close()
        refused(
            app,
            "registration-closed",
            lambda: app.join(network.id, network.outsider, "participant", actor=ACTOR),
        )
        # A second facilitator and a guest still can.
        second = app.register_person("Leerbegeleider 2", actor=ACTOR)
        app.join(network.id, second, "facilitator", actor=ACTOR)
        app.join(network.id, network.guest, "guest", actor=ACTOR)
        members = app.circle(network.id).members
        assert members[str(second)] == "facilitator"
        assert members[str(network.guest)] == "guest"

    def test_registration_closes_once(self, network: Network) -> None:
        network.register().close()
        refused(network.app, "registration", network.close)

    def test_the_first_meeting_waits_for_the_go(self, network: Network) -> None:
        network.register()
        refused(network.app, "session-order", lambda: network.open("Start"))

    def test_the_schedule_counts_from_the_start_meeting(self, network: Network) -> None:
        network.register().close()
        start = date(2027, 6, 14)
        dates = network.app.schedule(network.id, start, actor=ACTOR)
        assert dates["Start"] == start
        assert list(dates) == [*MEETINGS, "Manifestatie"]
        assert first_day(dates["Slot"]) < first_day(dates["Manifestatie"])

    def test_a_two_day_meeting_is_planned_with_both_days(
        self, network: Network
    ) -> None:
        # Seed 003: "23 en 24 september", "10 en 11 december 2014".
        app = network.app
        network.register().close()
        dates = app.schedule(network.id, date(2014, 6, 10), actor=ACTOR)
        first, last = dates["Tweedaagse1"]  # type: ignore[misc]
        assert (last - first).days == 1
        app.reschedule(
            network.id,
            "Tweedaagse1",
            (date(2014, 9, 23), date(2014, 9, 24)),
            actor=ACTOR,
        )
        app.reschedule(
            network.id,
            "Tweedaagse2",
            (date(2014, 12, 10), date(2014, 12, 11)),
            actor=ACTOR,
        )
        schedule = app.circle(network.id).schedule
        assert schedule["Tweedaagse1"] == "2014-09-23/2014-09-24"
        assert schedule["Tweedaagse2"] == "2014-12-10/2014-12-11"
        planned = [
            e.details
            for e in app.history(network.id)
            if e.event == "SessionScheduled" and e.details["stage"] == "Tweedaagse1"
        ][-1]
        assert planned == {
            "stage": "Tweedaagse1",
            "date": "2014-09-23",
            "until": "2014-09-24",
        }
        invalid(
            app,
            "cannot end",
            lambda: app.reschedule(
                network.id,
                "Eendaagse",
                (date(2014, 11, 5), date(2014, 11, 4)),
                actor=ACTOR,
            ),
        )

    def test_registering_after_the_deadline_is_refused(self, network: Network) -> None:
        # Seed 003: "U kunt zich tot 25 mei 2014 aanmelden".
        app = network.app
        app.set_registration_deadline(network.id, date(2014, 5, 25), actor=ACTOR)
        late = network.participants[0]
        error = refused(
            app,
            "registration-period",
            lambda: app.join(
                network.id, late, "participant", on=date(2014, 5, 26), actor=ACTOR
            ),
        )
        assert "2014-05-25" in error.reason
        app.join(network.id, late, "participant", on=date(2014, 5, 25), actor=ACTOR)


# -- the start meeting ---------------------------------------------------------------


class TestStartMeeting:
    def test_every_present_participant_states_a_learning_wish(
        self, network: Network
    ) -> None:
        app = network.app
        network.register().close()
        network.open("Start")
        for person in network.participants[:-1]:
            network.wish(person)
        network.set_aim()
        error = refused(app, "learning-wishes-stated", network.hold)
        assert str(network.participants[-1]) in error.reason
        assert str(network.participants[0]) not in error.reason
        network.wish(network.participants[-1]).hold()
        assert app.position(network.id).state == "Start.Gehouden"

    def test_the_group_sets_its_aim_before_the_start_meeting_closes(
        self, network: Network
    ) -> None:
        app = network.app
        network.register().close()
        network.open("Start")
        for person in network.participants:
            network.wish(person)
        refused(app, "aim-set", network.hold)
        network.set_aim().hold()
        [aim] = events(app, network.id, "AimSet")
        assert aim == {
            "assignments": "Een opdracht in de eigen gemeente",
            "intended_results": "Eigen regie zichtbaar in de organisatie",
        }

    def test_an_absent_participant_states_no_wish(self, network: Network) -> None:
        app = network.app
        network.register().close()
        absent = network.participants[-1]
        network.open("Start", [*network.facilitators, *network.participants[:-1]])
        refused(app, "attendance", lambda: network.wish(absent))
        for person in network.participants[:-1]:
            network.wish(person)
        network.set_aim().hold()
        assert app.position(network.id).state == "Start.Gehouden"

    def test_only_participants_state_learning_wishes(self, network: Network) -> None:
        network.register().close()
        network.open("Start")
        refused(network.app, "role", lambda: network.wish(network.facilitators[0]))

    def test_wishes_and_aim_belong_to_the_start_meeting(self, network: Network) -> None:
        app = network.app
        network.register().close()
        refused(app, "activity-place", lambda: network.wish(network.participants[0]))
        network.hold_start().open("Tweedaagse1")
        refused(app, "activity-place", lambda: network.wish(network.participants[0]))
        refused(app, "activity-place", network.set_aim)

    def test_the_start_meeting_needs_both_facilitators_joined(
        self, app: Circles
    ) -> None:
        network = Network(app, facilitators=1).register()
        network.close()
        error = refused(app, "group-size", lambda: network.open("Start"))
        assert "facilitator" in str(error)


# -- hosts -------------------------------------------------------------------------


class TestHosts:
    def test_every_meeting_is_hosted(self, network: Network) -> None:
        app = network.app
        network.register().close()
        refused(
            app,
            "host",
            lambda: app.open_session(network.id, "Start", network.group, actor=ACTOR),
        )
        network.open("Start", host="Gouda")
        [opened] = events(app, network.id, "SessionOpened")
        assert opened["host"] == "Gouda"

    def test_the_host_is_a_participants_organisation(self, network: Network) -> None:
        app = network.app
        network.register().close()
        # An organisation of no one, and the organisation of a guest only.
        app.join(network.id, network.outsider, "guest", actor=ACTOR)
        for host in ("Den Haag", "Zoeterwoude"):
            error = refused(app, "host", partial(network.open, "Start", host=host))
            assert "Alphen" in str(error)

    def test_an_organisation_hosts_once_per_round(self, app: Circles) -> None:
        network = Network(app, towns=("Alphen", "Leiden", "Gouda"))
        network.start()  # hosted by Alphen
        network.open("Tweedaagse1", host="Leiden").hold()
        for town in ("Alphen", "Leiden"):
            error = refused(
                app,
                "host-rotation",
                partial(network.open, "Eendaagse", host=town),
            )
            assert "next hosts: Gouda" in str(error)
        network.open("Eendaagse", host="Gouda").hold()
        # Everyone hosted: a new round begins, in any order.
        network.open("Tweedaagse2", host="Leiden").hold()
        refused(app, "host-rotation", lambda: network.open("Slot", host="Leiden"))
        network.open("Slot", host="Alphen")
        hosts = [m["host"] for m in events(app, network.id, "SessionOpened")]
        assert hosts == ["Alphen", "Leiden", "Gouda", "Leiden", "Alphen"]

    def test_one_organisation_hosts_every_meeting(self, app: Circles) -> None:
        network = Network(app, towns=("Gouda",))
        network.start()
        network.open("Tweedaagse1", host="Gouda").hold()
        hosts = [m["host"] for m in events(app, network.id, "SessionOpened")]
        assert hosts == ["Gouda", "Gouda"]

    def test_the_organisation_given_on_joining_counts(self, app: Circles) -> None:
        network = Network(app)
        app.set_registration_deadline(network.id, DEADLINE, actor=ACTOR)
        for person in network.facilitators:
            app.join(network.id, person, "facilitator", actor=ACTOR)
        for person in network.participants:
            app.join(
                network.id, person, "participant", organisation="Katwijk", actor=ACTOR
            )
        network.close()
        refused(app, "host", lambda: network.open("Start", host="Alphen"))
        network.open("Start", host="Katwijk")

    def test_a_host_named_with_spaces_is_the_same_organisation(
        self, network: Network
    ) -> None:
        network.start()  # hosted by Alphen
        refused(
            network.app,
            "host-rotation",
            lambda: network.open("Tweedaagse1", host=" Alphen "),
        )


# -- assignments ---------------------------------------------------------------------


class TestAssignments:
    def test_no_assignment_before_the_start_meeting_was_held(
        self, network: Network
    ) -> None:
        app = network.app
        person = network.participants[0]
        network.register().close()
        refused(app, "aim-set", lambda: network.assignment(person))
        network.open("Start")
        refused(app, "activity-place", lambda: network.assignment(person))

    def test_assignments_are_completed_between_and_in_later_meetings(
        self, network: Network
    ) -> None:
        app = network.app
        first, second = network.participants[:2]
        network.start().assignment(first)
        network.open("Tweedaagse1").assignment(second)
        done = events(app, network.id, "AssignmentCompleted")
        assert [a["participant"] for a in done] == [str(first), str(second)]
        assert done[0]["result"] == "Team werkt zonder vaste planning"
        assert app.circle(network.id).part("assignments_done") == [
            str(first),
            str(second),
        ]

    def test_one_assignment_per_participant(self, network: Network) -> None:
        person = network.participants[0]
        network.start().assignment(person)
        refused(network.app, "one-assignment", lambda: network.assignment(person))
        network.open("Tweedaagse1")
        refused(network.app, "one-assignment", lambda: network.assignment(person))

    def test_only_participants_complete_assignments(self, network: Network) -> None:
        network.start()
        refused(
            network.app, "role", lambda: network.assignment(network.facilitators[0])
        )

    def test_the_closing_meeting_waits_for_every_assignment(
        self, network: Network
    ) -> None:
        app = network.app
        network.to_slot()
        for person in network.participants[:-1]:
            network.assignment(person)
        error = refused(app, "assignments-done", network.hold)
        assert str(network.participants[-1]) in str(error)
        network.assignment(network.participants[-1]).hold()
        assert app.position(network.id).state == "Slot.Gehouden"

    def test_assignments_done_early_let_the_closing_meeting_close(
        self, network: Network
    ) -> None:
        network.start()
        for person in network.participants:
            network.assignment(person)
        for stage in MEETINGS[1:]:
            network.open(stage).hold()
        assert network.app.position(network.id).state == "Slot.Gehouden"

    def test_an_absent_participant_does_not_block_the_closing_meeting(
        self, network: Network
    ) -> None:
        absent = network.participants[-1]
        network.start()
        for stage in MEETINGS[1:-1]:
            network.open(stage).hold()
        network.open("Slot", [*network.facilitators, *network.participants[:-1]])
        for person in network.participants[:-1]:
            network.assignment(person)
        # The assignment was carried out in practice, so it is recorded
        # although its owner is not at the meeting.
        network.assignment(absent)
        network.hold()
        assert network.app.position(network.id).state == "Slot.Gehouden"


# -- the manifestation ---------------------------------------------------------------


class TestManifestation:
    def test_the_manifestation_closes_after_the_harvest_is_presented(
        self, network: Network
    ) -> None:
        app = network.app
        network.to_manifestatie()
        refused(app, "harvest-presented", network.hold)
        app.present_harvest(
            network.id,
            network.participants[0],
            "Ervaringen en plannen voor collega's en netwerkpartners",
            actor=ACTOR,
        )
        network.hold()
        position = app.position(network.id)
        assert position.complete
        assert position.allowed == ()

    def test_the_manifestation_follows_the_closing_meeting(
        self, network: Network
    ) -> None:
        network.start()
        refused(network.app, "session-order", lambda: network.open("Manifestatie"))

    def test_the_harvest_is_presented_at_the_manifestation_only(
        self, network: Network
    ) -> None:
        app = network.app
        network.to_slot()
        refused(
            app,
            "activity-place",
            lambda: app.present_harvest(
                network.id, network.participants[0], "Te vroeg", actor=ACTOR
            ),
        )


# -- circle details ------------------------------------------------------------------


class TestDetails:
    def test_given_details_are_stored(self, network: Network) -> None:
        assert network.app.circle(network.id).details == DETAILS
        [founded] = events(network.app, network.id, "CircleFounded")
        assert founded["details"] == DETAILS

    def test_details_are_optional(self, app: Circles) -> None:
        cid = app.found_circle(
            "leernetwerkgroep", title="Zonder", challenge="Leren", actor=ACTOR
        )
        assert app.circle(cid).details == {}

    def test_one_detail_may_be_given_alone(self, app: Circles) -> None:
        cid = app.found_circle(
            "leernetwerkgroep",
            title="Alleen kosten",
            challenge="Leren",
            details={"cost_per_person": "EUR 1550"},
            actor=ACTOR,
        )
        assert app.circle(cid).details == {"cost_per_person": "EUR 1550"}

    def test_an_unknown_detail_is_bad_input_naming_the_allowed_keys(
        self, app: Circles
    ) -> None:
        invalid(
            app,
            r"unknown circle detail\(s\) \['price'\]; "
            r"the Leernetwerkgroep takes \['cost_per_person', 'subsidy'\]",
            lambda: app.found_circle(
                "leernetwerkgroep",
                title="Fout",
                challenge="Leren",
                details={"price": "EUR 1550", "subsidy": "50%"},
                actor=ACTOR,
            ),
        )
