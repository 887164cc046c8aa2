"""A real shop's first start creates its first admin; there is no default password."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from boutique import services
from boutique.db import db
from boutique.errors import Forbidden
from boutique.models import Person, Shop


def test_an_empty_database_sends_sign_in_to_the_setup(client):
    response = client.get("/login")
    assert response.status_code == 302 and response.headers["Location"] == "/setup"


def test_setup_creates_the_shop_and_the_first_admin_and_signs_them_in(client):
    response = client.post("/setup", data={"shop_name": "Kupan", "org_no": "802000-0000", "address": "Gatan 1",
                                           "display_name": "Eva", "username": "eva", "password": "long-enough"},
                           follow_redirects=True)
    assert "Eva" in response.get_data(as_text=True)
    eva = db.session.scalar(select(Person).where(Person.username == "eva"))
    assert eva.role == "admin"
    assert db.session.scalar(select(Shop.name)) == "Kupan"
    assert client.get("/setup").status_code == 302


def test_setup_runs_only_once(client, supervisor):
    with pytest.raises(Forbidden):
        services.first_run_setup(username="mallory", display_name="M", password="long-enough", shop_name="X")
    assert client.post("/setup", data={"shop_name": "X", "display_name": "M", "username": "mallory",
                                       "password": "long-enough"}).status_code == 302
    assert db.session.scalar(select(Person).where(Person.username == "mallory")) is None


def test_a_short_password_is_refused_at_setup(client):
    client.post("/setup", data={"shop_name": "Kupan", "display_name": "Eva", "username": "eva", "password": "short"})
    assert db.session.scalar(select(Person.id)) is None
