"""The scan lookup `GET /api/v1/items/{code}`: the whole card with its history, the same answer as every
other item response on SQLite and PostgreSQL alike, and no card for a token whose person may no longer sign in."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, update

from boutique import services as people
from boutique.db import db
from boutique.models import Event
from inventory.garments import services as garment_services
from inventory.garments.api import card_json
from inventory.garments.models import Item
from inventory.labels import services as labels

MANUFACTURER_EAN = "4006381333931"


def lookup(api: Any, code: str) -> dict[str, Any]:
    """The lookup's answer, from a fresh session as a new request has."""
    db.session.remove()
    response = api.get(f"/items/{code}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_lookup_shows_the_item_its_category_and_its_history_in_order(api_as, cashier, supervisor, make_item, sell):
    code = make_item(price=12000).code
    sell(garment_services.get_item(code))
    card = lookup(api_as(cashier), code)
    assert (card["code"], card["status"], card["category"], card["price"]) == (code, "sold", "shirts", 12000)
    assert [(step["event"], step["by"]) for step in card["history"]] == [
        ("item.sorted", "lager"), ("item.priced", "handledare"), ("item.sold", "kassa")]
    assert card["history"][-1]["data"]["price"] == 12000


def test_the_lookup_answers_what_every_other_item_response_answers(api_as, warehouse, make_item):
    code = make_item(price=8000, brand="Filippa K", size="M").code
    api = api_as(warehouse)
    card = lookup(api, code)
    assert card == card_json(garment_services.card_of(garment_services.get_item(code)))
    repriced = api.post(f"/items/{code}/price", json={"price": 7000})
    db.session.remove()
    again = api.get(f"/items/{code}")
    # Byte for byte: the same keys in the same order, the same times, the same text.
    assert again.data == repriced.data and again.mimetype == "application/json"
    assert again.get_json()["history"][-1]["data"]["previous_price"] == 8000


def test_a_manufacturers_ean_finds_its_garment(api_as, warehouse, make_item):
    code = make_item(price=5000).code
    labels.link_manufacturer_code(code, MANUFACTURER_EAN, by=warehouse)
    assert lookup(api_as(warehouse), MANUFACTURER_EAN)["code"] == code


def test_a_garment_without_history_has_an_empty_one(api_as, cashier, make_item):
    code = make_item().code
    db.session.execute(delete(Event).where(Event.subject_type == "item", Event.subject_id == garment_services.get_item(code).id))
    db.session.commit()
    card = lookup(api_as(cashier), code)
    assert card["history"] == [] and card["status"] == "sorted"


def test_unknown_codes_and_wrong_check_digits_keep_their_answers(api_as, cashier, make_item):
    api = api_as(cashier)
    code = make_item().code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert api.get(f"/items/{wrong}").get_json()["error"] == "invalid_check_digit"
    unknown = api.get("/items/0400099999993")
    assert (unknown.status_code, unknown.get_json()["error"]) == (404, "unknown_item")


def test_a_token_whose_person_was_deactivated_finds_nothing_known_or_unknown(api_as, cashier, supervisor, make_item):
    code = make_item(price=5000).code
    api = api_as(cashier)
    assert api.get(f"/items/{code}").status_code == 200
    people.update_person(cashier.id, by=supervisor, display_name=cashier.display_name, role=cashier.role,
                         kind=cashier.kind, language=cashier.language, active=False)
    for asked in (code, "0400099999993", MANUFACTURER_EAN):
        response = api.get(f"/items/{asked}")
        assert (response.status_code, response.get_json()["error"]) == (401, "unauthorized"), asked


def test_an_expired_or_forged_token_finds_nothing(app, api_as, cashier, make_item, monkeypatch):
    code = make_item(price=5000).code
    api = api_as(cashier)
    assert api.get(f"/items/{code}").status_code == 200
    later = time.time() + app.config["API_TOKEN_HOURS"] * 3600 + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert api.get(f"/items/{code}").status_code == 401  # the same token, checked before, now too old
    monkeypatch.undo()
    token = api.headers["Authorization"]
    api.headers = {"Authorization": token[:-2] + ("BB" if token.endswith("AA") else "AA")}
    assert api.get(f"/items/{code}").status_code == 401


def test_times_and_odd_text_are_written_as_the_app_writes_them(api_as, cashier, make_item, sell):
    # Seconds always, microseconds only when there are any, the UTC offset; text as stored.
    odd = make_item(brand='Åsa "Ö" \\ Design', material="ull/silke", size="M").code
    sold = make_item(price=12300).code
    unpriced = make_item(weight_grams=None).code
    sell(garment_services.get_item(sold))
    item_id = garment_services.get_item(sold).id
    db.session.execute(update(Item).where(Item.id == item_id).values(
        sorted_at=datetime(2026, 3, 1, 9, 5, tzinfo=UTC), priced_at=datetime(2026, 3, 2, 10, 0, 0, 1, tzinfo=UTC),
        sold_at=datetime(2026, 3, 3, 11, 12, 13, 120000, tzinfo=UTC)))
    db.session.execute(update(Event).where(Event.subject_type == "item", Event.subject_id == item_id,
                                           Event.kind == "item.sold").values(at=datetime(2026, 3, 3, 11, 12, 13, 120000, tzinfo=UTC)))
    db.session.commit()
    api = api_as(cashier)
    card = lookup(api, sold)
    assert (card["sorted_at"], card["priced_at"], card["sold_at"], card["history"][-1]["at"]) == (
        "2026-03-01T09:05:00+00:00", "2026-03-02T10:00:00.000001+00:00", "2026-03-03T11:12:13.120000+00:00",
        "2026-03-03T11:12:13.120000+00:00")
    assert lookup(api, odd)["brand"] == 'Åsa "Ö" \\ Design'
    blank = lookup(api, unpriced)
    assert (blank["price"], blank["weight_grams"]) == (None, None)
