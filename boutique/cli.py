"""Command line: `flask shop create`, `flask user create`."""

from __future__ import annotations

import click
from flask import Blueprint

from .errors import DomainError
from .models import LANGUAGES
from .services import create_person, create_shop

cli = Blueprint("boutique_cli", __name__, cli_group=None)


@cli.cli.group("shop")
def shop_group() -> None:
    """Shops."""


@shop_group.command("create")
@click.argument("name")
@click.option("--org-no", default="", help="Organisation number printed on receipts.")
@click.option("--address", default="", help="Address printed on receipts.")
def shop_create(name: str, org_no: str, address: str) -> None:
    """Create a shop with one till, and print its id on the last line."""
    try:
        shop = create_shop(name, org_no=org_no, address=address)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Created shop {shop.name!r} with till {shop.tills[0].name!r}.")
    click.echo(shop.id)


@cli.cli.group("user")
def user_group() -> None:
    """People who sign in."""


@user_group.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "supervisor", "warehouse", "counter", "designer"]))
@click.option("--name", "display_name", default=None, help="Display name.")
@click.option("--kind", default="staff", type=click.Choice(["staff", "participant", "student", "volunteer"]))
@click.option("--language", default="sv", type=click.Choice(LANGUAGES))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def user_create(username: str, role: str, display_name: str | None, kind: str, language: str, password: str) -> None:
    """Create a person with a role."""
    try:
        person = create_person(username, role=role, password=password, display_name=display_name,
                               kind=kind, language=language)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Created {person.role} {person.username!r}.")
    click.echo(person.id)


@cli.cli.command("backup")
@click.option("--to", "target", default=None, help="Folder for the backup (default: instance/backups).")
def backup_command(target: str | None) -> None:
    """Make a consistent backup of the database while the shop keeps running."""
    from pathlib import Path

    from flask import current_app

    from .backup import BackupError, backup

    folder = Path(target) if target else Path(current_app.instance_path) / "backups"
    try:
        path = backup(folder)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written: {path}")


@cli.cli.command("restore")
@click.argument("source")
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def restore_command(source: str, yes: bool) -> None:
    """Replace the database with a backup. Stop the app servers first."""
    from pathlib import Path

    from .backup import BackupError, restore

    if not yes:
        click.confirm("This replaces everything in the database with the backup. Continue?", abort=True)
    try:
        restore(Path(source))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored from {source}.")
