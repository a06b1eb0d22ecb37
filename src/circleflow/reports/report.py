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
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from attrs import Factory, define, field, fields

from circleflow import FORGOTTEN, LoggedEvent, UnknownCircle
from circleflow.deadlines import DueTrack
from circleflow.migration import stage_renames
from circleflow.reports.projection import Projection
from circleflow.reports.sections import KEPT_EVENTS, forget_records, keep_record


@define
class MemberRow:
    """A member of the circle: the person, their role and organisation."""

    person: str
    name: str
    role: str
    organisation: str
    joined_at: datetime
    left_at: datetime | None = None
    left_reason: str = ""
    #: The challenge (opgave) the member brought, if any.
    challenge: str = ""


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
    #: Why the attendance list was corrected after the meeting, if it was.
    attendance_corrected: str = ""
    #: Who was present (person ids), as opened or as corrected.
    present: list[str] = Factory(list)
    #: The elements entered, in order (the last is the one running).
    elements: list[str] = Factory(list)
    #: Who took the hot seat (person ids), in order.
    hot_seat_order: list[str] = Factory(list)
    #: The numbers of the insights carried over into this meeting.
    carried_over: list[int] = Factory(list)


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
    version: int = 0


@define
class CorrectionRow:
    """A recorded text superseded by a correction: field ``field`` of the
    event at ``version`` reads ``text`` now."""

    version: int
    event: str
    field: str
    text: str
    reason: str
    actor: str
    corrected_at: datetime
    about: list[str] = Factory(list)


@define
class AuditRow:
    """Who recorded one event of the circle, from where, and when."""

    version: int
    event: str
    actor: str
    origin: str
    recorded_at: datetime


@define
class MigrationRow:
    """A move of the circle to a newer version of its format."""

    from_version: int
    to_version: int
    migrated_at: datetime
    by: str
    changes: int


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
    #: ``"cancelled"`` or ``"concluded early"`` when the circle ended so.
    ended: str = ""
    end_reason: str = ""
    members: list[MemberRow] = field(factory=list)
    meetings: list[MeetingRow] = field(factory=list)
    twos: list[TWORow] = field(factory=list)
    migrations: list[MigrationRow] = field(factory=list)
    corrections: list[CorrectionRow] = field(factory=list)
    mandates_renewed: int = 0
    events: Counter[str] = field(factory=Counter)
    actors: set[str] = field(factory=set)
    #: The data the circle was founded with beyond its title (such as the
    #: cost per person and the subsidy of a Leernetwerkgroep).
    details: dict[str, Any] = field(factory=dict)
    #: What the format's own steps recorded, in order, as plain data: the
    #: event's name and details, the number of the meeting it fell in, when,
    #: and the persons its personal text is about (see
    #: :mod:`circleflow.reports.sections`).
    records: list[dict[str, Any]] = field(factory=list)
    #: Who recorded each event, from where and when.
    audit: list[AuditRow] = field(factory=list)
    #: What the format's deadlines need to know of the circle (see
    #: :func:`circleflow.deadlines.due_items`), so that the report says
    #: what is due by the same rules as :meth:`circleflow.Circles.due`.
    due: DueTrack | None = field(default=None, eq=False)

    def meetings_held(self) -> int:
        return sum(meeting.held_at is not None for meeting in self.meetings)


