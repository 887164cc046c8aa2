"""Days and weeks in the figures are the shop's (Stockholm) ones, not UTC's, in summer (CEST) and winter (CET).

23:30 in Stockholm is 21:30 UTC in summer and 22:30 UTC in winter; 00:30 is 22:30 and 23:30
UTC of the day before. Counted by UTC day or week, a sale just after the shop's midnight
would fall on the day (or in the week) before.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from boutique.clock import SHOP_TZ, frozen_at
from boutique.models import Person
from inventory import services as inventory
from pos.campaigns.prices import LineRequest
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest

WEDNESDAYS = {"summer": date(2026, 6, 10), "winter": date(2026, 1, 14)}


def local(day: date, hour: int, minute: int = 30) -> datetime:
    """A moment on the shop's clock."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHOP_TZ)


def sell(till_id: int, code: str, cashier: Person, when: datetime) -> None:
    with frozen_at(when):
        sale_services.ring_up(till_id, [LineRequest(code=code)], [PaymentRequest("cash", 100000)], by=cashier)


@pytest.mark.parametrize("season", WEDNESDAYS)
def test_kilos_sold_and_recycled_at_2330_count_on_that_shop_day_and_at_0030_on_the_next(
        season, make_item, warehouse, supervisor, cashier, open_till, api_as):
    day = WEDNESDAYS[season]
    with frozen_at(local(day - timedelta(days=3), 12)):
        late, early = (make_item(price=10000, category="jackets", weight_grams=grams) for grams in (700, 300))
        late_bag, early_bag = (make_item(category="shirts", weight_grams=grams) for grams in (200, 150))
    sell(open_till.id, late.code, cashier, local(day, 23))
    sell(open_till.id, early.code, cashier, local(day + timedelta(days=1), 0))
    with frozen_at(local(day, 23)):
        inventory.withdraw_item(late_bag.code, reason="recycling", by=warehouse)
    with frozen_at(local(day + timedelta(days=1), 0)):
        inventory.withdraw_item(early_bag.code, reason="recycling", by=warehouse)

    def kilos(first: date, last: date) -> tuple[int, int]:
        body = api_as(supervisor).get(f"/impact?from={first}&to={last}").get_json()
        return body["sold_grams"], body["recycled_grams"]

    assert kilos(day, day) == (700, 200)
    assert kilos(day + timedelta(days=1), day + timedelta(days=1)) == (300, 150)
    assert kilos(day - timedelta(days=1), day + timedelta(days=1)) == (1000, 350)
    assert kilos(day - timedelta(days=1), day - timedelta(days=1)) == (0, 0)
