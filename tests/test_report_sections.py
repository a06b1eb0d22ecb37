# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Each built-in format's report says what happened in words: its own
sections, what is next, and who recorded what; in Dutch or in English."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from circleflow import FORGOTTEN, Circles
from circleflow.demo import DEMOS
from circleflow.reports import CircleReports
from circleflow.reports.html import to_html
from circleflow.reports.render import to_json, to_markdown

#: The moment the reports are read at: 1 March 2027, 13:00 in Amsterdam.
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demos() -> tuple[Circles, dict[str, UUID]]:
    app = Circles("memory:")
    return app, {name: run(app) for name, run in DEMOS.items()}


def _page(app: Circles, circle: UUID, lang: str, now: datetime = NOW) -> str:
    reports = CircleReports()
    reports.catch_up(app)
    return to_markdown(reports.get(circle), now=now, lang=lang)


def _dutch(demos: tuple[Circles, dict[str, UUID]], name: str) -> str:
    app, circles = demos
    return _page(app, circles[name], "nl")


def test_a_mastercircle_report_tells_the_urgency_hot_seats_and_harvest(
    demos: tuple[Circles, dict[str, UUID]],
) -> None:
    page = _dutch(demos, "mastercircle")
    assert "- Werkvorm: Mastercircle, versie 1\n" in page
    assert "- Stand van zaken: Oogst gehouden\n" in page
    assert "## Urgentie\n" in page
    assert "| Urgentie (1) | Sam Sponsor | De opgave vraagt nu om doorbraken. |" in page
    assert (
        "| Opgave (2) | Deelnemer 1 | Mijn aanpak | Master 1 | "
        "Volgende stap: de eigenaar aanspreken. |"
    ) in page
    assert (
        "| Opgave (2) | Deelnemer 1 | Deelnemer 2 | waarderend | "
        "Sterk dat je de partners vroeg betrekt. |"
    ) in page
    assert "| Deelnemer 1, Deelnemer 2 | Beide opgaven raken" in page
    assert (
        "| Toekomst (4) | Deelnemer 4 | Gesprek met de ketenpartner plannen. |" in page
    )
    assert "| gepresenteerd | Fenna de Begeleider | Drie doorbraken" in page
    assert "| aanvaard door de sponsor | Sam Sponsor | Dank; we gaan door. |" in page
    # No database values: no event names, no "v1", no UTC stamps.
    for dump in ("UrgencyStated", "mastercircle v1", "Oogst.Gehouden", "+00:00"):
        assert dump not in page


def test_a_leergroep_report_tells_insights_and_the_agenda_without_hot_seats(
    demos: tuple[Circles, dict[str, UUID]],
) -> None:
    page = _dutch(demos, "leergroep")
    assert "| Bijeenkomst (1) | Spanning tussen systeemwereld en leefwereld |" in page
    assert (
        "| 1 | les | Benoem de spanning voordat je hem oplost. | Bijeenkomst (1) "
        "| Bijeenkomst (2) |"
    ) in page
    assert "| 2 | dilemma | Loyaal aan het ministerie of aan de opgave?" in page
    assert "## Agenda voor de Secretarissen-Generaal\n" in page
    assert (
        "| 1 | Ruimte voor opgavegericht budget | Programmadirecteur 2 | ingediend "
        "| Raakt alle programma's. | Secretarissen-Generaal |"
    ) in page
    assert "| bijeenkomst | gepland | gehouden | aanwezigen |\n" in page
    assert "hot seat" not in page.split("## Bijlage")[0]


def test_a_leernetwerkgroep_report_tells_registration_wishes_and_results(
    demos: tuple[Circles, dict[str, UUID]],
) -> None:
    page = _dutch(demos, "leernetwerkgroep")
    assert "| inschrijftermijn | 27 mei 2027 |" in page
    assert "| doorgang of geen doorgang | doorgang |" in page
    assert "| kosten per persoon | EUR 1550 excl. btw |" in page
    assert "| subsidie | 50% A+O fonds |" in page
    assert "| HR-adviseur 1 | Leren loslaten en vertrouwen geven. |" in page
    assert "| Een opdracht in de eigen gemeente | Eigen regie zichtbaar" in page
    assert (
        "| HR-adviseur 1 | Pilot zelforganiserend team | "
        "Team werkt zonder vaste planning |"
    ) in page
    assert "## Gastheren\n" in page
    assert "| Tweedaagse1 (2) | 27 september 2027 t/m 28 september 2027 |" in page


