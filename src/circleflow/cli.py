# SPDX-License-Identifier: EUPL-1.2
"""The ``circleflow`` command: a thin shell over :class:`circleflow.Circles`.

Every command prints a library error as one line on standard error and exits
with status 1; usage mistakes exit with status 2. Stored text (titles, names,
actors, event details) is printed with its control characters shown as
escapes, so it cannot steer the terminal.

Each command imports what it uses when it runs, so that ``--help`` or a
command that reads no store starts without loading the rest.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import click

from circleflow.cli_session import (
    _app,
    _echo_stored,
    _Group,
    _Moment,
    _registry,
    _Session,
    lang_option,
    store_option,
)
from circleflow.store import (
    describe,
    without_password,
)
from circleflow.terminal import terminal_json

if TYPE_CHECKING:
    from circleflow.application import Position
    from circleflow.demo import Transition

#: The environment variable naming extra format files (TOML).
FORMATS_ENV_VAR = "CIRCLEFLOW_FORMATS"

#: Demo formats whose size can be chosen.
_SIZED = ("mastercircle", "leernetwerkgroep")

#: The formats ``demo`` can walk: those of :data:`circleflow.demo.DEMOS`,
#: named here so that the command line is built without loading the scripts.
DEMO_FORMATS = ("leergroep", "leernetwerkgroep", "mastercircle", "samenwerking")


@click.group(cls=_Group)
@store_option
@click.option(
    "--format-file",
    "format_files",
    multiple=True,
    envvar=FORMATS_ENV_VAR,
    type=click.Path(dir_okay=False),
    metavar="TOML",
    help=f"A format defined in TOML, added to the built-in ones (repeatable). "
    f"Also read from ${FORMATS_ENV_VAR}, paths separated by '{os.pathsep}'.",
)
@lang_option
@click.version_option(package_name="circleflow")
@click.pass_context
def cli(ctx: click.Context, store: str, format_files: tuple[str, ...]) -> None:
    """Run and replay event-sourced learning circles (Mastercircle and kin).

    Every change to a circle is stored as an event; status and history are
    read back from those events.
    """
    ctx.obj = _Session(store, format_files)


@cli.command()
@click.option(
    "--format",
    "format_name",
    default="mastercircle",
    show_default=True,
    type=click.Choice(DEMO_FORMATS),
    help="Which built-in format to walk.",
)
@click.option(
    "--participants",
    type=click.IntRange(2, 12),
    help=f"How many participants take part ({', '.join(_SIZED)} only).",
)
@click.pass_context
def demo(ctx: click.Context, format_name: str, participants: int | None) -> None:
    """Walk a complete circle of a built-in format, printing every transition.

    Each line shows the command and the circle's state before and after it, on
    the session level and the circle level. At the end an illegal move is
    refused, and the store is shown unchanged.
    """
    from circleflow.demo import DEMOS, refused_move
    from circleflow.workflow import workflow_for

    options: dict[str, Any] = {}
    if participants is not None:
        if format_name not in _SIZED:
            raise click.UsageError(
                f"--participants applies to {' and '.join(_SIZED)} only"
            )
        options["participants"] = participants
    app = _app(ctx)
    fmt = app.formats.get(format_name)
    click.echo(f"Store: {describe(app.store_url)}")
    click.echo(f"Format: {fmt.title}")
    # Wide enough for the longest "before -> after" of this format's states.
    width = 2 * max(len(state) for state in workflow_for(fmt).states()) + 4
    click.echo(f"{'ver':>4}  {'command':<32} {'session level':<{width}} circle level")
    circle_id = DEMOS[format_name](app, report=partial(_print_step, width), **options)
    position = app.position(circle_id)
    click.echo(f"\n{position.format}: circle {circle_id} is complete.")
    refusal = refused_move(app, format_name)
    click.echo(f"\nIllegal move on a new circle: {refusal.command}")
    click.echo(f"  {refusal.error}")
    click.echo(
        f"  Nothing recorded: version {refusal.version_before} before, "
        f"{refusal.version_after} after."
    )
    url = without_password(app.store_url)
    click.echo(f"\nTry: circleflow --db {shlex.quote(url)} status {circle_id}")
    if url != app.store_url:
        click.echo(
            "  (the password is left out: give it in the PGPASSWORD environment "
            "variable or a ~/.pgpass file)"
        )


def _print_step(width: int, step: Transition) -> None:
    def circle_level(position: Position) -> str:
        return position.circle_element or "-"

    session = f"{step.before.state} -> {step.after.state}"
    if step.before.state == step.after.state:
        session = step.after.state
    circle = circle_level(step.after)
    if circle_level(step.before) != circle:
        circle = f"{circle_level(step.before)} -> {circle}"
    click.echo(
        f"{step.after.version:>4}  {step.command:<32} {session:<{width}} {circle}"
    )


@cli.command("circles")
@click.pass_context
def list_circles(ctx: click.Context) -> None:
    """List the circles in the store."""
    found = _app(ctx, must_exist=True).list_circles()
    if not found:
        click.echo("No circles in this store yet. Run: circleflow demo")
    for summary in found:
        _echo_stored(
            f"{summary.circle_id}  {summary.format:<16} "
            f"{summary.founded_at:%Y-%m-%d %H:%M}  {summary.title}"
        )


@cli.command()
@click.argument("circle")
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help="Show the circle as it stood at this version.",
)
@click.option(
    "--at",
    "moment",
    type=_Moment(),
    metavar="ISO-TIME",
    help="Show the circle as it stood at this moment (UTC unless given).",
)
@click.option(
    "--person",
    metavar="ID",
    help="List only the steps this person may take now.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def status(
    ctx: click.Context,
    circle: str,
    version: int | None,
    moment: datetime | None,
    person: str | None,
    as_json: bool,
) -> None:
    """Where CIRCLE stands on both levels, and which steps succeed now, with
    their arguments (who may take the hot seat, which element is next, ...).

    CIRCLE is a circle id or a unique start of one.
    """
    app = _app(ctx, must_exist=True)
    position = app.position(app.find_circle(circle), version=version, at=moment)
    allowed = position.allowed
    if person is not None:
        allowed = app.allowed(
            position.circle_id, person=person, version=position.version
        )
    summary = app.circle(position.circle_id, version=position.version)
    now = version is None and moment is None
    coming = app.next_meeting(position.circle_id) if now else None
    if as_json:
        from attrs import asdict

        data = asdict(position)
        data["allowed"] = [step.as_dict() for step in allowed]
        data["schedule"] = dict(summary.schedule)
        data["next_meeting"] = None if coming is None else asdict(coming)
        if person is not None:
            data["person"] = person
        click.echo(json.dumps(data, default=str, indent=2))
        return
    _echo_stored(f"Circle {position.circle_id}: {summary.title} ({position.format})")
    click.echo(f"  version:       {position.version}")
    _echo_stored(f"  state:         {position.state}")
    _echo_stored(f"  session level: {_session_level(position)}")
    _echo_stored(f"  circle level:  {position.circle_element or '- (not started)'}")
    if position.hot_seat:
        _echo_stored(f"  hot seat:      {position.hot_seat} ({position.hot_seat_step})")
    click.echo(f"  complete:      {'yes' if position.complete else 'no'}")
    if summary.schedule:
        plan = ", ".join(f"{stage} {day}" for stage, day in summary.schedule.items())
        _echo_stored(f"  planned:       {plan}")
    if coming is not None and not position.complete:
        when = coming.planned or (
            f"not planned; proposed {coming.proposed}"
            if coming.proposed
            else "not planned"
        )
        _echo_stored(f"  next meeting:  {coming.stage}, {when}")
    who = "" if person is None else f" for {person}"
    if not allowed:
        nothing = "nothing (complete)" if position.complete else "nothing"
        click.echo(f"  allowed now{who}: {nothing}")
        return
    click.echo(f"  allowed now{who}:")
    for step in allowed:
        _echo_stored(f"    {step}")


def _session_level(position: Position) -> str:
    if position.stage is None:
        return "before the first session"
    if position.stage_status == "held":
        return f"{position.stage} held"
    return f"{position.stage} open, element {position.session_element or '-'}"


@cli.command()
@click.argument("circle")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON lines, one per event."
)
@click.pass_context
def history(ctx: click.Context, circle: str, as_json: bool) -> None:
    """Every recorded event of CIRCLE: version, time, actor, event, state.

    CIRCLE is a circle id or a unique start of one.
    """
    from attrs import asdict

    app = _app(ctx, must_exist=True)
    for entry in app.history(app.find_circle(circle)):
        if as_json:
            data = asdict(entry) | {"details": dict(entry.details)}
            line = json.dumps(data, default=str, ensure_ascii=False)
            click.echo(terminal_json(line))
            continue
        details = ", ".join(f"{k}={v}" for k, v in entry.details.items())
        _echo_stored(
            f"{entry.version:>4}  {entry.recorded_at:%Y-%m-%d %H:%M:%S}  "
            f"{entry.actor:<18} {entry.event:<20} {entry.state or '':<32} {details}"
        )


@cli.command()
@click.option("--circle", metavar="CIRCLE", help="Only this circle (id or start).")
@click.option(
    "--at",
    "moment",
    type=_Moment(),
    metavar="ISO-TIME",
    help="What is due at this moment (UTC unless given; default: now).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def due(
    ctx: click.Context, circle: str | None, moment: datetime | None, as_json: bool
) -> None:
    """What is due and what is overdue, per circle, and who is to act, by
    the deadlines each circle's format sets."""
    app = _app(ctx, must_exist=True)
    found = app.due(moment, circle=circle)
    if as_json:
        data = [
            {
                "circle_id": str(c.circle_id),
                "title": c.title,
                "format": c.format,
                "items": [i.as_dict() for i in c.items],
            }
            for c in found
        ]
        click.echo(terminal_json(json.dumps(data, ensure_ascii=False, indent=2)))
        return
    if not found:
        click.echo("Nothing is due.")
    for entry in found:
        _echo_stored(f"Circle {entry.circle_id}: {entry.title} ({entry.format})")
        if not entry.items:
            click.echo("  nothing due")
        for item in entry.items:
            status = "OVERDUE" if item.overdue else "due    "
            by = f"by {item.by}" if item.by is not None else "by its next meeting"
            who = ", ".join([*item.roles, *item.persons]) or "-"
            _echo_stored(f"  {status} {item.detail}, {by} (since {item.since}); {who}")


