"""The sorting room's JSON API: the same rules as the pages, the contract's status codes, nothing changed on error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from boutique.db import db

from inventory import services
from inventory.garments import categories as garment_categories
from inventory.codes import make_item_code
from inventory.donations.cards import donation_code
from inventory.models import Donation


def test_a_donation_shows_its_card_code_and_kilo_balance(api_as, warehouse, shop):
    api = api_as(warehouse)
    created = api.post("/donations", json={"shop_id": shop.id, "channel": "corporate", "weight_grams": 25000,
                                           "bags": 5, "note": "Hotel linen"}).get_json()
    assert created["card_code"] == donation_code(created["id"])
    assert created["balance"]["in_grams"] == 25000 and created["balance"]["in_stock_grams"] == 25000


def test_a_wash_load_moves_through_the_api_all_or_nothing(api_as, warehouse, make_donation):
    api = api_as(warehouse)
    first, second = make_donation(stage="received"), make_donation(stage="received")
    moved = api.post("/donations/stage", json={"donation_ids": [first.id, second.id], "stage": "unpacked"})
    assert moved.status_code == 200 and moved.get_json() == [{"id": first.id, "stage": "unpacked"},
                                                             {"id": second.id, "stage": "unpacked"}]
    third = make_donation(stage="received")
    refused = api.post("/donations/stage", json={"donation_ids": [first.id, third.id], "stage": "washed"})
    assert refused.status_code == 409 and refused.get_json()["error"] == "wrong_stage"
    assert services.get_donation(first.id).stage == "unpacked"


def test_closing_through_the_api_leaves_the_waste_to_be_worked_out(api_as, warehouse, make_donation):
    donation = make_donation(stage="sorted", weight_grams=5000)
    closed = api_as(warehouse).post(f"/donations/{donation.id}/stage",
                                    json={"stage": "closed", "recycled_grams": 4000}).get_json()
    assert (closed["recycled_grams"], closed["discarded_grams"], closed["balance"]["difference_grams"]) == (
        4000, 1000, 0)


@pytest.mark.parametrize("body, field", [
    ({"weight_grams": 0}, "weight_grams"),
    ({"weight_grams": -500}, "weight_grams"),
    ({"channel": "by_post"}, "channel"),
])
def test_bad_intake_is_a_422_naming_the_field_and_registers_nothing(api_as, warehouse, shop, body, field):
    response = api_as(warehouse).post("/donations", json={"shop_id": shop.id, "channel": "drop_off",
                                                          "weight_grams": 3000, **body})
    assert response.status_code == 422 and set(response.get_json()["details"]) == {field}
    assert db.session.scalar(select(func.count(Donation.id))) == 0


@pytest.mark.parametrize("body, field", [
    ({"category": "spaceships"}, "field"),
    ({"condition": 6}, "condition"),
    ({"condition": 0}, "condition"),
    ({"weight_grams": 0}, "weight_grams"),
])
def test_a_bad_garment_is_a_422_and_creates_nothing(api_as, warehouse, make_donation, body, field):
    donation = make_donation()
    response = api_as(warehouse).post("/items", json={"donation_id": donation.id, "category": "jeans",
                                                      "condition": 3, **body})
    assert response.status_code == 422 and field in response.get_json()["details"]
    assert services.get_donation(donation.id).items == []


def test_an_unknown_category_says_so_in_the_clients_language(api_as, warehouse, make_donation):
    api = api_as(warehouse)
    body = {"donation_id": make_donation().id, "category": "spaceships", "condition": 3}
    english = api.client.post("/api/v1/items", json=body, headers={**api.headers, "Accept-Language": "en"})
    assert english.get_json()["message"] == "Unknown category."  # Swedish unless the client asks otherwise


def test_sorting_from_an_unwashed_donation_is_a_409(api_as, warehouse, make_donation):
    response = api_as(warehouse).post("/items", json={"donation_id": make_donation(stage="unpacked").id,
                                                      "category": "jeans", "condition": 3})
    assert response.status_code == 409 and response.get_json()["error"] == "wrong_stage"


def test_a_stage_backwards_is_a_409_and_the_stage_stays(api_as, warehouse, make_donation):
    donation = make_donation(stage="washed")
    response = api_as(warehouse).post(f"/donations/{donation.id}/stage", json={"stage": "unpacked"})
    assert response.status_code == 409 and response.get_json()["details"] == {"current": "washed",
                                                                              "requested": "unpacked"}
    assert services.get_donation(donation.id).stage == "washed"


def test_an_unknown_donation_is_a_404(api_as, warehouse):
    response = api_as(warehouse).post("/donations/999/stage", json={"stage": "unpacked"})
    assert response.status_code == 404 and response.get_json()["error"] == "unknown_donation"


@pytest.mark.parametrize("path", ["/valuation", "/price", "/withdraw"])
def test_an_unknown_code_or_a_wrong_check_digit_changes_nothing(api_as, supervisor, make_item, path):
    item = make_item()
    body = {"/valuation": {"estimate": 5000}, "/price": {"price": 5000}, "/withdraw": {"reason": "waste"}}[path]
    api = api_as(supervisor)
    unknown = api.post(f"/items/{make_item_code(424242)}{path}", json=body)
    wrong = api.post(f"/items/{item.code[:-1]}{(int(item.code[-1]) + 1) % 10}{path}", json=body)
    assert (unknown.status_code, unknown.get_json()["error"]) == (404, "unknown_item")
    assert (wrong.status_code, wrong.get_json()["error"]) == (422, "invalid_check_digit")
    assert services.get_item(item.code).status == "sorted"


def test_pricing_a_garment_for_redesign_is_a_409_and_leaves_it_unpriced(api_as, supervisor, make_item):
    item = make_item(route="redesign")
    response = api_as(supervisor).post(f"/items/{item.code}/price", json={"price": 5000})
    assert response.status_code == 409
    assert services.get_item(item.code).price is None


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


def test_the_kilo_balance_api_answers_for_a_shop(api_as, warehouse, shop, make_donation):
    make_donation(weight_grams=7000)
    response = api_as(warehouse).get(f"/kilo-balance?shop_id={shop.id}")
    assert response.get_json()["in_grams"] == 7000 and response.get_json()["in_stock_grams"] == 7000
    assert api_as(warehouse).get("/kilo-balance").status_code == 422
