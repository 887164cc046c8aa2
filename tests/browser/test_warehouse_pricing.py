"""A sorter prices garments from the queue and sees the kilo balance of a closed donation, in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from inventory.donations import services as donation_services
from inventory.garments import services as garment_services
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_sorter_prices_the_queue_and_closes_the_donation(page, make_person, make_donation, warehouse):
    make_person("warehouse", username="amal", display_name="Amal", language="en")
    donation = make_donation(weight_grams=6000)
    first = donation_services.sort_item(donation_id=donation.id, category="jeans", condition=4, brand="Levi's",
                               weight_grams=700, by=warehouse)
    second = donation_services.sort_item(donation_id=donation.id, category="dresses", condition=5, by=warehouse)
    sign_in(page, "amal")

    page.goto("/pricing")
    screenshot(page, "pricing-queue")
    price = page.get_by_label("Price (kr)").first
    price.fill("95")
    price.press("Enter")
    expect(page.get_by_test_id("queue").locator("li")).to_have_count(1)
    assert garment_services.get_item(first.code).price == 9500

    page.goto(f"/items/{second.code}")
    screenshot(page, "item-page")
    page.goto(f"/donations/{donation.id}")
    page.get_by_label("Textile recycling (kg)").fill("4")
    page.get_by_role("button", name="Close the donation").click()
    balance = page.get_by_test_id("kilo-balance")
    expect(balance).to_contain_text("Waste")
    screenshot(page, "donation-closed")
    assert "0.9\u00a0kg" in balance.inner_text()  # 6 kg - 0.7 - 0.4 (a dress's typical weight) - 4
