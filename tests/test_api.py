"""The JSON API contract of shared/API.md: auth, the garment's path, the counter, errors."""

from __future__ import annotations

import io

import pypdfium2
import pytest

from inventory.codes import make_item_code


def test_a_token_is_given_for_the_right_password_only(client, supervisor):
    assert client.post("/api/v1/auth/token", json={"username": "handledare", "password": "nope"}).status_code == 401
    response = client.post("/api/v1/auth/token", json={"username": "handledare", "password": "secret-pw"})
    assert response.status_code == 200
    assert set(response.get_json()) == {"token", "expires_at"}


def test_without_a_token_the_api_answers_401_and_with_a_forged_one_too(client, supervisor):
    assert client.get("/api/v1/me").status_code == 401
    forged = client.get("/api/v1/me", headers={"Authorization": "Bearer abc.def"})
    assert forged.status_code == 401 and forged.get_json()["error"] == "unauthorized"


def test_me_and_shops_describe_the_signed_in_person_and_the_tills(api_as, supervisor, shop):
    api = api_as(supervisor)
    me = api.get("/me").get_json()
    assert me == {"id": supervisor.id, "username": "handledare", "display_name": "Maria", "role": "supervisor",
                  "kind": "staff", "language": "sv"}
    assert api.get("/shops").get_json() == [{"id": shop.id, "name": shop.name,
                                             "tills": [{"id": shop.tills[0].id, "name": "Kassa 1"}]}]


def test_a_new_database_holds_the_standard_categories(api_as, cashier):
    keys = {c["key"] for c in api_as(cashier).get("/categories").get_json()}
    assert {"tops", "shirts", "knitwear", "dresses", "skirts", "trousers", "jeans", "jackets", "suits", "children",
            "shoes", "bags", "accessories", "home_textiles"} <= keys


def test_a_role_without_the_right_gets_403(api_as, cashier, shop):
    response = api_as(cashier).post("/donations", json={"shop_id": shop.id, "channel": "drop_off",
                                                        "weight_grams": 1000})
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"


def test_the_whole_path_through_the_api(api_as, warehouse, supervisor, shop):
    api = api_as(warehouse)
    donation = api.post("/donations", json={"shop_id": shop.id, "channel": "pickup", "weight_grams": 8000,
                                            "bags": 2})
    assert donation.status_code == 201 and donation.get_json()["stage"] == "received"
    donation_id = donation.get_json()["id"]
    assert api.post(f"/donations/{donation_id}/stage", json={"stage": "washed"}).status_code == 409
    for stage in ("unpacked", "washed"):
        assert api.post(f"/donations/{donation_id}/stage", json={"stage": stage}).get_json()["stage"] == stage
    item = api.post("/items", json={"donation_id": donation_id, "category": "jeans", "size": "W32",
                                    "condition": 4, "route": "shop", "weight_grams": 650})
    assert item.status_code == 201
    code = item.get_json()["code"]
    assert item.get_json()["status"] == "sorted"
    assert api.post(f"/items/{code}/valuation", json={"estimate": 9000}).get_json()["status"] == "valued"
    priced = api.post(f"/items/{code}/price", json={"price": 9900})
    assert priced.get_json()["status"] == "priced" and priced.get_json()["price"] == 9900
    looked_up = api.get(f"/items/%20{code[1:]}%20")  # the 12-digit UPC-A form with spaces
    assert looked_up.status_code == 200 and looked_up.get_json()["code"] == code
    assert [h["event"] for h in looked_up.get_json()["history"]] == ["item.sorted", "item.valued", "item.priced"]
    assert api.get(f"/items/{code}/label.png").mimetype == "image/png"
    assert api.get(f"/donations/{donation_id}").get_json()["items"] == [code]

    counter = api_as(supervisor)
    till_id = shop.tills[0].id
    assert counter.post(f"/tills/{till_id}/session", json={"opening_float": 50000}).status_code == 201
    assert counter.post(f"/tills/{till_id}/session", json={"opening_float": 50000}).status_code == 409
    sale = counter.post("/sales", json={"till_id": till_id, "lines": [{"code": code}],
                                        "payments": [{"method": "cash", "amount": 10000}]})
    assert sale.status_code == 201
    body = sale.get_json()
    assert (body["receipt_no"], body["total"], body["change"]) == (1, 9900, 100)
    again = counter.post("/sales", json={"till_id": till_id, "lines": [{"code": code}],
                                         "payments": [{"method": "cash", "amount": 10000}]})
    assert again.status_code == 409
    assert again.get_json()["error"] == "item_not_sellable"
    assert again.get_json()["details"] == {"code": code, "status": "sold"}

    first = counter.get(f"/sales/{body['id']}/receipt.pdf")
    second = counter.get(f"/sales/{body['id']}/receipt.pdf")
    assert first.mimetype == "application/pdf"
    assert "KOPIA" not in _pdf_text(first.data) and "KOPIA" in _pdf_text(second.data)

    report = counter.get(f"/tills/{till_id}/x-report").get_json()
    assert report["kind"] == "X" and report["total_sales"] == 9900 and report["copies"]["count"] == 1
    closed = counter.post(f"/tills/{till_id}/session/close", json={"counted_cash": 59900}).get_json()
    assert (closed["z_number"], closed["expected_cash"], closed["difference"]) == (1, 59900, 0)
    assert counter.get("/journal/verify").get_json() == {"ok": True, "entries": 5}  # float, sale, copy, X, Z
    feedback = counter.get("/feedback/categories").get_json()
    assert {"category": "jeans", "listed": 1, "sold": 1, "sell_through": 1.0, "median_days_to_sell": 0.0,
            "median_price": 9900} in feedback


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(io.BytesIO(data))
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


