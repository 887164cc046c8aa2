"""The donations' JSON API: intake, stages, sorting a garment out of a donation, the kilo balance; the contract's status codes, nothing changed on error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from boutique.db import db
from inventory.donations import services as donation_services
from inventory.donations.cards import donation_code
from inventory.donations.models import Donation


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
    assert donation_services.get_donation(first.id).stage == "unpacked"


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
    assert donation_services.get_donation(donation.id).items == []


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
    assert donation_services.get_donation(donation.id).stage == "washed"


def test_an_unknown_donation_is_a_404(api_as, warehouse):
    response = api_as(warehouse).post("/donations/999/stage", json={"stage": "unpacked"})
    assert response.status_code == 404 and response.get_json()["error"] == "unknown_donation"


def test_the_kilo_balance_api_answers_for_a_shop(api_as, warehouse, shop, make_donation):
    make_donation(weight_grams=7000)
    response = api_as(warehouse).get(f"/kilo-balance?shop_id={shop.id}")
    assert response.get_json()["in_grams"] == 7000 and response.get_json()["in_stock_grams"] == 7000
    assert api_as(warehouse).get("/kilo-balance").status_code == 422
