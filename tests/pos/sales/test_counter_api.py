"""The counter's JSON API beyond the plain sale: cash, discounts, receipts by number, campaigns, journal verify."""

from __future__ import annotations

from sqlalchemy import text

from boutique.db import db


def test_cash_movements_and_a_drawer_opening_show_in_the_x_report(api_as, cashier, open_till):
    api = api_as(cashier)
    moved = api.post(f"/tills/{open_till.id}/cash", json={"kind": "cash_out", "amount": 10000, "reason": "Banken"})
    assert moved.status_code == 201 and moved.get_json()["amount"] == 10000
    assert api.post(f"/tills/{open_till.id}/cash", json={"kind": "no_sale"}).status_code == 201
    assert api.post(f"/tills/{open_till.id}/cash", json={"kind": "cash_in", "amount": 500}).status_code == 422
    report = api.get(f"/tills/{open_till.id}/x-report").get_json()
    assert (report["expected_cash"], report["no_sale_openings"]) == (40000, 1)


def test_a_discounted_sale_needs_approval_over_the_api_too(api_as, cashier, supervisor, make_item, open_till):
    item = make_item(price=10000)
    sale = {"till_id": open_till.id, "lines": [{"code": item.code,
                                                "discount": {"percent": 50, "reason": "Trasig dragkedja"}}],
            "payments": [{"method": "card", "amount": 5000}]}
    refused = api_as(cashier).post("/sales", json=sale)
    assert refused.status_code == 403 and refused.get_json()["error"] == "approval_needed"
    sale["approval"] = {"username": supervisor.username, "pin": "4321"}
    body = api_as(cashier).post("/sales", json=sale).get_json()
    assert (body["total"], body["approved_by"], body["lines"][0]["discount"]) == (5000, "handledare", 5000)
    assert body["lines"][0]["discount_reason"] == "Trasig dragkedja"
    assert api_as(cashier).get(f"/tills/{open_till.id}/x-report").get_json()["discounts"] == 5000


def test_a_receipt_is_found_by_its_till_and_number_and_returned_by_line(api_as, supervisor, open_till):
    api = api_as(supervisor)
    sale = api.post("/sales", json={"till_id": open_till.id, "lines": [{"category": "tops"}],
                                    "payments": [{"method": "cash", "amount": 4000}]}).get_json()
    found = api.get(f"/tills/{open_till.id}/receipts/{sale['receipt_no']}").get_json()
    assert found["id"] == sale["id"] and found["lines"][0]["price"] == 4000
    refund = api.post(f"/sales/{sale['id']}/returns", json={"line_ids": [found["lines"][0]["id"]], "method": "cash"})
    assert refund.status_code == 201 and refund.get_json()["total"] == -4000
    again = api.post(f"/sales/{sale['id']}/returns", json={"line_ids": [found["lines"][0]["id"]], "method": "cash"})
    assert again.status_code == 409 and again.get_json()["error"] == "already_returned"
    assert api.get(f"/tills/{open_till.id}/receipts/999").status_code == 404


def test_a_till_opened_and_closed_by_notes_and_coins(api_as, supervisor, till):
    api = api_as(supervisor)
    opened = api.post(f"/tills/{till.id}/session", json={"counts": {"50000": 1, "2000": 5}})
    assert opened.status_code == 201 and opened.get_json()["opening_float"] == 60000
    report = api.post(f"/tills/{till.id}/session/close", json={"counts": {"50000": 1, "2000": 4}}).get_json()
    assert (report["z_number"], report["difference"]) == (1, -2000)
    assert api.get(f"/tills/{till.id}/z-reports").get_json()[0]["z_number"] == 1


def test_a_supervisor_starts_a_campaign_and_a_participant_may_not(api_as, supervisor, cashier):
    campaign = {"name": "Julmarknad", "starts_on": "2026-12-01", "ends_on": "2026-12-24", "percent": 30,
                "categories": ["knitwear"]}
    assert api_as(cashier).post("/campaigns", json=campaign).status_code == 403
    created = api_as(supervisor).post("/campaigns", json=campaign)
    assert created.status_code == 201 and created.get_json()["active"] is True
    backwards = dict(campaign, ends_on="2026-11-01")
    assert api_as(supervisor).post("/campaigns", json=backwards).status_code == 422


def test_journal_verify_over_the_api_catches_an_altered_row(api_as, supervisor, open_till):
    api = api_as(supervisor)
    api.post(f"/tills/{open_till.id}/cash", json={"kind": "no_sale"})
    assert api.get("/journal/verify").get_json() == {"ok": True, "entries": 2}
    db.session.execute(text("UPDATE journal_entries SET person_id = NULL WHERE seq = 2"))
    db.session.execute(text("UPDATE journal_entries SET body = replace(body, '\"no_sale\"', '\"cash_in\"') "
                            "WHERE seq = 2"))
    db.session.commit()
    verdict = api.get("/journal/verify").get_json()
    assert verdict["ok"] is False and verdict["first_bad"]["seq"] == 2


def test_an_id_too_large_for_any_row_is_a_404_or_422_not_a_server_error(api_as, supervisor, open_till):
    api = api_as(supervisor)
    huge = 10**12
    assert api.get(f"/sales/{huge}").status_code == 404
    assert api.get(f"/sales/{huge}/receipt.pdf").status_code == 404
    assert api.get(f"/tills/{huge}/x-report").status_code == 404
    assert api.get(f"/tills/{open_till.id}/receipts/{huge}").status_code == 404
    # In a body, such an id fails validation and the field is named.
    too_big = api.post("/sales", json={"till_id": huge, "lines": [{"category": "tops"}],
                                       "payments": [{"method": "cash", "amount": 4000}]})
    assert too_big.status_code == 422 and "till_id" in too_big.get_json()["details"]
