# SPDX-License-Identifier: EUPL-1.2
"""``circleflow-report``: a stored circle's report as Markdown, JSON or CSV."""

from __future__ import annotations

import click

from circleflow import CircleflowError, Circles
from circleflow.cli import store_option
from circleflow_adapters.render import RENDERERS, render
from circleflow_adapters.report import CircleReports


@click.command()
@click.argument("circle")
@store_option
@click.option(
    "--to",
    "to",
    type=click.Choice(sorted(RENDERERS)),
    default="markdown",
    show_default=True,
    help="Report format.",
)
def report(circle: str, store: str, to: str) -> None:
    """Print the report of CIRCLE (an id or a unique start of one), folded
    from its events."""
    try:
        app = Circles(store)
        circle_id = app.find_circle(circle)
        reports = CircleReports()
        reports.catch_up(app)
        click.echo(render(reports.get(circle_id), to), nl=False)
    except CircleflowError as error:
        raise click.ClickException(str(error)) from None


def main() -> None:
    """Entry point of the ``circleflow-report`` command."""
    report(prog_name="circleflow-report")
