"""The garment's path as service calls: the rules hold and every step leaves an event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from boutique.clock import frozen_at
from boutique.errors import InvalidCheckDigit, ValidationFailed
from inventory import services
from inventory.errors import UnknownItem, WrongStage
from inventory.codes import make_item_code, normalise_code


def test_receiving_a_donation_records_who_received_it(shop, warehouse):
    donation = services.receive_donation(shop_id=shop.id, channel="collection", weight_grams=12500, bags=3,
                                         by=warehouse)
    history = services.donation_history(donation)
    assert donation.stage == "received"
    assert [(e.kind, e.person_id) for e in history] == [("donation.received", warehouse.id)]
    assert history[0].data["weight_grams"] == 12500


@pytest.mark.parametrize("grams", [0, -5])
def test_a_donation_without_weight_is_refused(shop, warehouse, grams):
    with pytest.raises(ValidationFailed) as caught:
        services.receive_donation(shop_id=shop.id, channel="drop_off", weight_grams=grams, by=warehouse)
    assert caught.value.details == {"field": "weight_grams"}


def test_donation_stages_only_move_one_step_forward(make_donation, warehouse):
    donation = make_donation(stage="received")
    with pytest.raises(WrongStage):
        services.advance_donation(donation.id, "washed", by=warehouse)
    services.advance_donation(donation.id, "unpacked", by=warehouse)
    with pytest.raises(WrongStage):
        services.advance_donation(donation.id, "unpacked", by=warehouse)
    assert services.get_donation(donation.id).stage == "unpacked"


def test_sorting_gives_each_garment_its_own_valid_code(make_donation, warehouse):
    donation = make_donation()
    first = services.sort_item(donation_id=donation.id, category="jeans", condition=4, by=warehouse)
    second = services.sort_item(donation_id=donation.id, category="knitwear", condition=3, by=warehouse)
    assert first.code != second.code
    assert first.code.startswith("04") and len(first.code) == 13
    assert normalise_code(first.code) == first.code
    assert services.get_donation(donation.id).stage == "sorted"


def test_sorting_refuses_an_unwashed_donation_and_bad_fields(make_donation, warehouse):
    with pytest.raises(WrongStage):
        services.sort_item(donation_id=make_donation(stage="unpacked").id, category="jeans", condition=3,
                           by=warehouse)
    washed = make_donation()
    with pytest.raises(ValidationFailed):
        services.sort_item(donation_id=washed.id, category="no-such-category", condition=3, by=warehouse)
    with pytest.raises(ValidationFailed):
        services.sort_item(donation_id=washed.id, category="jeans", condition=6, by=warehouse)
    assert services.get_donation(washed.id).items == []


def test_valuing_then_pricing_makes_a_garment_sellable_with_the_colour_of_the_week(make_item, warehouse,
                                                                                     supervisor):
    item = make_item()
    services.value_item(item.code, estimate=8000, by=warehouse)
    priced = services.price_item(item.code, price=9900, by=supervisor)
    assert (priced.status, priced.estimate, priced.price, priced.first_price) == ("priced", 8000, 9900, 9900)
    assert priced.tag_colour in ("blue", "green", "yellow", "pink", "orange")
    kinds = [e.kind for e in services.item_history(priced)]
    assert kinds == ["item.sorted", "item.valued", "item.priced"]


def test_repricing_keeps_the_first_asked_price(make_item, supervisor):
    item = make_item(price=9900)
    repriced = services.price_item(item.code, price=5000, by=supervisor)
    assert (repriced.price, repriced.first_price) == (5000, 9900)


def test_a_garment_routed_to_redesign_cannot_be_priced(make_item, supervisor):
    item = make_item(route="redesign")
    with pytest.raises(WrongStage):
        services.price_item(item.code, price=5000, by=supervisor)
    assert services.get_item(item.code).price is None


def test_a_negative_price_is_refused_and_changes_nothing(make_item, supervisor):
    item = make_item(price=5000)
    with pytest.raises(ValidationFailed):
        services.price_item(item.code, price=-100, by=supervisor)
    assert services.get_item(item.code).price == 5000


def test_a_wrong_check_digit_is_never_looked_up_as_another_item(make_item):
    item = make_item()
    wrong = item.code[:-1] + str((int(item.code[-1]) + 1) % 10)
    with pytest.raises(InvalidCheckDigit):
        services.get_item(wrong)


def test_an_unknown_valid_code_is_not_found(app):
    with pytest.raises(UnknownItem):
        services.get_item(make_item_code(999_999))


def test_the_twelve_digit_form_a_scanner_may_send_finds_the_item(make_item):
    item = make_item()
    assert services.get_item(" " + item.code[1:] + "\r\n").id == item.id


def test_withdrawing_takes_a_garment_out_of_stock_once(make_item, warehouse):
    item = make_item(price=3000)
    withdrawn = services.withdraw_item(item.code, reason="recycling", by=warehouse)
    assert withdrawn.status == "withdrawn"
    with pytest.raises(WrongStage):
        services.withdraw_item(item.code, reason="waste", by=warehouse)


def test_closing_a_donation_records_recycling_and_waste(make_donation, warehouse):
    donation = make_donation()
    services.sort_item(donation_id=donation.id, category="jeans", condition=4, weight_grams=700, by=warehouse)
    closed = services.advance_donation(donation.id, "closed", recycled_grams=3000, discarded_grams=500,
                                       by=warehouse)
    assert (closed.stage, closed.recycled_grams, closed.discarded_grams) == ("closed", 3000, 500)
    assert closed.closed_at is not None


def test_a_linked_manufacturer_ean_scans_to_its_garment_everywhere(make_item, warehouse):
    from inventory.labels.services import link_manufacturer_code

    item = make_item(price=19900)
    link_manufacturer_code(item.code, "4006381333931", by=warehouse)
    assert services.get_item("4006381333931").id == item.id
    assert services.get_item(" 4006381333931\r\n").id == item.id
    with pytest.raises(UnknownItem):
        services.get_item("5901234123457")  # a valid EAN nobody linked


def test_a_garment_priced_just_after_midnight_on_monday_in_stockholm_gets_the_new_weeks_colour(make_item, supervisor):
    # 23:30 UTC on Sunday 6 December 2026 is 00:30 on Monday 7 December in Stockholm: ISO week 50
    # for the shop, still week 49 in UTC.
    sunday_evening_utc = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    monday_noon = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)
    assert services.tag_colour_for(sunday_evening_utc) == services.tag_colour_for(monday_noon)
    assert services.tag_colour_for(sunday_evening_utc) != services.tag_colour_for(datetime(2026, 12, 6, 12, 0, tzinfo=UTC))
    code = make_item().code
    with frozen_at(sunday_evening_utc):
        priced = services.price_item(code, price=5000, by=supervisor)
    assert priced.tag_colour == services.tag_colour_for(monday_noon)
