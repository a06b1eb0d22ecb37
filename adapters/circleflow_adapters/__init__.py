# SPDX-License-Identifier: EUPL-1.2
"""Adapters that project circleflow's events into reports.

They read the store's event log through the public API
(:meth:`circleflow.Circles.read_log`) and never the aggregates, so a report
can be rebuilt from the events alone, at any time::

    from circleflow import Circles
    from circleflow_adapters import CircleReports, render

    reports = CircleReports()
    reports.catch_up(Circles("circles.db"))
    print(render(reports.get(circle_id), "markdown"))

A :class:`ProjectionStore` keeps a read model (one row per key) and the log
position it reached, so a report resumes where it stopped instead of
folding the whole log again, and keeping it current writes only what
changed. The core library never imports this package.
"""

from circleflow_adapters.projection import Projection
from circleflow_adapters.render import (
    BINARY_RENDERERS,
    FORMATS,
    RENDERERS,
    render,
    render_bytes,
)
from circleflow_adapters.report import (
    CircleReport,
    CircleReports,
    MeetingRow,
    MemberRow,
    MigrationRow,
    TWORow,
)
from circleflow_adapters.tracking import ProjectionStore

__all__ = [
    "BINARY_RENDERERS",
    "FORMATS",
    "RENDERERS",
    "CircleReport",
    "CircleReports",
    "MeetingRow",
    "MemberRow",
    "MigrationRow",
    "Projection",
    "ProjectionStore",
    "TWORow",
    "render",
    "render_bytes",
]
