"""What the benchmark's runner and its load test share: the default database and the app's configuration."""

from __future__ import annotations

from typing import Any

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/boutique_bench"
SECRET = "bench-secret-not-for-production"


def bench_config(url: str) -> dict[str, Any]:
    """The app's configuration for the benchmark: the given database, no CSRF (the test client posts forms)."""
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
