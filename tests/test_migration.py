# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Moving a running circle to a newer version of its format: the difference
between the versions, the verdict, and the circle going on under the new
version; replay reads the history under each version in turn."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from circleflow import (
    Circles,
    Difference,
    Element,
    Format,
    FormatError,
    FormatRegistry,
    InvalidInput,
    Migration,
    MigrationRefused,
    Stage,
    StepRefused,
    dumps_format,
    format_difference,
    loads_format,
)
from circleflow.circle import snapshot_state
from circleflow.cli import cli
from circleflow.format import Deadline
from circleflow.planning import NextMeeting
from circleflow.reports import CircleReports
from circleflow.reports.document import report_document
from circleflow.walk import ACTOR, register_people
from tests.test_due import FakeClock

#: Version 1 of a small format: three stages, the first two with elements.
KRING = """
name = "kring"
version = 1
title = "Kring"
roles = ["facilitator", "participant"]

[[stages]]
name = "Start"
title = "Start"
kind = "kick-off"
attendees = ["facilitator"]

[[stages.elements]]
name = "Welkom"

[[stages.elements]]
name = "Verhalen"

[[stages]]
name = "Midden"
title = "Midden"
kind = "meeting"
attendees = ["facilitator"]

[[stages.elements]]
name = "Delen"

[[stages]]
name = "Slot"
title = "Slot"
kind = "closing"
attendees = ["facilitator"]
"""

V1 = loads_format(KRING)
START, MIDDEN, SLOT = V1.stages


def version(number: int, *stages: Stage, **changes: Any) -> Format:
    """Version ``number`` of the kring format with ``stages``."""
    return attrs.evolve(V1, version=number, stages=stages, **changes)


def elements(stage: Stage, *names: str | Element) -> Stage:
    """``stage`` with the elements ``names``."""
    return attrs.evolve(stage, elements=names)


#: Adds an element to the second stage, after its only one.
WITH_OOGSTEN = version(2, START, elements(MIDDEN, "Delen", "Oogsten"), SLOT)


class Kring:
    """A kring circle with a facilitator and a participant."""

    def __init__(self, app: Circles) -> None:
        self.app = app
        self.id = app.found_circle(
            "kring", version=1, title="Kring", challenge="Samen leren", actor=ACTOR
        )
        self.facilitator, self.participant = register_people(app, "Lid", 2)
        app.join(self.id, self.facilitator, "facilitator", actor=ACTOR)
        app.join(self.id, self.participant, "participant", actor=ACTOR)

    def open(self, stage: str) -> Kring:
        members = [self.facilitator, self.participant]
        self.app.open_session(self.id, stage, members, actor=ACTOR)
        return self

    def enter(self, *names: str) -> Kring:
        for name in names:
            self.app.enter_element(self.id, name, actor=ACTOR)
        return self

    def hold(self) -> Kring:
        self.app.hold_session(self.id, actor=ACTOR)
        return self

    @property
    def state(self) -> str:
        return self.app.position(self.id).state

    @property
    def version(self) -> int:
        return self.app.circle(self.id).version

    def migrate(self, to: int, *, dry_run: bool = False) -> Migration:
        return self.app.migrate(self.id, to_version=to, actor=ACTOR, dry_run=dry_run)


def app_with(
    *formats: Format, store: str = "memory:", snapshot_every: int = 100
) -> Circles:
    """An application knowing version 1 of the kring format and ``formats``."""
    registry = FormatRegistry([V1, *formats])
    return Circles(store, formats=registry, snapshot_every=snapshot_every)


@pytest.fixture
def kring() -> Iterator[Kring]:
    app = app_with(WITH_OOGSTEN)
    yield Kring(app)
    app.close()


def names(checked: Migration | MigrationRefused) -> list[str]:
    """The names of the conflicts of a migration, or of a refusal."""
    return [c.name for c in checked.conflicts]


# -- the difference ----------------------------------------------------------------


