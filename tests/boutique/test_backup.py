"""Backups round-trip: what was there at backup time is there again after restore."""

from __future__ import annotations

from sqlalchemy import func, select

from boutique.db import db
from boutique.models import Shop
from boutique.services import create_shop


def shop_names() -> list[str]:
    return list(db.session.scalars(select(Shop.name).order_by(Shop.name)))


def test_a_backup_restores_the_database_as_it_was(runner, shop, tmp_path):
    result = runner.invoke(args=["backup", "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    backup_file = result.output.strip().split("Backup written: ")[-1]
    create_shop("Made after the backup")
    assert "Made after the backup" in shop_names()
    db.session.remove()

    restored = runner.invoke(args=["restore", backup_file, "--yes"])
    assert restored.exit_code == 0, restored.output
    assert shop_names() == ["Röda Korset Testbutik"]
    assert db.session.scalar(select(func.count()).select_from(Shop)) == 1


def test_restoring_a_missing_file_says_so_and_changes_nothing(runner, shop, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path / "nothing.sqlite"), "--yes"])
    assert result.exit_code != 0 and "no such backup" in result.output
    assert shop_names() == ["Röda Korset Testbutik"]
