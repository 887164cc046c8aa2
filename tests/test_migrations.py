"""Migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, update

from boutique.clock import frozen_at
from boutique.db import db
from boutique.models import Person
from inventory.garments import services as garment_services
from inventory.garments.models import Category, Item
from inventory.tallies import services as tallies
from pos.campaigns.prices import LineRequest
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest


def test_the_migrated_database_matches_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_seed_the_standard_categories_with_flat_prices(app):
    categories = {c.key: c for c in db.session.scalars(select(Category))}
    assert categories["jeans"].name_sv == "Jeans" and categories["knitwear"].name_sv == "Stickat"
    assert categories["home_textiles"].name_en == "Textiles for the home"
    assert all(c.default_price > 0 for c in categories.values())


def test_db_upgrade_on_an_empty_sqlite_file_creates_everything(tmp_path):
    from flask_migrate import upgrade

    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/new.db"})
    with app.app_context():
        upgrade()
        assert db.session.scalar(select(db.func.count(Category.id))) >= 14
        journal_mode = db.session.execute(db.text("PRAGMA journal_mode")).scalar()
        synchronous = db.session.execute(db.text("PRAGMA synchronous")).scalar()
        foreign_keys = db.session.execute(db.text("PRAGMA foreign_keys")).scalar()
        assert (journal_mode, synchronous, foreign_keys) == ("wal", 2, 1)
        db.session.remove()
        db.engine.dispose()


def test_migration_0015_turns_the_day_tallies_into_hour_tallies_and_back(app, make_item, open_till, cashier,
                                                                        warehouse):
    """Each way the tallies are counted from the garments, and the triggers made again keep them."""
    from flask_migrate import downgrade, upgrade

    till_id, cashier_id = open_till.id, cashier.id

    def sell(code: str, hour: int) -> None:
        with frozen_at(datetime(2026, 6, 10, hour, 30, tzinfo=UTC)):
            sale_services.ring_up(till_id, [LineRequest(code=code)], [PaymentRequest("cash", 100000)],
                                  by=db.session.get(Person, cashier_id))

    def sell_at_old_revision(code: str, hour: int) -> None:
        """What a sale does to the garment's row, in SQL: at revision 0014 today's models are ahead of the tables."""
        items = Item.__table__.c  # the items table itself is the same at 0014
        assert db.session.execute(update(Item.__table__).where(items.code == code)
                                  .values(status="sold", sold_at=datetime(2026, 6, 10, hour, 30, tzinfo=UTC),
                                          sold_price=items.price, sold_days=0)).rowcount == 1
        db.session.commit()

    def assert_right(kept: tuple[tallies.Tally, ...]) -> None:
        for tally in kept:
            assert sorted(tallies.counts(tally, [k.name for k in tally.keys])) == tallies.recount(tally), tally.name

    garments = [make_item(price=10000, weight_grams=300).code for _ in range(3)]
    sell(garments[0], 21)
    garment_services.withdraw_item(make_item().code, reason="recycling", by=warehouse)
    db.session.commit()
    db.session.remove()  # nothing of the test holds the tables the migration drops

    downgrade(revision="0014")
    by_day = (tallies.LISTED, tallies.SOLD_PRICES, tallies.DONATION_WEIGHTS, *tallies.UTC_DAY_TALLIES, tallies.AGEING)
    assert_right(by_day)
    sell_at_old_revision(garments[1], 22)
    assert_right(by_day)
    assert sum(n for *_key, n, _grams, _unweighed in tallies.counts(tallies.UTC_DAY_TALLIES[0], ["sold_at_day"])) == 2
    db.session.remove()

    upgrade()
    assert_right(tallies.TALLIES)
    sell(garments[2], 23)
    assert_right(tallies.TALLIES)
    assert [n for _hour, n, *_sums in tallies.counts(tallies.SOLD_HOURS, ["sold_at_hour"])] == [1, 1, 1]