def test_the_difference_names_every_kind_of_change() -> None:
    newer = version(
        2,
        attrs.evolve(START, name="Begin", replaces="Start", title="Opening"),
        SLOT,
        attrs.evolve(
            elements(
                MIDDEN,
                Element("Oogsten"),
                Element("Inbreng", replaces="Delen", activities=("choose_subject",)),
            ),
            requires=("subject-chosen",),
        ),
        Stage("Extra", "Extra", "meeting", attendees="facilitator"),
        hosted=True,
    )
    diff = format_difference(V1, newer)
    assert (diff.format, diff.from_version, diff.to_version) == ("kring", 1, 2)
    assert [str(c) for c in diff.changes] == [
        "stage Start renamed to Begin",
        "stage Extra added",
        "stage Midden moved",
        "stage Begin changed: title",
        "stage Midden changed: requires",
        "element Delen of stage Midden renamed to Inbreng",
        "element Oogsten of stage Midden added",
        "element Inbreng of stage Midden changed: activities",
        "rule host added",
        "rule host-rotation added",
        "rule subject-chosen added",
        "format changed: hosted",
    ]
    assert Difference.from_dict(json.loads(json.dumps(diff.as_dict()))) == diff
    back = format_difference(newer, attrs.evolve(V1, version=3))
    assert [str(c) for c in back.of("stage", "removed")] == [
        "stage Begin removed",
        "stage Extra removed",
    ]
    assert [str(c) for c in back.of("rule")] == [
        "rule host removed",
        "rule host-rotation removed",
        "rule subject-chosen removed",
    ]


def test_a_rename_is_known_only_from_a_declaration() -> None:
    declared = version(
        2, START, elements(MIDDEN, Element("Inbreng", replaces="Delen")), SLOT
    )
    undeclared = version(2, START, elements(MIDDEN, "Inbreng"), SLOT)
    assert [str(c) for c in format_difference(V1, declared).changes] == [
        "element Delen of stage Midden renamed to Inbreng"
    ]
    assert [str(c) for c in format_difference(V1, undeclared).changes] == [
        "element Delen of stage Midden removed",
        "element Inbreng of stage Midden added",
    ]
    assert format_difference(V1, version(2, *V1.stages)).empty


def test_renames_are_followed_through_the_versions_in_between() -> None:
    second = version(
        2, START, elements(MIDDEN, Element("Inbreng", replaces="Delen")), SLOT
    )
    third = version(
        3,
        attrs.evolve(START, name="Begin", replaces="Start"),
        elements(MIDDEN, Element("Bijdrage", replaces="Inbreng")),
        SLOT,
    )
    assert [str(c) for c in format_difference(V1, third, between=[second]).changes] == [
        "stage Start renamed to Begin",
        "element Delen of stage Midden renamed to Bijdrage",
    ]


def test_a_rename_declared_in_an_earlier_version_is_left_aside_later() -> None:
    second = version(
        2, attrs.evolve(START, name="Begin", replaces="Start"), MIDDEN, SLOT
    )
    copied = attrs.evolve(second, version=3)
    assert format_difference(second, copied).empty
    assert [str(c) for c in format_difference(V1, copied).changes] == [
        "stage Start renamed to Begin"
    ]
    assert [
        str(c) for c in format_difference(V1, copied, between=[second]).changes
    ] == ["stage Start renamed to Begin"]


def test_a_rename_is_declared_in_toml_too() -> None:
    text = KRING.replace("version = 1", "version = 2").replace(
        'name = "Delen"', 'name = "Inbreng"\nreplaces = "Delen"'
    )
    newer = loads_format(text)
    assert newer.stage("Midden").element("Inbreng").replaces == "Delen"
    assert loads_format(dumps_format(newer)) == newer
    assert [str(c) for c in format_difference(V1, newer).changes] == [
        "element Delen of stage Midden renamed to Inbreng"
    ]


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        (
            (attrs.evolve(START, replaces="Start"), MIDDEN, SLOT),
            "replaces names the stage itself",
        ),
        (
            (
                START,
                attrs.evolve(MIDDEN, replaces="Oud"),
                attrs.evolve(SLOT, replaces="Oud"),
            ),
            "stages Midden and Slot both replace 'Oud'",
        ),
        (
            (START, elements(MIDDEN, Element("Delen", replaces="Gehouden")), SLOT),
            "reserved",
        ),
    ],
)
def test_a_broken_rename_declaration_is_refused(
    stages: tuple[Stage, ...], message: str
) -> None:
    with pytest.raises(FormatError, match=message):
        version(2, *stages)


# -- the verdict and the circle going on -------------------------------------------


