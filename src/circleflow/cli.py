# SPDX-FileCopyrightText: 2026 The circleflow contributors
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
from circleflow.cli_words import VERSION_MESSAGE
from circleflow.language import N_, _, ngettext
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


@click.group(
    cls=_Group,
    help=N_(
        "Run and replay event-sourced learning circles (Mastercircle and kin)."
        "\n\n"
        "Every change to a circle is stored as an event; status and history are "
        "read back from those events."
    ),
)
@store_option
@click.option(
    "--format-file",
    "format_files",
    multiple=True,
    envvar=FORMATS_ENV_VAR,
    type=click.Path(dir_okay=False),
    metavar="TOML",
    help=N_(
        "A format defined in TOML, added to the built-in ones (repeatable). "
        "Also read from $CIRCLEFLOW_FORMATS, paths separated by ':' (';' on "
        "Windows)."
    ),
)
@lang_option
@click.version_option(package_name="circleflow", message=VERSION_MESSAGE)
@click.pass_context
def cli(ctx: click.Context, store: str, format_files: tuple[str, ...]) -> None:
    # The help is the group's ``help=`` (set below), shown translated.
    ctx.obj = _Session(store, format_files)


@cli.command(
    help=N_(
        "Walk a complete circle of a built-in format, printing every transition."
        "\n\n"
        "Each line shows the command and the circle's state before and after it, "
        "on the session level and the circle level. At the end an illegal move is "
        "refused, and the store is shown unchanged."
    )
)
@click.option(
    "--format",
    "format_name",
    default="mastercircle",
    show_default=True,
    type=click.Choice(DEMO_FORMATS),
    help=N_("Which built-in format to walk."),
)
@click.option(
    "--participants",
    type=click.IntRange(2, 12),
    help=N_("How many participants take part (mastercircle, leernetwerkgroep only)."),
)
@click.pass_context
def demo(ctx: click.Context, format_name: str, participants: int | None) -> None:
    from circleflow.demo import DEMOS, refused_move
    from circleflow.workflow import workflow_for

    options: dict[str, Any] = {}
    if participants is not None:
        if format_name not in _SIZED:
            raise click.UsageError(
                _("--participants applies to mastercircle and leernetwerkgroep only")
            )
        options["participants"] = participants
    app = _app(ctx)
    fmt = app.formats.get(format_name)
    click.echo(_("Store: {store}").format(store=describe(app.store_url)))
    click.echo(_("Format: {title}").format(title=fmt.title))
    # Wide enough for the longest "before -> after" of this format's states.
    session_level = _("session level")
    width = max(
        2 * max(len(state) for state in workflow_for(fmt).states()) + 4,
        len(session_level),
    )
    # Translators: the short heading of the column of version numbers.
    version, command = _("ver"), _("command")
    click.echo(
        f"{version:>4}  {command:<32} {session_level:<{width}} " + _("circle level")
    )
    circle_id = DEMOS[format_name](app, report=partial(_print_step, width), **options)
    position = app.position(circle_id)
    click.echo(
        "\n"
        + _("{format}: circle {circle} is complete.").format(
            format=position.format, circle=circle_id
        )
    )
    refusal = refused_move(app, format_name)
    click.echo(
        "\n"
        + _("Illegal move on a new circle: {command}").format(command=refusal.command)
    )
    click.echo(f"  {refusal.error}")
    click.echo(
        "  "
        + _("Nothing recorded: version {before} before, {after} after.").format(
            before=refusal.version_before, after=refusal.version_after
        )
    )
    url = without_password(app.store_url)
    click.echo(
        "\n"
        + _("Try: {command}").format(
            command=f"circleflow --db {shlex.quote(url)} status {circle_id}"
        )
    )
    if url != app.store_url:
        click.echo(
            "  "
            + _(
                "(the password is left out: give it in the PGPASSWORD environment "
                "variable or a ~/.pgpass file)"
            )
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


@cli.command("circles", help=N_("List the circles in the store."))
@click.pass_context
def list_circles(ctx: click.Context) -> None:
    from circleflow.local_time import local

    found = _app(ctx, must_exist=True).list_circles()
    if not found:
        click.echo(_("No circles in this store yet. Run: circleflow demo"))
    for summary in found:
        _echo_stored(
            f"{summary.circle_id}  {summary.format:<16} "
            f"{local(summary.founded_at):%Y-%m-%d %H:%M}  {summary.title}"
        )


@cli.command(
    help=N_(
        "Where CIRCLE stands on both levels, and which steps succeed now, with "
        "their arguments (who may take the hot seat, which element is next, ...)."
        "\n\n"
        "CIRCLE is a circle id or a unique start of one."
    )
)
@click.argument("circle")
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help=N_("Show the circle as it stood at this version."),
)
@click.option(
    "--at",
    "moment",
    type=_Moment(),
    metavar="ISO-TIME",
    help=N_("Show the circle as it stood at this moment (UTC unless given)."),
)
@click.option(
    "--person",
    metavar="ID",
    help=N_("List only the steps this person may take now."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_context
def status(
    ctx: click.Context,
    circle: str,
    version: int | None,
    moment: datetime | None,
    person: str | None,
    as_json: bool,
) -> None:
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
    _echo_stored(
        _("Circle {circle}: {title} ({format})").format(
            circle=position.circle_id, title=summary.title, format=position.format
        )
    )
    rows: list[tuple[str, object]] = [
        (_("version"), position.version),
        (_("state"), position.state),
        (_("session level"), _session_level(position)),
        (_("circle level"), position.circle_element or _("- (not started)")),
    ]
    if position.hot_seat:
        rows.append((_("hot seat"), f"{position.hot_seat} ({position.hot_seat_step})"))
    rows.append((_("complete"), _("yes") if position.complete else _("no")))
    if summary.schedule:
        plan = ", ".join(f"{stage} {day}" for stage, day in summary.schedule.items())
        rows.append((_("planned"), plan))
    if coming is not None and not position.complete:
        when = coming.planned or (
            _("not planned; proposed {day}").format(day=coming.proposed)
            if coming.proposed
            else _("not planned")
        )
        rows.append((_("next meeting"), f"{coming.stage}, {when}"))
    width = max(len(label) for label, _value in rows) + 2
    for label, value in rows:
        _echo_stored(f"  {label + ':':<{width}}{value}")
    allowed_now = (
        _("allowed now")
        if person is None
        else _("allowed now for {person}").format(person=person)
    )
    if not allowed:
        nothing = _("nothing (complete)") if position.complete else _("nothing")
        _echo_stored(f"  {allowed_now}: {nothing}")
        return
    _echo_stored(f"  {allowed_now}:")
    for step in allowed:
        _echo_stored(f"    {step}")


def _session_level(position: Position) -> str:
    if position.stage is None:
        return _("before the first session")
    if position.stage_status == "held":
        return _("{stage} held").format(stage=position.stage)
    return _("{stage} open, element {element}").format(
        stage=position.stage, element=position.session_element or "-"
    )


@cli.command(
    help=N_(
        "Every recorded event of CIRCLE: version, time, actor, event, state."
        "\n\n"
        "CIRCLE is a circle id or a unique start of one."
    )
)
@click.argument("circle")
@click.option(
    "--json", "as_json", is_flag=True, help=N_("Print JSON lines, one per event.")
)
@click.pass_context
def history(ctx: click.Context, circle: str, as_json: bool) -> None:
    from attrs import asdict

    from circleflow.local_time import local

    app = _app(ctx, must_exist=True)
    for entry in app.history(app.find_circle(circle)):
        if as_json:
            data = asdict(entry) | {"details": dict(entry.details)}
            line = json.dumps(data, default=str, ensure_ascii=False)
            click.echo(terminal_json(line))
            continue
        details = ", ".join(f"{k}={v}" for k, v in entry.details.items())
        _echo_stored(
            f"{entry.version:>4}  {local(entry.recorded_at):%Y-%m-%d %H:%M:%S}  "
            f"{entry.actor:<18} {entry.event:<20} {entry.state or '':<32} {details}"
        )


@cli.command(
    help=N_(
        "What is due and what is overdue, per circle, and who is to act, by "
        "the deadlines each circle's format sets."
    )
)
@click.option("--circle", metavar="CIRCLE", help=N_("Only this circle (id or start)."))
@click.option(
    "--at",
    "moment",
    type=_Moment(),
    metavar="ISO-TIME",
    help=N_("What is due at this moment (UTC unless given; default: now)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_context
def due(
    ctx: click.Context, circle: str | None, moment: datetime | None, as_json: bool
) -> None:
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
        click.echo(_("Nothing is due."))
    overdue, due_now = _("OVERDUE"), _("due")
    width = max(len(overdue), len(due_now))
    for entry in found:
        _echo_stored(
            _("Circle {circle}: {title} ({format})").format(
                circle=entry.circle_id, title=entry.title, format=entry.format
            )
        )
        if not entry.items:
            click.echo("  " + _("nothing due"))
        for item in entry.items:
            status = overdue if item.overdue else due_now
            when = (
                _("{what}, by {day} (since {since})")
                if item.by is not None
                else _("{what}, by its next meeting (since {since})")
            ).format(what=item.detail, day=item.by, since=item.since)
            who = ", ".join([*item.roles, *item.persons]) or "-"
            _echo_stored(f"  {status:<{width}} {when}; {who}")


@cli.command(
    help=N_(
        "Move CIRCLE to version N of its format, checked: print the difference "
        "between the versions and the verdict."
        "\n\n"
        "A newer version may change what lies ahead of the circle, not what is "
        "active now or done. With conflicts nothing is recorded and the exit "
        "status is 1. CIRCLE is a circle id or a unique start of one."
    )
)
@click.argument("circle")
@click.option(
    "--to",
    "to_version",
    required=True,
    type=int,
    help=N_("The newer format version."),
)
@click.option(
    "--dry-run", is_flag=True, help=N_("Only check and print; record nothing.")
)
@click.option(
    "--actor", help=N_("Who migrates (your user id); needed unless --dry-run.")
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_context
def migrate(
    ctx: click.Context,
    circle: str,
    to_version: int,
    dry_run: bool,
    actor: str | None,
    as_json: bool,
) -> None:
    from circleflow.errors import MigrationRefused

    if actor is None and not dry_run:
        raise click.UsageError(_("give --actor (who migrates), or --dry-run"))
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
        count = len(done.conflicts)
        message = ngettext(
            "not migrated: {count} conflict; nothing recorded",
            "not migrated: {count} conflicts; nothing recorded",
            count,
        ).format(count=count)
        if instead:
            message += "; " + _("allowed now: {steps}").format(steps="; ".join(instead))
        raise click.ClickException(message)


@cli.group(
    invoke_without_command=True,
    help=N_("List the formats (built-in and from --format-file)."),
)
@click.pass_context
def formats(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is not None:
        return
    for fmt in _registry(ctx):
        stages = " → ".join(fmt.stage_names())
        click.echo(f"{fmt.name:<18} v{fmt.version}  {fmt.title}: {stages}")


@formats.command("show", help=N_("Print the definition of format NAME, as TOML."))
@click.argument("name")
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help=N_("A specific version (default: the newest)."),
)
@click.pass_context
def formats_show(ctx: click.Context, name: str, version: int | None) -> None:
    from circleflow.format_toml import dumps_format
    from circleflow.packs import registry

    fmt = _registry(ctx).get(name, version)
    click.echo(dumps_format(fmt), nl=False)
    click.echo(
        "\n# "
        + _("The rules the engine enforces for this format (circleflow rules NAME):")
    )
    for rule in registry().rules_for(fmt):
        click.echo(f"#   {rule.name}: {rule.description}")


@cli.command(
    "rules",
    help=N_(
        "List the rules of format NAME: what each asks, which steps it guards, "
        "and the pack it comes from."
    ),
)
@click.argument("name")
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help=N_("A specific version (default: the newest)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_context
def rules(ctx: click.Context, name: str, version: int | None, as_json: bool) -> None:
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


@cli.command(
    help=N_(
        "Print a Mermaid state diagram of format NAME, or of a circle's format "
        "with the circle's state marked."
        "\n\n"
        "The diagram is generated from the same state machine that runs circles."
    )
)
@click.argument("name", required=False)
@click.option(
    "--circle",
    "circle",
    metavar="CIRCLE",
    help=N_("Draw this circle's format and mark where the circle stands."),
)
@click.pass_context
def diagram(ctx: click.Context, name: str | None, circle: str | None) -> None:
    from circleflow.workflow import workflow_for

    current = None
    if circle is not None:
        app = _app(ctx, must_exist=True)
        stored = app.circle(app.find_circle(circle))
        fmt = app.formats.get(stored.format_name, stored.format_version)
        if name is not None and name != fmt.name:
            raise click.UsageError(
                _("circle {circle} runs format {format}, not {name}").format(
                    circle=circle, format=fmt.name, name=name
                )
            )
        current = stored.state
    elif name is None:
        raise click.UsageError(_("name a format, or give --circle CIRCLE"))
    else:
        fmt = _registry(ctx).get(name)
    click.echo(workflow_for(fmt).mermaid(current), nl=False)


@cli.command(
    "report",
    help=N_(
        "Print the report of CIRCLE (an id or a unique start of one), folded "
        "from its events: members, meetings, what was recorded."
    ),
)
@click.argument("circle")
@click.option(
    "--to",
    "to",
    default="markdown",
    show_default=True,
    metavar="FORMAT",
    help=N_(
        "Report format: markdown, html, json, csv, odt, or one a plug-in adds "
        "(entry-point group 'circleflow.renderers')."
    ),
)
@click.option(
    "--csv-dialect",
    type=click.Choice(["rfc4180", "excel-nl"]),
    help=N_(
        "With --to csv: rfc4180 (the default: commas) or excel-nl (semicolons, "
        "UTF-8 with a byte order mark, decimal comma: opens as columns in a Dutch "
        "Excel)."
    ),
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help=N_(
        "Write the report to this file instead of standard output (required for odt)."
    ),
)
@click.pass_context
def report(
    ctx: click.Context,
    circle: str,
    to: str,
    csv_dialect: str | None,
    output: str | None,
) -> None:
    from circleflow.reports.cli import write_report

    app = _app(ctx, must_exist=True)
    write_report(app, circle, to, output, csv_dialect=csv_dialect)


@cli.command(
    "export",
    help=N_(
        "Write the stored events as JSON lines, for 'circleflow import'."
        "\n\n"
        "Events keep their ids, versions, timestamps, actors and origins; sealed "
        "personal text stays sealed. The file also holds the keys of the persons "
        "concerned, so it is as sensitive as the store itself."
    ),
)
@click.option("--circle", help=N_("Only this circle (an id or a unique start of one)."))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help=N_("The file to write (JSON lines); it must not exist yet."),
)
@click.pass_context
def export(ctx: click.Context, circle: str | None, output: str) -> None:
    from circleflow.moving import export_events

    session: _Session = ctx.obj
    app = session.read_only_app()
    try:
        with (
            open(output, "x", encoding="utf-8") as out,
            _progress(_("Exporting")) as progress,
        ):
            moved = export_events(app, out, circle=circle, progress=progress)
    except FileExistsError:
        raise click.ClickException(
            _("{file} exists already; give a new file name").format(file=output)
        ) from None
    except BaseException:
        os.remove(output)
        raise
    finally:
        app.close()
    click.echo(
        _(
            "Exported {events} events ({circles} circles, {keys} person keys) to "
            "{file}. It holds person keys: keep it as safe as the store."
        ).format(
            events=moved.events, circles=moved.circles, keys=moved.keys, file=output
        )
    )


@cli.command(
    "import",
    help=N_(
        "Load FILE, written by 'circleflow export', into the store."
        "\n\n"
        "The whole file is checked first; nothing is written when it does not "
        "verify or when the store already holds any of its circles or persons."
    ),
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def import_(ctx: click.Context, file: str) -> None:
    from circleflow.moving import import_events

    app = _app(ctx)
    with open(file, encoding="utf-8") as lines, _progress(_("Importing")) as progress:
        moved = import_events(app, lines, progress=progress)
    click.echo(
        _(
            "Imported {events} events ({circles} circles, {keys} person keys) into "
            "{store}. Run 'circleflow chain' to link them into the hash chain."
        ).format(
            events=moved.events,
            circles=moved.circles,
            keys=moved.keys,
            store=describe(ctx.obj.store),
        )
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


# The commands about the records, persons and life steps, and the calendar,
# register themselves on the group.
from circleflow import cli_calendar, cli_life, cli_persons, cli_records  # noqa: E402, F401


def main() -> None:
    """Entry point of the ``circleflow`` command."""
    cli(prog_name="circleflow")
