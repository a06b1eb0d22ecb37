# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The records a report keeps of the events its sections read (see
:mod:`circleflow.reports.sections`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from circleflow import FORGOTTEN
from circleflow.sealing import sealed_specs

if TYPE_CHECKING:
    from circleflow import LoggedEvent
    from circleflow.reports.report import CircleReport


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def keep_record(event: LoggedEvent, meeting: int) -> dict[str, Any]:
    """The record the report keeps of ``event``, recorded in meeting
    number ``meeting``."""
    details = {key: _plain(value) for key, value in event.details.items()}
    spec = sealed_specs().get(event.event)
    about: list[str] = []
    texts: list[str] = []
    if spec is not None and spec.about:
        value = details.get(spec.about)
        values = value if isinstance(value, list) else [value]
        about = sorted({str(v) for v in values if v})
        texts = list(spec.texts)
    return {
        "event": event.event,
        "version": event.version,
        "meeting": meeting,
        "at": event.recorded_at.isoformat(),
        "about": about,
        "texts": texts,
        "d": details,
    }


def forget_records(kept: list[dict[str, Any]], person: str) -> None:
    """Replace the personal texts about ``person`` in ``kept``."""
    for record in kept:
        if person in record["about"]:
            for name in record["texts"]:
                if record["d"].get(name):
                    record["d"][name] = FORGOTTEN


def records(report: CircleReport, *events: str) -> Iterator[dict[str, Any]]:
    """The kept records of ``report`` of the given event types, in order."""
    for record in report.records:
        if record["event"] in events:
            yield record
