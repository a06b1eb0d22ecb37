# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Leergroep of programme directors (seed 002), as its users rely on it.

An intervision group of three to eight peers with two facilitators meets
about every two months, open-ended, until it is concluded. Each meeting
chooses its subject with the group and records lessons, dilemmas and
interventions, which carry over as input to the next meeting. Experts and
contrarians may be invited. The group proposes, decides and then submits
agenda items for the Secretaries-General. Several groups together form a
learning community that gathers for webinars, lectures and meetings.

Every rule is shown both ways: the right step is allowed, the wrong one is
refused with the rule's name and leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any
from uuid import UUID, uuid4

import pytest

from circleflow import Circles, InvalidInput, UnknownCircle
from circleflow.community import Community
from circleflow.demo import run_leergroep
from circleflow.formats.leergroep.commands import carried_over
from tests.conftest import ACTOR, offered, refused, stored_count

# -- helpers --------------------------------------------------------------------


def people(app: Circles, prefix: str, count: int) -> list[UUID]:
    """Register ``count`` persons called ``prefix 1`` ... ``prefix count``."""
    return [app.register_person(f"{prefix} {n + 1}", actor=ACTOR) for n in range(count)]


def invalid(app: Circles, match: str, command: Callable[[], object]) -> None:
    """``command`` is bad input (:class:`InvalidInput`) and records nothing."""
    before = stored_count(app)
    with pytest.raises(InvalidInput, match=match):
        command()
    assert stored_count(app) == before, "bad input recorded something"


def events(app: Circles, circle_id: UUID, name: str) -> list[dict[str, Any]]:
    """The details of every ``name`` event in the circle's history."""
    return [dict(e.details) for e in app.history(circle_id) if e.event == name]


class Group:
    """A Leergroep with registered people: facilitators, participants, guests
    (an expert and a contrarian) and an outsider who never joins."""

    def __init__(
        self, app: Circles, *, participants: int = 4, facilitators: int = 2
    ) -> None:
        self.app = app
        self.facilitators = people(app, "Begeleider", facilitators)
        self.participants = people(app, "Programmadirecteur", participants)
        self.expert = app.register_person("Expert", actor=ACTOR)
        self.contrarian = app.register_person("Dwarskijker", actor=ACTOR)
        self.outsider = app.register_person("Buitenstaander", actor=ACTOR)
        self.id = app.found_circle(
            "leergroep",
            title="Leergroep grenzeloos samenwerken",
            challenge="Opgavegericht werken over departementen heen",
            actor=ACTOR,
        )

    def join_all(self) -> Group:
        for person in self.facilitators:
            self.app.join(self.id, person, "facilitator", actor=ACTOR)
        for person in self.participants:
            self.app.join(self.id, person, "participant", actor=ACTOR)
        return self

    def join_guests(self) -> Group:
        for person in (self.expert, self.contrarian):
            self.app.join(self.id, person, "guest", actor=ACTOR)
        return self

    @property
    def present(self) -> list[UUID]:
        return [*self.facilitators, *self.participants]

    def open(self, *extra: UUID) -> Group:
        self.app.open_session(
            self.id, "Bijeenkomst", [*self.present, *extra], actor=ACTOR
        )
        return self

    def choose(self, subject: str = "Mandaat over grenzen heen") -> Group:
        self.app.choose_subject(self.id, subject, actor=ACTOR)
        return self

    def hold(self) -> Group:
        self.app.hold_session(self.id, actor=ACTOR)
        return self

    def meeting(self, *insights: tuple[str, str]) -> list[int]:
        """A whole meeting with the given insights; returns their numbers."""
        self.open().choose()
        numbers = [
            self.app.record_insight(self.id, kind, text, actor=ACTOR)
            for kind, text in insights
        ]
        self.hold()
        return numbers

    def propose(self, item: str = "Ruimte voor opgavegericht budget") -> int:
        return self.app.propose_agenda_item(
            self.id, self.participants[0], item, actor=ACTOR
        )

    def decide(self, number: int, adopt: bool = True) -> Group:
        self.app.decide_agenda_item(self.id, number, adopt, actor=ACTOR)
        return self

    def submit(self, number: int) -> Group:
        self.app.submit_agenda_item(self.id, number, actor=ACTOR)
        return self


