# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The pictures of the HTML report: inline SVG without scripts, drawn from
the report, each with a table that carries the same facts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from circleflow import Circles
from circleflow.demo import DEMOS
from circleflow.errors import InvalidInput
from circleflow.language import use_language
from circleflow.local_time import show_date
from circleflow.reports import CircleReports
from circleflow.reports.html import to_html
from circleflow.reports.pictures import (
    THEME_PROPERTIES,
    Picture,
    attendance,
    attendance_grid,
    current_session,
    pictures,
    timeline,
    two_chain,
)
from circleflow.reports.report import CircleReport, MeetingRow, MemberRow

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


class _Clock:
    """A fake clock: a day later at each reading that asks for it."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _report(app: Circles, circle: UUID) -> CircleReport:
    reports = CircleReports()
    reports.catch_up(app)
    return reports.get(circle)


def _demo(format_name: str) -> CircleReport:
    app = Circles("memory:", clock=_Clock())
    return _report(app, DEMOS[format_name](app))


def _halfway_mastercircle() -> tuple[CircleReport, list[str]]:
    """A Mastercircle in its second session: three elements entered, two of
    four participants had their hot seat. Returns the report and the
    participants' names."""
    clock = _Clock()
    app = Circles("memory:", clock=clock)
    actor = "facilitator-account"
    facilitator = app.register_person("Fenna de Begeleider", actor=actor)
    sponsor = app.register_person("Sam Sponsor", actor=actor)
    master = app.register_person("Mila Master", actor=actor)
    names = ["Anna", "Bram", "Cas", "Dewi"]
    people = [app.register_person(name, actor=actor) for name in names]
    circle = app.found_circle(
        "mastercircle", title="Kwartiermakers", challenge="Samen", actor=actor
    )
    app.join(circle, facilitator, "facilitator", actor=actor)
    app.join(circle, sponsor, "sponsor", actor=actor)
    app.join(circle, master, "master", actor=actor)
    for person in people:
        app.join(circle, person, "participant", challenge="Opgave", actor=actor)
    app.schedule(circle, date(2027, 1, 11), actor=actor)
    clock.now = datetime(2027, 1, 25, 9, tzinfo=UTC)
    app.open_session(circle, "Urgentie", [facilitator, sponsor, *people], actor=actor)
    app.state_urgency(circle, sponsor, "Nu doorbreken.", actor=actor)
    app.hold_session(circle, actor=actor)
    clock.now = datetime(2027, 2, 1, 9, tzinfo=UTC)
    # Dewi is absent from the second session.
    app.open_session(circle, "Opgave", [facilitator, master, *people[:3]], actor=actor)
    for element in ("Koersbepalen", "Voorbereiden", "Uitwisselen"):
        app.enter_element(circle, element, actor=actor)
    for person in (people[1], people[0]):
        app.take_hot_seat(circle, person, topic="Mijn aanpak", actor=actor)
        app.give_feedback(circle, master, "addition", "Eerder beginnen.", actor=actor)
        app.hold_master_dialogue(circle, master, summary="Verder.", actor=actor)
    return _report(app, circle), names


