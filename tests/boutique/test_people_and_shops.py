"""Supervisors manage the people of the shop floor, admins the shops; everyone their own settings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from boutique import services
from boutique.db import db
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Event, Person


def test_a_supervisor_adds_a_participant_who_can_then_sign_in(client, supervisor, login):
    login(supervisor)
    response = client.post("/people", data={"username": "amina", "display_name": "Amina", "role": "counter",
                                            "kind": "participant", "language": "en", "password": "long-enough",
                                            "pin": "2468"}, follow_redirects=True)
    assert "Amina" in response.get_data(as_text=True)
    amina = db.session.scalar(select(Person).where(Person.username == "amina"))
    assert (amina.role, amina.kind, amina.language) == ("counter", "participant", "en")
    client.post("/logout")
    assert client.post("/login", data={"username": "amina", "password": "long-enough"}).status_code == 302


def test_a_supervisor_may_not_make_an_admin(client, supervisor, login):
    login(supervisor)
    client.post("/people", data={"username": "boss", "display_name": "Boss", "role": "admin", "kind": "staff",
                                 "language": "sv", "password": "long-enough"})
    assert db.session.scalar(select(Person).where(Person.username == "boss")) is None


def test_a_person_who_may_no_longer_sign_in_is_refused(client, supervisor, make_person, login):
    leila = make_person("counter", username="leila")
    services.update_person(leila.id, by=supervisor, display_name="Leila", role="counter", kind="participant",
                           language="sv", active=False)
    response = client.post("/login", data={"username": "leila", "password": "secret-pw"})
    assert response.status_code == 401  # the form again, with the error
    kinds = [e.kind for e in db.session.scalars(select(Event).where(Event.subject_id == leila.id,
                                                                     Event.subject_type == "person"))]
    assert kinds == ["person.created", "person.changed", "signin.failed"]


def test_a_warehouse_person_cannot_manage_people(client, warehouse, login):
    login(warehouse)
    assert client.get("/people").status_code == 403
    with pytest.raises(Forbidden):
        services.update_person(warehouse.id, by=warehouse, display_name="x", role="admin", kind="staff",
                               language="sv", active=True)


def test_a_short_new_password_and_a_letter_pin_are_refused(supervisor, make_person):
    person = make_person("counter")
    with pytest.raises(ValidationFailed):
        services.update_person(person.id, by=supervisor, display_name="P", role="counter", kind="participant",
                               language="sv", active=True, password="short")
    with pytest.raises(ValidationFailed):
        services.update_person(person.id, by=supervisor, display_name="P", role="counter", kind="participant",
                               language="sv", active=True, pin="12ab")


def test_my_settings_change_my_language_and_text_size(client, cashier, login):
    login(cashier)
    client.post("/profile", data={"which": "profile", "display_name": "Leila K", "language": "en",
                                  "large_text": "y"})
    page = client.get("/").get_data(as_text=True)
    assert "Hello, Leila K!" in page
    assert 'class="large-text' in page


def test_an_admin_sets_the_vat_mode_and_swish_number_and_adds_a_till(client, make_person, login, shop):
    admin = make_person("admin")
    login(admin)
    client.post(f"/shops/{shop.id}", data={"name": shop.name, "org_no": "802000-0000", "address": "Gatan 1",
                                           "vat_mode": "standard", "swish_number": "123 456 78 90"})
    client.post(f"/shops/{shop.id}/tills", data={"till-name": "Kassa 2"})
    db.session.refresh(shop)
    assert (shop.vat_mode, shop.swish_number) == ("standard", "1234567890")
    assert [t.name for t in shop.tills] == ["Kassa 1", "Kassa 2"]


def test_a_wrong_swish_number_is_refused(make_person, shop):
    admin = make_person("admin")
    with pytest.raises(ValidationFailed):
        services.update_shop(shop.id, by=admin, name=shop.name, org_no="", address="", vat_mode="exempt",
                             swish_number="12345")
