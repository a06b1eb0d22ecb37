# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Samenwerken DOEN (seed 004): three phases, ground rules, mandates renewed
after every meeting, the consensus record, TWOs and roles that pass on."""

from __future__ import annotations

from uuid import UUID

import pytest

from circleflow import Circles, InvalidInput
from circleflow.builtin import CONSENSUS_ITEMS, SAMENWERKING
from circleflow.demo import run_samenwerking
from tests.conftest import ACTOR, refused, stored_count


class Table:
    """A Samenwerking of three organisations and a facilitator."""

    def __init__(self, app: Circles) -> None:
        self.app = app
        self.members = [
            app.register_person(f"Lid {o}", organisation=o, actor=ACTOR)
            for o in ("Gemeente", "Zorgkantoor", "Corporatie")
        ]
        self.facilitator = app.register_person("Begeleider", actor=ACTOR)
        self.id = app.found_circle(
            "samenwerking", title="Wijk", challenge="Samen", actor=ACTOR
        )
        app.join(self.id, self.facilitator, "facilitator", actor=ACTOR)
        for person in self.members:
            app.join(self.id, person, "participant", actor=ACTOR)

    @property
    def table(self) -> list[UUID]:
        return [self.facilitator, *self.members]

    def renew_all(self) -> Table:
        for person in self.members:
            self.app.renew_mandate(self.id, person, "Afspraken maken", actor=ACTOR)
        return self

    def hear_all(self) -> Table:
        for person in self.members:
            self.app.voice_concerns(self.id, person, actor=ACTOR)
        return self

    def open(self, phase: str) -> Table:
        self.app.open_session(self.id, phase, self.table, actor=ACTOR)
        return self

    def meeting(self, phase: str) -> Table:
        """A whole meeting: renew, open, hear everyone, hold."""
        self.renew_all().open(phase).hear_all()
        self.app.hold_session(self.id, actor=ACTOR)
        return self

    def record_consensus(self) -> Table:
        for item in CONSENSUS_ITEMS:
            self.app.record_consensus(
                self.id, item, f"Afgesproken: {item}", actor=ACTOR
            )
        return self


@pytest.fixture
def table(app: Circles) -> Table:
    return Table(app)


def test_the_format_follows_the_seed() -> None:
    assert SAMENWERKING.stage_names() == ("Erkennen", "DoorzichtigMaken", "Verruimen")
    assert all(stage.repeatable for stage in SAMENWERKING.stages)
    assert len(SAMENWERKING.ground_rules) == 7
    assert SAMENWERKING.stage("DoorzichtigMaken").consensus == CONSENSUS_ITEMS
    assert len(CONSENSUS_ITEMS) == 9


def test_a_whole_collaboration_runs_to_its_end(app: Circles) -> None:
    circle_id = run_samenwerking(app)
    position = app.position(circle_id)
    assert (position.state, position.complete) == ("Afgerond", True)
    events = [entry.event for entry in app.history(circle_id)]
    for name in (
        "MandateRenewed",
        "ConcernsVoiced",
        "ProblemNamed",
        "SolutionProposed",
        "ConsensusRecorded",
        "TWOAgreed",
        "TWOActedOn",
        "TWOReflectedOn",
        "RoleAssigned",
        "RoleHandedOver",
        "CircleConcluded",
    ):
        assert name in events
    opened = [
        e.details["stage"] for e in app.history(circle_id) if e.event == "SessionOpened"
    ]
    assert opened == ["Erkennen", "DoorzichtigMaken", "Verruimen"]


class TestPhases:
    def test_phases_run_in_order(self, table: Table) -> None:
        table.renew_all()
        refused(
            table.app,
            "session-order",
            lambda: table.app.open_session(
                table.id, "DoorzichtigMaken", table.table, actor=ACTOR
            ),
        )

    def test_a_phase_holds_as_many_meetings_as_needed(self, table: Table) -> None:
        table.meeting("Erkennen").meeting("Erkennen").meeting("Erkennen")
        assert len(table.app.circle(table.id).meetings_of("Erkennen")) == 3

    def test_phase_two_is_left_only_with_a_complete_consensus(
        self, table: Table
    ) -> None:
        table.meeting("Erkennen").renew_all().open("DoorzichtigMaken").hear_all()
        for item in CONSENSUS_ITEMS[:-1]:
            table.app.record_consensus(table.id, item, "ok", actor=ACTOR)
        table.app.hold_session(table.id, actor=ACTOR)
        table.renew_all()
        error = refused(
            table.app,
            "consensus-complete",
            lambda: table.app.open_session(
                table.id, "Verruimen", table.table, actor=ACTOR
            ),
        )
        assert CONSENSUS_ITEMS[-1] in str(error)
        table.open("DoorzichtigMaken").hear_all()
        table.app.record_consensus(table.id, CONSENSUS_ITEMS[-1], "ok", actor=ACTOR)
        table.app.hold_session(table.id, actor=ACTOR)
        table.renew_all().open("Verruimen")
        assert table.app.position(table.id).stage == "Verruimen"

    def test_the_consensus_is_recorded_in_phase_two(self, table: Table) -> None:
        table.renew_all().open("Erkennen")
        refused(
            table.app,
            "activity-place",
            lambda: table.app.record_consensus(
                table.id, "spelregels", "ok", actor=ACTOR
            ),
        )

    def test_consensus_items_come_from_the_format(self, table: Table) -> None:
        table.meeting("Erkennen").renew_all().open("DoorzichtigMaken")
        with pytest.raises(InvalidInput, match="unknown consensus item 'budget'"):
            table.app.record_consensus(table.id, "budget", "ok", actor=ACTOR)

    def test_the_collaboration_concludes_after_verruimen(self, table: Table) -> None:
        table.meeting("Erkennen").renew_all().open("DoorzichtigMaken").hear_all()
        table.record_consensus()
        table.app.hold_session(table.id, actor=ACTOR)
        refused(
            table.app,
            "session-order",
            lambda: table.app.conclude(table.id, actor=ACTOR),
        )
        table.meeting("Verruimen")
        table.app.conclude(table.id, reason="Doel bereikt", actor=ACTOR)
        assert table.app.position(table.id).allowed == ()


class TestMandates:
    def test_everyone_at_the_table_holds_a_mandate(self, table: Table) -> None:
        for person in table.members[:-1]:
            table.app.renew_mandate(table.id, person, "Verkennen", actor=ACTOR)
        error = refused(
            table.app,
            "mandates-renewed",
            lambda: table.app.open_session(
                table.id, "Erkennen", table.table, actor=ACTOR
            ),
        )
        assert str(table.members[-1]) in str(error)

    def test_after_every_meeting_each_member_renews(self, table: Table) -> None:
        table.meeting("Erkennen")
        for person in table.members[1:]:
            table.app.renew_mandate(table.id, person, "Verder", actor=ACTOR)
        refused(
            table.app,
            "mandates-renewed",
            lambda: table.app.open_session(
                table.id, "Erkennen", table.table, actor=ACTOR
            ),
        )
        table.app.renew_mandate(table.id, table.members[0], "Verder", actor=ACTOR)
        table.open("Erkennen")

    def test_a_mandate_is_renewed_between_meetings(self, table: Table) -> None:
        table.renew_all().open("Erkennen")
        refused(
            table.app,
            "activity-place",
            lambda: table.app.renew_mandate(
                table.id, table.members[0], "Nu", actor=ACTOR
            ),
        )

    def test_the_mandate_records_the_organisation(self, table: Table) -> None:
        table.renew_all()
        renewed = [
            e for e in table.app.history(table.id) if e.event == "MandateRenewed"
        ]
        assert [e.details["organisation"] for e in renewed] == [
            "Gemeente",
            "Zorgkantoor",
            "Corporatie",
        ]
        assert {e.details["after_meeting"] for e in renewed} == {0}

    def test_only_members_at_the_table_hold_mandates(self, table: Table) -> None:
        refused(
            table.app,
            "role",
            lambda: table.app.renew_mandate(
                table.id, table.facilitator, "Ik ook", actor=ACTOR
            ),
        )


class TestMeetings:
    def test_everyone_voices_concerns_before_the_meeting_closes(
        self, table: Table
    ) -> None:
        table.renew_all().open("Erkennen")
        table.app.voice_concerns(table.id, table.members[0], "Tijd", actor=ACTOR)
        refused(
            table.app,
            "concerns-heard",
            lambda: table.app.hold_session(table.id, actor=ACTOR),
        )
        table.app.voice_concerns(table.id, table.members[1], actor=ACTOR)
        table.app.voice_concerns(table.id, table.members[2], "", actor=ACTOR)
        table.app.hold_session(table.id, actor=ACTOR)

    def test_a_problem_needs_a_proposal_before_the_meeting_closes(
        self, table: Table
    ) -> None:
        table.renew_all().open("Erkennen").hear_all()
        number = table.app.name_problem(
            table.id, table.members[0], "Geen budget", actor=ACTOR
        )
        error = refused(
            table.app,
            "problems-have-proposals",
            lambda: table.app.hold_session(table.id, actor=ACTOR),
        )
        assert "problems without a proposal: 1" in str(error)
        table.app.propose_solution(
            table.id, table.members[1], number, "Samen een pilot betalen", actor=ACTOR
        )
        table.app.hold_session(table.id, actor=ACTOR)

    def test_a_proposal_answers_a_named_problem(self, table: Table) -> None:
        table.renew_all().open("Erkennen")
        with pytest.raises(InvalidInput, match="there is no problem 4"):
            table.app.propose_solution(
                table.id, table.members[0], 4, "Iets", actor=ACTOR
            )


class TestTWO:
    def meeting_heard(self, table: Table) -> Table:
        return table.renew_all().open("Erkennen").hear_all()

    def test_a_two_comes_after_everyone_was_heard(self, table: Table) -> None:
        table.renew_all().open("Erkennen")
        table.app.voice_concerns(table.id, table.members[0], actor=ACTOR)
        refused(
            table.app,
            "everyone-heard",
            lambda: table.app.agree_two(
                table.id, table.members, "Afspraak", "Daarom", actor=ACTOR
            ),
        )

    def test_a_two_names_its_parties_text_and_why(self, table: Table) -> None:
        self.meeting_heard(table)
        number = table.app.agree_two(
            table.id, table.members[:2], "Samen intake", "Sneller", actor=ACTOR
        )
        agreed = next(e for e in table.app.history(table.id) if e.event == "TWOAgreed")
        assert number == 1
        assert agreed.details["parties"] == [str(p) for p in table.members[:2]]
        assert (agreed.details["agreement"], agreed.details["why"]) == (
            "Samen intake",
            "Sneller",
        )

    def test_a_two_has_at_least_two_parties_at_the_table(self, table: Table) -> None:
        self.meeting_heard(table)
        with pytest.raises(InvalidInput, match=r"parties names 1 person.*at least 2"):
            table.app.agree_two(table.id, table.members[:1], "A", "B", actor=ACTOR)
        refused(
            table.app,
            "role",
            lambda: table.app.agree_two(
                table.id, [table.members[0], table.facilitator], "A", "B", actor=ACTOR
            ),
        )

    def test_act_reflect_and_revise_with_a_later_two(self, table: Table) -> None:
        app, cid, who = table.app, table.id, table.members[0]
        self.meeting_heard(table)
        first = app.agree_two(
            cid, table.members, "Wekelijks overleg", "Snel", actor=ACTOR
        )
        refused(
            app,
            "two-acted",
            lambda: app.reflect_on_two(cid, first, who, "Te vroeg", actor=ACTOR),
        )
        app.hold_session(cid, actor=ACTOR)
        app.act_on_two(cid, first, who, "Gedaan", actor=ACTOR)
        self.meeting_heard(table)
        app.reflect_on_two(cid, first, who, "Te vaak", actor=ACTOR)
        second = app.agree_two(
            cid,
            table.members,
            "Tweewekelijks",
            "Praktijk",
            supersedes=first,
            actor=ACTOR,
        )
        refused(
            app,
            "two-current",
            lambda: app.act_on_two(cid, first, who, "Toch", actor=ACTOR),
        )
        refused(
            app,
            "two-current",
            lambda: app.agree_two(
                cid, table.members, "Nog eens", "x", supersedes=first, actor=ACTOR
            ),
        )
        assert app.circle(cid).part("twos") == {
            "1": {"acted": True, "superseded_by": 2},
            "2": {"acted": False, "superseded_by": None},
        }
        assert second == 2

    def test_an_unknown_two_is_named(self, table: Table) -> None:
        table.renew_all()
        with pytest.raises(InvalidInput, match="there is no TWO 3"):
            table.app.act_on_two(table.id, 3, table.members[0], "x", actor=ACTOR)


class TestRoles:
    def test_a_role_passes_on_with_its_history(self, table: Table) -> None:
        app, cid = table.app, table.id
        app.assign_role(
            cid, "notulist", table.members[0], ["verslag maken"], actor=ACTOR
        )
        app.hand_over_role(
            cid, "notulist", table.members[1], note="Vakantie", actor=ACTOR
        )
        app.hand_over_role(cid, "notulist", table.members[2], actor=ACTOR)
        assert app.circle(cid).part("roles") == {"notulist": str(table.members[2])}
        moves = [
            (e.details["from_person"], e.details["to_person"])
            for e in app.history(cid)
            if e.event == "RoleHandedOver"
        ]
        assert moves == [
            (str(table.members[0]), str(table.members[1])),
            (str(table.members[1]), str(table.members[2])),
        ]

    def test_a_role_is_created_once_and_handed_over_after(self, table: Table) -> None:
        table.app.assign_role(
            table.id, "voorzitter", table.members[0], ["leiden"], actor=ACTOR
        )
        refused(
            table.app,
            "role-exists",
            lambda: table.app.assign_role(
                table.id, "voorzitter", table.members[1], ["leiden"], actor=ACTOR
            ),
        )

    def test_role_mistakes_are_bad_input(self, table: Table) -> None:
        before = stored_count(table.app)
        with pytest.raises(InvalidInput, match="unknown role 'penningmeester'"):
            table.app.hand_over_role(
                table.id, "penningmeester", table.members[0], actor=ACTOR
            )
        with pytest.raises(InvalidInput, match="at least one task"):
            table.app.assign_role(table.id, "stil", table.members[0], [], actor=ACTOR)
        assert stored_count(table.app) == before
