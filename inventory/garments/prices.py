"""Price suggestions from comparable sold garments, and the queues of garments to value and to price.

Comparables are looked for from the narrowest match to the widest: same category, brand and
condition; same category and brand; same category and condition; the category alone. The
first that rests on enough sales gives the suggestion; with none, the category's flat price.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, literal, select

from boutique.clock import utcnow
from boutique.db import db
from boutique.errors import ValidationFailed

from .categories import find_category
from .models import Category, Item

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


def histogram_quantile(histogram: Sequence[tuple[int, int]], q: float) -> float:
    """Linear-interpolated quantile of the values a histogram counts ((value, count), ascending by value).

    The same as over the values themselves, as the database counted them instead of sending
    each: at q = 0.5 the middle value, or the mean of the middle two.
    """
    total = sum(count for _value, count in histogram)
    pos = (total - 1) * q
    low = _nth(histogram, int(pos))
    high = _nth(histogram, min(int(pos) + 1, total - 1))
    return low + (high - low) * (pos - int(pos))


def _nth(histogram: Sequence[tuple[int, int]], index: int) -> int:
    """The value at (zero-based) place `index` of the values a histogram counts, in ascending order."""
    for value, count in histogram:
        if index < count:
            return value
        index -= count
    raise IndexError(index)


Key = tuple[str, str, int | None]  # category key, brand ("" for none), condition (None for any)


def suggest_price(category: str, brand: str = "", condition: int | None = None, *,
                  with_days: bool = True) -> Suggestion:
    """A price for a new garment from what comparable garments sold for in the last year.

    `with_days=False` leaves out the days to sell (None) and their statement.
    """
    return suggest_prices([(category, brand, condition)], with_days=with_days)[(category, brand, condition)]


def suggest_prices(keys: Iterable[Key], *, with_days: bool = False) -> dict[Key, Suggestion]:
    """Suggestions for many garments at once (the pricing queue asks for dozens), keyed as asked;
    an unknown category is refused.

    One statement per category: the database counts the category's sales of the last year
    per price, condition and (where asked for) brand, so a few hundred rows come back however
    many garments the category sold, and every level of comparison is summed from those
    counts. The quantiles are taken from the counts as they would be from every price.
    """
    wanted: dict[str, dict[Key, tuple[str, int | None]]] = {}  # category: {key as asked: (brand, condition)}
    for key in keys:
        category, brand, condition = key
        wanted.setdefault(category, {})[key] = (brand.strip(), condition)
    since = utcnow() - timedelta(days=LOOKBACK_DAYS)
    result: dict[Key, Suggestion] = {}
    for category, asked in wanted.items():
        cat = find_category(category)
        if cat is None:
            raise ValidationFailed(_l("Unknown category."), field="category")
        sold = [Item.status == "sold", Item.category_id == cat.id, Item.sold_at >= since,
                Item.sold_price.is_not(None)]
        counts = _price_counts(sold, sorted({brand for brand, _condition in asked.values() if brand}))
        for key, (brand, condition) in asked.items():
            result[key] = _suggestion(cat, sold, counts, brand, condition, with_days)
    return result


def _price_counts(sold: list[Any], brands: list[str]) -> list[tuple[str, int, int, int]]:
    """(brand if one of `brands` else "", condition, price, garments) of the sales `sold` keeps."""
    brand = case((Item.brand.in_(brands), Item.brand), else_=literal("")) if brands else literal("")
    return [(b, condition, price, count) for b, condition, price, count in db.session.execute(
        select(brand, Item.condition, Item.sold_price, func.count()).where(*sold)
        .group_by(brand, Item.condition, Item.sold_price))]


def _suggestion(cat: Category, sold: list[Any], counts: list[tuple[str, int, int, int]], brand: str,
                condition: int | None, with_days: bool) -> Suggestion:
    """The first level of comparison, narrowest first, with enough sales; else the category's flat price."""
    levels: list[tuple[str, Callable[[str, int], bool], list[Any]]] = []
    if brand and condition is not None:
        levels.append(("category_brand_condition", lambda b, c: b == brand and c == condition,
                       [Item.brand == brand, Item.condition == condition]))
    if brand:
        levels.append(("category_brand", lambda b, c: b == brand, [Item.brand == brand]))
    if condition is not None:
        levels.append(("category_condition", lambda b, c: c == condition, [Item.condition == condition]))
    levels.append(("category", lambda b, c: True, []))
    for basis, keeps, where in levels:
        per_price: dict[int, int] = {}
        for b, c, price, count in counts:
            if keeps(b, c):
                per_price[price] = per_price.get(price, 0) + count
        prices = sorted(per_price.items())
        based_on = sum(per_price.values())
        if based_on >= MIN_COMPARABLES:
            days = _histogram(Item.sold_days, [*sold, *where, Item.sold_days.is_not(None)]) if with_days else []
            return Suggestion(suggested=_round(histogram_quantile(prices, 0.5)),
                              low=_round(histogram_quantile(prices, 0.25)),
                              high=_round(histogram_quantile(prices, 0.75)), based_on=based_on, basis=basis,
                              median_days_to_sell=float(histogram_quantile(days, 0.5)) if days else None)
    return Suggestion(suggested=cat.default_price, low=cat.default_price, high=cat.default_price, based_on=0,
                      basis="default", median_days_to_sell=None)


def _histogram(column: Any, where: Sequence[Any]) -> list[tuple[int, int]]:
    """(value, how many garments) of `column` among the garments `where` keeps, ascending by value."""
    return [(value, count) for value, count in db.session.execute(
        select(column, func.count()).where(*where).group_by(column).order_by(column))]


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
