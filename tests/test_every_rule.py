# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every rule of the built-in packs, by name, both ways: a step it refuses
(nothing recorded, the rule named), and the same kind of step where the rule
holds, listed by ``allowed`` and then taken."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from uuid import UUID

import attrs
import pytest
from attrs import frozen

from circleflow import MASTERCIRCLE, Circles, FormatRegistry
from circleflow.formats import BUILTIN_PACKS
from tests.conftest import ACTOR, START, Cast, offered, refused, stored_count
from tests.test_leergroep import Group
from tests.test_leernetwerkgroep import DEADLINE, Network
from tests.test_samenwerking import Table


@frozen
class Case:
    """A refused step, and one that the rule lets through (offered as
    ``label`` in ``allowed``, unless the step is not one of a circle)."""

    refuse: Callable[[], object]
    allow: Callable[[], object]
    circle: UUID | None = None
    label: str | None = None


Scenario = Callable[[Circles], Case]
SCENARIOS: dict[str, Scenario] = {}


def scenario(rule: str) -> Callable[[Scenario], Scenario]:
    def register(make: Scenario) -> Scenario:
        SCENARIOS[rule] = make
        return make

    return register


def _cast(app: Circles, participants: int = 2) -> Cast:
    return Cast(app, participants=participants)


# -- order ---------------------------------------------------------------------------


@scenario("session-order")
def _(app: Circles) -> Case:
    c = _cast(app).join_all()
    opgave = [*c.group(), c.masters[0]]
    return Case(
        lambda: app.open_session(c.id, "Opgave", opgave, actor=ACTOR),
        c.run_urgentie,
        c.id,
        "open_session Urgentie",
    )


@scenario("element-order")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie().open_master_session()
    return Case(
        lambda: c.enter("Voorbereiden"),
        lambda: c.enter("Koersbepalen"),
        c.id,
        "enter_element Koersbepalen",
    )


@scenario("between-sessions")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie().open_master_session()
    late = app.register_person("Laat", actor=ACTOR)

    def join_late() -> None:
        c.enter("Koersbepalen", "Voorbereiden", "Uitwisselen")
        for person in c.participants:
            c.hot_seat(person)
        c.enter("Richten", "Verdiepen", "Vervolgen")
        app.hold_session(c.id, actor=ACTOR)
        app.join(c.id, late, "guest", actor=ACTOR)

    return Case(lambda: app.join(c.id, late, "guest", actor=ACTOR), join_late)


@scenario("registration")
def _(app: Circles) -> Case:
    n = Network(app).register()
    n.close()
    other = Network(app)
    return Case(
        n.close,
        lambda: app.set_registration_deadline(other.id, DEADLINE, actor=ACTOR),
        other.id,
        "set_registration_deadline",
    )


@scenario("activity-place")
def _(app: Circles) -> Case:
    c = _cast(app).join_all()
    app.open_session(c.id, "Urgentie", [*c.group(), c.sponsor], actor=ACTOR)
    return Case(
        lambda: app.record_action(c.id, c.participants[0], "Bellen", actor=ACTOR),
        lambda: app.state_urgency(c.id, c.sponsor, "Nu.", actor=ACTOR),
        c.id,
        "state_urgency",
    )


@scenario("hot-seat-order")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie().to_uitwisselen()
    anna = c.participants[0]
    return Case(
        lambda: app.hold_master_dialogue(c.id, c.masters[0], actor=ACTOR),
        lambda: app.take_hot_seat(c.id, anna, actor=ACTOR),
        c.id,
        "take_hot_seat",
    )


# -- persons -------------------------------------------------------------------------


@scenario("forgotten-person")
def _(app: Circles) -> Case:
    c = _cast(app)
    gone, other = c.participants
    app.forget_person(gone, actor="dpo")
    return Case(
        lambda: app.join(c.id, gone, "participant", actor=ACTOR),
        lambda: app.join(c.id, other, "participant", actor=ACTOR),
        c.id,
        "join",
    )


@scenario("member")
def _(app: Circles) -> Case:
    t = Table(app)
    stranger = app.register_person("Vreemde", organisation="Elders", actor=ACTOR)
    return Case(
        lambda: app.renew_mandate(t.id, stranger, "Alles", actor=ACTOR),
        lambda: app.renew_mandate(t.id, t.members[0], "Alles", actor=ACTOR),
        t.id,
        "renew_mandate",
    )


