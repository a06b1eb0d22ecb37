# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reports: projections of circleflow's events, rendered in open formats.

They read the store's event log through the public API
(:meth:`circleflow.Circles.read_log`) and never the aggregates, so a report
can be rebuilt from the events alone, at any time::

    from circleflow import Circles
    from circleflow.reports import CircleReports, render

    reports = CircleReports()
    reports.catch_up(Circles("circles.db"))
    print(render(reports.get(circle_id), "markdown"))

A :class:`ProjectionStore` keeps a read model (one row per key) and the log
position it reached, so a report resumes where it stopped instead of
folding the whole log again, and keeping it current writes only what
changed. The core library never imports this package.

Other packages add report formats (a house style, say) through the
entry-point group ``circleflow.renderers`` (see :func:`formats`).
"""

from circleflow.reports.projection import Projection
from circleflow.reports.render import (
    BINARY_RENDERERS,
    CSV_DIALECTS,
    ENTRY_POINT_GROUP,
    FORMATS,
    RENDERERS,
    CsvDialect,
    formats,
    render,
    render_bytes,
)
from circleflow.reports.report import (
    CircleReport,
    CircleReports,
    MeetingRow,
    MemberRow,
    MigrationRow,
    TWORow,
)
from circleflow.reports.tracking import ProjectionStore

__all__ = [
    "BINARY_RENDERERS",
    "CSV_DIALECTS",
    "ENTRY_POINT_GROUP",
    "FORMATS",
    "RENDERERS",
    "CircleReport",
    "CircleReports",
    "CsvDialect",
    "MeetingRow",
    "MemberRow",
    "MigrationRow",
    "Projection",
    "ProjectionStore",
    "TWORow",
    "formats",
    "render",
    "render_bytes",
]