@cli.command()
@click.argument("circle")
@click.option(
    "--to", "to_version", required=True, type=int, help="The newer format version."
)
@click.option("--dry-run", is_flag=True, help="Only check and print; record nothing.")
@click.option("--actor", help="Who migrates (your user id); needed unless --dry-run.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def migrate(
    ctx: click.Context,
    circle: str,
    to_version: int,
    dry_run: bool,
    actor: str | None,
    as_json: bool,
) -> None:
    """Move CIRCLE to version N of its format, checked: print the difference
    between the versions and the verdict.

    A newer version may change what lies ahead of the circle, not what is
    active now or done. With conflicts nothing is recorded and the exit
    status is 1. CIRCLE is a circle id or a unique start of one.
    """
    from circleflow.errors import MigrationRefused

    if actor is None and not dry_run:
        raise click.UsageError("give --actor (who migrates), or --dry-run")
    app = _app(ctx, must_exist=True)
    try:
        done = app.migrate(
            circle,
            to_version=to_version,
            actor=actor or "circleflow-cli",
            origin="circleflow-cli",
            dry_run=dry_run,
        )
    except MigrationRefused as refused:
        done, instead = refused.migration, refused.allowed
    else:
        instead = ()
    if as_json:
        data = json.dumps(done.as_dict(), ensure_ascii=False, indent=2)
        click.echo(terminal_json(data))
    else:
        for line in done.lines():
            _echo_stored(line)
    if not done.allowed:
        hint = f"; allowed now: {'; '.join(instead)}" if instead else ""
        raise click.ClickException(
            f"not migrated: {len(done.conflicts)} conflict(s); nothing recorded{hint}"
        )


