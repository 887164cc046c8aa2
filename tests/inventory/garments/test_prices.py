"""Price suggestions from comparable sold garments, and the queues that show them."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from boutique.clock import frozen_at
from boutique.db import db
from boutique.errors import ValidationFailed
from inventory.garments import categories as garment_categories
from inventory.garments import prices as garment_prices
from inventory.garments import services as garment_services
from inventory.garments.models import Category, Item
from tests.conftest import statements

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _sold_garments(make_item, sell, prices, *, brand="Levi's", condition=4, days=(10,), category="jeans"):
    for n, price in enumerate(prices):
        with frozen_at(MONDAY):
            item = make_item(price=price, category=category, brand=brand, condition=condition)
        sell(item, MONDAY + timedelta(days=days[n % len(days)]))


def test_without_enough_sales_the_suggestion_is_the_categorys_flat_price(app, make_item, sell):
    _sold_garments(make_item, sell, [9000, 9500])
    with frozen_at(MONDAY + timedelta(days=30)):
        suggestion = garment_prices.suggest_price("jeans", "Levi's", 4)
    assert (suggestion.suggested, suggestion.based_on, suggestion.basis) == (8000, 0, "default")
    assert suggestion.median_days_to_sell is None


def test_the_suggestion_is_the_median_of_comparable_sales_and_says_what_it_rests_on(app, make_item, sell):
    _sold_garments(make_item, sell, [8000, 9000, 10000, 12000, 15000], days=(4, 10, 20))
    with frozen_at(MONDAY + timedelta(days=30)):
        suggestion = garment_prices.suggest_price("jeans", "Levi's", 4)
    assert suggestion.as_json() == {"suggested": 10000, "low": 9000, "high": 12000, "based_on": 5,
                                    "basis": "category_brand_condition", "median_days_to_sell": 10.0}


def test_the_pricing_queue_s_suggestion_is_the_same_without_the_days_to_sell(app, make_item, sell):
    _sold_garments(make_item, sell, [8000, 9000, 10000, 12000, 15000], days=(4, 10, 20))
    with frozen_at(MONDAY + timedelta(days=30)):
        full = garment_prices.suggest_price("jeans", "Levi's", 4)
        quick = garment_prices.suggest_price("jeans", "Levi's", 4, with_days=False)
    assert quick.median_days_to_sell is None and full.median_days_to_sell == 10.0
    assert quick.as_json() == {**full.as_json(), "median_days_to_sell": None}


def test_the_suggestion_widens_to_the_category_when_the_brand_has_too_few_sales(app, make_item, sell):
    _sold_garments(make_item, sell, [5000, 6000, 7000], brand="")
    _sold_garments(make_item, sell, [20000, 30000], brand="Acne Studios")
    with frozen_at(MONDAY + timedelta(days=30)):
        suggestion = garment_prices.suggest_price("jeans", "Acne Studios", 4)
    assert (suggestion.basis, suggestion.based_on, suggestion.suggested) == ("category_condition", 5, 7000)


def _expected(key: tuple[str, str, int | None]) -> tuple[str, int, int]:
    """(basis, based on, suggested) worked out from every sold garment of the category, one by one."""
    category, brand, condition = key
    sold = [(item.brand, item.condition, item.sold_price) for item in db.session.scalars(
        select(Item).join(Category).where(Category.key == category, Item.status == "sold"))]
    levels = ([("category_brand_condition", lambda b, c: b == brand and c == condition)] if brand and condition else [])
    levels += [("category_brand", lambda b, c: b == brand)] if brand else []
    levels += [("category_condition", lambda b, c: c == condition)] if condition else []
    for basis, keeps in [*levels, ("category", lambda b, c: True)]:
        prices = [price for b, c, price in sold if keeps(b, c)]
        if len(prices) >= garment_prices.MIN_COMPARABLES:
            return basis, len(prices), max(1000, round(statistics.median(prices) / 1000) * 1000)
    return "default", 0, garment_categories.get_category(category).default_price


def test_a_whole_queue_s_suggestions_are_each_worked_out_from_its_comparable_sales(app, make_item, sell):
    _sold_garments(make_item, sell, [8000, 9000, 10000, 12000, 15000])
    _sold_garments(make_item, sell, [5000, 6000, 7000], brand="", condition=3)
    _sold_garments(make_item, sell, [20000, 30000, 26000], brand="Acne Studios", condition=3)
    _sold_garments(make_item, sell, [3000, 3500, 4000, 4500, 5000, 9000], brand="Levi's", category="shirts")
    keys = [("jeans", "Levi's", 4), ("jeans", "Levi's", 3), ("jeans", "Acne Studios", 4), ("jeans", "", 3),
            ("jeans", "", None), ("jeans", "Okänt", 2), ("shirts", "Levi's", 5), ("shirts", "", 4),
            ("dresses", "", 4)]
    with frozen_at(MONDAY + timedelta(days=30)), statements() as sent:
        suggestions = garment_prices.suggest_prices(keys)
    assert {key: (s.basis, s.based_on, s.suggested) for key, s in suggestions.items()} == {
        key: _expected(key) for key in keys}
    assert suggestions[("jeans", "Acne Studios", 4)].basis == "category_condition"  # the brand only in condition 3
    assert len([sql for sql in sent if not sql.startswith("SELECT categories.")]) == 3  # one per category


def test_sales_older_than_a_year_are_not_compared(app, make_item, sell):
    _sold_garments(make_item, sell, [9000] * 5)
    with frozen_at(MONDAY + timedelta(days=400)):
        assert garment_prices.suggest_price("jeans", "Levi's", 4).based_on == 0


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=60),
       st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]))
def test_quantiles_from_counted_prices_are_those_of_every_price(prices, q):
    """The suggestion's quantiles, taken from (price, count) as the database returns them, are those of the
    sorted prices themselves: interpolated between neighbours, the median of an even number the middle two's mean."""
    ordered = sorted(prices)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    expected = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    assert garment_prices.histogram_quantile(sorted(Counter(prices).items()), q) == pytest.approx(expected)
    if q == 0.5:
        assert garment_prices.histogram_quantile(sorted(Counter(prices).items()), q) == pytest.approx(statistics.median(prices))


def test_a_suggestion_for_an_unknown_category_is_refused(app):
    with pytest.raises(ValidationFailed):
        garment_prices.suggest_price("spaceships")


def test_the_queues_hold_shop_garments_waiting_for_a_value_or_a_price(make_item, shop, warehouse):
    waiting = make_item()
    valued = make_item()
    garment_services.value_item(valued.code, estimate=5000, by=warehouse)
    make_item(route="redesign")
    make_item(price=5000)
    assert [i.code for i in garment_prices.valuation_queue(shop.id)] == [waiting.code]
    assert [i.code for i in garment_prices.pricing_queue(shop.id)] == [valued.code, waiting.code]