class _Svg(HTMLParser):
    """The marks of an SVG picture: rows they belong to and their texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: dict[int, list[str]] = {}
        self.attributes: list[dict[str, str | None]] = []
        self._row: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        self.attributes.append({"tag": tag, **found})
        row = found.get("data-row")
        if row is not None:
            self.rows.setdefault(int(row), [])
        self._row.append(-1 if row is None else int(row))

    def handle_endtag(self, tag: str) -> None:
        if self._row:
            self._row.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        rows = [r for r in self._row if r >= 0]
        if rows and data.strip():
            self.rows[rows[-1]].append(data.strip())


def _parsed(picture: Picture) -> _Svg:
    svg = _Svg()
    svg.feed(picture.svg)
    return svg


def _carries_same_facts(picture: Picture) -> None:
    """Every row of the table has its marks in the SVG and back, and each
    text in the SVG (shortened names aside) is a fact of its row."""
    svg = _parsed(picture)
    assert sorted(svg.rows) == list(range(len(picture.rows)))
    for index, texts in svg.rows.items():
        row = picture.rows[index]
        facts = " ".join([*picture.headers, *row])
        for text in texts:
            words = text.strip("\u2713\u25b6\u2013 ").rstrip("…")
            if words.isdigit():
                continue  # the order of a hot seat: the row's place
            for part in words.split(": "):
                assert part in (facts if part in picture.headers else row) or any(
                    cell.startswith(part) for cell in row
                ), (part, row)


@pytest.mark.parametrize("format_name", sorted(DEMOS))
def test_each_format_draws_its_pictures_as_svg_without_scripts(
    format_name: str,
) -> None:
    report = _demo(format_name)
    drawn = pictures(report, moment=date(2027, 2, 1))
    expected = ["timeline", "session", "attendance"]
    if format_name == "samenwerking":
        expected.append("twos")
    assert [p.key for p in drawn] == expected
    page = to_html(report, moment=date(2027, 2, 1))
    for picture in drawn:
        svg = _parsed(picture)
        assert "script" not in svg.tags
        assert svg.tags[:3] == ["svg", "title", "desc"]
        top = svg.attributes[0]
        assert top["role"] == "img"
        assert top["aria-labelledby"] == (
            f"picture-{picture.key}-title picture-{picture.key}-desc"
        )
        assert picture.svg in page
        _carries_same_facts(picture)
    assert "<script" not in page


def test_the_timeline_puts_planned_against_held() -> None:
    report, _names = _halfway_mastercircle()
    picture = timeline(report, date(2027, 2, 15))
    assert picture is not None
    assert [row[0] for row in picture.rows] == [
        "1. Urgentie",
        "2. Opgave",
        "3. Omslag",
        "4. Toekomst",
        "5. Oogst",
    ]
    urgentie, opgave = report.meetings[:2]
    assert urgentie.held_at is not None and opgave.opened_at is not None
    assert picture.rows[0] == (
        "1. Urgentie",
        show_date(date.fromisoformat(str(urgentie.scheduled)), short=True),
        show_date(urgentie.held_at, short=True),
        "held",
    )
    assert picture.rows[1][2:] == (show_date(opgave.opened_at, short=True), "open")
    assert picture.rows[4][2:] == ("", "planned")
    svg = _parsed(picture)
    marks = {a["class"] for a in svg.attributes if a.get("class")}
    assert {"cf-mark-planned", "cf-mark-held", "cf-mark-open", "cf-today"} <= marks


def _today_x(picture: Picture) -> float:
    found = re.search(r'class="cf-today"[^>]*><line x1="([\d.]+)"', picture.svg)
    assert found is not None
    return float(found.group(1))


def _planned_only(*days: str) -> CircleReport:
    """A report of meetings planned on ``days``, none held yet."""
    report = CircleReport(
        circle_id=UUID(int=1),
        title="T",
        format="leergroep",
        format_version=1,
        challenge="C",
        founded_at=START,
        founded_by="u",
    )
    report.meetings = [
        MeetingRow(stage="Bijeenkomst", number=n, scheduled=day)
        for n, day in enumerate(days, start=1)
    ]
    return report


def test_the_today_marker_stands_where_the_fake_moment_falls() -> None:
    report = _planned_only("2027-01-10", "2027-01-30")
    left, right = 150.0, 700.0  # where the line of days begins and ends
    assert _today_x(timeline(report, date(2027, 1, 10))) == left  # type: ignore[arg-type]
    assert _today_x(timeline(report, date(2027, 1, 20))) == (left + right) / 2  # type: ignore[arg-type]
    assert _today_x(timeline(report, date(2027, 1, 30))) == right  # type: ignore[arg-type]
    # Today after the last meeting stretches the line to today.
    later = timeline(report, date(2027, 2, 19))
    assert later is not None
    assert _today_x(later) == right
    assert 'class="cf-mark-planned" transform="translate(425.0,' in later.svg
    # A moment is told in Amsterdam: 23:30 UTC on 31 January is 1 February.
    late = pictures(report, moment=datetime(2027, 1, 31, 23, 30, tzinfo=UTC))
    assert 'data-today="2027-02-01"' in late[0].svg
    assert "today is 1 Feb 2027" in late[0].description


def test_the_current_session_shows_elements_done_and_hot_seats_to_come() -> None:
    report, names = _halfway_mastercircle()
    picture = current_session(report)
    assert picture is not None
    assert picture.title == "Session 2. Opgave: elements and hot seats"
    assert picture.rows == (
        ("element", "Koersbepalen", "done"),
        ("element", "Voorbereiden", "done"),
        ("element", "Uitwisselen", "running now"),
        ("element", "Richten", "to do"),
        ("element", "Verdiepen", "to do"),
        ("element", "Vervolgen", "to do"),
        # In the order taken, then the present who are still to come.
        ("hot seat", "Bram", "taken"),
        ("hot seat", "Anna", "taken"),
        ("hot seat", "Cas", "still to come"),
    )
    assert names[3] not in " ".join(" ".join(row) for row in picture.rows)
    _carries_same_facts(picture)
    svg = _parsed(picture)
    seat_numbers = [svg.rows[6][0], svg.rows[7][0]]
    assert seat_numbers == ["1", "2"]


def test_without_elements_the_picture_shows_the_stages_done_and_to_do() -> None:
    clock = _Clock()
    app = Circles("memory:", clock=clock)
    circle = app.found_circle("leernetwerkgroep", title="L", challenge="C", actor="u")
    assert current_session(_report(app, circle)) is not None
    picture = current_session(_report(app, circle))
    assert picture is not None
    assert {row[2] for row in picture.rows} == {"to do"}
    assert [row[1] for row in picture.rows][:2] == ["Start", "Tweedaagse1"]


def test_the_attendance_grid_matches_the_report() -> None:
    report, _names = _halfway_mastercircle()
    picture = attendance_grid(report)
    assert picture is not None
    grid = attendance(report)
    by_name = {m.name: cells for m, cells in zip(report.members, grid, strict=True)}
    assert by_name["Dewi"][:3] == ["present", "absent", "not held yet"]
    assert by_name["Sam Sponsor"][:2] == ["present", "absent"]
    assert by_name["Mila Master"][:2] == ["absent", "present"]
    # The table says what each cell of the grid shows, cell by cell.
    svg = _parsed(picture)
    cells = [a["data-status"] for a in svg.attributes if a.get("class") == "cf-cell"]
    assert cells == [status for row in grid for status in row]
    assert [row[1:] for row in picture.rows] == [tuple(row) for row in grid]
    assert picture.headers[1:] == tuple(
        f"{m.number}. {m.stage}" for m in report.meetings
    )


def test_members_who_joined_later_or_left_were_not_members_then() -> None:
    app = Circles("memory:", clock=_Clock())
    names = ("F", "G", "A", "D", "C", "B")
    f, g, a, d, c, b = (app.register_person(n, actor="u") for n in names)
    circle = app.found_circle("leergroep", title="L", challenge="C", actor="u")
    app.join(circle, f, "facilitator", actor="u")
    app.join(circle, g, "facilitator", actor="u")
    for person in (a, d, c):
        app.join(circle, person, "participant", actor="u")
    app.open_session(circle, "Bijeenkomst", [f, a, c], actor="u")
    app.choose_subject(circle, "Sturen op waarde", brought_by=a, actor="u")
    app.hold_session(circle, actor="u")
    app.join(circle, b, "participant", actor="u")
    app.leave(circle, c, reason="Nieuwe baan", actor="u")
    app.open_session(circle, "Bijeenkomst", [f, b], actor="u")
    report = _report(app, circle)
    assert [m.name for m in report.members] == list(names)
    assert attendance(report) == [
        ["present", "present"],
        ["absent", "absent"],
        ["present", "absent"],
        ["absent", "absent"],
        ["present", "not a member then"],
        ["not a member then", "present"],
    ]


def test_the_chain_of_twos_of_a_samenwerking() -> None:
    report = _demo("samenwerking")
    picture = two_chain(report)
    assert picture is not None
    first = report.twos[0]
    assert picture.rows[0][0] == "TWO 1" and picture.rows[1][0] == "TWO 2"
    assert picture.rows[0][3:] == (
        str(first.acted_on),
        str(first.reflections),
        "",
        "TWO 2",
    )
    assert picture.rows[1][5:] == ("TWO 1", "current")
    svg = _parsed(picture)
    assert "superseded by: TWO 2" in " ".join(svg.rows[0])
    assert "current" in " ".join(svg.rows[1])
    assert picture.svg.count('class="cf-arrow"') == 1
    _carries_same_facts(picture)
    assert two_chain(_demo("leergroep")) is None


def test_the_page_shows_each_picture_with_its_table_in_a_scrolling_box() -> None:
    report, _names = _halfway_mastercircle()
    page = to_html(report, moment=date(2027, 2, 1))
    assert page.count('<div class="cf-scroll" role="region" tabindex="0"') == (
        page.count("<table>")
    )
    assert page.count('class="cf-scroll cf-figure" role="region" tabindex="0"') == 3
    assert 'aria-labelledby="picture-timeline"' in page


def test_the_pictures_speak_dutch_by_default() -> None:
    report, _names = _halfway_mastercircle()
    with use_language("nl"):
        page = to_html(report, moment=date(2027, 2, 1))
    assert '<html lang="nl">' in page
    assert "Tijdlijn van de bijeenkomsten" in page
    assert "vandaag, 1 feb. 2027" in page
    assert "nog aan de beurt" in page
    assert "aanwezig" in page


def _custom_properties(page: str) -> dict[str, str]:
    root = re.search(r":root \{(.*?)\}", page, re.S)
    assert root is not None
    return dict(re.findall(r"(--cf-[a-z-]+): ([^;]+);", root.group(1)))


def test_a_theme_sets_the_custom_properties_the_page_reads() -> None:
    report = _demo("mastercircle")
    plain = to_html(report, moment=date(2027, 2, 1))
    assert _custom_properties(plain) == THEME_PROPERTIES
    for name in THEME_PROPERTIES:
        assert f"var({name})" in plain
    themed = to_html(
        report,
        moment=date(2027, 2, 1),
        theme={"--cf-colour-held": "#00489a", "--cf-font-family": "'RO Sans', serif"},
    )
    values = _custom_properties(themed)
    assert values["--cf-colour-held"] == "#00489a"
    assert values["--cf-font-family"] == "'RO Sans', serif"
    assert themed != plain


@pytest.mark.parametrize(
    ("theme", "why"),
    [
        ({"--cf-colour-unknown": "#000"}, "no theme property"),
        ({"--cf-colour-held": "red; } body { display: none"}, "must be a CSS"),
        ({"--cf-colour-held": "</style><script>"}, "must be a CSS"),
    ],
)
def test_a_theme_takes_only_its_properties_and_plain_values(
    theme: dict[str, str], why: str
) -> None:
    with pytest.raises(InvalidInput, match=why):
        to_html(_demo("leergroep"), theme=theme)


def test_a_circle_without_meetings_or_members_draws_nothing_of_them() -> None:
    app = Circles("memory:", clock=_Clock())
    circle = app.found_circle("samenwerking", title="S", challenge="C", actor="u")
    report = _report(app, circle)
    drawn: list[Callable[[], Any]] = [
        lambda: timeline(report, date(2027, 1, 4)),
        lambda: attendance_grid(report),
        lambda: two_chain(report),
    ]
    assert [make() for make in drawn] == [None, None, None]


def test_every_theme_property_is_named_in_the_docs() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs" / "html-report.md"
    text = docs.read_text(encoding="utf-8")
    for name, default in THEME_PROPERTIES.items():
        assert f"| `{name}` | `{default}` |" in text


def test_text_in_the_pictures_is_escaped() -> None:
    report = _planned_only("2027-01-10")
    report.meetings[0].opened_at = START
    report.meetings[0].present = ["p1"]
    report.members = [
        MemberRow(
            person="p1",
            name="<script>alert(1)</script>",
            role="participant",
            organisation="",
            joined_at=START - timedelta(days=1),
        )
    ]
    page = to_html(report, moment=date(2027, 1, 10))
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
