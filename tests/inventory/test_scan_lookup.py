"""The scan lookup `GET /api/v1/items/{code}`: one statement for the token's person and the whole card,
the same card as every other item response, and no card for a token whose person may no longer sign in."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import delete

from boutique import services as people
from boutique.db import db
from boutique.models import Event
from inventory import printing, services
from inventory.api import card_json
from tests.conftest import statements

MANUFACTURER_EAN = "4006381333931"


def lookup(api: Any, code: str) -> tuple[dict[str, Any], list[str]]:
    """The lookup's answer and the statements it sent, from a fresh session as a new request has."""
    db.session.remove()
    with statements() as sent:
        response = api.get(f"/items/{code}")
    assert response.status_code == 200, response.get_json()
    return response.get_json(), sent


def test_a_lookup_is_one_statement_for_the_tokens_person_item_category_and_history(
        api_as, cashier, supervisor, make_item, sell):
    code = make_item(price=12000).code
    sell(services.get_item(code))
    card, sent = lookup(api_as(cashier), code)
    assert len(sent) == 1, "\n".join(sent)
    assert (card["code"], card["status"], card["category"], card["price"]) == (code, "sold", "shirts", 12000)
    assert [(step["event"], step["by"]) for step in card["history"]] == [
        ("item.sorted", "lager"), ("item.priced", "handledare"), ("item.sold", "kassa")]
    assert card["history"][-1]["data"]["price"] == 12000


def test_the_lookup_answers_what_every_other_item_response_answers(api_as, warehouse, make_item):
    code = make_item(price=8000, brand="Filippa K", size="M").code
    api = api_as(warehouse)
    card, _sent = lookup(api, code)
    assert card == card_json(services.card_of(services.get_item(code)))
    repriced = api.post(f"/items/{code}/price", json={"price": 7000}).get_json()
    again, _sent = lookup(api, code)
    assert again == repriced and again["history"][-1]["data"]["previous_price"] == 8000


def test_a_manufacturers_ean_finds_its_garment_in_one_more_statement(api_as, warehouse, make_item):
    code = make_item(price=5000).code
    printing.link_manufacturer_code(code, MANUFACTURER_EAN, by=warehouse)
    card, sent = lookup(api_as(warehouse), MANUFACTURER_EAN)
    assert card["code"] == code and len(sent) == 2, "\n".join(sent)


def test_a_garment_without_history_has_an_empty_one(api_as, cashier, make_item):
    code = make_item().code
    db.session.execute(delete(Event).where(Event.subject_type == "item", Event.subject_id == services.get_item(code).id))
    db.session.commit()
    card, _sent = lookup(api_as(cashier), code)
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
