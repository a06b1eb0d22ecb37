# SPDX-License-Identifier: EUPL-1.2
"""Renderers: a circle report as Markdown, JSON or CSV (all open formats).

Times are written in ISO 8601 (UTC); JSON follows RFC 8259 and CSV RFC 4180.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from attrs import asdict, fields

from circleflow import InvalidInput
from circleflow_adapters.report import CircleReport, MeetingRow


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat(timespec="seconds")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(report: CircleReport) -> str:
    """The whole report as one JSON object."""
    data = asdict(report, recurse=True)
    data["events"] = dict(sorted(report.events.items()))
    data["meetings_held"] = report.meetings_held()
    return json.dumps(data, default=_plain, ensure_ascii=False, indent=2) + "\n"


def to_csv(report: CircleReport) -> str:
    """One row per meeting, planned or held, with a header row."""
    names = [f.name for f in fields(MeetingRow)]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["circle_id", *names])
    for meeting in report.meetings:
        row = asdict(meeting)
        writer.writerow(
            [str(report.circle_id)]
            + [
                _iso(row[n]) if isinstance(row[n], datetime) else _cell(row[n])
                for n in names
            ]
        )
    return out.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _escape(text: str) -> str:
    """Text safe inside a Markdown table cell or line."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _status(superseded_by: int | None) -> str:
    return "current" if superseded_by is None else f"superseded by {superseded_by}"


def to_markdown(report: CircleReport) -> str:
    """A readable report with headings and tables."""
    lines = [
        f"# {_escape(report.title)}",
        "",
        f"- Format: {report.format} v{report.format_version}",
        f"- Challenge: {_escape(report.challenge)}",
        f"- Founded: {_iso(report.founded_at)} by {_escape(report.founded_by)}",
        f"- State: {report.state} (version {report.version})",
        f"- Meetings held: {report.meetings_held()} of {len(report.meetings)}",
    ]
    if report.concluded_at is not None:
        lines.append(f"- Concluded: {_iso(report.concluded_at)}")
    if report.mandates_renewed:
        lines.append(f"- Mandates renewed: {report.mandates_renewed}")
    lines += ["", "## Members", "", "| name | role | organisation |", "|---|---|---|"]
    lines += [
        f"| {_escape(m.name)} | {m.role} | {_escape(m.organisation)} |"
        for m in report.members
    ]
    lines += [
        "",
        "## Meetings",
        "",
        "| stage | number | scheduled | held | attendees | hot seats | feedback |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {m.stage} | {m.number} | {m.scheduled or ''} | {_iso(m.held_at)} "
        f"| {m.attendees} | {m.hot_seats} | {m.feedback} |"
        for m in report.meetings
    ]
    if report.twos:
        lines += [
            "",
            "## Temporary Workable Agreements",
            "",
            "| number | agreement | why | parties | acted on | status |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {t.number} | {_escape(t.agreement)} | {_escape(t.why)} | {t.parties} "
            f"| {t.acted_on} | {_status(t.superseded_by)} |"
            for t in report.twos
        ]
    lines += ["", "## Events", "", "| event | count |", "|---|---|"]
    lines += [f"| {name} | {n} |" for name, n in sorted(report.events.items())]
    return "\n".join(lines) + "\n"


#: The renderers by name, as ``circleflow-report --to`` offers them.
RENDERERS: dict[str, Callable[[CircleReport], str]] = {
    "markdown": to_markdown,
    "json": to_json,
    "csv": to_csv,
}


def render(report: CircleReport, to: str) -> str:
    """Render ``report`` in the format named ``to`` (see :data:`RENDERERS`)."""
    try:
        renderer = RENDERERS[to]
    except KeyError:
        raise InvalidInput(
            f"unknown report format {to!r}; use one of {sorted(RENDERERS)}"
        ) from None
    return renderer(report)
