# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""CHANGELOG.md keeps the Keep a Changelog layout, and its latest release is
the version of the package."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import circleflow

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"
RELEASE = re.compile(r"^\[(\d+)\.(\d+)\.(\d+)\] - (\d{4}-\d{2}-\d{2})$")
KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def _headings(level: int) -> list[str]:
    marks = "#" * level
    return re.findall(rf"^{marks} (.+)$", CHANGELOG.read_text(encoding="utf-8"), re.M)


def releases() -> list[tuple[str, date]]:
    """The released versions with their dates, newest first."""
    found = []
    for heading in _headings(2)[1:]:
        match = RELEASE.match(heading)
        assert match is not None, f"not a release heading: ## {heading}"
        found.append((".".join(match.groups()[:3]), date.fromisoformat(match[4])))
    return found


def test_unreleased_comes_first_then_dated_releases() -> None:
    assert _headings(2)[0] == "[Unreleased]"
    assert releases(), "no release yet"


def test_releases_go_from_newest_to_oldest() -> None:
    found = releases()
    versions = [tuple(int(n) for n in v.split(".")) for v, _ in found]
    assert versions == sorted(versions, reverse=True)
    assert len(set(versions)) == len(versions)
    dates = [d for _, d in found]
    assert dates == sorted(dates, reverse=True)


def test_changes_are_grouped_by_the_kinds_of_keep_a_changelog() -> None:
    assert set(_headings(3)) <= KINDS


def test_every_version_heading_has_its_link() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    links = dict(re.findall(r"^\[([^\]]+)\]: (\S+)$", text, re.M))
    names = ["Unreleased", *(version for version, _ in releases())]
    assert sorted(links) == sorted(names)
    assert all(link.startswith("https://") for link in links.values())


def test_the_latest_release_is_the_packages_version() -> None:
    assert releases()[0][0] == circleflow.__version__
