"""The one clock: every service asks it for the time, so tests and demo data can set it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHOP_TZ = ZoneInfo("Europe/Stockholm")

_frozen: ContextVar[datetime | None] = ContextVar("frozen_clock", default=None)


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (or the frozen time)."""
    return _frozen.get() or datetime.now(UTC)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Make utcnow() return `moment` inside the block (demo data, tests)."""
    if moment.tzinfo is None:
        raise ValueError("frozen_at needs an aware datetime")
    token = _frozen.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _frozen.reset(token)


def shop_date(moment: datetime) -> date:
    """The calendar date in the shop's time zone for an aware UTC moment."""
    return moment.astimezone(SHOP_TZ).date()