def test_an_element_added_ahead_is_allowed_and_the_circle_takes_it(
    kring: Kring,
) -> None:
    kring.open("Start").enter("Welkom")
    done = kring.migrate(2)
    assert done.allowed and done.recorded
    assert [str(c) for c in done.difference.changes] == [
        "element Oogsten of stage Midden added"
    ]
    assert (done.state, done.new_state) == ("Start.Welkom", "Start.Welkom")
    position = kring.app.position(kring.id)
    assert (position.format, position.state) == ("kring v2", "Start.Welkom")
    last = kring.app.history(kring.id)[-1]
    assert last.event == "CircleMigrated"
    assert (last.details["from_version"], last.details["to_version"]) == (1, 2)
    assert last.details["difference"] == done.difference.as_dict()
    kring.enter("Verhalen").hold().open("Midden").enter("Delen", "Oogsten").hold()
    assert kring.state == "Midden.Gehouden"


def test_an_element_added_ahead_in_the_open_meeting_is_allowed() -> None:
    newer = version(2, elements(START, "Welkom", "Verhalen", "Afspraken"), MIDDEN, SLOT)
    app = app_with(newer)
    kring = Kring(app).open("Start").enter("Welkom")
    kring.migrate(2)
    kring.enter("Verhalen", "Afspraken").hold()
    assert kring.state == "Start.Gehouden"


def test_a_removed_stage_already_held_is_allowed_and_its_history_kept() -> None:
    app = app_with(version(2, MIDDEN, SLOT))
    kring = Kring(app).open("Start").enter("Welkom", "Verhalen").hold()
    kring.open("Midden").enter("Delen").hold()
    done = kring.migrate(2)
    assert [str(c) for c in done.difference.of("stage")] == ["stage Start removed"]
    circle = app.circle(kring.id)
    assert [m["stage"] for m in circle.meetings] == ["Start", "Midden"]
    events = [(e.event, e.state) for e in app.history(kring.id)]
    assert ("SessionHeld", "Start.Gehouden") in events
    kring.open("Slot").hold()
    assert app.position(kring.id).complete


def test_removing_the_stage_the_circle_stands_at_is_refused() -> None:
    app = app_with(version(2, MIDDEN, SLOT))
    kring = Kring(app).open("Start").enter("Welkom", "Verhalen").hold()
    before = kring.version
    with pytest.raises(MigrationRefused) as refused:
        kring.migrate(2)
    assert names(refused.value) == ["current-stage-removed"]
    assert "the circle stands at stage Start, held" in str(refused.value)
    assert kring.version == before


def test_a_renamed_element_that_is_active_now_is_refused_and_nothing_recorded() -> None:
    newer = version(
        2,
        elements(START, Element("Binnenkomst", replaces="Welkom"), "Verhalen"),
        MIDDEN,
        SLOT,
    )
    app = app_with(newer)
    kring = Kring(app).open("Start").enter("Welkom")
    before = kring.version
    with pytest.raises(MigrationRefused) as refused:
        kring.migrate(2)
    error = refused.value
    assert isinstance(error, StepRefused) and error.rule == "migration"
    assert names(error) == ["active-element"]
    message = str(error)
    assert "version 2 renames element Welkom of stage Start" in message
    assert "to Binnenkomst" in message
    assert "migrate after the meeting of Start is held" in message
    assert kring.version == before
    assert app.circle(kring.id).format_version == 1
    assert app.history(kring.id)[-1].event == "ElementEntered"
    # Once the meeting is held, the same version is allowed.
    kring.enter("Verhalen").hold()
    assert kring.migrate(2).recorded


def test_changing_what_the_open_meeting_has_walked_is_refused() -> None:
    newer = version(
        2, elements(START, "Voorstellen", "Welkom", "Verhalen"), MIDDEN, SLOT
    )
    app = app_with(
        newer, version(3, elements(START, "Verhalen", "Welkom"), MIDDEN, SLOT)
    )
    kring = Kring(app).open("Start").enter("Welkom", "Verhalen")
    added = app.migrate(kring.id, to_version=2, actor=ACTOR, dry_run=True)
    assert names(added) == ["walked-element"]
    assert "adds element Voorstellen before element Welkom" in str(added.conflicts[0])
    moved = app.migrate(kring.id, to_version=3, actor=ACTOR, dry_run=True)
    assert names(moved) == ["walked-element", "active-element"]
    assert "moves element Verhalen of stage Start" in str(moved.conflicts[1])
    assert "out of the order the meeting walked (Welkom, Verhalen)" in str(
        moved.conflicts[1]
    )