@scenario("role")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie().to_uitwisselen()
    return Case(
        lambda: app.take_hot_seat(c.id, c.facilitator, actor=ACTOR),
        lambda: app.take_hot_seat(c.id, c.participants[0], actor=ACTOR),
        c.id,
        "take_hot_seat",
    )


@scenario("attendance")
def _(app: Circles) -> Case:
    c = _cast(app, participants=3).join_all().run_urgentie()
    present = [c.facilitator, *c.participants[:2], c.masters[0]]
    app.open_session(c.id, "Opgave", present, actor=ACTOR)
    c.enter("Koersbepalen", "Voorbereiden", "Uitwisselen")
    return Case(
        lambda: app.take_hot_seat(c.id, c.participants[2], actor=ACTOR),
        lambda: app.take_hot_seat(c.id, c.participants[0], actor=ACTOR),
        c.id,
        "take_hot_seat",
    )


@scenario("one-role")
def _(app: Circles) -> Case:
    c = _cast(app).join_all()
    newcomer = app.register_person("Nieuw", actor=ACTOR)
    return Case(
        lambda: app.join(c.id, c.participants[0], "guest", actor=ACTOR),
        lambda: app.join(c.id, newcomer, "guest", actor=ACTOR),
        c.id,
        "join",
    )


@scenario("group-size")
def _(app: Circles) -> Case:
    g = Group(app, participants=2).join_all()
    third = app.register_person("Derde", actor=ACTOR)

    def add_then_open() -> None:
        app.join(g.id, third, "participant", actor=ACTOR)
        g.open(third)

    return Case(g.open, add_then_open, g.id, "join")


def _present_case(app: Circles, role: str) -> Case:
    c = _cast(app).join_all()
    everyone = [*c.group(), c.sponsor]
    without = [p for p in everyone if c.app.circle(c.id).members[str(p)] != role]
    return Case(
        lambda: app.open_session(c.id, "Urgentie", without, actor=ACTOR),
        lambda: app.open_session(c.id, "Urgentie", everyone, actor=ACTOR),
        c.id,
        "open_session Urgentie",
    )


for _role in ("facilitator", "participant", "sponsor"):
    scenario(f"{_role}-present")(partial(_present_case, role=_role))


@scenario("master-present")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie()
    return Case(
        lambda: app.open_session(c.id, "Opgave", c.group(), actor=ACTOR),
        c.open_master_session,
        c.id,
        "open_session Opgave",
    )


@scenario("guest-present")
def _(app: Circles) -> Case:
    with_guest = attrs.evolve(
        MASTERCIRCLE,
        version=2,
        stages=(
            attrs.evolve(
                MASTERCIRCLE.stages[0], required={"facilitator", "sponsor", "guest"}
            ),
            *MASTERCIRCLE.stages[1:],
        ),
    )
    registry = FormatRegistry.with_builtins()
    registry.register(with_guest, replace_builtin=True)
    app.formats = registry
    c = _cast(app)
    c.id = app.found_circle(title="Gast", challenge="Met gast", version=2, actor=ACTOR)
    c.join_all()
    return Case(
        lambda: app.open_session(
            c.id, "Urgentie", [*c.group(), c.sponsor], actor=ACTOR
        ),
        lambda: app.open_session(
            c.id, "Urgentie", [*c.group(), c.sponsor, c.guest], actor=ACTOR
        ),
        c.id,
        "open_session Urgentie",
    )


@scenario("master-sessions")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie().run_master_session("Opgave", 0)
    return Case(
        lambda: c.open_master_session("Omslag", master=0),
        lambda: c.open_master_session("Omslag", master=1),
        c.id,
        "open_session Omslag",
    )


# -- hosts, schedule, registration ---------------------------------------------------


@scenario("host")
def _(app: Circles) -> Case:
    n = Network(app).register()
    n.close()
    return Case(
        lambda: n.open("Start", host="Zoeterwoude"),
        lambda: n.open("Start"),
        n.id,
        "open_session Start",
    )


