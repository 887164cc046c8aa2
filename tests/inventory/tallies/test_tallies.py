"""The garment tallies kept by triggers: after every kind of change they hold what a direct count gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, delete, select, text, update

from boutique.db import db
from boutique.services import create_shop
from inventory.donations.kilos import _balance, _garment_grams, shop_balance
from inventory.donations.models import Donation
from inventory.garments import services as garment_services
from inventory.garments.models import Category, Item
from inventory.tallies import services as tallies
from pos.campaigns.prices import LineRequest
from pos.feedback import services as feedback
from pos.sales import returns as sale_returns
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest
from tests.conftest import statements


def held(tally: tallies.Tally) -> list[tuple]:
    """What the tally says, every group, sorted like `recount`."""
    return sorted(tallies.counts(tally, [k.name for k in tally.keys]))


def assert_tallies_right() -> None:
    for tally in tallies.TALLIES:
        assert held(tally) == tallies.recount(tally), tally.name


def changes_waiting() -> int:
    return sum(db.session.scalar(text(f"SELECT COUNT(*) FROM {t.changes}")) for t in tallies.TALLIES)


def test_every_way_of_changing_a_garment_keeps_the_tallies_equal_to_a_direct_count(
        make_item, open_till, cashier, supervisor, warehouse):
    priced = [make_item(price=price, category=category, weight_grams=weight)
              for price, category, weight in ((10000, "shirts", 400), (25000, "dresses", None),
                                              (8000, "shirts", None), (12000, "trousers", 600))]
    on_the_floor = make_item(price=9000)
    not_priced = make_item(category="dresses")
    doomed = make_item(price=5000, category="trousers")
    assert_tallies_right()
    assert held(tallies.LISTED), "the priced garments are listed"

    sale = sale_services.ring_up(open_till.id, [LineRequest(code=g.code) for g in priced[:3]],
                       [PaymentRequest("cash", 100000)], by=cashier)
    assert_tallies_right()
    assert {row[1] for row in held(tallies.SOLD_PRICES)} == {c.id for c in db.session.scalars(
        select(Category).where(Category.key.in_(("shirts", "dresses"))))}

    sale_returns.return_items(sale.id, [priced[1].code], method="cash", by=supervisor)  # back on the floor, unsold
    garment_services.withdraw_item(priced[3].code, reason="recycling", by=warehouse, weight_grams=650)
    garment_services.withdraw_item(not_priced.code, reason="given_away", by=warehouse)
    other = create_shop("Röda Korset Andra", org_no="802000-0001", address="Andragatan 2")
    garment_services.withdraw_item(on_the_floor.code, reason="transfer", shop_id=other.id, by=warehouse)
    assert_tallies_right()

    # Writes that go around the services: a bulk UPDATE, a category corrected, a garment deleted.
    # One column at a time: each tallied column must move its garment by itself.
    db.session.execute(update(Item).where(Item.id == priced[0].id).values(sold_price=7500))
    db.session.execute(update(Item).where(Item.id == priced[0].id).values(sold_days=3))
    db.session.execute(update(Item).where(Item.id == on_the_floor.id).values(
        category_id=db.session.scalar(select(Category.id).where(Category.key == "dresses"))))
    db.session.execute(update(Item).where(Item.id == on_the_floor.id).values(first_price=None))
    db.session.execute(update(Item).where(Item.id == not_priced.id).values(weight_grams=450))
    db.session.execute(update(Item).where(Item.id == priced[0].id).values(sold_at=datetime(2025, 12, 31, 23, 59, tzinfo=UTC)))
    db.session.execute(update(Item).where(Item.id == priced[3].id).values(withdrawn_at=datetime(2026, 1, 1, tzinfo=UTC)))
    db.session.execute(delete(Item).where(Item.id == doomed.id))
    db.session.commit()
    assert_tallies_right()
    assert changes_waiting() > 0

    before = {t.name: held(t) for t in tallies.TALLIES}
    tallies.fold_all()
    assert changes_waiting() == 0, "folding empties the changes"
    assert {t.name: held(t) for t in tallies.TALLIES} == before, "and changes no count"
    assert_tallies_right()


def test_a_change_that_moves_nothing_between_groups_appends_nothing(make_item, supervisor):
    garment = make_item(price=10000, brand="Acne")
    tallies.fold_all()
    garment_services.price_item(garment.code, price=10000, by=supervisor)  # same price: no tallied column moved
    db.session.execute(update(Item).where(Item.id == garment.id).values(brand="Filippa K", status="priced"))
    db.session.commit()
    assert changes_waiting() == 0


def test_the_shop_balance_from_the_tally_equals_the_balance_counted_from_the_garments(make_item, open_till, cashier,
                                                                                    warehouse, shop):
    sold = make_item(price=10000, weight_grams=500)
    make_item(price=9000)  # never weighed: its category's typical weight
    sale_services.ring_up(open_till.id, [LineRequest(code=sold.code)], [PaymentRequest("cash", 10000)], by=cashier)
    garment_services.withdraw_item(make_item().code, reason="waste", by=warehouse, weight_grams=300)
    garment_services.withdraw_item(make_item().code, reason="given_away", by=warehouse)
    tallied = shop_balance(shop.id)
    counted = _balance(Donation.shop_id == shop.id, _garment_grams(Donation.shop_id == shop.id))
    assert tallied == counted
    assert tallied.sold_grams == 500 and tallied.discarded_grams >= 300 and tallied.given_away_grams > 0


def test_the_categories_from_the_tallies_equal_the_figures_counted_from_the_garments(make_item, open_till, cashier):
    for price, category in ((10000, "shirts"), (20000, "shirts"), (15000, "dresses"), (5000, "shirts")):
        garment = make_item(price=price, category=category)
        if price != 5000:
            sale_services.ring_up(open_till.id, [LineRequest(code=garment.code)], [PaymentRequest("cash", price)], by=cashier)
    for shop_id in (None, open_till.shop_id):
        tallied = feedback.figures_by_category(shop_id)
        counted = feedback.grouped_figures([Item.category_id], feedback.in_shop(shop_id))
        assert tallied == counted
    shirts = next(row for row in feedback.category_feedback() if row["category"] == "shirts")
    assert (shirts["listed"], shirts["sold"], shirts["median_price"]) == (3, 2, 15000)


def test_a_fold_never_deletes_a_change_committed_while_it_ran(app, make_item, database_url):
    """PostgreSQL: a sale that commits while another server folds keeps its change."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: no sale can commit while a fold holds the write lock")
    garment = make_item(price=10000)
    tallies.fold_all()
    engine = create_engine(database_url)
    try:
        with engine.connect() as other:
            other.execute(update(Item.__table__).where(Item.__table__.c.id == garment.id).values(status="withdrawn"))
            tallies.fold_all()  # the other transaction's change is not committed yet: not folded, not deleted
            other.commit()
    finally:
        engine.dispose()
    assert changes_waiting() > 0
    assert_tallies_right()


