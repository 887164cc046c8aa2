"""The garments' JSON API: lookups, pricing, withdrawal, price suggestions, categories; the contract's status codes, nothing changed on error."""

from __future__ import annotations

import pytest

from inventory.codes import make_item_code
from inventory.garments import categories as garment_categories
from inventory.garments import services as garment_services


@pytest.mark.parametrize("path", ["/valuation", "/price", "/withdraw"])
def test_an_unknown_code_or_a_wrong_check_digit_changes_nothing(api_as, supervisor, make_item, path):
    item = make_item()
    body = {"/valuation": {"estimate": 5000}, "/price": {"price": 5000}, "/withdraw": {"reason": "waste"}}[path]
    api = api_as(supervisor)
    unknown = api.post(f"/items/{make_item_code(424242)}{path}", json=body)
    wrong = api.post(f"/items/{item.code[:-1]}{(int(item.code[-1]) + 1) % 10}{path}", json=body)
    assert (unknown.status_code, unknown.get_json()["error"]) == (404, "unknown_item")
    assert (wrong.status_code, wrong.get_json()["error"]) == (422, "invalid_check_digit")
    assert garment_services.get_item(item.code).status == "sorted"


def test_pricing_a_garment_for_redesign_is_a_409_and_leaves_it_unpriced(api_as, supervisor, make_item):
    item = make_item(route="redesign")
    response = api_as(supervisor).post(f"/items/{item.code}/price", json={"price": 5000})
    assert response.status_code == 409
    assert garment_services.get_item(item.code).price is None


def test_a_withdrawal_through_the_api_keeps_its_weight_and_reason(api_as, warehouse, make_item):
    item = make_item(price=5000)
    response = api_as(warehouse).post(f"/items/{item.code}/withdraw",
                                      json={"reason": "recycling", "weight_grams": 410, "note": "Moth holes"})
    body = response.get_json()
    assert (response.status_code, body["status"], body["weight_grams"]) == (200, "withdrawn", 410)
    assert body["history"][-1]["data"] == {"reason": "recycling", "weight_grams": 410, "note": "Moth holes"}


def test_the_price_suggestion_falls_back_to_the_flat_price_and_says_it_rests_on_no_sales(api_as, cashier):
    response = api_as(cashier).get("/price-suggestion?category=jeans&brand=Levi%27s&condition=4")
    assert response.status_code == 200
    assert response.get_json() == {"suggested": 8000, "low": 8000, "high": 8000, "based_on": 0,
                                   "basis": "default", "median_days_to_sell": None}


@pytest.mark.parametrize("query", ["category=spaceships", "category=jeans&condition=6", "category=jeans&condition=x"])
def test_a_price_suggestion_for_bad_input_is_a_422(api_as, cashier, query):
    assert api_as(cashier).get(f"/price-suggestion?{query}").status_code == 422


def test_only_an_admin_changes_a_category_through_the_api(api_as, make_person, supervisor, new_categories_allowed):
    body = {"name_sv": "Mössor", "name_en": "Hats", "default_price": 3000, "typical_weight_grams": 100,
            "pictogram": "scarf", "size_scale": "none"}
    assert api_as(supervisor).client.put("/api/v1/categories/hats", json=body,
                                         headers=api_as(supervisor).headers).status_code == 403
    admin = api_as(make_person("admin"))
    response = admin.client.put("/api/v1/categories/hats", json=body, headers=admin.headers)
    assert response.status_code == 200 and response.get_json()["name_en"] == "Hats"
    assert "hats" in [c["key"] for c in admin.get("/categories").get_json()]
    zero = admin.client.put("/api/v1/categories/hats", json={**body, "typical_weight_grams": 0},
                            headers=admin.headers)
    assert zero.status_code == 422 and garment_categories.find_category("hats").typical_weight_grams == 100