@scenario("host-rotation")
def _(app: Circles) -> Case:
    n = Network(app).start()
    first_host = app.circle(n.id).meetings[0]["host"]
    return Case(
        lambda: n.open("Tweedaagse1", host=first_host),
        lambda: n.open("Tweedaagse1"),
        n.id,
        "open_session Tweedaagse1",
    )


@scenario("schedule-past")
def _(app: Circles) -> Case:
    c = _cast(app).join_all()
    c.app.schedule(c.id, START, actor=ACTOR)
    c.run_urgentie()
    later = START + timedelta(weeks=5)
    return Case(
        lambda: app.reschedule(c.id, "Urgentie", START, actor=ACTOR),
        lambda: app.reschedule(c.id, "Opgave", later, actor=ACTOR),
        c.id,
        "schedule",
    )


@scenario("schedule-order")
def _(app: Circles) -> Case:
    c = _cast(app).join_all()
    app.schedule(c.id, START, actor=ACTOR)
    return Case(
        lambda: app.reschedule(c.id, "Opgave", START, actor=ACTOR),
        lambda: app.reschedule(c.id, "Opgave", START + timedelta(weeks=5), actor=ACTOR),
        c.id,
        "schedule",
    )


@scenario("registration-closed")
def _(app: Circles) -> Case:
    n = Network(app).register()
    n.close()
    return Case(
        lambda: app.join(n.id, n.outsider, "participant", on=DEADLINE, actor=ACTOR),
        lambda: app.join(n.id, n.guest, "guest", actor=ACTOR),
        n.id,
        "join",
    )


@scenario("registration-period")
def _(app: Circles) -> Case:
    n = Network(app).register()
    late = DEADLINE + timedelta(days=1)
    return Case(
        lambda: app.join(n.id, n.outsider, "participant", on=late, actor=ACTOR),
        lambda: app.join(n.id, n.outsider, "participant", on=DEADLINE, actor=ACTOR),
        n.id,
        "join",
    )


@scenario("registration-deadline")
def _(app: Circles) -> Case:
    n = Network(app)

    def set_then_close() -> None:
        app.set_registration_deadline(n.id, DEADLINE, actor=ACTOR)
        n.close()

    return Case(n.close, set_then_close, n.id, "set_registration_deadline")


@scenario("registration-open")
def _(app: Circles) -> Case:
    n = Network(app).register(deadline=date.today())
    return Case(
        lambda: n.close(on=date.today() - timedelta(days=1)),
        lambda: n.close(on=date.today()),
        n.id,
        "close_registration",
    )


@scenario("migration")
def _(app: Circles) -> Case:
    described = attrs.evolve(MASTERCIRCLE, version=2, description="Herzien.")
    before = attrs.evolve(
        MASTERCIRCLE.stages[0],
        name="Voorbereiding",
        title="Voor",
        circle_elements=(),
        requires=(),
        elements=(),
        activities=(),
    )
    earlier = attrs.evolve(described, version=3, stages=(before, *MASTERCIRCLE.stages))
    registry = FormatRegistry.with_builtins()
    for fmt in (described, earlier):
        registry.register(fmt, replace_builtin=True)
    app.formats = registry
    c = _cast(app)
    c.id = app.found_circle(title="Oud", challenge="Versie 1", version=1, actor=ACTOR)
    c.join_all().run_urgentie()
    return Case(
        lambda: app.migrate(c.id, to_version=3, actor=ACTOR),
        lambda: app.migrate(c.id, to_version=2, actor=ACTOR),
    )


# -- Mastercircle ----------------------------------------------------------------------


@scenario("urgency-stated")
def _(app: Circles) -> Case:
    c = _cast(app).join_all()
    app.open_session(c.id, "Urgentie", [*c.group(), c.sponsor], actor=ACTOR)

    def state_then_hold() -> None:
        app.state_urgency(c.id, c.sponsor, "Nu.", actor=ACTOR)
        app.hold_session(c.id, actor=ACTOR)

    return Case(
        lambda: app.hold_session(c.id, actor=ACTOR),
        state_then_hold,
        c.id,
        "state_urgency",
    )


def _at_oogst(app: Circles) -> Cast:
    return _cast(app).to_oogst()


