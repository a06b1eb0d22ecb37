# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""``circleflow report``: a stored circle's report as Markdown, HTML, JSON,
CSV, OpenDocument text, or a format a plug-in adds.

``circleflow-report`` is the same command under its old name, kept for one
release.

A report printed on a terminal shows the control characters of stored text
as escapes; written to a file or a pipe it is the exact document.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click
from eventsourcing.persistence import PersistenceError

from circleflow import CircleflowError
from circleflow.cli_session import open_store, store_option
from circleflow.reports.render import (
    BINARY_RENDERERS,
    CSV_DIALECTS,
    render,
    render_bytes,
)
from circleflow.reports.report import CircleReports
from circleflow.store_errors import failure
from circleflow.terminal import terminal_lines

if TYPE_CHECKING:
    from circleflow.application import Circles


def write_report(
    app: Circles,
    circle: str,
    to: str,
    output: str | None,
    *,
    csv_dialect: str | None = None,
) -> None:
    """Fold the report of ``circle`` from ``app``'s events and write it in
    format ``to`` (a CSV in ``csv_dialect``) to the file ``output``, or
    print it (text formats only)."""
    if to in BINARY_RENDERERS and output is None:
        raise click.UsageError(f"{to} is a binary format; give --output FILE")
    if csv_dialect is not None and to != "csv":
        raise click.UsageError(f"--csv-dialect applies to --to csv only, not {to}")
    circle_id = app.find_circle(circle)
    reports = CircleReports()
    reports.catch_up(app)
    report = reports.get(circle_id)
    if output is None:
        text = render(report, to, csv_dialect=csv_dialect)
        if _on_terminal():
            text = terminal_lines(text)
        click.echo(text, nl=False)
        return
    content = render_bytes(report, to, csv_dialect=csv_dialect)
    try:
        with open(output, "wb") as file:
            file.write(content)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror}") from None


def report_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of a report command: the format, the CSV dialect and
    the file to write."""
    for option in reversed(
        (
            click.option(
                "--to",
                "to",
                default="markdown",
                show_default=True,
                metavar="FORMAT",
                help="Report format: markdown, html, json, csv, odt, or one a "
                "plug-in adds (entry-point group 'circleflow.renderers').",
            ),
            click.option(
                "--csv-dialect",
                type=click.Choice(list(CSV_DIALECTS)),
                help="With --to csv: rfc4180 (the default: commas) or excel-nl "
                "(semicolons, UTF-8 with a byte order mark, decimal comma: opens "
                "as columns in a Dutch Excel).",
            ),
            click.option(
                "--output",
                "-o",
                type=click.Path(dir_okay=False, writable=True),
                help="Write the report to this file instead of standard output "
                "(required for odt).",
            ),
        )
    ):
        command = option(command)
    return command


@click.command()
@click.argument("circle")
@store_option
@report_options
def report(
    circle: str, store: str, to: str, csv_dialect: str | None, output: str | None
) -> None:
    """Print the report of CIRCLE (an id or a unique start of one), folded
    from its events. The same as 'circleflow report'."""
    try:
        app = open_store(store, must_exist=True)
        write_report(app, circle, to, output, csv_dialect=csv_dialect)
    except CircleflowError as error:
        raise click.ClickException(terminal_lines(str(error))) from None
    except (PersistenceError, sqlite3.Error) as error:
        raise click.ClickException(terminal_lines(failure(error))) from None


def _on_terminal() -> bool:
    """Whether standard output is a terminal."""
    return sys.stdout is not None and sys.stdout.isatty()


def main() -> None:
    """Entry point of the ``circleflow-report`` command (the old name of
    ``circleflow report``)."""
    report(prog_name="circleflow-report")