@cli.group(invoke_without_command=True)
@click.pass_context
def formats(ctx: click.Context) -> None:
    """List the formats (built-in and from --format-file)."""
    if ctx.invoked_subcommand is not None:
        return
    for fmt in _registry(ctx):
        stages = " → ".join(fmt.stage_names())
        click.echo(f"{fmt.name:<18} v{fmt.version}  {fmt.title}: {stages}")


@formats.command("show")
@click.argument("name")
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help="A specific version (default: the newest).",
)
@click.pass_context
def formats_show(ctx: click.Context, name: str, version: int | None) -> None:
    """Print the definition of format NAME, as TOML."""
    from circleflow.format_toml import dumps_format
    from circleflow.packs import registry

    fmt = _registry(ctx).get(name, version)
    click.echo(dumps_format(fmt), nl=False)
    click.echo(
        "\n# The rules the engine enforces for this format (circleflow rules NAME):"
    )
    for rule in registry().rules_for(fmt):
        click.echo(f"#   {rule.name}: {rule.description}")


@cli.command("rules")
@click.argument("name")
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help="A specific version (default: the newest).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rules(ctx: click.Context, name: str, version: int | None, as_json: bool) -> None:
    """List the rules of format NAME: what each asks, which steps it guards,
    and the pack it comes from."""
    from circleflow.packs import registry

    fmt = _registry(ctx).get(name, version)
    reg = registry()
    found = reg.rules_for(fmt)
    if as_json:
        rows = [
            {
                "name": rule.name,
                "description": str(rule.description),
                "steps": sorted(rule.steps),
                "condition": rule.condition,
                "pack": reg.pack_of_rule(rule).name,
            }
            for rule in found
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(rule.name) for rule in found)
    for rule in found:
        click.echo(f"{rule.name:<{width}}  {rule.description}")


