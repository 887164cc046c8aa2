"""Migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from boutique.db import db
from inventory.garments.models import Category


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
