# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The reference documents cover everything a format can hold."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from circleflow import ACTIVITIES, CONDITIONS, Element, Format, GroupSize, Stage
from circleflow.format import LEAVE_CONDITIONS, MEETING_ACTIVITIES, OPEN_CONDITIONS
from circleflow.formats import BUILTIN_PACKS
from circleflow.packs import rules_markdown
from circleflow.personal_data import catalogue_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _section(text: str, heading: str) -> str:
    match = re.search(
        rf"^## {re.escape(heading)}.*?\n(.*?)(?=^## |\Z)", text, re.M | re.S
    )
    assert match is not None, heading
    return match.group(1)


def _first_column(section: str) -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", section, re.M)


@pytest.mark.parametrize(
    ("heading", "cls"),
    [
        ("Format", Format),
        ("Group size", GroupSize),
        ("Stage", Stage),
        ("Element", Element),
    ],
)
def test_every_field_is_documented_in_order(heading: str, cls: type) -> None:
    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    documented = _first_column(_section(text, heading))
    assert documented == [f.name for f in attrs.fields(cls)]


def test_every_activity_is_documented_with_where_it_runs() -> None:
    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    section = _section(text, "Activities")
    assert set(_first_column(section)) == ACTIVITIES
    in_meeting = set(re.findall(r"^\| `([^`]+)` \| [^|]+ \| yes \|", section, re.M))
    assert in_meeting == MEETING_ACTIVITIES


def test_every_condition_is_documented_with_where_it_goes() -> None:
    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([^`]+)` \| `([a-z_]+)` \|", _section(text, "Conditions"), re.M
    )
    where = dict(rows)
    assert set(where) == CONDITIONS | OPEN_CONDITIONS | LEAVE_CONDITIONS
    assert {c for c, w in where.items() if w == "requires_to_open"} == OPEN_CONDITIONS
    assert {c for c, w in where.items() if w == "requires_to_leave"} == LEAVE_CONDITIONS


def test_the_personal_data_page_shows_the_whole_catalogue() -> None:
    page = (DOCS / "personal-data.md").read_text(encoding="utf-8")
    assert catalogue_markdown() in page


def test_the_rules_page_shows_every_rule_of_the_built_in_packs() -> None:
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert rules_markdown(BUILTIN_PACKS) in page
