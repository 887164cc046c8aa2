"""The garments' pages, as a sorter reading English sees them: the pricing queue, the item page, withdrawal, the categories."""

from __future__ import annotations

import re

import pytest

from inventory.garments import categories as garment_categories
from inventory.garments import services as garment_services


def _flash(html: str) -> str:
    return " ".join(re.findall(r'class="flash[^"]*"[^>]*>([^<]*)<', html))


@pytest.fixture
def signed_in(client, login, sorter):
    return login(sorter)


def test_pricing_from_the_queue_returns_to_the_queue_with_the_colour_of_the_week(signed_in, make_item):
    item = make_item()
    queue = signed_in.get("/pricing").get_data(as_text=True)
    assert item.code in queue and "Tag colour this week" in queue and "the category's flat price" in queue
    response = signed_in.post(f"/items/{item.code}/price", data={"price": "79", "next": "/pricing?tab=price"})
    assert response.headers["Location"] == "/pricing?tab=price"
    priced = garment_services.get_item(item.code)
    assert (priced.price, priced.status) == (7900, "priced") and priced.tag_colour
    assert item.code not in signed_in.get("/pricing").get_data(as_text=True)


def test_a_role_that_may_not_price_sees_no_price_field(app, signed_in, make_item):
    app.config["PRICING_ROLES"] = ("supervisor", "admin")
    item = make_item()
    assert 'name="price"' not in signed_in.get(f"/items/{item.code}").get_data(as_text=True)
    page = signed_in.post(f"/items/{item.code}/price", data={"price": "79"}, follow_redirects=True)
    assert "Your role may not price garments. Ask a supervisor." in _flash(page.get_data(as_text=True))
    assert garment_services.get_item(item.code).price is None


def test_pricing_a_garment_for_redesign_on_its_page_is_refused(signed_in, make_item):
    item = make_item(route="redesign")
    page = signed_in.post(f"/items/{item.code}/price", data={"price": "79"}, follow_redirects=True)
    assert "This garment is sorted and cannot be priced." in _flash(page.get_data(as_text=True))
    assert garment_services.get_item(item.code).price is None


def test_the_item_page_shows_every_attribute_and_the_full_history(signed_in, make_item, sorter):
    item = make_item(price=12000, category="knitwear", brand="Filippa K", colour="navy", size="M",
                     material="Wool")
    garment_services.withdraw_item(item.code, reason="recycling", weight_grams=480, note="Moth holes", by=sorter)
    html = signed_in.get(f"/items/{item.code}").get_data(as_text=True)
    for text in ("Knitwear", "Filippa K", "Navy", "Wool", "4 / 5", "120\u00a0kr", "Moth holes", "0.48\u00a0kg"):
        assert text in html
    history = html[html.index('data-testid="history"'):]
    assert [kind for kind in ("Sorted", "Priced", "Withdrawn") if kind in history] == ["Sorted", "Priced", "Withdrawn"]
    assert "Take it out of stock" not in html


def test_a_withdrawal_on_the_item_page_needs_a_reason(signed_in, make_item):
    item = make_item(price=5000)
    page = signed_in.post(f"/items/{item.code}/withdraw", data={"weight": "0,4"}, follow_redirects=True)
    assert "Choose why." in _flash(page.get_data(as_text=True))
    assert garment_services.get_item(item.code).status == "priced"


def test_an_admin_adds_a_category_with_its_pictogram_and_climate_factor(client, login, make_person,
                                                                         new_categories_allowed):
    login(make_person("admin", language="en"))
    page = client.post("/categories/new", data={
        "key": "hats", "name_sv": "Mössor", "name_en": "Hats", "pictogram": "scarf", "default_price": "30",
        "typical_weight": "0,1", "co2e_grams_per_kg": "15000", "co2e_source": "A study, 2020",
        "size_scale": "none", "active": "y"}, follow_redirects=True)
    assert "Category Hats saved." in _flash(page.get_data(as_text=True))
    hats = garment_categories.get_category("hats")
    assert (hats.default_price, hats.typical_weight_grams, hats.co2e_grams_per_kg) == (3000, 100, 15000)


def test_only_an_admin_reaches_the_categories(signed_in):
    assert signed_in.get("/categories").status_code == 403
