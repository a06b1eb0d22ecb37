# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A writer the fault test kills with SIGKILL at a random moment.

It records circles, forgets persons and extends the hash chain on one store,
and after each command that returned it prints one acknowledgement line and
flushes, so the test knows exactly what was acknowledged before the kill:

    ACK person <id>
    ACK circle <id> <version>
    ACK forgot <id>
    ACK chained <position>

Run: python tests/kill9_child.py STORE SEED
"""

from __future__ import annotations

import contextlib
import random
import sys

from circleflow import Circles, LogChain, StepRefused


def ack(*parts: object) -> None:
    print("ACK", *parts, flush=True)


def main(store: str, seed: int) -> None:
    rng = random.Random(seed)
    app = Circles(store, origin="fault-test")
    me = "u-fault"
    chain = LogChain(app)
    while True:
        people = []
        for n in range(5):
            person = app.register_person(
                f"Deelnemer {n}", email=f"d{n}@example.nl", actor=me
            )
            ack("person", person)
            people.append(person)
        circle = app.found_circle(
            "samenwerking", title="Fout", challenge="Onder druk", actor=me
        )
        ack("circle", circle, app.circle(circle).version)
        members = people[:3]
        for person in members:
            app.join(circle, person, "participant", organisation="Org", actor=me)
            ack("circle", circle, app.circle(circle).version)
        for _ in range(rng.randint(1, 3)):
            for person in members:
                app.renew_mandate(circle, person, "Alles", actor=me)
                ack("circle", circle, app.circle(circle).version)
            app.open_session(circle, "Erkennen", members, actor=me)
            ack("circle", circle, app.circle(circle).version)
            for person in members:
                app.voice_concerns(circle, person, f"Zorg van {person}", actor=me)
                ack("circle", circle, app.circle(circle).version)
            app.hold_session(circle, actor=me)
            ack("circle", circle, app.circle(circle).version)
        gone = rng.choice(people)
        app.forget_person(gone, actor="privacy-officer")
        ack("forgot", gone)
        with contextlib.suppress(StepRefused):  # refused: forgotten
            app.renew_mandate(circle, gone, "Alles", actor=me)
        chain.extend()
        ack("chained", app.log_position())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
