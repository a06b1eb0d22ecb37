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
from typing import TYPE_CHECKING

import click
from eventsourcing.persistence import PersistenceError

from circleflow import CircleflowError
from circleflow.cli_session import open_store, store_option
from circleflow.reports.render import BINARY_RENDERERS, formats, render, render_bytes
from circleflow.reports.report import CircleReports
from circleflow.store_errors import failure
from circleflow.terminal import terminal_lines

if TYPE_CHECKING:
    from circleflow.application import Circles


def write_report(app: Circles, circle: str, to: str, output: str | None) -> None:
    """Fold the report of ``circle`` from ``app``'s events and write it in
    format ``to`` to the file ``output``, or print it (text formats only)."""
    if to in BINARY_RENDERERS and output is None:
        raise click.UsageError(f"{to} is a binary format; give --output FILE")
    circle_id = app.find_circle(circle)
    reports = CircleReports()
    reports.catch_up(app)
    report = reports.get(circle_id)
    if output is None:
        text = render(report, to)
        if _on_terminal():
            text = terminal_lines(text)
        click.echo(text, nl=False)
        return
    content = render_bytes(report, to)
    try:
        with open(output, "wb") as file:
            file.write(content)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror}") from None


@click.command()
@click.argument("circle")
@store_option
@click.option(
    "--to",
    "to",
    default="markdown",
    show_default=True,
    metavar="FORMAT",
    help=f"Report format: {', '.join(formats())}.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output (required for odt).",
)
def report(circle: str, store: str, to: str, output: str | None) -> None:
    """Print the report of CIRCLE (an id or a unique start of one), folded
    from its events. The same as 'circleflow report'."""
    try:
        write_report(open_store(store, must_exist=True), circle, to, output)
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
