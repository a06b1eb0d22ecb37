# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A short plain-text summary of a circle: a report format added to
circleflow through the entry-point group ``circleflow.renderers``."""

from __future__ import annotations

from circleflow.reports import CircleReport


def render(report: CircleReport) -> str:
    """The report in a few lines of Dutch text."""
    held = report.meetings_held()
    lines = [
        report.title,
        "=" * len(report.title),
        f"Vorm: {report.format} (versie {report.format_version})",
        f"Vraagstuk: {report.challenge}",
        f"Leden: {len(report.members)}",
        f"Bijeenkomsten gehouden: {held} van {len(report.meetings)}",
    ]
    if report.twos:
        lines.append(f"Tijdelijke Werkbare Overeenkomsten: {len(report.twos)}")
    return "\n".join(lines) + "\n"
