# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A tool defines its own format in TOML and runs a circle with it.

Run it with ``python examples/own_format.py [STORE]``; the store defaults to
``memory:`` (nothing is written), pass a file such as ``intervisie.db`` to
keep the circle and look at it later with ``circleflow --db intervisie.db
--format-file examples/intervisie.toml history CIRCLE``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from circleflow import Circles, FormatRegistry, StepRefused, load_format

HERE = Path(__file__).parent


def show(app: Circles, circle: str, what: str) -> None:
    """Print where the circle stands on both levels and what it may do next."""
    at = app.position(circle)
    # One label per kind of step; each step also names who may take it.
    allowed = ", ".join(dict.fromkeys(step.label for step in at.allowed)) or "nothing"
    if at.complete:
        allowed += " (the circle is complete)"
    print(f"{what}\n    state {at.state}; allowed: {allowed}")


def main(store: str = "memory:") -> None:
    fmt = load_format(HERE / "intervisie.toml")
    registry = FormatRegistry.with_builtins()
    registry.register(fmt)
    app = Circles(store, formats=registry, origin="intervisie-example")
    me = "facilitator@example.org"

    fenna = app.register_person("Fenna", organisation="BZK", actor=me)
    mees = app.register_person("Mees", organisation="IenW", actor=me)
    peers = [
        app.register_person(name, organisation=org, actor=me)
        for name, org in [("Ada", "EZK"), ("Bram", "VWS"), ("Cato", "JenV")]
    ]
    circle = str(
        app.found_circle(
            "intervisie",
            title="Intervisie beleidsadviseurs",
            challenge="Beter adviseren bij dilemma's",
            actor=me,
        )
    )
    app.join(circle, fenna, "facilitator", actor=me)
    app.join(circle, mees, "master", actor=me)
    for peer in peers:
        app.join(circle, peer, "participant", actor=me)
    app.schedule(circle, date(2027, 1, 11), actor=me)
    show(app, circle, "founded and scheduled")

    app.open_session(circle, "Start", [fenna, *peers], actor=me)
    app.set_aim(circle, "Elk een casus inbrengen", "Scherpere adviezen", actor=me)
    app.hold_session(circle, actor=me)
    show(app, circle, "kick-off held")

    cases = {peers[0]: "Een lastige wethouder", peers[1]: "Twee opdrachtgevers"}
    for owner, case in cases.items():
        app.open_session(circle, "Casus", [fenna, *peers], actor=me)
        app.enter_element(circle, "Inbreng", actor=me)
        app.choose_subject(circle, case, brought_by=owner, actor=me)
        app.enter_element(circle, "Vragen", actor=me)
        app.enter_element(circle, "Advies", actor=me)
        app.record_insight(circle, "lesson", "Eerst het belang benoemen", actor=me)
        app.hold_session(circle, actor=me)
        show(app, circle, f"case meeting held: {case}")

    app.open_session(circle, "Slot", [fenna, mees, *peers], actor=me)
    app.enter_element(circle, "Terugblik", actor=me)

    # A refused step names the rule and what is allowed, and records nothing.
    before = app.position(circle).version
    try:
        app.hold_session(circle, actor=me)
    except StepRefused as refused:
        print(f"refused ({refused.rule}): {refused}")
    assert app.position(circle).version == before

    for peer in peers:
        others = [p for p in peers if p != peer]
        app.take_hot_seat(circle, peer, topic="Wat ik leerde", actor=me)
        app.give_feedback(circle, others[0], "appreciative", "Helder", actor=me)
        app.hold_master_dialogue(circle, mees, summary="Volgende stap", actor=me)
    app.hold_session(circle, actor=me)
    show(app, circle, "closing meeting held")

    print()
    for entry in app.history(circle)[-3:]:
        print(f"v{entry.version:<3} {entry.event:<20} by {entry.actor}")
    print(f"circle {circle}: {len(app.history(circle))} events")


if __name__ == "__main__":
    main(*sys.argv[1:2])
