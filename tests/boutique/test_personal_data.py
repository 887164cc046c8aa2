"""A person's data can be exported and pseudonymised; sales history and the journal stay intact."""

from __future__ import annotations

from boutique.db import db
from boutique.models import Person


def test_a_supervisor_downloads_a_participants_data_with_their_work(client, supervisor, warehouse, login,
                                                                     make_donation):
    make_donation()
    login(supervisor)
    data = client.get(f"/people/{warehouse.id}/export.json").get_json()
    assert data["person"]["username"] == "lager"
    assert [w["event"] for w in data["work"]][:2] == ["donation.received", "donation.unpacked"]


def test_pseudonymising_removes_the_name_but_keeps_sales_and_the_journal(client, supervisor, cashier, login,
                                                                       make_item, open_till):
    from pos.campaigns import prices
    from pos.journal import services as journal
    from pos.models import Sale
    from pos.sales import services as sale_services

    item = make_item(price=5000)
    sale_services.ring_up(open_till.id, [prices.LineRequest(code=item.code)],
                     [sale_services.PaymentRequest("cash", 5000)], by=cashier)
    login(supervisor)
    client.post(f"/people/{cashier.id}/pseudonymise")
    person = db.session.get(Person, cashier.id)
    assert person.username == f"removed-{cashier.id}" and "Leila" not in person.display_name
    assert not person.active and person.password_hash == "" and person.pin_hash == ""
    assert db.session.query(Sale).one().person_id == cashier.id
    assert journal.verify().ok
    assert client.post("/api/v1/auth/token", json={"username": "kassa", "password": "secret-pw"}).status_code == 401
