"""A garment's path as service calls after sorting: lookup by code, valuation, pricing, withdrawal, each step with its event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from boutique.clock import frozen_at
from boutique.errors import InvalidCheckDigit, ValidationFailed
from inventory.codes import make_item_code
from inventory.errors import UnknownItem, WrongStage
from inventory.garments import services as garment_services


def test_valuing_then_pricing_makes_a_garment_sellable_with_the_colour_of_the_week(make_item, warehouse,
                                                                                     supervisor):
    item = make_item()
    garment_services.value_item(item.code, estimate=8000, by=warehouse)
    priced = garment_services.price_item(item.code, price=9900, by=supervisor)
    assert (priced.status, priced.estimate, priced.price, priced.first_price) == ("priced", 8000, 9900, 9900)
    assert priced.tag_colour in ("blue", "green", "yellow", "pink", "orange")
    kinds = [e.kind for e in garment_services.item_history(priced)]
    assert kinds == ["item.sorted", "item.valued", "item.priced"]


def test_repricing_keeps_the_first_asked_price(make_item, supervisor):
    item = make_item(price=9900)
    repriced = garment_services.price_item(item.code, price=5000, by=supervisor)
    assert (repriced.price, repriced.first_price) == (5000, 9900)


def test_a_garment_routed_to_redesign_cannot_be_priced(make_item, supervisor):
    item = make_item(route="redesign")
    with pytest.raises(WrongStage):
        garment_services.price_item(item.code, price=5000, by=supervisor)
    assert garment_services.get_item(item.code).price is None


def test_a_negative_price_is_refused_and_changes_nothing(make_item, supervisor):
    item = make_item(price=5000)
    with pytest.raises(ValidationFailed):
        garment_services.price_item(item.code, price=-100, by=supervisor)
    assert garment_services.get_item(item.code).price == 5000


def test_a_wrong_check_digit_is_never_looked_up_as_another_item(make_item):
    item = make_item()
    wrong = item.code[:-1] + str((int(item.code[-1]) + 1) % 10)
    with pytest.raises(InvalidCheckDigit):
        garment_services.get_item(wrong)


def test_an_unknown_valid_code_is_not_found(app):
    with pytest.raises(UnknownItem):
        garment_services.get_item(make_item_code(999_999))


def test_the_twelve_digit_form_a_scanner_may_send_finds_the_item(make_item):
    item = make_item()
    assert garment_services.get_item(" " + item.code[1:] + "\r\n").id == item.id


def test_withdrawing_takes_a_garment_out_of_stock_once(make_item, warehouse):
    item = make_item(price=3000)
    withdrawn = garment_services.withdraw_item(item.code, reason="recycling", by=warehouse)
    assert withdrawn.status == "withdrawn"
    with pytest.raises(WrongStage):
        garment_services.withdraw_item(item.code, reason="waste", by=warehouse)


def test_a_linked_manufacturer_ean_scans_to_its_garment_everywhere(make_item, warehouse):
    from inventory.labels.services import link_manufacturer_code

    item = make_item(price=19900)
    link_manufacturer_code(item.code, "4006381333931", by=warehouse)
    assert garment_services.get_item("4006381333931").id == item.id
    assert garment_services.get_item(" 4006381333931\r\n").id == item.id
    with pytest.raises(UnknownItem):
        garment_services.get_item("5901234123457")  # a valid EAN nobody linked


def test_a_garment_priced_just_after_midnight_on_monday_in_stockholm_gets_the_new_weeks_colour(make_item, supervisor):
    # 23:30 UTC on Sunday 6 December 2026 is 00:30 on Monday 7 December in Stockholm: ISO week 50
    # for the shop, still week 49 in UTC.
    sunday_evening_utc = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    monday_noon = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)
    assert garment_services.tag_colour_for(sunday_evening_utc) == garment_services.tag_colour_for(monday_noon)
    assert garment_services.tag_colour_for(sunday_evening_utc) != garment_services.tag_colour_for(datetime(2026, 12, 6, 12, 0, tzinfo=UTC))
    code = make_item().code
    with frozen_at(sunday_evening_utc):
        priced = garment_services.price_item(code, price=5000, by=supervisor)
    assert priced.tag_colour == garment_services.tag_colour_for(monday_noon)
