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
                                 "--password", "pw-123456"])
    assert result.exit_code == 0, result.output
    person = db.session.scalar(select(Person).where(Person.username == "amina"))
    assert (person.role, person.display_name) == ("counter", "Amina")
    assert client.post("/api/v1/auth/token", json={"username": "amina", "password": "pw-123456"}).status_code == 200


def test_user_create_refuses_a_password_shorter_than_eight_characters(runner):
    result = runner.invoke(args=["user", "create", "amina", "--role", "counter", "--password", "short"])
    assert result.exit_code != 0 and "8" in result.output
    assert db.session.scalar(select(Person).where(Person.username == "amina")) is None


def test_user_create_refuses_an_unknown_role(runner):
    result = runner.invoke(args=["user", "create", "x", "--role", "king", "--password", "pw-123456"])
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


def test_demo_history_is_consistent_with_what_the_services_would_leave(runner):
    from boutique.models import Counter, Event, Till
    from inventory.codes import normalise_code
    from inventory.donations.kilos import shop_balance
    from inventory.garments.models import Item
    from pos.models import Sale, TillSession

    assert runner.invoke(args=["demo", "--days", "8"]).exit_code == 0
    items = db.session.scalars(select(Item)).all()
    assert len(items) > 100 and all(normalise_code(i.code) == i.code for i in items)
    assert db.session.get(Counter, "item_code").value == len(items)
    sorted_events = db.session.scalar(select(db.func.count(Event.id)).where(Event.kind == "item.sorted"))
    made_events = db.session.scalar(select(db.func.count(Event.id)).where(Event.kind == "item.made"))
    sold_events = db.session.scalar(select(db.func.count(Event.id)).where(Event.kind == "item.sold"))
    assert sorted_events + made_events == len(items) and sold_events == sum(i.status == "sold" for i in items) > 0
    till = db.session.scalar(select(Till))
    assert till.last_receipt_no == db.session.scalar(select(db.func.max(Sale.receipt_no)))
    assert db.session.scalar(select(db.func.count(TillSession.id)).where(TillSession.closed_at.is_(None))) == 0
    kilos = shop_balance(till.shop_id)
    assert kilos.difference_grams == 0 and kilos.in_grams == kilos.out_grams
    # What the sale writes on each garment for feedback: the price on its sale line, whole days since pricing.
    from pos.models import SaleLine

    paid = dict(db.session.execute(select(SaleLine.item_id, SaleLine.price)).all())
    sold = [i for i in items if i.status == "sold"]
    assert all(i.sold_price == paid[i.id] and i.sold_days == (i.sold_at - i.priced_at).days for i in sold)
    assert all(i.sold_price is None and i.sold_days is None for i in items if i.status != "sold")
    # ... and Sara's course, for the cohort view.
    from boutique.models import Cohort, Person

    cohort = db.session.scalar(select(Cohort))
    assert cohort.name == "Beckmans HT26"
    assert db.session.scalar(select(Person.username).where(Person.cohort_id == cohort.id)) == "design"


def test_demo_workshop_leaves_pieces_with_their_provenance_some_sold(runner, client):
    """Sara's projects, made from garments of the redesign route, as the workshop's use cases leave them."""
    from boutique.models import Event
    from inventory.garments.models import Item
    from inventory.workshop.models import ProductSource, RedesignProduct, RedesignProject

    assert runner.invoke(args=["demo", "--days", "120"]).exit_code == 0
    projects = db.session.scalars(select(RedesignProject)).all()
    products = db.session.scalars(select(RedesignProduct)).all()
    assert len(projects) >= 10 and len(products) >= 8
    for product in products:
        assert product.project.status == "finished" and product.item.route == "shop"
        assert product.item.status in ("priced", "sold") and product.item.priced_by_id is not None
        sources = db.session.scalars(select(Item).join(ProductSource, ProductSource.source_id == Item.id)
                                     .where(ProductSource.product_id == product.item_id)).all()
        assert sources and all(s.route == "redesign" and s.status == "consumed" for s in sources)
        assert all(s.sorted_at < product.made_at for s in sources)
        made = db.session.scalar(select(Event).where(Event.kind == "item.made", Event.subject_id == product.item_id))
        assert made.data["code"] == product.item.code and made.data["made_from"] == [s.code for s in sources]
    assert any(p.item.status == "sold" for p in products) and any(p.item.status == "priced" for p in products)
    for project in projects:  # a project started in the last days may have no working session yet
        assert project.designers[0].person.username == "design" and project.tags
        assert project.steps or project.status == "open"

    # Sara sees her pieces, and how they sold, on her own feedback page.
    client.post("/login", data={"username": "design", "password": "demo"})
    sara = projects[0].designers[0].person_id
    page = client.get(f"/feedback/designers/{sara}").get_data(as_text=True)
    sold = next(p for p in products if p.item.status == "sold")
    assert sold.item.code in page
