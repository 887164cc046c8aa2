"""The kilo balance on known weights: a donation's, and a shop's."""

from __future__ import annotations

import pytest

from boutique.services import create_shop
from inventory.donations import kilos
from inventory.donations import services as donation_services
from inventory.garments import services as garment_services


@pytest.fixture
def known_shop(shop, make_donation, warehouse, supervisor, sell):
    """Two donations with known weights: one closed, one still being sorted."""
    closed = make_donation(weight_grams=10000)
    sold = donation_services.sort_item(donation_id=closed.id, category="jeans", condition=4, weight_grams=800, by=warehouse)
    given = donation_services.sort_item(donation_id=closed.id, category="tops", condition=3, weight_grams=300, by=warehouse)
    kept = donation_services.sort_item(donation_id=closed.id, category="knitwear", condition=4, by=warehouse)  # typical 450
    binned = donation_services.sort_item(donation_id=closed.id, category="shirts", condition=2, weight_grams=250,
                                by=warehouse)
    garment_services.price_item(sold.code, price=9000, by=supervisor)
    sell(sold)
    garment_services.withdraw_item(given.code, reason="given_away", by=warehouse)
    garment_services.withdraw_item(binned.code, reason="waste", by=warehouse)
    donation_services.advance_donation(closed.id, "closed", recycled_grams=6000, by=warehouse)  # waste: 8200 - 6000
    open_one = make_donation(weight_grams=4000)
    donation_services.sort_item(donation_id=open_one.id, category="dresses", condition=5, weight_grams=500, by=warehouse)
    assert kept.status == "sorted"
    return {"closed": closed, "open": open_one}


def test_a_closed_donations_kilos_balance_to_the_gram(known_shop):
    balance = kilos.donation_balance(known_shop["closed"].id)
    assert (balance.in_grams, balance.sold_grams, balance.given_away_grams, balance.recycled_grams, balance.discarded_grams,
            balance.in_stock_grams, balance.difference_grams) == (10000, 800, 300, 6000, 250 + 2200, 450, 0)
    assert balance.out_grams == balance.in_grams


def test_an_open_donation_counts_what_is_still_unsorted_as_in_stock(known_shop):
    balance = kilos.donation_balance(known_shop["open"].id)
    assert (balance.in_grams, balance.in_stock_grams, balance.difference_grams) == (4000, 4000, 0)


def test_a_shops_kilos_are_the_sum_of_its_donations_and_nothing_of_another_shops(known_shop, shop, warehouse):
    other = create_shop("Röda Korset Söder")
    donation_services.receive_donation(shop_id=other.id, channel="pickup", weight_grams=9000, by=warehouse)
    balance = kilos.shop_balance(shop.id)
    assert (balance.donations, balance.in_grams, balance.sold_grams, balance.recycled_grams, balance.discarded_grams,
            balance.given_away_grams, balance.in_stock_grams) == (2, 14000, 800, 6000, 2450, 300, 4450)
    assert balance.out_grams == balance.in_grams


def test_weights_that_do_not_add_up_at_closing_show_as_a_difference(make_donation, warehouse):
    donation = make_donation(weight_grams=5000)
    donation_services.advance_donation(donation.id, "sorted", by=warehouse)
    donation_services.advance_donation(donation.id, "closed", recycled_grams=3000, discarded_grams=1500, by=warehouse)
    assert kilos.donation_balance(donation.id).difference_grams == 500