def test_a_samenwerking_report_tells_mandates_problems_and_the_two_chain(
    demos: tuple[Circles, dict[str, UUID]],
) -> None:
    page = _dutch(demos, "samenwerking")
    assert (
        "| na Erkennen (1) | Vertegenwoordiger Gemeente | Gemeente | "
        "Afspraken vastleggen over de samenwerking |"
    ) in page
    assert "| Erkennen (1) | Vertegenwoordiger Gemeente | Capaciteit |" in page
    assert (
        "| Wachtlijsten zijn per organisatie anders geteld | "
        "Vertegenwoordiger Woningcorporatie: Eén gezamenlijke telling per wijk |"
    ) in page
    assert "| Doorzichtig maken (2) | spelregels | Vastgelegd: spelregels |" in page
    assert "## TWO-keten\n" in page
    assert "| 1 | Wekelijks casusoverleg | Snel schakelen bij signalen |" in page
    assert "Vertegenwoordiger Gemeente: Drie overleggen gehouden" in page
    assert "Vertegenwoordiger Zorgkantoor: Wekelijks is te vaak" in page
    assert "| vervangen door TWO 2 |" in page
    assert "| geldend; vervangt TWO 1 |" in page
    assert (
        "| voorzitter | Vertegenwoordiger Zorgkantoor | agenda opstellen, "
        "bijeenkomst leiden | van Vertegenwoordiger Gemeente aan "
        "Vertegenwoordiger Zorgkantoor: Rotatie na fase 2 |"
    ) in page


@pytest.mark.parametrize(
    ("name", "headings"),
    [
        ("mastercircle", ("Urgency", "Hot seats", "Feedback", "Harvest")),
        ("leergroep", ("Subjects", "Agenda for the Secretaries-General")),
        ("leernetwerkgroep", ("Learning wishes", "Assignments and results")),
        ("samenwerking", ("Mandates", "TWO chain", "Roles and tasks")),
    ],
)
def test_the_english_report_says_the_same_with_english_labels(
    demos: tuple[Circles, dict[str, UUID]], name: str, headings: tuple[str, ...]
) -> None:
    app, circles = demos
    page = _page(app, circles[name], "en")
    for heading in (*headings, "What is next", "Appendix: who recorded what"):
        assert f"## {heading}" in page
    assert "## Wat komt er nu" not in page
    assert " December 2026 at " in page and " december 2026 om " not in page


def test_the_english_mastercircle_report_names_the_feedback_and_its_giver(
    demos: tuple[Circles, dict[str, UUID]],
) -> None:
    app, circles = demos
    page = _page(app, circles["mastercircle"], "en")
    assert "- Format: Mastercircle, version 1\n" in page
    assert "| Opgave (2) | Deelnemer 1 | Master 1 | addition |" in page
    assert "| accepted by the sponsor | Sam Sponsor | Dank; we gaan door. |" in page


def _planned_circle() -> tuple[Circles, UUID]:
    app = Circles("memory:")
    circle = app.found_circle(
        "mastercircle", title="Kring", challenge="Een opgave", actor="anna"
    )
    app.schedule(circle, date(2027, 1, 4), actor="bram")
    return app, circle


def test_what_is_next_is_the_next_meeting_planned_at_the_reports_moment() -> None:
    app, circle = _planned_circle()
    early = _page(app, circle, "nl", now=datetime(2027, 1, 10, tzinfo=UTC))
    assert "| Volgende bijeenkomst | Urgentie op 18 januari 2027 | gepland |" in early


def test_a_meeting_past_its_planned_day_shows_as_overdue() -> None:
    app, circle = _planned_circle()
    late = _page(app, circle, "nl", now=datetime(2027, 2, 5, tzinfo=UTC))
    assert "| Volgende bijeenkomst | Urgentie op 18 januari 2027 | te laat |" in late
    assert (
        "| Bijeenkomst | de bijeenkomst Opgave openen, uiterlijk 1 februari 2027 "
        "| te laat |"
    ) in late


def test_what_is_next_lists_what_is_due_by_the_same_rules_as_due() -> None:
    app, circle = _planned_circle()
    now = datetime(2027, 1, 25, 12, tzinfo=UTC)
    page = _page(app, circle, "en", now=now)
    next_part = page.split("## What is next")[1].split("\n## ")[0]
    (due,) = app.due(now, circle=circle)
    assert due.items, "the planned meeting is due on the 25th"
    for item in due.items:
        status = "overdue" if item.overdue else "due"
        assert f"| {item.detail}, by " in next_part
        assert next_part.count(f"| {status} |") >= 1


def test_a_mandate_not_renewed_after_a_meeting_is_due_in_the_report() -> None:
    app = Circles("memory:")
    members = [
        app.register_person(f"Lid {n}", organisation=f"Org {n}", actor="anna")
        for n in range(2)
    ]
    circle = app.found_circle("samenwerking", title="SW", challenge="c", actor="anna")
    for person in members:
        app.join(circle, person, "participant", actor="anna")
        app.renew_mandate(circle, person, "scope", actor="anna")
    app.open_session(circle, "Erkennen", members, actor="anna")
    for person in members:
        app.voice_concerns(circle, person, "", actor="anna")
    app.hold_session(circle, actor="anna")
    app.renew_mandate(circle, members[0], "scope", actor="anna")

    in_a_month = datetime.now(UTC) + timedelta(days=30)
    page = _page(app, circle, "nl", now=in_a_month)
    assert "| Mandaat | het mandaat vernieuwen na bijeenkomst 1, uiterlijk " in page
    assert "(Lid 1) | te laat |" in page


