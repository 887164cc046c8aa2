"""Sales feedback: what sold, at what price, how fast — aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import func, select

from boutique.db import db
from inventory.models import Category, Item

LISTED_STATUSES = ("priced", "sold")


@dataclass
class SoldGarment:
    """One sold garment as the feedback page lists it."""

    code: str
    category: Category
    size: str
    brand: str
    first_price: int | None
    price: int | None
    priced_at: datetime
    sold_at: datetime

    @property
    def days_to_sell(self) -> int:
        """Whole days from pricing to sale."""
        return (self.sold_at - self.priced_at).days


def recent_sales(limit: int = 50) -> list[SoldGarment]:
    """The most recently sold garments, newest first."""
    rows = db.session.execute(
        select(Item.code, Category, Item.size, Item.brand, Item.first_price, Item.price, Item.priced_at, Item.sold_at)
        .join(Category, Item.category_id == Category.id)
        .where(Item.status == "sold", Item.priced_at.is_not(None))
        .order_by(Item.sold_at.desc(), Item.id.desc()).limit(limit)
    ).all()
    return [SoldGarment(*row) for row in rows]


def category_feedback() -> list[dict[str, Any]]:
    """Per category: listed, sold, sell-through, median days to sell and median price paid."""
    counts = db.session.execute(
        select(Category.key, Item.status, func.count(Item.id)).join(Category, Item.category_id == Category.id)
        .where(Item.status.in_(LISTED_STATUSES)).group_by(Category.key, Item.status)
    ).all()
    listed: dict[str, int] = {}
    sold: dict[str, int] = {}
    for key, status, count in counts:
        listed[key] = listed.get(key, 0) + count
        if status == "sold":
            sold[key] = count
    # Medians need the values; fetch only the two columns of sold garments, per category.
    days: dict[str, list[float]] = {}
    prices: dict[str, list[int]] = {}
    for key, priced_at, sold_at, price in db.session.execute(
        select(Category.key, Item.priced_at, Item.sold_at, Item.price).join(Category, Item.category_id == Category.id)
        .where(Item.status == "sold", Item.priced_at.is_not(None))
    ):
        days.setdefault(key, []).append((sold_at - priced_at).total_seconds() / 86400)
        prices.setdefault(key, []).append(price or 0)
    result = []
    for key in sorted(listed):
        n_sold = sold.get(key, 0)
        result.append({
            "category": key, "listed": listed[key], "sold": n_sold,
            "sell_through": round(n_sold / listed[key], 3) if listed[key] else 0.0,
            "median_days_to_sell": round(median(days[key]), 1) if days.get(key) else None,
            "median_price": int(median(prices[key])) if prices.get(key) else None,
        })
    return result