class CircleReports(Projection):
    """The reports of every circle in a store, kept up to date by
    :meth:`catch_up`.

    Its read model has one model per circle (key ``circle/<id>``, a
    :class:`CircleReport`), one per person (key ``person/<id>``: the name as
    registered, and no contact data) and one per membership (key
    ``joined/<person>/<circle>``), so that forgetting a person rewrites
    exactly the reports that name them.
    """

    name = "circle-reports-v4"

    def get(self, circle_id: UUID | str) -> CircleReport:
        """The report of one circle (folded up to :attr:`position`)."""
        try:
            report = self.read(_circle(UUID(str(circle_id))))
        except ValueError:
            report = None
        if report is None:
            raise UnknownCircle(
                f"no circle with id {circle_id} in the events read so far"
            )
        return cast(CircleReport, report)

    def __iter__(self) -> Iterator[CircleReport]:
        for key in self.model_keys(_CIRCLE):
            report = self.read(key)
            if report is not None:
                yield report

    def __len__(self) -> int:
        return len(self.model_keys(_CIRCLE))

    def apply(self, event: LoggedEvent) -> None:
        if event.aggregate == "person":
            if event.event == "PersonRegistered":
                # Only the name: the report shows no contact data, so it keeps none
                # (and opens no more sealed text than it shows).
                name = event.details.get("name", "")
                self.put(_person(event.aggregate_id), {"name": name})
            elif event.event == "PersonForgotten":
                self._forget(event.aggregate_id)
            return
        if event.aggregate != "circle":
            return
        key = _circle(event.aggregate_id)
        if event.event == "CircleFounded":
            self.put(key, _founded(event))
        report = self.write(key)
        if report is None:
            return
        if report.due is not None and event.event != "CircleFounded":
            report.due.take(event)
        report.state = event.state or report.state
        report.version = event.version
        report.last_event_at = event.recorded_at
        report.events[event.event] += 1
        report.actors.add(event.actor)
        report.audit.append(
            AuditRow(
                event.version,
                event.event,
                event.actor,
                event.origin,
                event.recorded_at,
            )
        )
        fold = _FOLDS.get(event.event)
        if fold is not None:
            fold(self, report, event)
        if event.event in KEPT_EVENTS:
            _keep(report, event)

    def model_to_plain(self, key: str, model: Any) -> Any:
        if isinstance(model, CircleReport):
            return report_to_plain(model)
        return model if key.startswith(_JOINED) else dict(model)

    def model_from_plain(self, key: str, plain: Any) -> Any:
        if key.startswith(_CIRCLE):
            return _report_from_plain(plain)
        if key.startswith(_PERSON):
            return dict(plain.items())
        if key.startswith(_JOINED) and plain is True:
            return plain
        raise ValueError(f"no model is saved under {key!r}")

    def _forget(self, person: UUID) -> None:
        """Drop a forgotten person's name and contact data, leaving what a
        report rebuilt from the events shows: ``[forgotten]``."""
        registered = self.read(_person(person))
        if registered is not None:
            self.put(
                _person(person),
                {
                    key: FORGOTTEN if value else value
                    for key, value in registered.items()
                },
            )
        for joined in self.model_keys(f"{_JOINED}{person}/"):
            report = self.write(_CIRCLE + joined.rsplit("/", 1)[1])
            if report is None:
                continue
            for member in report.members:
                if member.person == str(person) and member.name:
                    member.name = FORGOTTEN
                if member.person == str(person) and member.left_reason:
                    member.left_reason = FORGOTTEN
                if member.person == str(person) and member.challenge:
                    member.challenge = FORGOTTEN
            forget_records(report.records, str(person))
            for correction in report.corrections:
                if str(person) in correction.about:
                    correction.text = FORGOTTEN
                    correction.reason = FORGOTTEN

    def _joined(self, circle: UUID, person: str) -> str:
        """The name of ``person``, who joined ``circle``."""
        self.put(f"{_JOINED}{person}/{circle}", True)
        registered = self.read(_person(UUID(person)))
        return "" if registered is None else str(registered.get("name", ""))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls))
    for cls in (
        CircleReport,
        MemberRow,
        MeetingRow,
        TWORow,
        MigrationRow,
        CorrectionRow,
        AuditRow,
    )
}
_CIRCLE = "circle/"
_PERSON = "person/"
_JOINED = "joined/"


def _circle(circle_id: UUID) -> str:
    return f"{_CIRCLE}{circle_id}"


def _person(person_id: UUID) -> str:
    return f"{_PERSON}{person_id}"


def report_to_plain(report: CircleReport) -> dict[str, Any]:
    """``report`` as JSON values (what ``attrs.asdict`` gives, converting
    moments, ids, sets and counters, in a fraction of the time)."""
    plain = _plain(report)
    assert isinstance(plain, dict)
    return plain


def _plain(value: Any) -> Any:
    names = _FIELD_NAMES.get(type(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, Counter):
        return dict(sorted(value.items()))
    if isinstance(value, DueTrack):
        return value.to_plain()
    return value


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
    values["migrations"] = [
        MigrationRow(**_moments(MigrationRow, m)) for m in plain.get("migrations", ())
    ]
    values["corrections"] = [
        CorrectionRow(**_moments(CorrectionRow, c))
        for c in plain.get("corrections", [])
    ]
    values["audit"] = [AuditRow(**_moments(AuditRow, a)) for a in plain["audit"]]
    values["events"] = Counter(plain["events"])
    values["actors"] = set(plain["actors"])
    due = plain.get("due")
    values["due"] = None if due is None else DueTrack.from_plain(due)
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
        details=dict(d.get("details") or {}),
        due=DueTrack.founded(event),
    )