def test_changing_the_stage_of_the_open_meeting_is_refused() -> None:
    app = app_with(
        version(2, attrs.evolve(START, required=("facilitator",)), MIDDEN, SLOT),
        version(3, attrs.evolve(START, title="Opening"), MIDDEN, SLOT),
    )
    kring = Kring(app).open("Start")
    changed = app.migrate(kring.id, to_version=2, actor=ACTOR, dry_run=True)
    assert names(changed) == ["active-stage"]
    assert "changes the stage's required" in str(changed.conflicts[0])
    assert kring.migrate(3).recorded  # a title is text for people only


def test_a_stage_added_before_where_the_circle_is_is_refused() -> None:
    extra = Stage("Extra", "Extra", "meeting", attendees="facilitator")
    app = app_with(
        version(2, START, extra, MIDDEN, SLOT), version(3, START, MIDDEN, extra, SLOT)
    )
    kring = Kring(app).open("Start").enter("Welkom", "Verhalen").hold()
    kring.open("Midden")
    with pytest.raises(
        MigrationRefused, match="adds stage Extra before stage Midden"
    ) as refused:
        kring.migrate(2)
    assert names(refused.value) == ["stage-order"]
    assert "migrate to version 3" in str(refused.value)  # allowed instead
    assert kring.migrate(3).recorded


def test_stages_the_circle_has_reached_keep_their_order() -> None:
    app = app_with(version(2, START, SLOT, MIDDEN), version(3, MIDDEN, START, SLOT))
    kring = Kring(app).open("Start").enter("Welkom", "Verhalen").hold()
    kring.open("Midden")
    ahead = kring.migrate(2, dry_run=True)
    assert [str(c) for c in ahead.conflicts] == [
        "stage-order: version 2 moves stage Slot, which the circle has not "
        "reached, before stage Midden, which the circle has reached: the circle "
        "would have skipped it; stages it has not reached go after stage Midden"
    ]
    swapped = kring.migrate(3, dry_run=True)
    assert names(swapped) == ["stage-order"]
    assert "the stages the circle has reached, Start, Midden, to Midden, Start" in (
        str(swapped.conflicts[0])
    )


def test_a_stage_renamed_between_meetings_goes_on_under_its_new_name() -> None:
    app = app_with(
        version(2, attrs.evolve(START, name="Begin", replaces="Start"), MIDDEN, SLOT)
    )
    kring = Kring(app).open("Start").enter("Welkom", "Verhalen").hold()
    done = kring.migrate(2)
    assert (done.state, done.new_state) == ("Start.Gehouden", "Begin.Gehouden")
    assert kring.state == "Begin.Gehouden"
    assert [m["stage"] for m in app.circle(kring.id).meetings] == ["Begin"]
    kring.open("Midden").enter("Delen").hold()
    assert kring.state == "Midden.Gehouden"


def test_the_state_before_the_first_meeting_follows_its_new_name() -> None:
    app = app_with(version(2, *V1.stages, before="Voorbereiding"))
    kring = Kring(app)
    done = kring.migrate(2)
    assert (done.state, done.new_state) == ("Verkenning", "Voorbereiding")
    assert kring.state == "Voorbereiding"
    kring.open("Start")
    assert kring.state == "Start"


def test_a_circle_that_has_ended_is_not_migrated() -> None:
    open_ended = version(1, START, MIDDEN, attrs.evolve(SLOT, repeatable=True))
    app = Circles(
        "memory:", formats=FormatRegistry([open_ended, version(2, *V1.stages)])
    )
    kring = Kring(app).open("Start").enter("Welkom", "Verhalen").hold()
    kring.open("Midden").enter("Delen").hold().open("Slot").hold()
    app.conclude(kring.id, actor=ACTOR)
    with pytest.raises(MigrationRefused, match="state Afgerond") as refused:
        kring.migrate(2)
    assert names(refused.value) == ["circle-ended"]
    cancelled = Kring(app)
    app.cancel(cancelled.id, reason="geen deelnemers", actor=ACTOR)
    with pytest.raises(MigrationRefused, match="has ended"):
        cancelled.migrate(2)