@pytest.fixture
def group(app: Circles) -> Group:
    return Group(app)


def communities(app: Circles) -> list[UUID]:
    """The ids of every learning community in the store, oldest first."""
    topic = f"{Community.__module__}:{Community.__qualname__}.CommunityFormed"
    found = app.recorder.select_notifications(start=1, limit=100, topics=[topic])
    return [app.mapper.to_domain_event(n).originator_id for n in found]


def gatherings(app: Circles, community_id: UUID) -> list[dict[str, Any]]:
    """Theme, kind and attendees of every gathering of a community."""
    events: list[Any] = list(app.repository.event_store.get(community_id))
    return [
        {"theme": e.theme, "kind": e.kind, "attendees": list(e.attendees)}
        for e in events
        if type(e).__name__ == "GatheringHeld"
    ]


# -- the whole scenario -----------------------------------------------------------


class TestScenario:
    def test_the_demo_leergroep_runs_to_its_conclusion(self, app: Circles) -> None:
        cid = run_leergroep(app)
        position = app.position(cid)
        assert position.state == "Afgerond"
        assert position.complete
        assert position.stage_status == "concluded"
        assert position.allowed == ()
        assert position.format == "leergroep v1"

        history = app.history(cid)
        names = [e.event for e in history]
        for expected in (
            "SubjectChosen",
            "InsightRecorded",
            "AgendaItemProposed",
            "AgendaItemAdopted",
            "AgendaItemSubmitted",
            "CircleConcluded",
        ):
            assert expected in names, expected
        assert names[-1] == "CircleConcluded"
        assert names.count("SessionOpened") == names.count("SessionHeld") == 3
        assert names.count("SubjectChosen") == 3
        assert names.count("InsightRecorded") == 6
        # The adopted item was submitted between meetings, after the third.
        submitted = names.index("AgendaItemSubmitted")
        assert names[submitted - 1] == "SessionHeld"
        assert history[submitted].state == "Bijeenkomst.Gehouden"
        assert history[-1].details["reason"] == "Het programma is afgerond."
        assert {e.actor for e in history} == {"demo-facilitator"}

    def test_each_demo_meeting_carries_the_previous_ones_insights(
        self, app: Circles
    ) -> None:
        cid = run_leergroep(app)
        opened = events(app, cid, "SessionOpened")
        assert [m["carried_over"] for m in opened] == [[], [1, 2], [3, 4]]
        guest = app.circle(cid).members_with("guest")[0]
        assert [guest in m["attendees"] for m in opened] == [False, True, False]

    def test_the_demo_community_gathered_the_groups_directors(
        self, app: Circles
    ) -> None:
        cid = run_leergroep(app)
        [community_id] = communities(app)
        community = app.community(community_id)
        assert community.name == "Leergemeenschap programmadirecteuren"
        assert community.groups[0] == str(cid)
        assert len(community.groups) == 2
        assert community.gatherings == 1
        directors = app.circle(cid).members_with("participant")
        assert gatherings(app, community_id) == [
            {"theme": "Ongeschreven regels", "kind": "webinar", "attendees": directors}
        ]


# -- members -------------------------------------------------------------------------


