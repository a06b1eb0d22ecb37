# SPDX-License-Identifier: EUPL-1.2
"""The pictures of the HTML report: inline SVG drawn from a circle report.

Each :class:`Picture` is drawn as SVG (no scripts) and carries its facts as
a table as well, so that a reader who cannot see the picture gets every
fact it shows: the SVG has ``role="img"`` and is named by its ``<title>``
and ``<desc>``, and the page shows the table beside it. Every mark in the
SVG belongs to one row of that table (its ``data-row``).

Meaning never rests on colour alone: marks differ in shape, fill and line
(and carry a word or a sign), and the legend names them. The colours are
CSS custom properties (``--cf-colour-held`` and so on, see
:data:`THEME_PROPERTIES`) that a host organisation may set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache

from attrs import frozen

from circleflow.errors import UnknownFormat
from circleflow.format import Format
from circleflow.language import N_, _, gettext
from circleflow.local_time import local, show_date
from circleflow.reports.markup import escape
from circleflow.reports.report import CircleReport, MeetingRow, MemberRow, TWORow

__all__ = [
    "THEME_PROPERTIES",
    "Picture",
    "attendance_grid",
    "current_session",
    "pictures",
    "timeline",
    "two_chain",
]

#: The CSS custom properties of the report's look, with their defaults. All
#: defaults keep text at 4.5:1 and marks at 3:1 against the background.
THEME_PROPERTIES: dict[str, str] = {
    "--cf-font-family": "system-ui, sans-serif",
    "--cf-colour-text": "#1b1b1b",
    "--cf-colour-background": "#ffffff",
    "--cf-colour-primary": "#154273",
    "--cf-colour-border": "#595959",
    "--cf-colour-header": "#e6ecf2",
    "--cf-colour-held": "#154273",
    "--cf-colour-on-held": "#ffffff",
    "--cf-colour-open": "#8a4b00",
    "--cf-colour-planned": "#595959",
    "--cf-colour-today": "#b3261e",
    "--cf-colour-absent": "#595959",
}

#: The statuses a mark can have, as shown to the reader.
HELD = N_("held")
OPEN = N_("open")
PLANNED = N_("planned")
DONE = N_("done")
RUNNING = N_("running now")
TO_DO = N_("to do")
TAKEN = N_("taken")
TO_COME = N_("still to come")
NOT_TAKEN = N_("not taken")
PRESENT = N_("present")
ABSENT = N_("absent")
NOT_A_MEMBER = N_("not a member then")
NOT_YET = N_("not held yet")

_DASH = "\u2013"
_ROW = 34


@frozen
class Picture:
    """One picture: its heading, a description, the SVG, and its facts as a
    table (``headers`` and ``rows``) that says all the picture shows."""

    key: str
    title: str
    description: str
    svg: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _planned(meeting: MeetingRow) -> tuple[date, date] | None:
    if not meeting.scheduled:
        return None
    first, _slash, last = meeting.scheduled.partition("/")
    return _day(first), _day(last or first)


def _local_day(moment: datetime | None) -> date | None:
    return None if moment is None else local(moment).date()


def _status(meeting: MeetingRow) -> str:
    if meeting.held_at is not None:
        return HELD
    return OPEN if meeting.opened_at is not None else PLANNED


def _label(meeting: MeetingRow) -> str:
    return f"{meeting.number}. {meeting.stage}"


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _svg(
    key: str, title: str, description: str, width: int, height: int, body: list[str]
) -> str:
    return "\n".join(
        [
            f'<svg class="cf-svg" role="img" '
            f'aria-labelledby="{key}-title {key}-desc" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg">',
            f'<title id="{key}-title">{escape(title)}</title>',
            f'<desc id="{key}-desc">{escape(description)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", row: int = -1
) -> str:
    data = "" if row < 0 else f' data-row="{row}"'
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{data}>'
        f"{escape(text)}</text>"
    )


def _legend(y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    """A legend row: each item a mark (SVG) drawn at (0, 0) and its word."""
    body, x = [], 8.0
    for mark, word in items:
        body.append(f'<g transform="translate({x:.1f},{y:.1f})">{mark}</g>')
        body.append(_text(x + 14, y + 4, word))
        x += 34 + 7.5 * len(word)
    return body


# -- the timeline ----------------------------------------------------------------

_HELD_MARK = '<circle class="cf-held" r="6"/>'
_OPEN_MARK = '<rect class="cf-open" x="-6" y="-6" width="12" height="12"/>'
_PLANNED_MARK = '<path class="cf-planned" d="M0,-7 L7,0 L0,7 L-7,0 Z"/>'


def timeline(report: CircleReport, today: date) -> Picture | None:
    """The sessions planned against held, with ``today`` marked; ``None``
    for a circle without meetings."""
    meetings = report.meetings
    if not meetings:
        return None
    days = [today]
    for meeting in meetings:
        planned = _planned(meeting)
        if planned is not None:
            days += planned
        days += [d for d in (_local_day(meeting.opened_at),) if d is not None]
        days += [d for d in (_local_day(meeting.held_at),) if d is not None]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    left, right, top = 150, 20, 44
    width = 720
    inner = width - left - right

    def x(day: date) -> float:
        return left + (day - first).days / span * inner

    height = top + _ROW * len(meetings) + 40
    body = [
        f'<line class="cf-axis" x1="{left}" y1="{top - 6}" x2="{width - right}" '
        f'y2="{top - 6}"/>',
        _text(left, top - 12, show_date(first, short=True)),
        _text(width - right, top - 12, show_date(last, short=True), anchor="end"),
    ]
    rows = []
    for index, meeting in enumerate(meetings):
        y = top + _ROW * index + _ROW / 2
        planned = _planned(meeting)
        done = _local_day(meeting.held_at) or _local_day(meeting.opened_at)
        body.append(f'<g data-row="{index}">')
        body.append(_text(8, y + 4, _short(_label(meeting), 20)))
        if planned is not None:
            if planned[1] > planned[0]:
                body.append(
                    f'<rect class="cf-planned" x="{x(planned[0]):.1f}" '
                    f'y="{y - 4}" width="{x(planned[1]) - x(planned[0]):.1f}" '
                    'height="8"/>'
                )
            body.append(
                f'<g class="cf-mark-planned" transform="translate('
                f'{x(planned[0]):.1f},{y})">{_PLANNED_MARK}</g>'
            )
        if done is not None:
            if planned is not None and planned[0] != done:
                body.append(
                    f'<line class="cf-shift" x1="{x(planned[0]):.1f}" y1="{y}" '
                    f'x2="{x(done):.1f}" y2="{y}"/>'
                )
            mark = _HELD_MARK if meeting.held_at is not None else _OPEN_MARK
            kind = "held" if meeting.held_at is not None else "open"
            body.append(
                f'<g class="cf-mark-{kind}" transform="translate('
                f'{x(done):.1f},{y})">{mark}</g>'
            )
        body.append("</g>")
        rows.append(
            (
                _label(meeting),
                ""
                if planned is None
                else show_date(planned[0], short=True)
                if planned[0] == planned[1]
                else _("{first} to {last}").format(
                    first=show_date(planned[0], short=True),
                    last=show_date(planned[1], short=True),
                ),
                "" if done is None else show_date(done, short=True),
                gettext(_status(meeting)),
            )
        )
    bottom = top + _ROW * len(meetings)
    today_word = _("today, {day}").format(day=show_date(today, short=True))
    body.append(
        f'<g class="cf-today" data-today="{today.isoformat()}">'
        f'<line x1="{x(today):.1f}" y1="{top - 6}" x2="{x(today):.1f}" '
        f'y2="{bottom}"/>'
        + _text(
            min(max(x(today), left + 60), width - right - 60),
            top - 28,
            today_word,
            anchor="middle",
        )
        + "</g>"
    )
    body += _legend(
        bottom + 22,
        [
            (_PLANNED_MARK, gettext(PLANNED)),
            (_OPEN_MARK, _("opened")),
            (_HELD_MARK, gettext(HELD)),
            ('<line class="cf-today-key" x1="0" y1="-8" x2="0" y2="8"/>', _("today")),
        ],
    )
    title = _("Timeline of the sessions")
    description = _(
        "The sessions as planned (diamonds) and as held (circles) or opened "
        "(squares), on a line from {first} to {last}; today is {today}. The "
        "table below gives the same facts."
    ).format(
        first=show_date(first, short=True),
        last=show_date(last, short=True),
        today=show_date(today, short=True),
    )
    return Picture(
        "timeline",
        title,
        description,
        _svg("picture-timeline", title, description, width, height + 8, body),
        _("The sessions planned and held; today is {today}").format(
            today=show_date(today, short=True)
        ),
        (_("session"), _("planned"), _("held or opened"), _("status")),
        tuple(rows),
    )


# -- the current session ---------------------------------------------------------


@cache
def _builtin(name: str, version: int) -> Format | None:
    from circleflow.registry import FormatRegistry

    try:
        return FormatRegistry.with_builtins().get(name, version)
    except UnknownFormat:
        return None


def _format(report: CircleReport) -> Format | None:
    """The circle's format, where it is a built-in one."""
    return _builtin(report.format, report.format_version)