@scenario("harvest-presented")
def _(app: Circles) -> Case:
    c = _at_oogst(app)
    return Case(
        lambda: app.accept_harvest(c.id, c.sponsor, actor=ACTOR),
        lambda: app.present_harvest(c.id, c.participants[0], "Oogst", actor=ACTOR),
        c.id,
        "present_harvest",
    )


@scenario("harvest-accepted")
def _(app: Circles) -> Case:
    c = _at_oogst(app)
    app.present_harvest(c.id, c.participants[0], "Oogst", actor=ACTOR)

    def accept_then_hold() -> None:
        app.accept_harvest(c.id, c.sponsor, actor=ACTOR)
        app.hold_session(c.id, actor=ACTOR)

    return Case(
        lambda: app.hold_session(c.id, actor=ACTOR),
        accept_then_hold,
        c.id,
        "accept_harvest",
    )


@scenario("hot-seats-complete")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie().to_uitwisselen()
    anna, bram = c.participants
    c.hot_seat(anna)

    def last_then_leave() -> None:
        c.hot_seat(bram)
        c.enter("Richten")

    return Case(lambda: c.enter("Richten"), last_then_leave, c.id, "take_hot_seat")


@scenario("one-hot-seat")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie().to_uitwisselen()
    anna, bram = c.participants
    c.hot_seat(anna)
    return Case(
        lambda: app.take_hot_seat(c.id, anna, actor=ACTOR),
        lambda: app.take_hot_seat(c.id, bram, actor=ACTOR),
        c.id,
        "take_hot_seat",
    )


@scenario("feedback-from-others")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie().to_uitwisselen()
    anna, bram = c.participants
    app.take_hot_seat(c.id, anna, actor=ACTOR)
    return Case(
        lambda: app.give_feedback(c.id, anna, "addition", "Ik", actor=ACTOR),
        lambda: app.give_feedback(c.id, bram, "addition", "Jij", actor=ACTOR),
        c.id,
        "give_feedback",
    )


# -- Leergroep and learning communities ------------------------------------------------


@scenario("subject-chosen")
def _(app: Circles) -> Case:
    g = Group(app).join_all().open()
    return Case(g.hold, lambda: g.choose().hold(), g.id, "choose_subject")


@scenario("agenda-proposed")
def _(app: Circles) -> Case:
    g = Group(app).join_all().open().choose()
    done, fresh = g.propose("Eerste"), g.propose("Tweede")
    g.decide(done, True)
    return Case(
        lambda: g.decide(done, False),
        lambda: g.decide(fresh, False),
        g.id,
        "decide_agenda_item",
    )


@scenario("agenda-adopted")
def _(app: Circles) -> Case:
    g = Group(app).join_all().open().choose()
    proposed, adopted = g.propose("Eerste"), g.propose("Tweede")
    g.decide(adopted, True)
    return Case(
        lambda: g.submit(proposed),
        lambda: g.submit(adopted),
        g.id,
        "submit_agenda_item",
    )


def _community(app: Circles) -> tuple[UUID, Group]:
    g = Group(app).join_all()
    return app.form_community("Grenzeloos", actor=ACTOR), g


@scenario("community-groups")
def _(app: Circles) -> Case:
    community, g = _community(app)

    def gather() -> None:
        app.hold_gathering(
            community, "Thema", "webinar", [g.participants[0]], actor=ACTOR
        )

    def add_then_gather() -> None:
        app.add_group(community, g.id, actor=ACTOR)
        gather()

    return Case(gather, add_then_gather)


@scenario("community-member")
def _(app: Circles) -> Case:
    community, g = _community(app)
    app.add_group(community, g.id, actor=ACTOR)
    return Case(
        lambda: app.hold_gathering(
            community, "Thema", "lecture", [g.outsider], actor=ACTOR
        ),
        lambda: app.hold_gathering(
            community, "Thema", "lecture", [g.participants[0]], actor=ACTOR
        ),
    )


@scenario("one-membership")
def _(app: Circles) -> Case:
    community, g = _community(app)
    other = Group(app)
    app.add_group(community, g.id, actor=ACTOR)
    return Case(
        lambda: app.add_group(community, g.id, actor=ACTOR),
        lambda: app.add_group(community, other.id, actor=ACTOR),
    )