class TestMembers:
    def test_two_facilitators_are_needed_before_the_first_meeting(
        self, app: Circles
    ) -> None:
        group = Group(app, facilitators=1).join_all()
        error = refused(app, "group-size", group.open)
        assert "1 facilitators" in str(error)
        second = app.register_person("Tweede begeleider", actor=ACTOR)
        app.join(group.id, second, "facilitator", actor=ACTOR)
        group.facilitators.append(second)
        group.open()
        assert app.position(group.id).stage_status == "open"

    def test_a_third_facilitator_cannot_join(self, app: Circles) -> None:
        group = Group(app, facilitators=3)
        for person in group.facilitators[:2]:
            app.join(group.id, person, "facilitator", actor=ACTOR)
        refused(
            app,
            "group-size",
            lambda: app.join(
                group.id, group.facilitators[2], "facilitator", actor=ACTOR
            ),
        )

    def test_a_group_needs_three_participants_to_start(self, app: Circles) -> None:
        group = Group(app, participants=2).join_all()
        error = refused(app, "group-size", group.open)
        assert "2 participants" in str(error)

    def test_three_participants_are_enough(self, app: Circles) -> None:
        group = Group(app, participants=3).join_all()
        group.meeting()
        assert app.position(group.id).state == "Bijeenkomst.Gehouden"

    def test_a_group_has_at_most_eight_participants(self, app: Circles) -> None:
        group = Group(app, participants=9)
        for person in group.participants[:8]:
            app.join(group.id, person, "participant", actor=ACTOR)
        refused(
            app,
            "group-size",
            lambda: app.join(
                group.id, group.participants[8], "participant", actor=ACTOR
            ),
        )
        assert len(app.circle(group.id).members_with("participant")) == 8

    def test_members_join_between_meetings_not_during(self, app: Circles) -> None:
        group = Group(app, participants=5)
        late = group.participants.pop()
        group.join_all().open()
        refused(
            app,
            "between-sessions",
            lambda: app.join(group.id, late, "participant", actor=ACTOR),
        )
        group.choose().hold()
        app.join(group.id, late, "participant", actor=ACTOR)
        assert app.circle(group.id).members[str(late)] == "participant"

    def test_experts_and_contrarians_may_attend_as_guests(self, group: Group) -> None:
        app = group.app
        group.join_all().join_guests().open(group.expert, group.contrarian)
        app.choose_subject(
            group.id,
            "Blokkades voor opgavegericht werken",
            brought_by=group.expert,
            actor=ACTOR,
        )
        group.hold()
        [opened] = events(app, group.id, "SessionOpened")
        assert str(group.expert) in opened["attendees"]
        assert str(group.contrarian) in opened["attendees"]
        [chosen] = events(app, group.id, "SubjectChosen")
        assert chosen["brought_by"] == str(group.expert)

    def test_meetings_go_ahead_without_guests(self, group: Group) -> None:
        group.join_all().join_guests().meeting()
        [opened] = events(group.app, group.id, "SessionOpened")
        assert str(group.expert) not in opened["attendees"]

    def test_a_meeting_needs_a_facilitator(self, group: Group) -> None:
        app = group.app
        group.join_all()
        refused(
            app,
            "facilitator-present",
            lambda: app.open_session(
                group.id, "Bijeenkomst", group.participants, actor=ACTOR
            ),
        )

    def test_only_members_attend(self, group: Group) -> None:
        app = group.app
        group.join_all()
        error = refused(app, "attendance", lambda: group.open(group.outsider))
        assert "not a member" in str(error)


# -- meetings ------------------------------------------------------------------------


class TestMeetings:
    def test_a_meeting_closes_only_after_a_subject_is_chosen(
        self, group: Group
    ) -> None:
        app = group.app
        group.join_all().open()
        refused(app, "subject-chosen", group.hold)
        group.choose().hold()
        assert app.position(group.id).state == "Bijeenkomst.Gehouden"

    def test_every_meeting_chooses_its_own_subject(self, group: Group) -> None:
        group.join_all().meeting()
        group.open()
        refused(group.app, "subject-chosen", group.hold)

    def test_meetings_repeat_until_the_group_concludes(self, group: Group) -> None:
        app = group.app
        group.join_all()
        for _ in range(4):
            group.meeting()
            position = app.position(group.id)
            assert (position.stage, position.stage_status) == ("Bijeenkomst", "held")
            assert not position.complete
        opened = events(app, group.id, "SessionOpened")
        assert [m["number"] for m in opened] == [1, 2, 3, 4]
        assert {m["stage"] for m in opened} == {"Bijeenkomst"}

    def test_a_meeting_does_not_open_while_one_is_open(self, group: Group) -> None:
        group.join_all().open()
        refused(group.app, "session-order", group.open)

    def test_the_subject_may_be_brought_by_a_present_member(self, group: Group) -> None:
        app = group.app
        group.join_all().open()
        app.choose_subject(
            group.id, "Loyaliteit", brought_by=group.participants[1], actor=ACTOR
        )
        [chosen] = events(app, group.id, "SubjectChosen")
        assert chosen == {
            "subject": "Loyaliteit",
            "brought_by": str(group.participants[1]),
        }

    def test_a_subject_is_chosen_in_a_meeting(self, group: Group) -> None:
        group.join_all()
        refused(group.app, "activity-place", group.choose)

    def test_a_leergroep_meeting_has_no_host(self, group: Group) -> None:
        app = group.app
        group.join_all()
        invalid(
            app,
            "have no host",
            lambda: app.open_session(
                group.id, "Bijeenkomst", group.present, host="BZK", actor=ACTOR
            ),
        )