def _names(report: CircleReport) -> dict[str, MemberRow]:
    return {m.person: m for m in report.members}


def _steps(
    report: CircleReport, fmt: Format | None
) -> tuple[str, list[tuple[str, str, str]]]:
    """What the current-session picture shows: a heading and rows of
    (kind, name, status)."""
    opened = [m for m in report.meetings if m.opened_at is not None]
    current = opened[-1] if opened else None
    stage = None
    if current is not None and fmt is not None and current.stage in fmt.stage_names():
        stage = fmt.stage(current.stage)
    element_names = [e.name for e in stage.elements] if stage is not None else []
    if current is not None and (element_names or current.elements):
        for name in current.elements:
            if name not in element_names:
                element_names.append(name)
        rows = []
        held = current.held_at is not None
        running = current.elements[-1] if current.elements and not held else None
        passed = set(current.elements) if held else set(current.elements[:-1])
        for name in element_names:
            status = DONE if name in passed else RUNNING if name == running else TO_DO
            rows.append((_("element"), name, status))
        members = _names(report)
        if (stage is not None and stage.hot_seat_element is not None) or (
            current.hot_seat_order
        ):
            for person in current.hot_seat_order:
                who = members.get(person)
                rows.append((_("hot seat"), who.name if who else person, TAKEN))
            waiting = NOT_TAKEN if held else TO_COME
            for person in current.present:
                who = members.get(person)
                if (
                    who is not None
                    and who.role == "participant"
                    and person not in current.hot_seat_order
                ):
                    rows.append((_("hot seat"), who.name, waiting))
        heading = _("Session {label}: elements and hot seats").format(
            label=_label(current)
        )
        return heading, rows
    if fmt is None:
        return "", []
    rows = []
    for stage_name in fmt.stage_names():
        of_stage = [m for m in report.meetings if m.stage == stage_name]
        if any(m.opened_at is not None and m.held_at is None for m in of_stage):
            status = RUNNING
        elif any(m.held_at is not None for m in of_stage):
            status = DONE
        else:
            status = TO_DO
        rows.append((_("stage"), stage_name, status))
    return _("Where the circle is: its stages"), rows


