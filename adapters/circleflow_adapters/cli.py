# SPDX-License-Identifier: EUPL-1.2
"""``circleflow-report``: a stored circle's report as Markdown, HTML, JSON,
CSV or OpenDocument text.

A report printed on a terminal shows the control characters of stored text
as escapes; written to a file or a pipe it is the exact document.
"""

from __future__ import annotations

import sqlite3
import sys

import click
from eventsourcing.persistence import PersistenceError

from circleflow import CircleflowError
from circleflow.cli_session import open_store, store_option
from circleflow.store_errors import failure
from circleflow.terminal import terminal_lines
from circleflow_adapters.render import (
    BINARY_RENDERERS,
    CSV_DIALECTS,
    FORMATS,
    render_bytes,
)
from circleflow_adapters.report import CircleReports


@click.command()
@click.argument("circle")
@store_option
@click.option(
    "--to",
    "to",
    type=click.Choice(FORMATS),
    default="markdown",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--csv-dialect",
    type=click.Choice(list(CSV_DIALECTS)),
    help="With --to csv: rfc4180 (the default: commas) or excel-nl (semicolons, "
    "UTF-8 with a byte order mark, decimal comma: opens as columns in a Dutch "
    "Excel).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output (required for odt).",
)
def report(
    circle: str, store: str, to: str, csv_dialect: str | None, output: str | None
) -> None:
    """Print the report of CIRCLE (an id or a unique start of one), folded
    from its events."""
    if to in BINARY_RENDERERS and output is None:
        raise click.UsageError(f"{to} is a binary format; give --output FILE")
    if csv_dialect is not None and to != "csv":
        raise click.UsageError(f"--csv-dialect applies to --to csv only, not {to}")
    try:
        app = open_store(store, must_exist=True)
        circle_id = app.find_circle(circle)
        reports = CircleReports()
        reports.catch_up(app)
        content = render_bytes(reports.get(circle_id), to, csv_dialect=csv_dialect)
    except CircleflowError as error:
        raise click.ClickException(terminal_lines(str(error))) from None
    except (PersistenceError, sqlite3.Error) as error:
        raise click.ClickException(terminal_lines(failure(error))) from None
    if output is None:
        text = content.decode("utf-8")
        if _on_terminal():
            text = terminal_lines(text)
        click.echo(text, nl=False)
        return
    try:
        with open(output, "wb") as file:
            file.write(content)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror}") from None


def _on_terminal() -> bool:
    """Whether standard output is a terminal."""
    return sys.stdout is not None and sys.stdout.isatty()


def main() -> None:
    """Entry point of the ``circleflow-report`` command."""
    report(prog_name="circleflow-report")
