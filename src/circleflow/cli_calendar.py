# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The ``circleflow calendar`` command: a circle's meetings as an iCalendar
file (see :mod:`circleflow.calendar`)."""

from __future__ import annotations

import click

from circleflow.cli import cli
from circleflow.cli_session import _Session
from circleflow.language import N_, _, ngettext


@cli.command(
    "calendar",
    help=N_(
        "Write the meetings of CIRCLE as an iCalendar file, for any agenda."
        "\n\n"
        "Every meeting, planned or held, is an all-day event; one of several "
        "days spans them. Each keeps its UID across exports, so importing a "
        "newer file (or subscribing to one) updates the entries instead of "
        "adding them again. The file holds no names of persons."
        "\n\n"
        "CIRCLE is a circle id or a unique start of one."
    ),
)
@click.argument("circle")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help=N_("The file to write (.ics), or - for standard output."),
)
@click.option("--force", is_flag=True, help=N_("Overwrite the file if it exists."))
@click.option(
    "--time-zone",
    default="Europe/Amsterdam",
    show_default=True,
    metavar="ZONE",
    help=N_("The time zone that tells on which day a meeting was held."),
)
@click.pass_context
def calendar(
    ctx: click.Context, circle: str, output: str, force: bool, time_zone: str
) -> None:
    session: _Session = ctx.obj
    app = session.read_only_app()
    try:
        data = app.calendar(app.find_circle(circle), time_zone=time_zone)
    finally:
        app.close()
    if output == "-":
        click.echo(data, nl=False)
        return
    try:
        with open(output, "wb" if force else "xb") as out:
            out.write(data)
    except FileExistsError:
        raise click.ClickException(
            _(
                "{file} exists already; give a new file name, or --force to "
                "overwrite it"
            ).format(file=output)
        ) from None
    count = data.count(b"\r\nBEGIN:VEVENT\r\n")
    click.echo(
        ngettext(
            "Wrote {count} meeting to {file}.",
            "Wrote {count} meetings to {file}.",
            count,
        ).format(count=count, file=output)
    )