# -- planning ------------------------------------------------------------------------


class TestPlanning:
    """Seed 002: "zoom je ongeveer eens per twee maanden in"."""

    def test_the_first_meeting_is_planned_from_the_start(self, group: Group) -> None:
        app = group.app
        group.join_all()
        dates = app.schedule(group.id, date(2027, 1, 11), actor=ACTOR)
        assert dates == {"Bijeenkomst": date(2027, 1, 11)}
        assert app.circle(group.id).schedule == {"Bijeenkomst": "2027-01-11"}
        coming = app.next_meeting(group.id)
        assert coming is not None
        assert (coming.stage, coming.planned) == ("Bijeenkomst", "2027-01-11")

    def test_every_next_meeting_can_be_planned(self, group: Group) -> None:
        app = group.app
        group.join_all()
        app.schedule(group.id, date(2027, 1, 11), actor=ACTOR)
        group.meeting()
        app.reschedule(group.id, "Bijeenkomst", date(2027, 3, 15), actor=ACTOR)
        coming = app.next_meeting(group.id)
        assert coming is not None and coming.planned == "2027-03-15"
        group.meeting()
        app.reschedule(group.id, "Bijeenkomst", date(2027, 5, 17), actor=ACTOR)
        planned = [
            e.details["date"]
            for e in app.history(group.id)
            if e.event == "SessionScheduled"
        ]
        assert planned == ["2027-01-11", "2027-03-15", "2027-05-17"]

    def test_the_rhythm_proposes_the_next_date(self, group: Group) -> None:
        app = group.app
        group.join_all()
        coming = app.next_meeting(group.id)
        assert coming is not None and coming.proposed is None  # nothing held yet
        group.meeting()
        opened = next(
            e.recorded_at.date()
            for e in app.history(group.id)
            if e.event == "SessionOpened"
        )
        coming = app.next_meeting(group.id)
        assert coming is not None
        assert (coming.planned, coming.proposed) == (None, opened + timedelta(weeks=9))
        assert app.plan_next_meeting(group.id, actor=ACTOR) == coming.proposed
        after = app.next_meeting(group.id)
        assert after is not None and after.planned == coming.proposed.isoformat()

    def test_a_concluded_group_plans_nothing(self, group: Group) -> None:
        app = group.app
        group.join_all()
        group.meeting()
        app.conclude(group.id, actor=ACTOR)
        assert app.next_meeting(group.id) is None
        invalid(
            app,
            "the circle has ended",
            lambda: app.plan_next_meeting(group.id, actor=ACTOR),
        )


# -- insights ------------------------------------------------------------------------


