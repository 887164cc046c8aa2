"""Command line: `flask journal verify`, `flask demo` (`flask tallies` is inventory/tallies/cli.py)."""

from __future__ import annotations

import sys

import click
from flask import Blueprint

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


@cli.cli.command("demo")
@click.option("--scale", type=float, default=1.0, show_default=True, help="1.0 is a year of one shop.")
@click.option("--days", type=int, default=None, help="Days of history instead of --scale (small test data).")
def demo(scale: float, days: int | None) -> None:
    """Load realistic demo data into an empty database (does nothing when people exist)."""
    click.echo(load_demo(days=days, scale=scale))
