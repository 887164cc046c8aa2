"""Command line of the work-training programme: `flask training close-day`, `flask training daily`."""

from __future__ import annotations

import sys

import click
from flask import Blueprint

from . import daily
from .attendance import services as attendance

cli = Blueprint("training_cli", __name__, cli_group="training")


@cli.cli.command("close-day")
def close_day() -> None:
    """Close the check-ins left open after their shop's closing time, flagged for the supervisor."""
    closed = attendance.close_open_stays()
    click.echo(f"Closed {len(closed)} check-ins left open at closing time.")


@cli.cli.command("daily")
def run_daily() -> None:
    """Run every daily job now (what the app's daily thread runs); exit 1 when one failed."""
    failed = daily.run_jobs()
    click.echo(f"Ran {len(daily.JOBS)} daily jobs" + (f"; failed: {', '.join(failed)}" if failed else "."))
    if failed:
        sys.exit(1)