@pytest.mark.parametrize("code, error", [("0400000000001", "invalid_check_digit"), ("hello", "malformed_code")])
def test_a_bad_code_in_the_path_is_a_422_naming_the_problem(api_as, cashier, code, error):
    response = api_as(cashier).get(f"/items/{code}")
    assert response.status_code == 422 and response.get_json()["error"] == error


def test_an_unknown_code_is_a_404(api_as, cashier):
    response = api_as(cashier).get(f"/items/{make_item_code(424242)}")
    assert response.status_code == 404 and response.get_json()["error"] == "unknown_item"


def test_malformed_json_is_a_400_and_changes_nothing(api_as, warehouse, shop):
    api = api_as(warehouse)
    response = api.client.post("/api/v1/donations", data="{not json", headers={**api.headers,
                                                                                "Content-Type": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"] == "malformed_json"


def test_fields_that_fail_validation_are_named(api_as, warehouse, shop):
    response = api_as(warehouse).post("/donations", json={"shop_id": shop.id, "channel": "by_post",
                                                          "weight_grams": -1})
    assert response.status_code == 422
    assert set(response.get_json()["details"]) == {"channel", "weight_grams"}


def test_a_negative_price_is_refused_with_422(api_as, make_item, supervisor):
    item = make_item()
    response = api_as(supervisor).post(f"/items/{item.code}/price", json={"price": -100})
    assert response.status_code == 422 and "price" in response.get_json()["details"]


def test_pricing_a_garment_for_redesign_is_a_409(api_as, make_item, supervisor):
    item = make_item(route="redesign")
    response = api_as(supervisor).post(f"/items/{item.code}/price", json={"price": 5000})
    assert response.status_code == 409 and response.get_json()["error"] == "wrong_stage"


def test_selling_at_a_closed_till_is_a_409_till_closed(api_as, make_item, cashier, till):
    item = make_item(price=5000)
    response = api_as(cashier).post("/sales", json={"till_id": till.id, "lines": [{"code": item.code}],
                                                    "payments": [{"method": "cash", "amount": 5000}]})
    assert response.status_code == 409 and response.get_json()["error"] == "till_closed"


def test_a_short_payment_is_a_422(api_as, make_item, cashier, open_till):
    item = make_item(price=5000)
    response = api_as(cashier).post("/sales", json={"till_id": open_till.id, "lines": [{"code": item.code}],
                                                    "payments": [{"method": "card", "amount": 4000}]})
    assert response.status_code == 422 and response.get_json()["error"] == "payment_short"


def test_a_counter_return_needs_a_supervisors_pin(api_as, make_item, cashier, supervisor, open_till):
    item = make_item(price=5000)
    api = api_as(cashier)
    sale = api.post("/sales", json={"till_id": open_till.id, "lines": [{"code": item.code}],
                                    "payments": [{"method": "cash", "amount": 5000}]}).get_json()
    refused = api.post(f"/sales/{sale['id']}/returns", json={"codes": [item.code], "method": "cash"})
    assert refused.status_code == 403
    wrong_pin = api.post(f"/sales/{sale['id']}/returns", json={"codes": [item.code], "method": "cash",
                                                               "approval": {"username": "handledare", "pin": "1"}})
    assert wrong_pin.status_code == 403
    ok = api.post(f"/sales/{sale['id']}/returns", json={"codes": [item.code], "method": "cash",
                                                        "approval": {"username": "handledare", "pin": "4321"}})
    assert ok.status_code == 201 and ok.get_json()["total"] == -5000
    twice = api.post(f"/sales/{sale['id']}/returns", json={"codes": [item.code], "method": "cash",
                                                           "approval": {"username": "handledare", "pin": "4321"}})
    assert twice.status_code == 409


def test_a_body_larger_than_the_limit_is_a_413(app, api_as, warehouse):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = api_as(warehouse).post("/donations", json={"note": "x" * 5000})
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_the_openapi_document_describes_every_api_route(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "boutique_api.openapi":
            path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
            routed.update((path, m) for m in rule.methods - {"HEAD", "OPTIONS"})
    assert routed == documented
    sale_body = doc["paths"]["/api/v1/sales"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert sale_body == {"$ref": "#/components/schemas/SaleIn"}
    assert set(doc["components"]["schemas"]["SaleIn"]["required"]) == {"till_id", "lines", "payments"}
