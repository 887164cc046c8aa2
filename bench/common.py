"""What the benchmark's modules share: the default database, the app's configuration, a measured row."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/boutique_bench"
SECRET = "bench-secret-not-for-production"


def bench_config(url: str) -> dict[str, Any]:
    """The app's configuration for the benchmark: the given database, no CSRF (the test client posts forms)."""
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}


@dataclass
class Row:
    """One measured figure with its floor."""

    db: str
    garments: int
    what: str
    samples: list[int]  # ns
    floor: str = ""
    floor_samples: list[int] = field(default_factory=list)
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def p50(self) -> float:
        return statistics.median(self.samples) / 1e6 if self.samples else math.nan

    @property
    def p99(self) -> float:
        return percentile(self.samples, 99) / 1e6 if self.samples else math.nan

    @property
    def floor_p50(self) -> float:
        return statistics.median(self.floor_samples) / 1e6 if self.floor_samples else math.nan

    @property
    def ratio(self) -> float:
        return self.p50 / self.floor_p50 if self.floor_samples and self.samples else math.nan


def percentile(samples: list[int] | list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]
