# SPDX-License-Identifier: EUPL-1.2
"""The circle report: one read model per circle, folded from its events.

It answers what a facilitator or analyst asks of a circle's history: who
took part in which role, which meetings were planned and held with how many
people, how much feedback and how many hot seats there were, which mandates
were renewed and which Temporary Workable Agreements hold.

A person forgotten after the report read their name reads ``[forgotten]``
from the moment the report folds ``PersonForgotten``, as in a report
rebuilt from the events.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any
from uuid import UUID

from attrs import asdict, define, field, fields

from circleflow import FORGOTTEN, LoggedEvent, UnknownCircle
from circleflow_adapters.projection import Projection


@define
class MemberRow:
    """A member of the circle: the person, their role and organisation."""

    person: str
    name: str
    role: str
    organisation: str
    joined_at: datetime


@define
class MeetingRow:
    """One meeting (session) of the circle, as planned and as held."""

    stage: str
    number: int
    scheduled: str | None = None
    opened_at: datetime | None = None
    held_at: datetime | None = None
    attendees: int = 0
    host: str | None = None
    hot_seats: int = 0
    feedback: int = 0


@define
class TWORow:
    """A Temporary Workable Agreement and what became of it."""

    number: int
    agreement: str
    why: str
    parties: int
    agreed_at: datetime
    supersedes: int | None = None
    superseded_by: int | None = None
    acted_on: int = 0
    reflections: int = 0


@define
class CircleReport:
    """Everything the report tells about one circle."""

    circle_id: UUID
    title: str
    format: str
    format_version: int
    challenge: str
    founded_at: datetime
    founded_by: str
    state: str = ""
    version: int = 0
    last_event_at: datetime | None = None
    concluded_at: datetime | None = None
    members: list[MemberRow] = field(factory=list)
    meetings: list[MeetingRow] = field(factory=list)
    twos: list[TWORow] = field(factory=list)
    mandates_renewed: int = 0
    events: Counter[str] = field(factory=Counter)
    actors: set[str] = field(factory=set)

    def meetings_held(self) -> int:
        return sum(meeting.held_at is not None for meeting in self.meetings)


class CircleReports(Projection):
    """The reports of every circle in a store, kept up to date by
    :meth:`catch_up`."""

    name = "circle-reports-v1"

    def __init__(self) -> None:
        super().__init__()
        self._reports: dict[UUID, CircleReport] = {}
        self._persons: dict[UUID, dict[str, Any]] = {}

    def get(self, circle_id: UUID | str) -> CircleReport:
        """The report of one circle (folded up to :attr:`position`)."""
        try:
            return self._reports[UUID(str(circle_id))]
        except (KeyError, ValueError):
            raise UnknownCircle(
                f"no circle with id {circle_id} in the events read so far"
            ) from None

    def __iter__(self) -> Any:
        return iter(self._reports.values())

    def __len__(self) -> int:
        return len(self._reports)

    def apply(self, event: LoggedEvent) -> None:
        if event.aggregate == "person":
            if event.event == "PersonRegistered":
                self._persons[event.aggregate_id] = dict(event.details)
            elif event.event == "PersonForgotten":
                self._forget(event.aggregate_id)
            return
        if event.aggregate != "circle":
            return
        if event.event == "CircleFounded":
            self._reports[event.aggregate_id] = _founded(event)
        report = self._reports.get(event.aggregate_id)
        if report is None:
            return
        report.state = event.state or report.state
        report.version = event.version
        report.last_event_at = event.recorded_at
        report.events[event.event] += 1
        report.actors.add(event.actor)
        fold = _FOLDS.get(event.event)
        if fold is not None:
            fold(self, report, event)

    def to_plain(self) -> dict[str, Any]:
        return {
            "reports": [_to_plain(report) for report in self._reports.values()],
            "persons": {str(pid): dict(d) for pid, d in self._persons.items()},
        }

    def load_plain(self, plain: dict[str, Any]) -> None:
        reports = [_report_from_plain(r) for r in plain["reports"]]
        self._reports = {report.circle_id: report for report in reports}
        self._persons = {UUID(pid): d for pid, d in plain["persons"].items()}

    def _forget(self, person: UUID) -> None:
        """Drop a forgotten person's name and contact data, leaving what a
        report rebuilt from the events shows: ``[forgotten]``."""
        registered = self._persons.get(person)
        if registered is not None:
            self._persons[person] = {
                key: FORGOTTEN if value else value for key, value in registered.items()
            }
        for report in self._reports.values():
            for member in report.members:
                if member.person == str(person) and member.name:
                    member.name = FORGOTTEN

    def _name(self, person: str) -> str:
        registered = self._persons.get(UUID(person), {})
        return str(registered.get("name", ""))


def _plain_value(_: object, __: object, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, Counter):
        return dict(sorted(value.items()))
    return value


def _to_plain(report: CircleReport) -> dict[str, Any]:
    return asdict(report, value_serializer=_plain_value)


def _moments(cls: type, plain: dict[str, Any]) -> dict[str, Any]:
    """``plain`` with the fields of ``cls`` that hold moments parsed back."""
    moments = {f.name for f in fields(cls) if "datetime" in str(f.type)}
    return {
        key: datetime.fromisoformat(value)
        if key in moments and value is not None
        else value
        for key, value in plain.items()
    }


def _report_from_plain(plain: dict[str, Any]) -> CircleReport:
    values = _moments(CircleReport, plain)
    values["circle_id"] = UUID(values["circle_id"])
    values["members"] = [MemberRow(**_moments(MemberRow, m)) for m in plain["members"]]
    values["meetings"] = [
        MeetingRow(**_moments(MeetingRow, m)) for m in plain["meetings"]
    ]
    values["twos"] = [TWORow(**_moments(TWORow, t)) for t in plain["twos"]]
    values["events"] = Counter(plain["events"])
    values["actors"] = set(plain["actors"])
    return CircleReport(**values)


def _founded(event: LoggedEvent) -> CircleReport:
    d = event.details
    return CircleReport(
        circle_id=event.aggregate_id,
        title=d["title"],
        format=d["format_name"],
        format_version=d["format_version"],
        challenge=d["challenge"],
        founded_at=event.recorded_at,
        founded_by=event.actor,
    )


def _joined(reports: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    d = event.details
    person = str(d["person"])
    report.members.append(
        MemberRow(
            person=person,
            name=reports._name(person),
            role=d["role"],
            organisation=d.get("organisation") or "",
            joined_at=event.recorded_at,
        )
    )


def _planned(stage: str, report: CircleReport) -> MeetingRow:
    """The next meeting of ``stage`` that has not been opened yet."""
    for meeting in report.meetings:
        if meeting.stage == stage and meeting.opened_at is None:
            return meeting
    planned = MeetingRow(stage=stage, number=len(report.meetings) + 1)
    report.meetings.append(planned)
    return planned


def _scheduled(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    # A meeting of several days reads as an ISO 8601 interval: first/last day.
    until = event.details.get("until")
    day = str(event.details["date"])
    _planned(event.details["stage"], report).scheduled = (
        day if until is None else f"{day}/{until}"
    )


def _opened(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    d = event.details
    meeting = _planned(d["stage"], report)
    meeting.number = d["number"]
    meeting.opened_at = event.recorded_at
    meeting.attendees = len(d["attendees"])
    meeting.host = d.get("host")


def _current(report: CircleReport) -> MeetingRow | None:
    opened = [m for m in report.meetings if m.opened_at is not None]
    return opened[-1] if opened else None


def _held(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    meeting = _current(report)
    if meeting is not None:
        meeting.held_at = event.recorded_at


def _hot_seat(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    meeting = _current(report)
    if meeting is not None:
        meeting.hot_seats += 1


def _feedback(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    meeting = _current(report)
    if meeting is not None:
        meeting.feedback += 1


def _mandate(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    report.mandates_renewed += 1


def _two_agreed(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    d = event.details
    two = TWORow(
        number=d["number"],
        agreement=d["agreement"],
        why=d["why"],
        parties=len(d["parties"]),
        agreed_at=event.recorded_at,
        supersedes=d.get("supersedes"),
    )
    for earlier in report.twos:
        if earlier.number == two.supersedes:
            earlier.superseded_by = two.number
    report.twos.append(two)


def _two(report: CircleReport, number: int) -> TWORow | None:
    return next((two for two in report.twos if two.number == number), None)


def _two_acted(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    two = _two(report, event.details["number"])
    if two is not None:
        two.acted_on += 1


def _two_reflected(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    two = _two(report, event.details["number"])
    if two is not None:
        two.reflections += 1


def _concluded(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    report.concluded_at = event.recorded_at


_FOLDS = {
    "MemberJoined": _joined,
    "SessionScheduled": _scheduled,
    "SessionOpened": _opened,
    "SessionHeld": _held,
    "HotSeatTaken": _hot_seat,
    "FeedbackGiven": _feedback,
    "MandateRenewed": _mandate,
    "TWOAgreed": _two_agreed,
    "TWOActedOn": _two_acted,
    "TWOReflectedOn": _two_reflected,
    "CircleConcluded": _concluded,
}
