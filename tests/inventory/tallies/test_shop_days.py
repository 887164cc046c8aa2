"""The hour tallies serve the shop's (Stockholm) days: a period of shop days is a range of UTC hour keys."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from boutique.clock import SHOP_TZ
from inventory.tallies import services as tallies


@pytest.mark.parametrize(("first", "last", "hours"), [
    (date(2026, 6, 10), date(2026, 6, 10), ("2026-06-09 22", "2026-06-10 21")),  # summer, UTC+2
    (date(2026, 1, 14), date(2026, 1, 14), ("2026-01-13 23", "2026-01-14 22")),  # winter, UTC+1
    (date(2026, 3, 29), date(2026, 3, 29), ("2026-03-28 23", "2026-03-29 21")),  # clocks forward: 23 hours
    (date(2026, 10, 25), date(2026, 10, 25), ("2026-10-24 22", "2026-10-25 22")),  # clocks back: 25 hours
    (date(2026, 1, 1), date(2026, 12, 31), ("2025-12-31 23", "2026-12-31 22")),
])
def test_the_shop_days_of_a_period_are_the_utc_hours_from_its_first_midnight_to_its_last(first, last, hours):
    assert tallies.hours_of_shop_days(first, last) == slice(*hours)


def test_each_utc_hour_key_falls_on_one_shop_day():
    assert tallies.shop_date_of_hour("2026-06-09 21") == date(2026, 6, 9)
    assert tallies.shop_date_of_hour("2026-06-09 22") == date(2026, 6, 10)
    assert tallies.shop_date_of_hour("2026-01-13 22") == date(2026, 1, 13)
    assert tallies.shop_date_of_hour("2026-01-13 23") == date(2026, 1, 14)
    assert tallies.hour_key(datetime(2026, 1, 14, 0, 30, tzinfo=SHOP_TZ)) == "2026-01-13 23"
