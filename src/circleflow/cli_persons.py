# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The ``circleflow`` commands about persons: registering one, with the
host tool's reference, and listing them."""

from __future__ import annotations

import json

import click

from circleflow.cli import cli
from circleflow.cli_session import _app, _echo_stored
from circleflow.language import N_, _
from circleflow.terminal import terminal_json

#: The ``--command-id`` option of commands that record.
command_id_option = click.option(
    "--command-id",
    metavar="ID",
    help=N_(
        "Record this command once: run again with the same id, it prints "
        "the earlier result and records nothing (safe to retry)."
    ),
)


@cli.command(
    "register-person",
    help=N_("Register NAME, who can then join circles; prints their id."),
)
@click.argument("name")
@click.option("--email", default="", help=N_("Their email address."))
@click.option("--organisation", default="", help=N_("The organisation they are from."))
@click.option(
    "--reference",
    metavar="REF",
    help=N_(
        "Your own tool's reference to them (unique in the store), such as "
        "an employee number."
    ),
)
@click.option("--actor", required=True, help=N_("Who registers (your user id)."))
@command_id_option
@click.pass_context
def register_person(
    ctx: click.Context,
    name: str,
    email: str,
    organisation: str,
    reference: str | None,
    actor: str,
    command_id: str | None,
) -> None:
    person = _app(ctx).register_person(
        name,
        email=email,
        organisation=organisation,
        reference=reference,
        actor=actor,
        origin="circleflow-cli",
        command_id=command_id,
    )
    click.echo(str(person))


@cli.command(
    "persons",
    help=N_(
        "List the registered persons with their references (names are not "
        "opened: look one up by id in your own tool)."
    ),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_context
def persons(ctx: click.Context, as_json: bool) -> None:
    found = _app(ctx, must_exist=True).persons()
    if as_json:
        data = [
            {
                "person": str(p.person_id),
                "reference": p.reference,
                "registered_at": p.registered_at.isoformat(),
                "forgotten": p.forgotten,
            }
            for p in found
        ]
        click.echo(terminal_json(json.dumps(data, ensure_ascii=False, indent=2)))
        return
    if not found:
        click.echo(_("No persons in this store yet."))
    from circleflow.local_time import local

    for p in found:
        about = _("[forgotten]") if p.forgotten else (p.reference or "-")
        moment = local(p.registered_at)
        _echo_stored(f"{p.person_id}  {moment:%Y-%m-%d %H:%M}  {about}")