def test_a_circle_moves_past_the_versions_in_between_and_never_back() -> None:
    second = version(
        2, START, elements(MIDDEN, Element("Inbreng", replaces="Delen")), SLOT
    )
    third = version(
        3, START, elements(MIDDEN, Element("Bijdrage", replaces="Inbreng")), SLOT
    )
    app = app_with(second, third)
    kring = Kring(app).open("Start").enter("Welkom", "Verhalen").hold()
    done = kring.migrate(3)
    assert (done.from_version, done.to_version) == (1, 3)
    assert [str(c) for c in done.difference.changes] == [
        "element Delen of stage Midden renamed to Bijdrage"
    ]
    with pytest.raises(InvalidInput, match="runs on kring version 3"):
        kring.migrate(2)
    kring.open("Midden").enter("Bijdrage")
    assert kring.state == "Midden.Bijdrage"


def test_only_a_newer_registered_version_is_accepted(kring: Kring) -> None:
    with pytest.raises(InvalidInput, match="can move only to a newer version"):
        kring.migrate(1)
    with pytest.raises(
        InvalidInput, match="has no version 7; the newer versions registered are: 2"
    ):
        kring.migrate(7)
    with pytest.raises(InvalidInput, match="to_version must be"):
        kring.migrate("2")  # type: ignore[arg-type]
    assert kring.app.circle(kring.id).format_version == 1


def test_a_dry_run_records_nothing(kring: Kring) -> None:
    kring.open("Start").enter("Welkom")
    before = kring.version
    checked = kring.migrate(2, dry_run=True)
    assert checked.allowed and not checked.recorded
    assert checked.verdict() == "allowed"
    assert kring.version == before
    assert kring.app.position(kring.id).format == "kring v1"


def test_a_migration_sent_again_with_its_command_id_records_nothing(
    kring: Kring,
) -> None:
    kring.open("Start").enter("Welkom")
    first = kring.app.migrate(kring.id, to_version=2, actor=ACTOR, command_id="m-1")
    after = kring.version
    again = kring.app.migrate(kring.id, to_version=2, actor=ACTOR, command_id="m-1")
    assert kring.version == after
    assert again == first and again.recorded
    with pytest.raises(InvalidInput, match="m-1"):
        kring.app.migrate(kring.id, to_version=3, actor=ACTOR, command_id="m-1")


#: The whole walk of a version 1 circle, step by step.
WALK = (
    ("open", "Start"),
    ("enter", "Welkom"),
    ("enter", "Verhalen"),
    ("hold", ""),
    ("open", "Midden"),
    ("enter", "Delen"),
    ("hold", ""),
    ("open", "Slot"),
    ("hold", ""),
)

_EXTRA = Stage("Extra", "Extra", "meeting", attendees="facilitator")

#: Newer versions that change each kind of part in each way.
VARIANTS = {
    "element added ahead": WITH_OOGSTEN,
    "element added first": version(
        2, elements(START, "Voorstellen", "Welkom", "Verhalen"), MIDDEN, SLOT
    ),
    "element removed": version(2, elements(START, "Welkom"), MIDDEN, SLOT),
    "element renamed": version(
        2,
        elements(START, Element("Binnenkomst", replaces="Welkom"), "Verhalen"),
        MIDDEN,
        SLOT,
    ),
    "elements swapped": version(2, elements(START, "Verhalen", "Welkom"), MIDDEN, SLOT),
    "first stage removed": version(2, MIDDEN, SLOT),
    "last stage removed": version(2, START, MIDDEN),
    "stage added between": version(2, START, _EXTRA, MIDDEN, SLOT),
    "stage changed": version(
        2, attrs.evolve(START, required=("facilitator",)), MIDDEN, SLOT
    ),
    "stage renamed": version(
        2, START, attrs.evolve(MIDDEN, name="Kern", replaces="Midden"), SLOT
    ),
    "stages swapped": version(2, START, SLOT, MIDDEN),
    "state before renamed": version(2, *V1.stages, before="Voorbereiding"),
}

