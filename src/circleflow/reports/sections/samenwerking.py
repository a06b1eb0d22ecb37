# SPDX-License-Identifier: EUPL-1.2
"""A Samenwerking's part of the report: the mandates per member per
meeting, the concerns voiced, the problems with their proposals, the
consensus record, the chain of TWOs (agreed, acted on, reflected on,
superseded by), and the roles with their tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from circleflow.language import _
from circleflow.reports import words
from circleflow.reports.layout import Table
from circleflow.reports.sections.kept import records

if TYPE_CHECKING:
    from circleflow.reports.report import CircleReport

#: The events this part reads.
EVENTS = (
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
)


def _after(report: CircleReport, number: int) -> str:
    if number == 0:
        return _("before the first meeting")
    return _("after {meeting}").format(meeting=words.meeting(report, number))


def _twos(report: CircleReport, names: dict[str, str]) -> list[dict[str, Any]]:
    """The TWOs in the order agreed, with what became of them."""
    chain: dict[int, dict[str, Any]] = {}
    for r in records(report, "TWOAgreed", "TWOActedOn", "TWOReflectedOn"):
        d = r["d"]
        if r["event"] == "TWOAgreed":
            chain[d["number"]] = {
                "record": r,
                "acted": [],
                "reflected": [],
                "superseded_by": None,
            }
            earlier = chain.get(d.get("supersedes") or -1)
            if earlier is not None:
                earlier["superseded_by"] = d["number"]
            continue
        two = chain.get(d["number"])
        if two is None:
            continue
        said = words.text(d["note" if r["event"] == "TWOActedOn" else "reflection"])
        line = _("{person}: {text}").format(
            person=words.person(names, d["person"]), text=said
        )
        two["acted" if r["event"] == "TWOActedOn" else "reflected"].append(line)
    return list(chain.values())


def tables(report: CircleReport, names: dict[str, str]) -> list[Table]:
    """The Samenwerking's tables."""
    t, who = words.text, words.person
    mandates = tuple(
        (
            _after(report, r["d"]["after_meeting"]),
            who(names, r["d"]["person"]),
            r["d"]["organisation"],
            t(r["d"]["scope"]),
        )
        for r in records(report, "MandateRenewed")
    )
    concerns = tuple(
        (
            words.meeting(report, r["meeting"]),
            who(names, r["d"]["person"]),
            t(r["d"]["concerns"]),
        )
        for r in records(report, "ConcernsVoiced")
    )
    proposals: dict[int, list[str]] = {}
    for r in records(report, "SolutionProposed"):
        proposals.setdefault(r["d"]["problem"], []).append(
            _("{person}: {text}").format(
                person=who(names, r["d"]["person"]), text=t(r["d"]["proposal"])
            )
        )
    problems = tuple(
        (
            str(r["d"]["number"]),
            words.meeting(report, r["meeting"]),
            who(names, r["d"]["person"]),
            t(r["d"]["problem"]),
            "; ".join(proposals.get(r["d"]["number"], ())) or _("no proposal yet"),
        )
        for r in records(report, "ProblemNamed")
    )
    consensus = tuple(
        (words.meeting(report, r["meeting"]), r["d"]["item"], t(r["d"]["agreed"]))
        for r in records(report, "ConsensusRecorded")
    )
    chain = []
    for two in _twos(report, names):
        r = two["record"]
        d = r["d"]
        status = (
            _("current")
            if two["superseded_by"] is None
            else _("superseded by TWO {number}").format(number=two["superseded_by"])
        )
        if d.get("supersedes"):
            status = _("{status}; supersedes TWO {number}").format(
                status=status, number=d["supersedes"]
            )
        chain.append(
            (
                str(d["number"]),
                t(d["agreement"]),
                t(d["why"]),
                words.persons(names, d["parties"]),
                words.meeting(report, r["meeting"]),
                "; ".join(two["acted"]),
                "; ".join(two["reflected"]),
                status,
            )
        )
    roles: dict[str, list[str]] = {}
    for r in records(report, "RoleAssigned", "RoleHandedOver"):
        d = r["d"]
        if r["event"] == "RoleAssigned":
            roles[d["role"]] = [
                who(names, d["holder"]),
                ", ".join(d["tasks"]),
                "",
            ]
        elif d["role"] in roles:
            role = roles[d["role"]]
            role[0] = who(names, d["to_person"])
            role[2] = "; ".join(
                filter(
                    None,
                    [
                        role[2],
                        _("from {giver} to {taker}: {note}").format(
                            giver=who(names, d["from_person"]),
                            taker=role[0],
                            note=t(d["note"]),
                        ),
                    ],
                )
            )
    return [
        Table(
            _("Mandates"),
            _("The mandate each member renewed, per meeting"),
            (_("when"), _("member"), _("organisation"), _("mandate")),
            mandates,
        ),
        Table(
            _("Concerns"),
            _("The concerns and reservations members voiced"),
            (_("meeting"), _("member"), _("concerns")),
            concerns,
        ),
        Table(
            _("Problems and proposals"),
            _("Each problem named, and the proposals that followed it"),
            (_("number"), _("meeting"), _("named by"), _("problem"), _("proposals")),
            problems,
        ),
        Table(
            _("Consensus record"),
            _("What the group recorded as its consensus"),
            (_("meeting"), _("item"), _("agreed")),
            consensus,
        ),
        Table(
            _("TWO chain"),
            _(
                "The Temporary Workable Agreements (TWO): agreed, acted on, "
                "reflected on, superseded by"
            ),
            (
                _("TWO"),
                _("agreement"),
                _("why"),
                _("parties"),
                _("agreed in"),
                _("acted on"),
                _("reflected on"),
                _("status"),
            ),
            tuple(chain),
        ),
        Table(
            _("Roles and tasks"),
            _("The roles, who holds them, their tasks, and hand-overs"),
            (_("role"), _("holder"), _("tasks"), _("handed over")),
            tuple((name, *rest) for name, rest in roles.items()),
        ),
    ]


def open_items(report: CircleReport, names: dict[str, str]) -> list[tuple[str, str]]:
    """What is open: problems without a proposal. (A TWO to reflect on is
    due by the format's deadline, listed with what is due.)"""
    items = []
    proposed = {r["d"]["problem"] for r in records(report, "SolutionProposed")}
    for r in records(report, "ProblemNamed"):
        if r["d"]["number"] not in proposed:
            items.append(
                (
                    _("Problem {number}").format(number=r["d"]["number"]),
                    _("still needs a proposal: {problem}").format(
                        problem=words.text(r["d"]["problem"])
                    ),
                )
            )
    return items
