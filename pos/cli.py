"""Command line: `flask journal verify`, `flask tallies verify|rebuild|fold`, `flask demo`."""

from __future__ import annotations

import sys

import click
from flask import Blueprint

from inventory import tallies

from .demo.services import load_demo
from .journal import services as journal

cli = Blueprint("pos_cli", __name__, cli_group=None)


@cli.cli.group("journal")
def journal_group() -> None:
    """The register journal."""


@journal_group.command("verify")
def journal_verify() -> None:
    """Exit 0 when every till's journal is intact; 1 and the first bad entry when not."""
    verdict = journal.verify()
    if verdict.ok:
        click.echo(f"Journal intact: {verdict.entries} entries.")
        return
    click.echo(f"Journal NOT intact after {verdict.entries} entries. First bad entry: {verdict.first_bad}", err=True)
    sys.exit(1)


@cli.cli.group("tallies")
def tallies_group() -> None:
    """The garment tallies the shop-wide counts read (inventory/tallies.py)."""


@tallies_group.command("verify")
def tallies_verify() -> None:
    """Exit 0 when every tally equals a count from the garments; 1, naming the tallies that differ, when not."""
    wrong = [tally.name for tally in tallies.TALLIES
             if sorted(tallies.counts(tally, [k.name for k in tally.keys])) != tallies.recount(tally)]
    if not wrong:
        click.echo(f"Tallies right: {len(tallies.TALLIES)} of {len(tallies.TALLIES)}.")
        return
    click.echo(f"Tallies NOT right: {', '.join(wrong)}. `flask tallies rebuild` counts them again.", err=True)
    sys.exit(1)


@tallies_group.command("rebuild")
def tallies_rebuild() -> None:
    """Count every tally again from the garments (sales wait meanwhile: seconds at a million garments)."""
    tallies.rebuild_all()
    click.echo(f"Tallies counted again: {len(tallies.TALLIES)}.")


@tallies_group.command("fold")
def tallies_fold() -> None:
    """Fold the garments' changes into the tallies (a Z report does it too, after it has committed)."""
    tallies.fold_all()
    click.echo("Tallies folded.")


@cli.cli.command("demo")
@click.option("--scale", type=float, default=1.0, show_default=True, help="1.0 is a year of one shop.")
@click.option("--days", type=int, default=None, help="Days of history instead of --scale (small test data).")
def demo(scale: float, days: int | None) -> None:
    """Load realistic demo data into an empty database (does nothing when people exist)."""
    click.echo(load_demo(days=days, scale=scale))