def test_flask_tallies_verify_finds_a_tally_that_drifted_and_rebuild_counts_it_again(runner, make_item):
    make_item(price=10000)
    assert runner.invoke(args=["tallies", "verify"]).exit_code == 0
    # A change written around the triggers: the tally no longer matches the garments.
    db.session.execute(text("INSERT INTO tally_listed_changes (shop_id, category_id, status, sold_days, n, "
                            "sold_price, first_price) VALUES (999, 1, 'priced', -1, 1, 0, 5000)"))
    db.session.commit()
    drifted = runner.invoke(args=["tallies", "verify"])
    assert drifted.exit_code == 1 and "tally_listed" in drifted.output
    assert runner.invoke(args=["tallies", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["tallies", "verify"]).exit_code == 0
    assert changes_waiting() == 0



def test_the_medians_the_database_takes_equal_the_medians_of_the_counts(app):
    """Odd and even counts, values held by many garments, a group that came to nothing, NULLs left out."""
    from pos.feedback.services import histogram_median

    rng = random.Random(6)
    for _round in range(25):
        db.session.execute(text("DELETE FROM tally_sold_prices_changes"))
        rows, expected = [], {}
        for category in range(1, rng.randint(2, 5)):
            pairs = [(rng.choice((5000, 7500, 10000, 12000, 20000, -1)), rng.randint(1, 4))
                     for _ in range(rng.randint(1, 9))]
            for price, n in pairs:
                rows.append({"shop_id": 1, "category_id": category, "sold_price": price, "n": n})
                if rng.random() < 0.2:  # sold, then returned: the pair cancels out
                    rows += [{"shop_id": 1, "category_id": category, "sold_price": 999, "n": 1},
                             {"shop_id": 1, "category_id": category, "sold_price": 999, "n": -1}]
            median = histogram_median((None if price == -1 else price, n) for price, n in pairs)
            if median is not None:
                expected[category] = median
        db.session.execute(tallies.TABLES["tally_sold_prices"][1].insert(), rows)
        assert tallies.medians(tallies.SOLD_PRICES, "category_id", "sold_price", {"shop_id": 1}) == expected


def test_the_feedback_pages_and_the_impact_api_read_without_writing_and_count_the_unfolded_changes(
        make_item, open_till, cashier, supervisor, login, api_as, shop):
    tallies.fold_all()
    sold = make_item(price=10000, category="dresses", weight_grams=700)
    sale_services.ring_up(open_till.id, [LineRequest(code=sold.code)], [PaymentRequest("cash", 10000)], by=cashier)
    waiting = changes_waiting()
    assert waiting > 0
    with statements() as sent:
        client = login(supervisor)
        for page in ("/feedback", "/feedback/shop", "/feedback/shop?by=size"):
            assert client.get(page).status_code == 200
        body = api_as(supervisor).get("/impact").get_json()
        dresses = next(r for r in api_as(supervisor).get("/feedback/categories").get_json() if r["category"] == "dresses")
    folds = [s for s in sent if any(t.name in s and not s.startswith("SELECT") for t in tallies.TALLIES)]
    assert folds == [], "a read never folds the tallies"
    assert changes_waiting() == waiting, "the changes are left as they are"
    assert body["sold_grams"] == 700 and (dresses["listed"], dresses["sold"]) == (1, 1)


def test_folding_is_its_own_use_case_and_a_failure_is_logged_and_raised(make_item, monkeypatch, caplog):
    make_item(price=10000)
    waiting = changes_waiting()

    def broken(conn, tally):
        raise RuntimeError("tally fault")

    monkeypatch.setattr(tallies, "fold", broken)
    with pytest.raises(RuntimeError):
        tallies.fold_all()
    assert "Folding the tallies failed" in caplog.text
    monkeypatch.undo()
    assert changes_waiting() == waiting
    tallies.fold_all()
    assert changes_waiting() == 0