@cli.command()
@click.argument("name", required=False)
@click.option(
    "--circle",
    "circle",
    metavar="CIRCLE",
    help="Draw this circle's format and mark where the circle stands.",
)
@click.pass_context
def diagram(ctx: click.Context, name: str | None, circle: str | None) -> None:
    """Print a Mermaid state diagram of format NAME, or of a circle's format
    with the circle's state marked.

    The diagram is generated from the same state machine that runs circles.
    """
    from circleflow.workflow import workflow_for

    current = None
    if circle is not None:
        app = _app(ctx, must_exist=True)
        stored = app.circle(app.find_circle(circle))
        fmt = app.formats.get(stored.format_name, stored.format_version)
        if name is not None and name != fmt.name:
            raise click.UsageError(
                f"circle {circle} runs format {fmt.name}, not {name}"
            )
        current = stored.state
    elif name is None:
        raise click.UsageError("name a format, or give --circle CIRCLE")
    else:
        fmt = _registry(ctx).get(name)
    click.echo(workflow_for(fmt).mermaid(current), nl=False)


@cli.command("report")
@click.argument("circle")
@click.option(
    "--to",
    "to",
    default="markdown",
    show_default=True,
    metavar="FORMAT",
    help="Report format: markdown, html, json, csv, odt, or one a plug-in adds "
    "(entry-point group 'circleflow.renderers').",
)
@click.option(
    "--csv-dialect",
    type=click.Choice(["rfc4180", "excel-nl"]),
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
@click.pass_context
def report(
    ctx: click.Context,
    circle: str,
    to: str,
    csv_dialect: str | None,
    output: str | None,
) -> None:
    """Print the report of CIRCLE (an id or a unique start of one), folded
    from its events: members, meetings, what was recorded."""
    from circleflow.reports.cli import write_report

    app = _app(ctx, must_exist=True)
    write_report(app, circle, to, output, csv_dialect=csv_dialect)


@cli.command("export")
@click.option("--circle", help="Only this circle (an id or a unique start of one).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The file to write (JSON lines); it must not exist yet.",
)
@click.pass_context
def export(ctx: click.Context, circle: str | None, output: str) -> None:
    """Write the stored events as JSON lines, for 'circleflow import'.

    Events keep their ids, versions, timestamps, actors and origins; sealed
    personal text stays sealed. The file also holds the keys of the persons
    concerned, so it is as sensitive as the store itself.
    """
    from circleflow.moving import export_events

    session: _Session = ctx.obj
    app = session.read_only_app()
    try:
        with (
            open(output, "x", encoding="utf-8") as out,
            _progress("Exporting") as progress,
        ):
            moved = export_events(app, out, circle=circle, progress=progress)
    except FileExistsError:
        raise click.ClickException(
            f"{output} exists already; give a new file name"
        ) from None
    except BaseException:
        os.remove(output)
        raise
    finally:
        app.close()
    click.echo(
        f"Exported {moved.events} events ({moved.circles} circles, "
        f"{moved.keys} person keys) to {output}. It holds person keys: "
        "keep it as safe as the store."
    )


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def import_(ctx: click.Context, file: str) -> None:
    """Load FILE, written by 'circleflow export', into the store.

    The whole file is checked first; nothing is written when it does not
    verify or when the store already holds any of its circles or persons.
    """
    from circleflow.moving import import_events

    app = _app(ctx)
    with open(file, encoding="utf-8") as lines, _progress("Importing") as progress:
        moved = import_events(app, lines, progress=progress)
    click.echo(
        f"Imported {moved.events} events ({moved.circles} circles, "
        f"{moved.keys} person keys) into {describe(ctx.obj.store)}. "
        "Run 'circleflow chain' to link them into the hash chain."
    )


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on standard error when that is a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []

    def advance(count: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label=label, file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(count)

    try:
        yield advance
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


# The commands about the records and persons, and the calendar, register
# themselves on the group.
from circleflow import cli_calendar, cli_persons, cli_records  # noqa: E402, F401


def main() -> None:
    """Entry point of the ``circleflow`` command."""
    cli(prog_name="circleflow")