#: The verdict on each variant after each step of :data:`WALK` (the first
#: column before any step): ``.`` allowed, else the conflicts, abbreviated.
#: Start open, in Welkom, in Verhalen, Start held, Midden open, in Delen,
#: Midden held, Slot open, Slot held (the circle complete: it has ended).
VERDICTS = {
    "element added ahead": ".     .     .     .     .     .     .     .     .     CE",
    "element added first": ".     .     WE    WE    .     .     .     .     .     CE",
    "element removed": ".     .     .     AE    .     .     .     .     .     CE",
    "element renamed": ".     .     AE    WE    .     .     .     .     .     CE",
    "elements swapped": ".     .     WE    WE+AE .     .     .     .     .     CE",
    "first stage removed": ".     AS    AS    AS    CR    .     .     .     .     CE",
    "last stage removed": ".     .     .     .     .     .     .     .     AS    CE+CR",
    "stage added between": (
        ".     .     .     .     .     SO    SO    SO    SO    CE+SO"
    ),
    "stage changed": ".     AS    AS    AS    .     .     .     .     .     CE",
    "stage renamed": ".     .     .     .     .     AS    AS    .     .     CE",
    "stages swapped": ".     .     .     .     .     SO    SO    SO    SO    CE+SO",
    "state before renamed": ".     .     .     .     .     .     .     .     .     CE",
}

_SHORT = {
    "active-stage": "AS",
    "active-element": "AE",
    "walked-element": "WE",
    "stage-order": "SO",
    "current-stage-removed": "CR",
    "state-unknown": "SU",
    "circle-ended": "CE",
}


def walk_on(kring: Kring) -> None:
    """Take the first step the circle allows, until it has none left."""
    moves = ("open_session", "enter_element", "hold_session")
    for _ in range(30):
        steps = [s for s in kring.app.allowed(kring.id) if s.command in moves]
        if not steps:
            return
        step = steps[0]
        if step.command == "open_session":
            kring.open(str(step.target))
        elif step.command == "enter_element":
            kring.enter(str(step.target))
        else:
            kring.hold()


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_change_is_allowed_ahead_of_the_circle_and_refused_where_it_conflicts(
    variant: str,
) -> None:
    """An allowed migration leaves a circle that replays the same and runs
    on to its end; a refused one records nothing."""
    verdicts = []
    for done in range(len(WALK) + 1):
        app = app_with(VARIANTS[variant])
        kring = Kring(app)
        for action, name in WALK[:done]:
            getattr(kring, action)(*([name] if name else []))
        before = kring.version
        checked = kring.migrate(2, dry_run=True)
        assert kring.version == before
        verdicts.append("+".join(_SHORT[c.name] for c in checked.conflicts) or ".")
        if checked.allowed:
            kring.migrate(2)
            assert kring.state == checked.new_state
            replayed = app.circle(kring.id, version=kring.version)
            assert snapshot_state(replayed) == snapshot_state(app.circle(kring.id))
            walk_on(kring)
            assert app.position(kring.id).complete, (done, kring.state)
        else:
            with pytest.raises(MigrationRefused):
                kring.migrate(2)
            assert kring.version == before
        app.close()
    assert verdicts == VERDICTS[variant].split()


# -- replay, snapshots and projections ----------------------------------------------


def test_replay_after_a_migration_equals_the_live_circle(tmp_path: Path) -> None:
    store = str(tmp_path / "kring.db")
    renamed = version(
        2, attrs.evolve(START, name="Begin", replaces="Start"), MIDDEN, SLOT
    )
    live = app_with(renamed, store=store, snapshot_every=4)
    kring = Kring(live).open("Start").enter("Welkom", "Verhalen").hold()
    kring.migrate(2)
    kring.open("Midden").enter("Delen")
    now = snapshot_state(live.circle(kring.id))
    live.close()
    for every in (4, 1000):  # from a snapshot, and from the events alone
        again = app_with(renamed, store=store, snapshot_every=every)
        assert snapshot_state(again.circle(kring.id)) == now
        again.close()
    replayed = app_with(renamed, store=store)
    migrated_at = next(
        e.version for e in replayed.history(kring.id) if e.event == "CircleMigrated"
    )
    before = replayed.circle(kring.id, version=migrated_at - 1)
    assert (before.format_version, before.state) == (1, "Start.Gehouden")
    assert replayed.position(kring.id, version=migrated_at - 1).format == "kring v1"
    assert replayed.position(kring.id).format == "kring v2"
    replayed.close()


