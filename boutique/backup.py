"""Backups: SQLite's online backup, pg_dump for PostgreSQL, and restoring either."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from .clock import SHOP_TZ, utcnow
from .db import db, dispose_engines


class BackupError(Exception):
    """A backup or restore could not be made."""


def _pg_args(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore from a SQLAlchemy URL."""
    parsed = make_url(url)
    args = ["--host", parsed.host or "localhost", "--port", str(parsed.port or 5432),
            "--username", parsed.username or "postgres", "--dbname", parsed.database or ""]
    env = {"PGPASSWORD": parsed.password} if parsed.password else {}
    return args, env


def backup(target_dir: Path, *, database_url: str | None = None, moment: datetime | None = None) -> Path:
    """Write a consistent copy of the live database into `target_dir` and return its path."""
    url = database_url or str(db.engine.url.render_as_string(hide_password=False))
    stamp = (moment or utcnow()).astimezone(SHOP_TZ).strftime("%Y%m%d-%H%M%S")
    target_dir.mkdir(parents=True, exist_ok=True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        source_path = parsed.database or ""
        target = target_dir / f"boutique-{stamp}.sqlite"
        # The online backup API copies page by page under the database's own locks, so the
        # shop can keep selling while it runs and the copy is still consistent.
        source = sqlite3.connect(source_path)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    if parsed.get_backend_name() == "postgresql":
        if shutil.which("pg_dump") is None:
            raise BackupError("pg_dump is not installed (apt-get install postgresql-client)")
        target = target_dir / f"boutique-{stamp}.pgdump"
        args, env = _pg_args(url)
        done = subprocess.run(["pg_dump", "--format=custom", "--file", str(target), *args],
                              env={**_base_env(), **env}, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BackupError(done.stderr.strip())
        return target
    raise BackupError(f"no backup method for {parsed.get_backend_name()}")


def restore(source: Path, *, database_url: str | None = None) -> None:
    """Put a backup back in place of the live database (stop the app servers first)."""
    url = database_url or str(db.engine.url.render_as_string(hide_password=False))
    parsed = make_url(url)
    if not source.exists():
        raise BackupError(f"no such backup: {source}")
    db.session.remove()
    dispose_engines()
    if parsed.get_backend_name() == "sqlite":
        backup_copy = sqlite3.connect(source)
        live = sqlite3.connect(parsed.database or "")
        try:
            backup_copy.backup(live)
        finally:
            live.close()
            backup_copy.close()
        return
    if parsed.get_backend_name() == "postgresql":
        if shutil.which("pg_restore") is None:
            raise BackupError("pg_restore is not installed (apt-get install postgresql-client)")
        args, env = _pg_args(url)
        done = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                               *args, str(source)], env={**_base_env(), **env}, capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise BackupError(done.stderr.strip())
        return
    raise BackupError(f"no restore method for {parsed.get_backend_name()}")


def _base_env() -> dict[str, str]:
    return dict(os.environ)
