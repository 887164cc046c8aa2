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
from inventory.garments import services as garment_services
from pos.campaigns.prices import LineRequest
from pos.feedback import services as feedback
from pos.feedback import shop as feedback_shop
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
        garment_services.withdraw_item(late_bag.code, reason="recycling", by=warehouse)
    with frozen_at(local(day + timedelta(days=1), 0)):
        garment_services.withdraw_item(early_bag.code, reason="recycling", by=warehouse)

    def kilos(first: date, last: date) -> tuple[int, int]:
        body = api_as(supervisor).get(f"/impact?from={first}&to={last}").get_json()
        return body["sold_grams"], body["recycled_grams"]

    assert kilos(day, day) == (700, 200)
    assert kilos(day + timedelta(days=1), day + timedelta(days=1)) == (300, 150)
    assert kilos(day - timedelta(days=1), day + timedelta(days=1)) == (1000, 350)
    assert kilos(day - timedelta(days=1), day - timedelta(days=1)) == (0, 0)


@pytest.mark.parametrize("season", WEDNESDAYS)
def test_a_sale_on_sunday_at_2330_is_in_that_shop_week_and_on_monday_at_0030_in_the_next(
        season, make_item, make_person, supervisor, cashier, open_till):
    monday = WEDNESDAYS[season] - timedelta(days=2)
    sunday, next_monday = monday + timedelta(days=6), monday + timedelta(days=7)
    valuer = make_person("warehouse", username="amina", kind="participant", language="en")
    with frozen_at(local(monday, 12)):
        garments = [make_item(category="shirts") for _ in range(2)]
        for garment, estimate in zip(garments, (10000, 6000), strict=True):
            garment_services.value_item(garment.code, estimate=estimate, by=valuer)
            garment_services.price_item(garment.code, price=8000, by=supervisor)
    sell(open_till.id, garments[0].code, cashier, local(sunday, 23))
    sell(open_till.id, garments[1].code, cashier, local(next_monday, 0))

    report = feedback.valuation_feedback(valuer.id, viewer=valuer)
    assert [(w.week, w.sold, w.average_difference) for w in report.weeks] == [
        (monday.isoformat(), 1, 2000), (next_monday.isoformat(), 1, -2000)]


@pytest.mark.parametrize("season", WEDNESDAYS)
def test_garments_priced_on_sunday_at_2330_and_on_monday_at_0030_are_in_two_shop_weeks(
        season, app, make_item, shop):
    monday = WEDNESDAYS[season] - timedelta(days=2)
    sunday, next_monday = monday + timedelta(days=6), monday + timedelta(days=7)
    with frozen_at(local(sunday, 23)):
        make_item(price=10000)
    with frozen_at(local(next_monday, 0)):
        make_item(price=10000)
    with frozen_at(local(next_monday, 0, 45)):
        make_item(price=10000)

    rows = feedback_shop.shop_insights("week", shop_id=shop.id)
    assert [(r.label, r.figures.listed) for r in rows] == [(monday.isoformat(), 1), (next_monday.isoformat(), 2)]


def test_the_valuers_export_dates_a_sale_by_the_shops_day(make_item, make_person, supervisor, cashier, open_till,
                                                          login):
    monday = WEDNESDAYS["winter"] - timedelta(days=2)
    valuer = make_person("warehouse", username="amina", kind="participant", language="en")
    with frozen_at(local(monday, 12)):
        garment = make_item(category="shirts")
        garment_services.value_item(garment.code, estimate=10000, by=valuer)
        garment_services.price_item(garment.code, price=8000, by=supervisor)
    sell(open_till.id, garment.code, cashier, local(monday + timedelta(days=7), 0))  # Sunday 23:30 in UTC

    csv = login(valuer).get(f"/feedback/valuers/{valuer.id}/garments.csv").get_data(as_text=True)
    assert csv.splitlines()[1].endswith(",2026-01-19")