@scenario("one-community")
def _(app: Circles) -> Case:
    community, g = _community(app)
    second = app.form_community("Tweede", actor=ACTOR)
    other = Group(app)
    app.add_group(community, g.id, actor=ACTOR)
    return Case(
        lambda: app.add_group(second, g.id, actor=ACTOR),
        lambda: app.add_group(second, other.id, actor=ACTOR),
    )


# -- Leernetwerkgroep ------------------------------------------------------------------


@scenario("learning-wishes-stated")
def _(app: Circles) -> Case:
    n = Network(app).register()
    n.close()
    n.open("Start").set_aim()
    for person in n.participants[:-1]:
        n.wish(person)
    return Case(
        n.hold,
        lambda: n.wish(n.participants[-1]).hold(),
        n.id,
        "state_learning_wish",
    )


@scenario("aim-set")
def _(app: Circles) -> Case:
    n = Network(app).register()
    n.close()
    n.open("Start")
    for person in n.participants:
        n.wish(person)
    return Case(n.hold, lambda: n.set_aim().hold(), n.id, "set_aim")


@scenario("one-assignment")
def _(app: Circles) -> Case:
    n = Network(app).start()
    first, second = n.participants[:2]
    n.assignment(first)
    return Case(
        lambda: n.assignment(first),
        lambda: n.assignment(second),
        n.id,
        "complete_assignment",
    )


@scenario("assignments-done")
def _(app: Circles) -> Case:
    n = Network(app).to_slot()
    for person in n.participants[:-1]:
        n.assignment(person)
    return Case(
        n.hold,
        lambda: n.assignment(n.participants[-1]).hold(),
        n.id,
        "complete_assignment",
    )


# -- Samenwerking ------------------------------------------------------------------


@scenario("mandates-renewed")
def _(app: Circles) -> Case:
    t = Table(app)
    return Case(
        lambda: t.open("Erkennen"),
        lambda: t.renew_all().open("Erkennen"),
        t.id,
        "renew_mandate",
    )


@scenario("one-renewal")
def _(app: Circles) -> Case:
    t = Table(app)
    first, second = t.members[:2]
    app.renew_mandate(t.id, first, "Alles", actor=ACTOR)
    return Case(
        lambda: app.renew_mandate(t.id, first, "Alles", actor=ACTOR),
        lambda: app.renew_mandate(t.id, second, "Alles", actor=ACTOR),
        t.id,
        "renew_mandate",
    )


@scenario("mandate-organisation")
def _(app: Circles) -> Case:
    t = Table(app)
    loose = app.register_person("Zonder organisatie", actor=ACTOR)
    app.join(t.id, loose, "participant", actor=ACTOR)
    return Case(
        lambda: app.renew_mandate(t.id, loose, "Alles", actor=ACTOR),
        lambda: app.renew_mandate(t.id, t.members[0], "Alles", actor=ACTOR),
        t.id,
        "renew_mandate",
    )


@scenario("concerns-heard")
def _(app: Circles) -> Case:
    t = Table(app).renew_all().open("Erkennen")

    def hold() -> None:
        app.hold_session(t.id, actor=ACTOR)

    def hear_then_hold() -> None:
        t.hear_all()
        hold()

    return Case(hold, hear_then_hold, t.id, "voice_concerns")


@scenario("everyone-heard")
def _(app: Circles) -> Case:
    t = Table(app).renew_all().open("Erkennen")

    def agree() -> int:
        return app.agree_two(t.id, t.members[:2], "Samen", "Sneller", actor=ACTOR)

    return Case(agree, lambda: (t.hear_all(), agree()), t.id, "voice_concerns")


@scenario("problems-have-proposals")
def _(app: Circles) -> Case:
    t = Table(app).renew_all().open("Erkennen").hear_all()
    problem = app.name_problem(t.id, t.members[0], "Wachtlijst", actor=ACTOR)

    def hold() -> None:
        app.hold_session(t.id, actor=ACTOR)

    def propose_then_hold() -> None:
        app.propose_solution(t.id, t.members[1], problem, "Samen tellen", actor=ACTOR)
        hold()

    return Case(hold, propose_then_hold, t.id, "propose_solution")