def test_what_is_due_and_the_report_follow_the_new_version() -> None:
    app = app_with(version(2, *V1.stages, title="Kring twee"))
    kring = Kring(app)
    assert [c.format for c in app.due(circle=kring.id)] == ["Kring"]
    kring.migrate(2)
    assert [c.format for c in app.due(circle=kring.id)] == ["Kring twee"]
    reports = CircleReports()
    reports.catch_up(app)
    report = reports.get(kring.id)
    assert report.format_version == 2
    assert report.events["CircleMigrated"] == 1
    assert [
        (m.from_version, m.to_version, m.by, m.changes) for m in report.migrations
    ] == [(1, 2, ACTOR, 1)]
    facts = dict(report_document(report).facts)
    assert facts["Format"] == "Kring, version 2"
    moved = facts["Moved to a newer version"]
    assert moved.startswith("version 1 to 2 on ")
    assert moved.endswith(f"by {ACTOR} (1 change)")


def test_plans_of_a_renamed_stage_go_by_its_new_name() -> None:
    day = date(2027, 3, 1)
    clock = FakeClock(day)
    planned = version(1, *V1.stages, deadlines=(Deadline("session"),))
    renamed = version(
        2,
        START,
        attrs.evolve(MIDDEN, name="Kern", replaces="Midden"),
        SLOT,
        deadlines=(Deadline("session"),),
    )
    app = Circles("memory:", formats=FormatRegistry([planned, renamed]), clock=clock)
    kring = Kring(app).open("Start").enter("Welkom", "Verhalen").hold()
    app.reschedule(kring.id, "Midden", day + timedelta(days=7), actor=ACTOR)
    kring.migrate(2)
    assert app.circle(kring.id).schedule == {"Kern": "2027-03-08"}
    assert app.next_meeting(kring.id) == NextMeeting("Kern", "2027-03-08", None)
    late = datetime(2027, 3, 9, 12, tzinfo=UTC)
    (due,) = app.due(late, circle=kring.id)
    assert [(i.detail, i.overdue) for i in due.items] == [
        ("open the meeting of Kern", True)
    ]
    reports = CircleReports()
    reports.catch_up(app)
    assert [m.stage for m in reports.get(kring.id).meetings] == ["Start", "Kern"]


# -- the command line ---------------------------------------------------------------


def test_the_command_line_prints_the_difference_and_the_verdict(
    tmp_path: Path,
) -> None:
    store = str(tmp_path / "kring.db")
    renamed = version(
        2,
        elements(START, Element("Binnenkomst", replaces="Welkom"), "Verhalen"),
        MIDDEN,
        SLOT,
    )
    files = []
    for fmt in (V1, renamed):
        path = tmp_path / f"kring-{fmt.version}.toml"
        path.write_text(dumps_format(fmt), encoding="utf-8")
        files += ["--format-file", str(path)]
    app = app_with(renamed, store=store)
    kring = Kring(app).open("Start").enter("Welkom")
    app.close()
    runner = CliRunner()
    base = ["--db", store, *files, "migrate", str(kring.id)[:8], "--to", "2"]

    refused = runner.invoke(cli, [*base, "--actor", "u-1"])
    assert refused.exit_code == 1
    assert "element Welkom of stage Start renamed to Binnenkomst" in refused.output
    assert "Verdict: refused: 1 conflict" in refused.output
    assert "active-element: version 2 renames element Welkom" in refused.output
    assert "nothing recorded" in refused.output

    dry = runner.invoke(cli, [*base, "--dry-run", "--json"])
    assert dry.exit_code == 1
    assert [c["name"] for c in json.loads(dry.stdout)["conflicts"]] == [
        "active-element"
    ]

    usage = runner.invoke(cli, base)
    assert usage.exit_code == 2 and "--actor" in usage.output

    app = app_with(renamed, store=store)
    app.enter_element(kring.id, "Verhalen", actor=ACTOR)
    app.hold_session(kring.id, actor=ACTOR)
    versions = app.circle(kring.id).version
    app.close()
    checked = runner.invoke(cli, [*base, "--dry-run"])
    assert checked.exit_code == 0, checked.output
    assert "Verdict: allowed" in checked.output
    done = runner.invoke(cli, [*base, "--actor", "u-1"])
    assert done.exit_code == 0, done.output
    assert "Verdict: recorded" in done.output
    app = app_with(renamed, store=store)
    assert app.circle(kring.id).version == versions + 1
    assert app.position(kring.id).format == "kring v2"
    app.close()