class TestInsights:
    def test_insights_are_lessons_dilemmas_and_interventions(
        self, group: Group
    ) -> None:
        app = group.app
        group.join_all().open().choose()
        numbers = [
            app.record_insight(group.id, kind, f"Een {kind}", actor=ACTOR)
            for kind in ("lesson", "dilemma", "intervention")
        ]
        assert numbers == [1, 2, 3]
        recorded = events(app, group.id, "InsightRecorded")
        assert [(i["number"], i["kind"], i["meeting"]) for i in recorded] == [
            (1, "lesson", 1),
            (2, "dilemma", 1),
            (3, "intervention", 1),
        ]

    @pytest.mark.parametrize("kind", ["Lesson", "les", "question", ""])
    def test_any_other_kind_is_bad_input(self, group: Group, kind: str) -> None:
        app = group.app
        group.join_all().open().choose()
        invalid(
            app,
            "unknown insight kind",
            lambda: app.record_insight(group.id, kind, "Iets", actor=ACTOR),
        )

    def test_an_insight_has_text(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        invalid(
            app,
            "must not be empty",
            lambda: app.record_insight(group.id, "lesson", "  ", actor=ACTOR),
        )

    def test_insights_are_recorded_in_meetings(self, group: Group) -> None:
        app = group.app
        group.join_all().meeting()
        refused(
            app,
            "activity-place",
            lambda: app.record_insight(group.id, "lesson", "Later", actor=ACTOR),
        )

    def test_the_next_meeting_carries_over_the_last_meetings_insights(
        self, group: Group
    ) -> None:
        app = group.app
        group.join_all()
        first = group.meeting(("lesson", "Benoem de spanning"), ("dilemma", "Loyaal?"))
        second = group.meeting(("intervention", "Vraag de SG om ruimte"))
        third = group.meeting()
        group.meeting()
        assert (first, second, third) == ([1, 2], [3], [])
        opened = events(app, group.id, "SessionOpened")
        # Only the insights of the meeting just before, never older ones.
        assert [m["carried_over"] for m in opened] == [[], [1, 2], [3], []]

    def test_insights_of_an_open_meeting_do_not_carry_over_yet(
        self, group: Group
    ) -> None:
        group.join_all()
        group.meeting(("lesson", "Eerste"))
        group.open().choose()
        group.app.record_insight(group.id, "lesson", "Tweede", actor=ACTOR)
        assert carried_over(group.app.circle(group.id)) == [1]
        group.hold()
        assert carried_over(group.app.circle(group.id)) == [2]


# -- the agenda for the Secretaries-General -----------------------------------------


class TestAgenda:
    def test_an_item_is_proposed_adopted_and_submitted(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        number = group.propose()
        assert number == 1
        assert app.circle(group.id).part("agenda") == {"1": "proposed"}
        app.decide_agenda_item(
            group.id, number, True, why="Raakt alle programma's.", actor=ACTOR
        )
        assert app.circle(group.id).part("agenda") == {"1": "adopted"}
        group.submit(number)
        assert app.circle(group.id).part("agenda") == {"1": "submitted"}
        [proposed] = events(app, group.id, "AgendaItemProposed")
        assert proposed == {
            "number": 1,
            "person": str(group.participants[0]),
            "item": "Ruimte voor opgavegericht budget",
        }
        [adopted] = events(app, group.id, "AgendaItemAdopted")
        assert adopted == {"number": 1, "why": "Raakt alle programma's."}
        [submitted] = events(app, group.id, "AgendaItemSubmitted")
        assert submitted == {"number": 1, "to": "Secretarissen-Generaal"}

    def test_a_facilitator_may_propose_a_dropped_item_stays_dropped(
        self, group: Group
    ) -> None:
        app = group.app
        group.join_all().open().choose()
        number = app.propose_agenda_item(
            group.id, group.facilitators[0], "Minder verantwoording", actor=ACTOR
        )
        group.decide(number, adopt=False)
        assert app.circle(group.id).part("agenda") == {"1": "dropped"}
        assert [e["number"] for e in events(app, group.id, "AgendaItemDropped")] == [1]

    def test_only_a_proposed_item_is_decided(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        adopted, dropped = group.propose("Budget"), group.propose("Regels")
        group.decide(adopted, True).decide(dropped, False)
        for number in (adopted, dropped):
            for adopt in (True, False):
                refused(
                    app,
                    "agenda-proposed",
                    partial(
                        app.decide_agenda_item, group.id, number, adopt, actor=ACTOR
                    ),
                )
        group.submit(adopted)
        refused(app, "agenda-proposed", lambda: group.decide(adopted, True))

    def test_only_an_adopted_item_is_submitted(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        proposed, dropped = group.propose("Budget"), group.propose("Regels")
        group.decide(dropped, False)
        error = refused(app, "agenda-adopted", lambda: group.submit(proposed))
        # Only the proposed item can be decided; nothing can be submitted yet.
        decisions = [s for s in error.allowed if s.command == "decide_agenda_item"]
        assert [s.arguments() for s in decisions] == [{"number": proposed}]
        assert "submit_agenda_item" not in offered(error.allowed)
        refused(app, "agenda-adopted", lambda: group.submit(dropped))
        group.decide(proposed, True).submit(proposed)
        refused(app, "agenda-adopted", lambda: group.submit(proposed))

    def test_an_adopted_item_is_submitted_between_meetings(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        number = group.propose()
        group.decide(number).hold()
        app.submit_agenda_item(group.id, number, to="SG BZK", actor=ACTOR)
        position = app.position(group.id)
        assert position.state == "Bijeenkomst.Gehouden"
        [submitted] = events(app, group.id, "AgendaItemSubmitted")
        assert submitted == {"number": number, "to": "SG BZK"}

    def test_items_are_proposed_and_decided_in_meetings(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        number = group.propose()
        group.hold()
        refused(app, "activity-place", group.propose)
        refused(app, "activity-place", lambda: group.decide(number))

    def test_an_unknown_item_number_is_bad_input(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        invalid(app, "items are none yet", lambda: group.decide(1))
        group.propose()
        invalid(app, r"no agenda item 7; items are \[1\]", lambda: group.decide(7))
        invalid(app, "no agenda item 7", lambda: group.submit(7))

    def test_items_come_from_present_participants_or_facilitators(
        self, group: Group
    ) -> None:
        app = group.app
        group.join_all().join_guests()
        app.open_session(
            group.id,
            "Bijeenkomst",
            [group.facilitators[0], *group.participants[1:], group.expert],
            actor=ACTOR,
        )
        refused(
            app,
            "role",
            lambda: app.propose_agenda_item(group.id, group.expert, "X", actor=ACTOR),
        )
        refused(
            app,
            "attendance",
            lambda: app.propose_agenda_item(
                group.id, group.participants[0], "X", actor=ACTOR
            ),
        )

    def test_the_decision_must_be_yes_or_no(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        number = group.propose()
        invalid(
            app,
            "adopt",
            lambda: app.decide_agenda_item(group.id, number, "no", actor=ACTOR),  # type: ignore[arg-type]
        )


# -- concluding ----------------------------------------------------------------------


class TestConclude:
    def test_a_group_concludes_between_meetings(self, group: Group) -> None:
        app = group.app
        group.join_all().meeting()
        app.conclude(group.id, reason="Het programma stopt.", actor=ACTOR)
        position = app.position(group.id)
        assert position.state == "Afgerond"
        assert position.complete
        assert position.stage_status == "concluded"
        [concluded] = events(app, group.id, "CircleConcluded")
        assert concluded == {"reason": "Het programma stopt."}

    def test_a_group_does_not_conclude_during_a_meeting(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        error = refused(
            app, "session-order", lambda: app.conclude(group.id, actor=ACTOR)
        )
        assert "conclude" not in offered(error.allowed)
        assert "hold_session" in offered(error.allowed)

    def test_a_group_does_not_conclude_before_its_first_meeting(
        self, group: Group
    ) -> None:
        app = group.app
        group.join_all()
        refused(app, "session-order", lambda: app.conclude(group.id, actor=ACTOR))

    def test_after_concluding_nothing_is_allowed(self, group: Group) -> None:
        app = group.app
        group.join_all().open().choose()
        number = group.propose()
        group.decide(number).hold()
        late = app.register_person("Laat", actor=ACTOR)
        app.conclude(group.id, actor=ACTOR)
        assert app.position(group.id).allowed == ()
        refused(app, "session-order", group.open)
        refused(app, "session-order", lambda: app.conclude(group.id, actor=ACTOR))
        refused(
            app,
            "between-sessions",
            lambda: app.join(group.id, late, "participant", actor=ACTOR),
        )
        refused(app, "activity-place", lambda: group.submit(number))
        refused(app, "activity-place", group.choose)
        refused(app, "activity-place", group.propose)
        refused(app, "activity-place", lambda: group.decide(number))
        refused(
            app,
            "activity-place",
            lambda: app.record_insight(group.id, "lesson", "Te laat", actor=ACTOR),
        )


# -- the learning community ----------------------------------------------------------


class Gemeenschap:
    """Two Leergroepen (both with members) and a learning community."""

    def __init__(self, app: Circles) -> None:
        self.app = app
        self.first = Group(app).join_all().join_guests()
        self.second = Group(app, participants=3).join_all()
        self.id = app.form_community(
            "Leergemeenschap programmadirecteuren", actor=ACTOR
        )

    def add_groups(self) -> Gemeenschap:
        for group in (self.first, self.second):
            self.app.add_group(self.id, group.id, actor=ACTOR)
        return self

    def gather(self, attendees: list[UUID], kind: str = "webinar") -> None:
        self.app.hold_gathering(
            self.id, "Ongeschreven regels", kind, attendees, actor=ACTOR
        )


@pytest.fixture
def community(app: Circles) -> Gemeenschap:
    return Gemeenschap(app)


class TestCommunity:
    def test_the_members_of_its_groups_gather(self, community: Gemeenschap) -> None:
        app = community.add_groups().app
        attendees = [
            community.first.participants[0],
            community.first.expert,
            community.second.facilitators[0],
            community.second.participants[2],
        ]
        community.gather(attendees)
        found = app.community(community.id)
        assert found.groups == [str(community.first.id), str(community.second.id)]
        assert found.gatherings == 1
        assert gatherings(app, community.id) == [
            {
                "theme": "Ongeschreven regels",
                "kind": "webinar",
                "attendees": [str(a) for a in attendees],
            }
        ]

    @pytest.mark.parametrize("kind", ["webinar", "lecture", "meeting"])
    def test_a_gathering_is_a_webinar_lecture_or_meeting(
        self, community: Gemeenschap, kind: str
    ) -> None:
        community.add_groups().gather(community.first.participants, kind)
        assert gatherings(community.app, community.id)[0]["kind"] == kind

    def test_an_unknown_kind_of_gathering_is_bad_input(
        self, community: Gemeenschap
    ) -> None:
        community.add_groups()
        invalid(
            community.app,
            "unknown gathering kind 'borrel'",
            lambda: community.gather(community.first.participants, "borrel"),
        )

    def test_only_members_of_its_groups_gather(self, community: Gemeenschap) -> None:
        app = community.app
        app.add_group(community.id, community.first.id, actor=ACTOR)
        # A stranger, and a member of a group outside the community.
        for stranger in (community.first.outsider, community.second.participants[0]):
            error = refused(
                app,
                "community-member",
                partial(community.gather, [community.first.participants[0], stranger]),
            )
            assert str(stranger) in str(error)

    def test_a_gathering_has_attendees(self, community: Gemeenschap) -> None:
        community.add_groups()
        invalid(community.app, "at least one attendee", lambda: community.gather([]))

    def test_a_group_is_added_once(self, community: Gemeenschap) -> None:
        app = community.add_groups().app
        refused(
            app,
            "one-membership",
            lambda: app.add_group(community.id, community.first.id, actor=ACTOR),
        )

    def test_no_gathering_before_the_community_has_a_group(
        self, community: Gemeenschap
    ) -> None:
        refused(
            community.app,
            "community-groups",
            lambda: community.gather(community.first.participants),
        )

    def test_an_unknown_community_is_named(self, community: Gemeenschap) -> None:
        app = community.app
        missing = uuid4()
        before = stored_count(app)
        with pytest.raises(UnknownCircle, match=str(missing)):
            app.add_group(missing, community.first.id, actor=ACTOR)
        with pytest.raises(UnknownCircle, match=str(missing)):
            app.hold_gathering(
                missing, "Thema", "webinar", community.first.participants, actor=ACTOR
            )
        with pytest.raises(UnknownCircle, match="no learning community"):
            app.community(community.first.id)
        assert stored_count(app) == before

    def test_an_unknown_group_is_named(self, community: Gemeenschap) -> None:
        app = community.app
        before = stored_count(app)
        with pytest.raises(UnknownCircle):
            app.add_group(community.id, uuid4(), actor=ACTOR)
        with pytest.raises(UnknownCircle):
            app.add_group(community.id, community.id, actor=ACTOR)
        assert stored_count(app) == before
