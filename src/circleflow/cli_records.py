# SPDX-License-Identifier: EUPL-1.2
"""The ``circleflow`` commands about the records themselves: forgetting a
person, the personal-data catalogue, and the hash chain (chain, verify)."""

from __future__ import annotations

import json

import click

from circleflow.cli import cli
from circleflow.cli_session import _app, _Session


@cli.command("forget-person")
@click.argument("person")
@click.option("--actor", required=True, help="Who forgets (your user id).")
@click.pass_context
def forget_person(ctx: click.Context, person: str, actor: str) -> None:
    """Forget PERSON (an id): their name, contact data and every text about
    them become unreadable for good; the history's events stay."""
    _app(ctx, must_exist=True).forget_person(
        person, actor=actor, origin="circleflow-cli"
    )
    click.echo(f"Forgotten: {person}. Reports drop the name on their next catch-up.")


@cli.command("chain")
@click.pass_context
def chain(ctx: click.Context) -> None:
    """Link every event recorded since the last run into the log's hash chain.

    A broken chain is not extended (exit status 1). Keep the printed head
    somewhere else too, for 'circleflow verify --head'.
    """
    from circleflow.integrity import LogChain

    log_chain = LogChain(_app(ctx, must_exist=True))
    linked = log_chain.extend()
    position, head = log_chain.last
    click.echo(
        f"Linked {linked} new events. Head of the chain: {head} "
        f"(log position {position})"
    )


@cli.command()
@click.option(
    "--head",
    metavar="DIGEST",
    help="A head printed by an earlier 'circleflow chain' and kept outside "
    "the store: the chain must still hold it.",
)
@click.option(
    "--complete",
    is_flag=True,
    help="Exit with status 1 when any stored event is not in the chain.",
)
@click.pass_context
def verify(ctx: click.Context, head: str | None, complete: bool) -> None:
    """Check the event log against its hash chain, and the snapshots and the
    destroyed keys against the events; exit status 1 if anything differs.

    The store is only read: it is never made or changed.
    """
    from circleflow.integrity import LogChain

    session: _Session = ctx.obj
    result = LogChain(session.read_only_app()).verify(head)
    if result.broken_at is not None:
        raise click.ClickException(
            f"chain broken at log position {result.broken_at}: {result.problem} "
            f"({result.checked} events checked before it)"
        )
    if result.findings:
        raise click.ClickException("not intact: " + "; ".join(result.findings))
    unchained = (
        f"{result.unchained} events not chained (recorded since the last "
        "'circleflow chain', or the chain was cut short)"
    )
    if complete and result.unchained:
        raise click.ClickException(f"not complete: {unchained}")
    click.echo(
        f"Chain intact: {result.checked} events checked, head {result.head}"
        + (f"; {unchained}." if result.unchained else "; every event is chained.")
    )


@cli.command("personal-data")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def personal_data(as_json: bool) -> None:
    """List which events hold personal data and about whom (for a DPIA)."""
    from attrs import asdict

    from circleflow.personal_data import CATALOGUE, catalogue_markdown

    if as_json:
        rows = [asdict(entry) for entry in CATALOGUE]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(catalogue_markdown(), nl=False)