def _joined(reports: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    d = event.details
    person = str(d["person"])
    report.members.append(
        MemberRow(
            person=person,
            name=reports._joined(report.circle_id, person),
            role=d["role"],
            organisation=d.get("organisation") or "",
            joined_at=event.recorded_at,
            challenge=d.get("challenge") or "",
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
    meeting.carried_over = list(d.get("carried_over") or ())


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
        version=event.version,
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


def _migrated(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    # The circle runs on the newer version; meetings not opened yet of a
    # renamed stage go by its new name (those held keep the name they had).
    d = event.details
    report.format_version = d["to_version"]
    report.migrations.append(
        MigrationRow(
            from_version=d["from_version"],
            to_version=d["to_version"],
            migrated_at=event.recorded_at,
            by=event.actor,
            changes=len(d["difference"].get("changes", ())),
        )
    )
    renamed = stage_renames(d["difference"])
    for meeting in report.meetings:
        if meeting.opened_at is None and meeting.stage in renamed:
            meeting.stage = renamed[meeting.stage]


Fold = Callable[[CircleReports, CircleReport, LoggedEvent], None]


def _keep(report: CircleReport, event: LoggedEvent) -> None:
    current = _current(report)
    report.records.append(keep_record(event, 0 if current is None else current.number))


def _left(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    person = str(event.details["person"])
    for member in reversed(report.members):
        if member.person == person and member.left_at is None:
            member.left_at = event.recorded_at
            member.left_reason = event.details["reason"]
            return


def _ended(how: str) -> Fold:
    def fold(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
        report.concluded_at = event.recorded_at
        report.ended = how
        report.end_reason = event.details["reason"]

    return fold


def _attendance(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    d = event.details
    for meeting in report.meetings:
        if meeting.number == d["number"] and meeting.opened_at is not None:
            meeting.attendees = len(d["attendees"])
            meeting.attendance_corrected = d["reason"]


def _text(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    d = event.details
    report.corrections = [
        c
        for c in report.corrections
        if (c.version, c.field) != (d["version"], d["field"])
    ]
    report.corrections.append(
        CorrectionRow(
            version=d["version"],
            event=d["event"],
            field=d["field"],
            text=d["text"],
            reason=d["reason"],
            actor=event.actor,
            corrected_at=event.recorded_at,
            about=[str(p) for p in d.get("about") or []],
        )
    )
    if d["event"] == "TWOAgreed" and d["field"] in ("agreement", "why"):
        for two in report.twos:
            if two.version == d["version"]:
                setattr(two, d["field"], d["text"])
    elif d["event"] == "CircleFounded" and d["field"] in ("title", "challenge"):
        setattr(report, d["field"], d["text"])
    for record in report.records:
        if record["version"] == d["version"] and d["field"] in record["d"]:
            record["d"][d["field"]] = d["text"]


_FOLDS: dict[str, Fold] = {
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
    "CircleMigrated": _migrated,
    "MemberLeft": _left,
    "CircleCancelled": _ended("cancelled"),
    "CircleConcludedEarly": _ended("concluded early"),
    "AttendanceCorrected": _attendance,
    "TextCorrected": _text,
}


# -- what the pictures of the HTML report draw ---------------------------------


def _present(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    meeting = _current(report)
    if meeting is not None:
        meeting.present = [str(p) for p in event.details["attendees"]]


def _present_corrected(
    _: CircleReports, report: CircleReport, event: LoggedEvent
) -> None:
    d = event.details
    for meeting in report.meetings:
        if meeting.number == d["number"] and meeting.opened_at is not None:
            meeting.present = [str(p) for p in d["attendees"]]


def _element(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    meeting = _current(report)
    if meeting is not None:
        meeting.elements.append(str(event.details["element"]))


def _hot_seat_taken(_: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
    meeting = _current(report)
    if meeting is not None:
        meeting.hot_seat_order.append(str(event.details["participant"]))


def _then(first: Fold, second: Fold) -> Fold:
    def fold(reports: CircleReports, report: CircleReport, event: LoggedEvent) -> None:
        first(reports, report, event)
        second(reports, report, event)

    return fold


_PICTURE_FOLDS: dict[str, Fold] = {
    "SessionOpened": _present,
    "AttendanceCorrected": _present_corrected,
    "ElementEntered": _element,
    "HotSeatTaken": _hot_seat_taken,
}
for _name, _extra in _PICTURE_FOLDS.items():
    _FOLDS[_name] = _then(_FOLDS[_name], _extra) if _name in _FOLDS else _extra
