"""`flask privacy purge`: erase the self-ratings whose retention has ended."""

from __future__ import annotations

import click
from flask import Blueprint

from .services import purge_due_ratings

cli = Blueprint("ratings_cli", __name__, cli_group=None)


@cli.cli.group("privacy")
def privacy_group() -> None:
    """Personal data the shop keeps only for a time."""


@privacy_group.command("purge")
def purge_command() -> None:
    """Erase self-ratings kept past the shop's retention after a participation ended."""
    erased = purge_due_ratings()
    click.echo(f"Erased {erased} self-ratings past their retention.")