def test_an_ended_circle_has_nothing_next(
    demos: tuple[Circles, dict[str, UUID]],
) -> None:
    page = _dutch(demos, "samenwerking")
    assert "| Kring | de kring is beëindigd; er volgt niets meer |" in page


def test_the_appendix_lists_who_recorded_what_and_when() -> None:
    app, circle = _planned_circle()
    page = _page(app, circle, "nl")
    appendix = page.split("## Bijlage: wie legde wat vast, en wanneer")[1]
    assert "| 1 | " in appendix
    assert "| kring opgericht | anna | circleflow |" in appendix
    assert "| bijeenkomst gepland | bram | circleflow |" in appendix
    assert " om " in appendix  # a local time, in words
    assert "CircleFounded" not in page


def _forget_participant(app: Circles, circle: UUID) -> None:
    participant = next(
        UUID(e.details["person"])
        for e in app.history(circle)
        if e.event == "MemberJoined" and e.details["role"] == "participant"
    )
    app.forget_person(participant, actor="privacy-officer")


def test_a_forgotten_person_shows_as_forgotten_and_their_texts_are_gone() -> None:
    app = Circles("memory:")
    circle = DEMOS["mastercircle"](app)
    kept = CircleReports()
    kept.catch_up(app)  # read before the person is forgotten
    _forget_participant(app, circle)
    kept.catch_up(app)
    page = to_markdown(kept.get(circle), now=NOW, lang="nl")
    assert "(vergeten persoon)" in page
    assert "Deelnemer 1 " not in page and "| Deelnemer 1 |" not in page
    assert "Opgave van deelnemer 1" not in page
    assert (
        "| Opgave (2) | (vergeten persoon) | (vergeten) | Master 1 | (vergeten) |"
        in (page)
    )
    assert "| Opgave (2) | Deelnemer 2 | Mijn aanpak |" in page
    assert FORGOTTEN not in page
    # A report folded anew from the events says the same.
    assert _page(app, circle, "nl") == page


def test_the_html_page_is_dutch_with_the_sections_as_headings(
    demos: tuple[Circles, dict[str, UUID]],
) -> None:
    app, circles = demos
    reports = CircleReports()
    reports.catch_up(app)
    page = to_html(reports.get(circles["samenwerking"]), now=NOW, lang="nl")
    assert '<html lang="nl">' in page
    assert ">TWO-keten</h2>" in page
    assert ">Wat komt er nu</h2>" in page
    assert ">Bijlage: wie legde wat vast, en wanneer</h2>" in page


def test_the_json_keeps_the_records_and_the_audit_in_utc(
    demos: tuple[Circles, dict[str, UUID]],
) -> None:
    app, circles = demos
    reports = CircleReports()
    reports.catch_up(app)
    data = json.loads(to_json(reports.get(circles["mastercircle"])))
    urgency = next(r for r in data["records"] if r["event"] == "UrgencyStated")
    assert urgency["d"]["statement"] == "De opgave vraagt nu om doorbraken."
    assert urgency["meeting"] == 1
    assert urgency["at"].endswith("+00:00")
    first = data["audit"][0]
    assert (first["version"], first["event"]) == (1, "CircleFounded")
    assert first["recorded_at"].endswith("+00:00")
    assert data["events"]["HotSeatTaken"] == 12


def test_every_markdown_table_has_its_caption_as_html_and_odt_do() -> None:
    app, circle = _planned_circle()
    page = _page(app, circle, "nl")
    assert "## Leden\n\n*Leden van de kring met hun rol en organisatie*\n\n" in page
    meetings = "Bijeenkomsten zoals gepland en zoals gehouden"
    assert f"## Bijeenkomsten\n\n*{meetings}*\n\n| bijeenkomst |" in page
    reports = CircleReports()
    reports.catch_up(app)
    html = to_html(reports.get(circle), now=NOW, lang="nl")
    assert f"<caption>{meetings}</caption>" in html


def test_a_circle_with_every_session_held_has_no_meeting_to_plan(
    demos: tuple[Circles, dict[str, UUID]],
) -> None:
    page = _dutch(demos, "mastercircle")
    assert "| Bijeenkomsten | alle bijeenkomsten van het format zijn gehouden |" in page
    assert "te plannen" not in page


def test_a_circle_that_may_meet_again_has_its_next_meeting_to_plan() -> None:
    app = Circles("memory:")
    (facilitator, director) = (
        app.register_person(name, actor="anna") for name in ("Fenna", "Dirk")
    )
    circle = app.found_circle("leergroep", title="LG", challenge="c", actor="anna")
    app.join(circle, facilitator, "facilitator", actor="anna")
    app.join(circle, director, "participant", actor="anna")
    page = _page(app, circle, "nl")
    planned = "| Volgende bijeenkomst | nog geen bijeenkomst gepland | te plannen |"
    assert planned in page
