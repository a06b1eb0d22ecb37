# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The ``circleflow`` commands for the steps real life brings: a member
leaves, a circle is cancelled or concluded early, a recorded text or an
attendance list is corrected."""

from __future__ import annotations

import click

from circleflow.cli import cli
from circleflow.cli_session import _app
from circleflow.language import N_, _

#: What the commands record as the origin of their events.
ORIGIN = "circleflow-cli"

_actor = click.option(
    "--actor", required=True, help=N_("Who records it (your user id).")
)
_reason = click.option("--reason", required=True, help=N_("Why (required)."))


@cli.command(
    "leave",
    help=N_("PERSON (an id) leaves CIRCLE between meetings; their history stays."),
)
@click.argument("circle")
@click.argument("person")
@_reason
@click.option(
    "--on", type=click.DateTime(["%Y-%m-%d"]), help=N_("The day of leaving (today).")
)
@_actor
@click.pass_context
def leave(
    ctx: click.Context, circle: str, person: str, reason: str, on: object, actor: str
) -> None:
    from datetime import datetime

    app = _app(ctx, must_exist=True)
    day = on.date() if isinstance(on, datetime) else None
    app.leave(
        app.find_circle(circle),
        person,
        reason=reason,
        on=day,
        actor=actor,
        origin=ORIGIN,
    )
    click.echo(_("{person} left the circle.").format(person=person))


@cli.command(
    "cancel",
    help=N_("Cancel CIRCLE at any point; nothing is recorded after."),
)
@click.argument("circle")
@_reason
@_actor
@click.pass_context
def cancel(ctx: click.Context, circle: str, reason: str, actor: str) -> None:
    app = _app(ctx, must_exist=True)
    app.cancel(app.find_circle(circle), reason=reason, actor=actor, origin=ORIGIN)
    click.echo(_("The circle is cancelled."))


@cli.command(
    "conclude-early",
    help=N_("Conclude CIRCLE before its format's end; nothing is recorded after."),
)
@click.argument("circle")
@_reason
@_actor
@click.pass_context
def conclude_early(ctx: click.Context, circle: str, reason: str, actor: str) -> None:
    app = _app(ctx, must_exist=True)
    app.conclude_early(
        app.find_circle(circle), reason=reason, actor=actor, origin=ORIGIN
    )
    click.echo(_("The circle is concluded early."))


@cli.command(
    "correct",
    help=N_(
        "Correct text FIELD of the event at VERSION of CIRCLE's history (see "
        "'circleflow history') to TEXT; the history keeps both."
    ),
)
@click.argument("circle")
@click.argument("version", type=int)
@click.argument("field")
@click.argument("text")
@_reason
@_actor
@click.pass_context
def correct(
    ctx: click.Context,
    circle: str,
    version: int,
    field: str,
    text: str,
    reason: str,
    actor: str,
) -> None:
    app = _app(ctx, must_exist=True)
    app.correct(
        app.find_circle(circle),
        version,
        field,
        text,
        reason=reason,
        actor=actor,
        origin=ORIGIN,
    )
    click.echo(
        _("Corrected {field} of event {version}.").format(field=field, version=version)
    )


@cli.command(
    "correct-attendance",
    help=N_(
        "Replace the attendance list of held meeting NUMBER of CIRCLE (1 for "
        "its first meeting) by ATTENDEES (person ids)."
    ),
)
@click.argument("circle")
@click.argument("number", type=int)
@click.argument("attendees", nargs=-1, required=True)
@_reason
@_actor
@click.pass_context
def correct_attendance(
    ctx: click.Context,
    circle: str,
    number: int,
    attendees: tuple[str, ...],
    reason: str,
    actor: str,
) -> None:
    app = _app(ctx, must_exist=True)
    app.correct_attendance(
        app.find_circle(circle),
        number,
        list(attendees),
        reason=reason,
        actor=actor,
        origin=ORIGIN,
    )
    click.echo(_("Corrected the attendance of meeting {number}.").format(number=number))
