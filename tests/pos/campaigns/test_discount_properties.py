"""Property-based tests for discounts: never below zero, never more than asked, shares that add up."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pos.campaigns.prices import Discount, PricedLine, _spread, percent_off

prices = st.integers(min_value=0, max_value=10_000_000)
percents = st.integers(min_value=0, max_value=100)


@given(prices, percents)
def test_a_percentage_off_stays_within_the_price_and_leaves_whole_kronor(price, percent):
    off = percent_off(price, percent)
    assert 0 <= off <= price
    assert off == 0 or (price - off) % 100 == 0  # what is left is whole kronor


@given(prices, percents, percents)
def test_a_bigger_percentage_never_takes_off_less(price, low, high):
    low, high = sorted((low, high))
    assert percent_off(price, low) <= percent_off(price, high)


@given(prices, st.integers(min_value=0, max_value=20_000_000))
def test_an_amount_discount_never_takes_off_more_than_the_price(price, amount):
    assert 0 <= Discount(amount=amount).reduction(price) <= price


@given(st.lists(st.integers(min_value=1, max_value=500_000), min_size=1, max_size=20),
       st.integers(min_value=0, max_value=20_000_000))
def test_a_sale_discount_spread_over_lines_adds_up_to_the_discount_exactly(line_prices, amount):
    lines = [PricedLine(None, None, f"line {n}", price) for n, price in enumerate(line_prices)]
    _spread(lines, Discount(amount=amount, reason="goodwill"))
    taken = sum(line.discount for line in lines)
    assert taken == min(amount, sum(line_prices))
    assert all(0 <= line.price <= line.list_price for line in lines)


@given(st.lists(st.integers(min_value=1, max_value=500_000), min_size=1, max_size=20), percents)
def test_a_percentage_on_the_sale_leaves_every_line_at_or_above_zero(line_prices, percent):
    lines = [PricedLine(None, None, f"line {n}", price) for n, price in enumerate(line_prices)]
    _spread(lines, Discount(percent=percent, reason="goodwill"))
    assert all(0 <= line.price <= line.list_price for line in lines)