_STEP_CLASSES = {DONE: "cf-done", RUNNING: "cf-running", TO_DO: "cf-todo"}


def _step_mark(status: str, width: int, height: int, y: int = 0) -> str:
    return (
        f'<rect class="{_STEP_CLASSES[status]}" x="0" y="{y}" width="{width}" '
        f'height="{height}" rx="4"/>'
    )


_SEAT_MARKS = {
    TAKEN: '<circle class="cf-done" cx="0" cy="0" r="13"/>',
    TO_COME: '<circle class="cf-todo" cx="0" cy="0" r="13"/>',
    NOT_TAKEN: '<circle class="cf-todo" cx="0" cy="0" r="13"/>',
}
_SIGNS = {DONE: "✓", RUNNING: "▶", TO_DO: "", TAKEN: "✓", TO_COME: "", NOT_TAKEN: _DASH}


def current_session(report: CircleReport, fmt: Format | None = None) -> Picture | None:
    """For the session opened last: which elements are done, which one runs
    and which are to do, and the hot seats taken (in order) and still to
    come. For a session without elements, the stages of the format done and
    to do. ``fmt`` is the circle's format (by default the built-in one of
    that name and version); ``None`` when there is nothing to show."""
    fmt = fmt if fmt is not None else _format(report)
    heading, steps = _steps(report, fmt)
    if not steps:
        return None
    width, box = 720, 114
    per_line = (width - 16) // (box + 2)
    body: list[str] = []
    y = 10.0
    steps_shown = [s for s in steps if s[0] != _("hot seat")]
    seats = [s for s in steps if s[0] == _("hot seat")]
    for index, (_kind, name, status) in enumerate(steps_shown):
        column, line = index % per_line, index // per_line
        x = 8 + column * (box + 2)
        top = y + line * 40
        sign = _SIGNS[status]
        text_class = ' class="cf-on-done"' if status == DONE else ""
        body.append(
            f'<g data-row="{index}" transform="translate({x},{top:.1f})">'
            + _step_mark(status, box, 30)
            + f'<text x="8" y="20"{text_class}>{escape(sign)} '
            f"{escape(_short(name, 12))}</text></g>"
        )
    y += 40 * ((len(steps_shown) + per_line - 1) // per_line) + 10
    if seats:
        body.append(_text(8, y + 4, _("Hot seats, in order:")))
        y += 30
        seat_width = 112
        seats_per_line = (width - 16) // seat_width
        for number, (_kind, name, status) in enumerate(seats):
            index = len(steps_shown) + number
            column, line = number % seats_per_line, number // seats_per_line
            cx = 8 + 14 + column * seat_width
            cy = y + line * 56
            order = str(number + 1) if status == TAKEN else _SIGNS[status]
            text_class = ' class="cf-on-done"' if status == TAKEN else ""
            body.append(
                f'<g data-row="{index}" transform="translate({cx},{cy:.1f})">'
                + _SEAT_MARKS[status]
                + f'<text x="0" y="5" text-anchor="middle"{text_class}>'
                f"{escape(order)}</text>" + _text(-14, 32, _short(name, 14)) + "</g>"
            )
        y += 56 * ((len(seats) + seats_per_line - 1) // seats_per_line)
    legend_items = [
        (_step_mark(DONE, 10, 10, -5), gettext(DONE) + " ✓"),
        (_step_mark(RUNNING, 10, 10, -5), gettext(RUNNING) + " ▶"),
        (_step_mark(TO_DO, 10, 10, -5), gettext(TO_DO)),
    ]
    body += _legend(y + 8, legend_items)
    height = int(y + 24)
    description = _(
        "{heading}. Filled with a tick: done; thick outline with an arrow: "
        "running now; dashed outline: to do. Hot seats taken are numbered in "
        "the order they were taken. The table below gives the same facts."
    ).format(heading=heading)
    rows = tuple(
        (kind, name, gettext(status)) for kind, name, status in [*steps_shown, *seats]
    )
    return Picture(
        "session",
        heading,
        description,
        _svg("picture-session", heading, description, width, height, body),
        _("{heading}, as a table").format(heading=heading),
        (_("part"), _("name"), _("status")),
        rows,
    )


# -- attendance ------------------------------------------------------------------


def _member_then(member: MemberRow, meeting: MeetingRow) -> bool:
    moment = meeting.opened_at
    if moment is None:
        return member.left_at is None
    return member.joined_at <= moment and (
        member.left_at is None or member.left_at > moment
    )


def attendance(report: CircleReport) -> list[list[str]]:
    """Per member (rows, in :attr:`CircleReport.members` order) per meeting
    (columns): present, absent, not a member then, or not held yet."""
    grid = []
    for member in report.members:
        cells = []
        for meeting in report.meetings:
            if not _member_then(member, meeting):
                cells.append(NOT_A_MEMBER)
            elif meeting.opened_at is None:
                cells.append(NOT_YET)
            elif member.person in meeting.present:
                cells.append(PRESENT)
            else:
                cells.append(ABSENT)
        grid.append(cells)
    return grid


def _cell_mark(status: str, r: int) -> str:
    """The mark of a grid cell, ``2 * r`` wide, centred on (0, 0)."""
    box = f'x="-{r}" y="-{r}" width="{2 * r}" height="{2 * r}"'
    if status == PRESENT:
        a, b = r * 5 // 9, r * 4 // 9
        return (
            f'<rect class="cf-present" {box}/>'
            f'<path class="cf-tick" d="M-{a},0 L-1,{b} L{a},-{b}"/>'
        )
    if status == ABSENT:
        a = r * 5 // 9
        return (
            f'<rect class="cf-absent" {box}/>'
            f'<path class="cf-cross" d="M-{a},-{a} L{a},{a} M{a},-{a} L-{a},{a}"/>'
        )
    if status == NOT_YET:
        return f'<rect class="cf-future" {box}/>'
    return f'<line class="cf-none" x1="-{r - 3}" y1="0" x2="{r - 3}" y2="0"/>'


def attendance_grid(report: CircleReport) -> Picture | None:
    """Who was present at which meeting (members by sessions); ``None``
    without members or meetings."""
    if not report.members or not report.meetings:
        return None
    grid = attendance(report)
    left, cell, top = 180, 30, 34
    width = max(left + cell * len(report.meetings) + 16, 520)
    body = []
    for column, meeting in enumerate(report.meetings):
        body.append(
            _text(
                left + cell * column + cell / 2,
                top - 12,
                str(meeting.number),
                anchor="middle",
            )
        )
    for index, (member, cells) in enumerate(zip(report.members, grid, strict=True)):
        y = top + cell * index + cell / 2
        body.append(f'<g data-row="{index}">')
        body.append(_text(8, y + 4, _short(member.name, 22)))
        for column, status in enumerate(cells):
            x = left + cell * column + cell / 2
            body.append(
                f'<g class="cf-cell" data-status="{status}" '
                f'transform="translate({x:.1f},{y:.1f})">{_cell_mark(status, 9)}</g>'
            )
        body.append("</g>")
    bottom = top + cell * len(report.members) + 22
    body += _legend(
        bottom,
        [
            (_cell_mark(status, 6), gettext(status))
            for status in (PRESENT, ABSENT, NOT_YET, NOT_A_MEMBER)
        ],
    )
    title = _("Attendance")
    description = _(
        "Members (rows) by sessions (columns, numbered as in the timeline): "
        "a filled square with a tick is present, an open square with a cross "
        "absent, a dotted square not held yet, a dash not a member then. The "
        "table below gives the same facts."
    )
    headers = (_("member"), *(_label(m) for m in report.meetings))
    rows = tuple(
        (member.name, *(gettext(status) for status in cells))
        for member, cells in zip(report.members, grid, strict=True)
    )
    return Picture(
        "attendance",
        title,
        description,
        _svg("picture-attendance", title, description, width, bottom + 16, body),
        _("Who was present at which session"),
        headers,
        rows,
    )


# -- the chain of TWOs -----------------------------------------------------------


def _two_steps(two: TWORow) -> list[tuple[str, bool]]:
    """The four steps of a TWO as the picture writes them, and whether each
    happened."""
    return [
        (
            _("agreed: {day}").format(day=show_date(two.agreed_at, short=True)),
            True,
        ),
        (_("acted on: {count}").format(count=two.acted_on), two.acted_on > 0),
        (
            _("reflected on: {count}").format(count=two.reflections),
            two.reflections > 0,
        ),
        (
            _("current")
            if two.superseded_by is None
            else _("superseded by: {two}").format(
                two=_("TWO {number}").format(number=two.superseded_by)
            ),
            two.superseded_by is not None,
        ),
    ]


def two_chain(report: CircleReport) -> Picture | None:
    """The Temporary Workable Agreements: agreed, acted on, reflected on,
    and which one superseded which; ``None`` for a circle without TWOs."""
    if not report.twos:
        return None
    width, row = 720, 76
    body = []
    places = {two.number: index for index, two in enumerate(report.twos)}
    for index, two in enumerate(report.twos):
        y = 10 + row * index
        body.append(f'<g data-row="{index}" transform="translate(8,{y})">')
        body.append('<rect class="cf-two" x="0" y="0" width="660" height="60" rx="6"/>')
        body.append(
            _text(
                10,
                22,
                _("{two}: {agreement}").format(
                    two=_("TWO {number}").format(number=two.number),
                    agreement=_short(two.agreement, 60),
                ),
            )
        )
        for step, (word, happened) in enumerate(_two_steps(two)):
            x = 18 + step * 158
            mark = "cf-done" if happened else "cf-todo"
            sign = "✓" if happened else _DASH
            body.append(f'<circle class="{mark}" cx="{x}" cy="42" r="7"/>')
            body.append(_text(x + 12, 47, f"{sign} {word}"))
        body.append("</g>")
        if two.superseded_by is not None and two.superseded_by in places:
            later = places[two.superseded_by]
            y1, y2 = y + 30, 10 + row * later + 30
            body.append(
                f'<path class="cf-arrow" d="M668,{y1} C712,{y1} 712,{y2} 672,{y2}"/>'
                f'<path class="cf-arrow-head" d="M670,{y2} l8,-5 l0,10 Z"/>'
            )
    height = 10 + row * len(report.twos) + 8
    title = _("The chain of Temporary Workable Agreements")
    description = _(
        "Each TWO in order: agreed, acted on, reflected on, and superseded by "
        "a later TWO (an arrow to it) or current. A filled circle with a tick "
        "has happened, an open circle with a dash not yet. The table below "
        "gives the same facts."
    )

    def named(number: int | None) -> str:
        return "" if number is None else _("TWO {number}").format(number=number)

    rows = tuple(
        (
            named(two.number),
            two.agreement,
            show_date(two.agreed_at, short=True),
            str(two.acted_on),
            str(two.reflections),
            named(two.supersedes),
            named(two.superseded_by) or _("current"),
        )
        for two in report.twos
    )
    return Picture(
        "twos",
        title,
        description,
        _svg("picture-twos", title, description, width, height, body),
        _("The TWOs, what was done with them and which superseded which"),
        (
            _("TWO"),
            _("agreement"),
            _("agreed"),
            _("acted on"),
            _("reflected on"),
            _("supersedes"),
            _("superseded by"),
        ),
        rows,
    )


def pictures(
    report: CircleReport,
    *,
    moment: datetime | date | None = None,
    fmt: Format | None = None,
) -> list[Picture]:
    """The pictures of ``report`` as of ``moment`` (today by default; a
    moment is told in the report's time zone)."""
    if moment is None:
        moment = datetime.now(UTC)
    today = _local_day(moment) if isinstance(moment, datetime) else moment
    assert today is not None
    drawn = [
        timeline(report, today),
        current_session(report, fmt),
        attendance_grid(report),
        two_chain(report),
    ]
    return [picture for picture in drawn if picture is not None]
