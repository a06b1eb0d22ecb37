# SPDX-License-Identifier: EUPL-1.2
"""The ``circleflow`` commands for the steps real life brings: a member
leaves, a circle is cancelled or concluded early, a recorded text or an
attendance list is corrected."""

from __future__ import annotations

import click

from circleflow.cli import cli
from circleflow.cli_session import _app

#: What the commands record as the origin of their events.
ORIGIN = "circleflow-cli"

_actor = click.option("--actor", required=True, help="Who records it (your user id).")
_reason = click.option("--reason", required=True, help="Why (required).")


@cli.command("leave")
@click.argument("circle")
@click.argument("person")
@_reason
@click.option(
    "--on", type=click.DateTime(["%Y-%m-%d"]), help="The day of leaving (today)."
)
@_actor
@click.pass_context
def leave(
    ctx: click.Context, circle: str, person: str, reason: str, on: object, actor: str
) -> None:
    """PERSON (an id) leaves CIRCLE between meetings; their history stays."""
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
    click.echo(f"{person} left the circle.")


@cli.command("cancel")
@click.argument("circle")
@_reason
@_actor
@click.pass_context
def cancel(ctx: click.Context, circle: str, reason: str, actor: str) -> None:
    """Cancel CIRCLE at any point; nothing is recorded after."""
    app = _app(ctx, must_exist=True)
    app.cancel(app.find_circle(circle), reason=reason, actor=actor, origin=ORIGIN)
    click.echo("The circle is cancelled.")


@cli.command("conclude-early")
@click.argument("circle")
@_reason
@_actor
@click.pass_context
def conclude_early(ctx: click.Context, circle: str, reason: str, actor: str) -> None:
    """Conclude CIRCLE before its format's end; nothing is recorded after."""
    app = _app(ctx, must_exist=True)
    app.conclude_early(
        app.find_circle(circle), reason=reason, actor=actor, origin=ORIGIN
    )
    click.echo("The circle is concluded early.")


@cli.command("correct")
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
    """Correct text FIELD of the event at VERSION of CIRCLE's history (see
    'circleflow history') to TEXT; the history keeps both."""
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
    click.echo(f"Corrected {field} of event {version}.")


@cli.command("correct-attendance")
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
    """Replace the attendance list of held meeting NUMBER of CIRCLE (1 for
    its first meeting) by ATTENDEES (person ids)."""
    app = _app(ctx, must_exist=True)
    app.correct_attendance(
        app.find_circle(circle),
        number,
        list(attendees),
        reason=reason,
        actor=actor,
        origin=ORIGIN,
    )
    click.echo(f"Corrected the attendance of meeting {number}.")