@scenario("consensus-complete")
def _(app: Circles) -> Case:
    t = Table(app).meeting("Erkennen").renew_all().open("DoorzichtigMaken").hear_all()
    app.hold_session(t.id, actor=ACTOR)
    t.renew_all()

    def leave() -> None:
        t.open("Verruimen")

    def record_then_leave() -> None:
        t.open("DoorzichtigMaken").record_consensus().hear_all()
        app.hold_session(t.id, actor=ACTOR)
        t.renew_all()
        leave()

    return Case(leave, record_then_leave, t.id, "open_session DoorzichtigMaken")


def _with_twos(app: Circles) -> tuple[Table, int, int]:
    t = Table(app).renew_all().open("Erkennen").hear_all()
    first = app.agree_two(t.id, t.members[:2], "Eerste", "Omdat", actor=ACTOR)
    second = app.agree_two(
        t.id, t.members[:2], "Tweede", "Beter", supersedes=first, actor=ACTOR
    )
    return t, first, second


@scenario("two-current")
def _(app: Circles) -> Case:
    t, first, second = _with_twos(app)
    member = t.members[0]
    return Case(
        lambda: app.act_on_two(t.id, first, member, "Gedaan", actor=ACTOR),
        lambda: app.act_on_two(t.id, second, member, "Gedaan", actor=ACTOR),
        t.id,
        "act_on_two",
    )


@scenario("two-acted")
def _(app: Circles) -> Case:
    t, _, second = _with_twos(app)
    member = t.members[0]

    def reflect() -> None:
        app.reflect_on_two(t.id, second, member, "Werkt", actor=ACTOR)

    def act_then_reflect() -> None:
        app.act_on_two(t.id, second, member, "Gedaan", actor=ACTOR)
        reflect()

    return Case(reflect, act_then_reflect, t.id, "act_on_two")


@scenario("role-exists")
def _(app: Circles) -> Case:
    t = Table(app)
    app.assign_role(t.id, "notulist", t.members[0], ["notuleren"], actor=ACTOR)
    return Case(
        lambda: app.assign_role(t.id, "notulist", t.members[1], ["x"], actor=ACTOR),
        lambda: app.assign_role(t.id, "voorzitter", t.members[1], ["x"], actor=ACTOR),
        t.id,
        "assign_role",
    )


# -- the steps real life brings ------------------------------------------------------


@scenario("circle-ended")
def _(app: Circles) -> Case:
    c = _cast(app).join_all()
    other = _cast(app).join_all()
    app.cancel(c.id, reason="Geen budget", actor=ACTOR)
    return Case(
        lambda: app.conclude_early(c.id, reason="Toch klaar", actor=ACTOR),
        lambda: app.cancel(other.id, reason="Geen budget", actor=ACTOR),
        other.id,
        "cancel",
    )


@scenario("attendance-correction")
def _(app: Circles) -> Case:
    c = _cast(app).join_all().run_urgentie().open_master_session()
    present = [c.facilitator, *c.participants, c.sponsor]
    return Case(
        lambda: app.correct_attendance(c.id, 2, present, reason="Lijst", actor=ACTOR),
        lambda: app.correct_attendance(c.id, 1, present, reason="Lijst", actor=ACTOR),
        c.id,
        "correct_attendance",
    )


@scenario("correction-target")
def _(app: Circles) -> Case:
    c = _cast(app).join_all()
    return Case(
        lambda: app.correct(c.id, 99, "challenge", "Nieuw", reason="Tik", actor=ACTOR),
        lambda: app.correct(c.id, 1, "challenge", "Nieuw", reason="Tik", actor=ACTOR),
        c.id,
        "correct_text",
    )


# -- the tests --------------------------------------------------------------------


def test_every_rule_of_the_built_in_packs_has_a_case() -> None:
    names = {rule.name for pack in BUILTIN_PACKS for rule in pack.rules}
    assert names == set(SCENARIOS)


@pytest.mark.parametrize("rule", sorted(SCENARIOS))
def test_the_rule_refuses_and_allows(rule: str) -> None:
    app = Circles("memory:")
    case = SCENARIOS[rule](app)
    error = refused(app, rule, case.refuse)
    assert error.description, "a rule describes what it asks"
    if case.circle is not None:
        assert case.label in offered(app.allowed(case.circle)), str(error)
    before = stored_count(app)
    case.allow()
    assert stored_count(app) > before
