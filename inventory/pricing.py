"""Price suggestions from comparable sold garments, and the queues of garments to value and to price.

Comparables are looked for from the narrowest match to the widest: same category, brand and
condition; same category and brand; same category and condition; the category alone. The
first that rests on enough sales gives the suggestion; with none, the category's flat price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from statistics import median
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from boutique.clock import utcnow
from boutique.db import db
from boutique.errors import ValidationFailed

from .models import Category, Item
from .services import find_category

MIN_COMPARABLES = 5
LOOKBACK_DAYS = 365
ROUND_TO_ORE = 1000  # suggestions in whole tens of kronor: a tag says 90 kr, not 87,50 kr


@dataclass(frozen=True)
class Suggestion:
    """A suggested price with its spread, and what it rests on."""

    suggested: int
    low: int
    high: int
    based_on: int
    basis: str  # "category_brand_condition", "category_brand", "category_condition", "category", "default"
    median_days_to_sell: float | None

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {"suggested": self.suggested, "low": self.low, "high": self.high, "based_on": self.based_on,
                "basis": self.basis, "median_days_to_sell": self.median_days_to_sell}


def _round(ore: float) -> int:
    return max(ROUND_TO_ORE, int(round(ore / ROUND_TO_ORE)) * ROUND_TO_ORE)


def _quantile(ordered: list[int], q: float) -> float:
    """Linear-interpolated quantile of an ascending list."""
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def suggest_price(category: str, brand: str = "", condition: int | None = None) -> Suggestion:
    """A price for a new garment from what comparable garments sold for in the last year."""
    cat = find_category(category)
    if cat is None:
        raise ValidationFailed(_l("Unknown category."), field="category")
    brand = brand.strip()
    since = utcnow() - timedelta(days=LOOKBACK_DAYS)
    sold = (Item.status == "sold") & (Item.category_id == cat.id) & (Item.sold_at >= since)
    levels: list[tuple[str, Any]] = []
    if brand and condition is not None:
        levels.append(("category_brand_condition", sold & (Item.brand == brand) & (Item.condition == condition)))
    if brand:
        levels.append(("category_brand", sold & (Item.brand == brand)))
    if condition is not None:
        levels.append(("category_condition", sold & (Item.condition == condition)))
    levels.append(("category", sold))
    for basis, where in levels:
        rows = db.session.execute(
            select(Item.sold_price, Item.priced_at, Item.sold_at).where(where, Item.sold_price.is_not(None))
            .order_by(Item.sold_price)).all()
        if len(rows) >= MIN_COMPARABLES:
            prices = [price for price, _p, _s in rows]
            days = [(sold_at - priced_at).days for _price, priced_at, sold_at in rows if priced_at is not None]
            return Suggestion(suggested=_round(median(prices)), low=_round(_quantile(prices, 0.25)),
                              high=_round(_quantile(prices, 0.75)), based_on=len(rows), basis=basis,
                              median_days_to_sell=float(median(days)) if days else None)
    return Suggestion(suggested=cat.default_price, low=cat.default_price, high=cat.default_price, based_on=0,
                      basis="default", median_days_to_sell=None)


def valuation_queue(shop_id: int | None, limit: int = 100) -> list[Item]:
    """Garments for the shop floor that nobody has valued yet, oldest first."""
    return _queue(shop_id, ("sorted",), limit)


def pricing_queue(shop_id: int | None, limit: int = 100) -> list[Item]:
    """Garments for the shop floor waiting for a price (valued, or straight from sorting), oldest first."""
    return _queue(shop_id, ("valued", "sorted"), limit)


def _queue(shop_id: int | None, statuses: tuple[str, ...], limit: int) -> list[Item]:
    query = (select(Item).join(Category, Item.category_id == Category.id)
             .where(Item.status.in_(statuses), Item.route == "shop"))
    if shop_id is not None:
        query = query.where(Item.shop_id == shop_id)
    # Valued garments first in the pricing queue: someone already looked at them.
    order = [Item.status.desc(), Item.id] if len(statuses) > 1 else [Item.id]
    return list(db.session.scalars(query.order_by(*order).limit(limit)))
