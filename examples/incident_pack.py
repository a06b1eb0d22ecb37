# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A pack a host tool adds: intervision by the incident method.

A participant brings a case, the others ask questions and then each gives
advice; the one who brought the case does not advise on it, and a meeting
closes only once everyone else gave advice. The pack brings its own
activities (``bring_case``, ``ask_question``, ``give_advice``), events,
rules, personal-data entries and format, without touching the engine.

Register it with ``circleflow.register_pack(PACK)``, or let every process
find it through the entry-point group ``circleflow.packs`` of the host
tool's package::

    [project.entry-points."circleflow.packs"]
    incidentmethode = "incident_pack:PACK"
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from circleflow import (
    Circle,
    CircleEvent,
    Command,
    Element,
    Format,
    GroupSize,
    Move,
    Pack,
    Param,
    PersonalData,
    Rule,
    Stage,
    free,
    person,
    text,
)

# -- events: facts in the past tense, with plain payloads --------------------------


class CaseBrought(CircleEvent):
    owner: str
    case: str

    def change(self, circle: Circle) -> None:
        circle.meeting_part("case_owner").append(self.owner)


class QuestionAsked(CircleEvent):
    participant: str
    owner: str
    question: str


class AdviceGiven(CircleEvent):
    adviser: str
    owner: str
    advice: str

    def change(self, circle: Circle) -> None:
        circle.meeting_part("advised").append(self.adviser)


# -- rules: one check each, asked on a command and by allowed() --------------------


def _owner(move: Move) -> str | None:
    owners = move.meeting.get("case_owner") or []
    return owners[0] if owners else None


def _one_case(move: Move) -> str | None:
    owner = _owner(move)
    return None if owner is None else f"{owner} brought this meeting's case already"


def _case_brought(move: Move) -> str | None:
    return "no case has been brought yet" if _owner(move) is None else None


def _no_self_advice(move: Move, param: Param, adviser: Any) -> str | None:
    if adviser == _owner(move):
        return f"{adviser} brought the case and does not advise on it"
    return None


def _one_advice(move: Move, param: Param, adviser: Any) -> str | None:
    if adviser in move.meeting.get("advised", []):
        return f"{adviser} gave advice on this case already"
    return None


def _everyone_advised(move: Move) -> str | None:
    advised = move.meeting.get("advised", [])
    waiting = [
        p for p in move.present_participants if p != _owner(move) and p not in advised
    ]
    return f"no advice yet from {', '.join(waiting)}" if waiting else None


RULES = (
    Rule(
        "one-case",
        "a meeting discusses one case",
        steps={"bring_case"},
        check=_one_case,
    ),
    Rule(
        "case-brought",
        "questions and advice are about a case someone brought",
        steps={"ask_question", "give_advice"},
        check=_case_brought,
    ),
    Rule(
        "no-self-advice",
        "the one who brought the case does not advise on it",
        steps={"give_advice", "ask_question"},
        params={"adviser", "participant"},
        check_each=_no_self_advice,
    ),
    Rule(
        "one-advice",
        "each colleague gives advice on a case once",
        steps={"give_advice"},
        params={"adviser"},
        check_each=_one_advice,
    ),
    Rule(
        "everyone-advised",
        "a meeting closes once everyone but the case owner gave advice",
        check=_everyone_advised,
        condition="hold",
        fulfilled_by="give_advice",
    ),
)

# -- commands: parameters, and what they record -------------------------------------


def _bring(move: Move, owner: str, case: str) -> None:
    move.record(CaseBrought, owner=owner, case=text(case, "case"))


def _ask(move: Move, participant: str, question: str) -> None:
    owner = _owner(move)
    move.record(
        QuestionAsked,
        participant=participant,
        owner=owner,
        question=text(question, "question"),
    )


def _advise(move: Move, adviser: str, advice: str) -> None:
    owner = _owner(move)
    move.record(
        AdviceGiven, adviser=adviser, owner=owner, advice=text(advice, "advice")
    )


COMMANDS = (
    Command(
        "bring_case",
        "a participant brings a case from their own work",
        (person("owner", {"participant"}, by=True), free("case")),
        _bring,
        in_meeting=True,
        doing="bring a case",
    ),
    Command(
        "ask_question",
        "a colleague asks the case owner a clarifying question",
        (person("participant", {"participant"}, by=True), free("question")),
        _ask,
        doing="ask a question",
    ),
    Command(
        "give_advice",
        "a colleague gives advice on the case",
        (person("adviser", {"participant"}, by=True), free("advice")),
        _advise,
        doing="give advice",
    ),
)


def incidentmethode() -> Format:
    """Intervision by the incident method: as many case meetings as wanted."""
    return Format(
        name="incidentmethode",
        version=1,
        title="Intervisie (incidentmethode)",
        roles={"participant", "facilitator"},
        participants=GroupSize(minimum=3, maximum=8),
        stages=(
            Stage(
                name="Casus",
                title="Casusbespreking",
                kind="intervision meeting",
                attendees={"facilitator"},
                required={"facilitator"},
                elements=(
                    Element("Inbreng", activities=("bring_case",)),
                    Element("Vragen", activities=("ask_question",)),
                    Element("Advies", activities=("give_advice",)),
                ),
                requires=("everyone-advised",),
                repeatable=True,
            ),
        ),
    )


def _formats() -> Iterable[Format]:
    return (incidentmethode(),)


PACK = Pack(
    name="incidentmethode",
    title="Intervisie volgens de incidentmethode",
    description="A case, questions, then advice from everyone but the case owner.",
    commands=COMMANDS,
    rules=RULES,
    events=(CaseBrought, QuestionAsked, AdviceGiven),
    formats=_formats,
    meeting_state={"case_owner": list, "advised": list},
    personal_data=(
        PersonalData("CaseBrought", ("case",), "owner", ("owner",)),
        PersonalData("QuestionAsked", ("question",), "owner", ("participant", "owner")),
        PersonalData("AdviceGiven", ("advice",), "owner", ("adviser", "owner")),
    ),
)
