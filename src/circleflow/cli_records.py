# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The ``circleflow`` commands about the records themselves: forgetting a
person, the personal-data catalogue, and the hash chain (chain, verify)."""

from __future__ import annotations

import json

import click

from circleflow.cli import cli
from circleflow.cli_session import _app, _Session
from circleflow.language import N_, _


@cli.command(
    "forget-person",
    help=N_(
        "Forget PERSON (an id): their name, contact data and every text about "
        "them become unreadable for good; the history's events stay."
    ),
)
@click.argument("person")
@click.option("--actor", required=True, help=N_("Who forgets (your user id)."))
@click.pass_context
def forget_person(ctx: click.Context, person: str, actor: str) -> None:
    _app(ctx, must_exist=True).forget_person(
        person, actor=actor, origin="circleflow-cli"
    )
    click.echo(
        _("Forgotten: {person}. Reports drop the name on their next catch-up.").format(
            person=person
        )
    )


@cli.command(
    "chain",
    help=N_(
        "Link every event recorded since the last run into the log's hash chain."
        "\n\n"
        "A broken chain is not extended (exit status 1). Keep the printed head "
        "somewhere else too, for 'circleflow verify --head'."
    ),
)
@click.pass_context
def chain(ctx: click.Context) -> None:
    from circleflow.integrity import LogChain

    log_chain = LogChain(_app(ctx, must_exist=True))
    linked = log_chain.extend()
    position, head = log_chain.last
    click.echo(
        _(
            "Linked {count} new events. Head of the chain: {head} "
            "(log position {position})"
        ).format(count=linked, head=head, position=position)
    )


@cli.command(
    help=N_(
        "Check the event log against its hash chain, and the snapshots and the "
        "destroyed keys against the events; exit status 1 if anything differs."
        "\n\n"
        "The store is only read: it is never made or changed."
    )
)
@click.option(
    "--head",
    metavar="DIGEST",
    help=N_(
        "A head printed by an earlier 'circleflow chain' and kept outside "
        "the store: the chain must still hold it."
    ),
)
@click.option(
    "--complete",
    is_flag=True,
    help=N_("Exit with status 1 when any stored event is not in the chain."),
)
@click.pass_context
def verify(ctx: click.Context, head: str | None, complete: bool) -> None:
    from circleflow.integrity import LogChain

    session: _Session = ctx.obj
    result = LogChain(session.read_only_app()).verify(head)
    if result.broken_at is not None:
        raise click.ClickException(
            _(
                "chain broken at log position {position}: {problem} "
                "({checked} events checked before it)"
            ).format(
                position=result.broken_at,
                problem=result.problem,
                checked=result.checked,
            )
        )
    if result.findings:
        raise click.ClickException(
            _("not intact: {findings}").format(findings="; ".join(result.findings))
        )
    unchained = _(
        "{count} events not chained (recorded since the last "
        "'circleflow chain', or the chain was cut short)"
    ).format(count=result.unchained)
    if complete and result.unchained:
        raise click.ClickException(
            _("not complete: {unchained}").format(unchained=unchained)
        )
    intact = _("Chain intact: {checked} events checked, head {head}").format(
        checked=result.checked, head=result.head
    )
    click.echo(
        intact
        + (f"; {unchained}." if result.unchained else _("; every event is chained."))
    )


@cli.command(
    "personal-data",
    help=N_("List which events hold personal data and about whom (for a DPIA)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
def personal_data(as_json: bool) -> None:
    from attrs import asdict

    from circleflow.personal_data import CATALOGUE, catalogue_markdown

    if as_json:
        rows = [asdict(entry) for entry in CATALOGUE]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(catalogue_markdown(), nl=False)
