"""The command line of shared/API.md."""

from __future__ import annotations

from sqlalchemy import select

from boutique.db import db
from boutique.models import Person, Shop


def test_shop_create_prints_the_new_id_alone_on_the_last_line(runner):
    result = runner.invoke(args=["shop", "create", "Kupan Söder", "--org-no", "802000-1111", "--address", "Gatan 2"])
    assert result.exit_code == 0, result.output
    shop_id = int(result.output.strip().splitlines()[-1])
    shop = db.session.get(Shop, shop_id)
    assert (shop.name, shop.org_no, [t.name for t in shop.tills]) == ("Kupan Söder", "802000-1111", ["Kassa 1"])


def test_user_create_makes_a_person_who_can_sign_in(runner, client):
    result = runner.invoke(args=["user", "create", "amina", "--role", "counter", "--name", "Amina",
                                 "--password", "pw-1234"])
    assert result.exit_code == 0, result.output
    person = db.session.scalar(select(Person).where(Person.username == "amina"))
    assert (person.role, person.display_name) == ("counter", "Amina")
    assert client.post("/api/v1/auth/token", json={"username": "amina", "password": "pw-1234"}).status_code == 200


def test_user_create_refuses_an_unknown_role(runner):
    result = runner.invoke(args=["user", "create", "x", "--role", "king", "--password", "pw-1234"])
    assert result.exit_code != 0
    assert db.session.scalar(select(Person).where(Person.username == "x")) is None


def test_demo_loads_once_and_leaves_an_intact_journal(runner):
    first = runner.invoke(args=["demo", "--days", "8"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded" in first.output
    people = db.session.scalar(select(db.func.count(Person.id)))
    second = runner.invoke(args=["demo", "--days", "8"])
    assert "no demo data loaded" in second.output
    assert db.session.scalar(select(db.func.count(Person.id))) == people
    assert runner.invoke(args=["journal", "verify"]).exit_code == 0
