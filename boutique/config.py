"""Configuration defaults; instance/config.py and FLASK_* environment variables override them."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, ClassVar

from .models import LANGUAGES as INTERFACE_LANGUAGES


def default_database_url(instance_path: str) -> str:
    """The embedded default: a SQLite file under instance/."""
    return "sqlite:///" + str(Path(instance_path) / "boutique.sqlite")


def load_secret_key(instance_path: str) -> str:
    """A secret kept in instance/secret_key, made on first start, so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Defaults:
    """Settings a shop starts with."""

    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = INTERFACE_LANGUAGES  # one list, in boutique/models.py (docs/TRANSLATING.md)
    ITEM_CODE_PREFIX = "04"
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    API_TOKEN_HOURS = 12
    PASSWORD_HASH_METHOD = "scrypt"
    DEMO_MODE = False
    WTF_CSRF_TIME_LIMIT = None  # a till page may stay open all day
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {}
    # A database server's connection idle this long in the pool is checked before use (boutique/db.py).
    DB_PING_AFTER_IDLE_SECONDS = 10.0
    # Daily jobs (boutique/training/daily.py): run while the app runs, at this local time, after closing.
    DAILY_JOBS = True
    DAILY_JOBS_AT = "23:00"


def environment_overrides() -> dict[str, str]:
    """DATABASE_URL is read without the FLASK_ prefix, as every deployment tool expects."""
    found: dict[str, str] = {}
    if os.environ.get("DATABASE_URL"):
        found["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    return found
