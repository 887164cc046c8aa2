"""Command line: `flask tallies verify|rebuild|fold`."""

from __future__ import annotations

import sys

import click
from flask import Blueprint

from . import services as tallies

cli = Blueprint("tallies_cli", __name__, cli_group=None)


@cli.cli.group("tallies")
def tallies_group() -> None:
    """The garment tallies the shop-wide counts read (inventory/tallies/services.py)."""


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
