"""A use case decides on what is committed when it runs, not on what the request happened to read
before it: the request's read transaction ends and the use case begins its own, whatever the
database's isolation level."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from boutique.db import db, use_case
from boutique.models import Shop
from tests.conftest import _app_for_one_test


@pytest.fixture
def app(database_url: str, seed_rows: dict[str, list[dict[str, Any]]]) -> Iterator[Flask]:
    """The app with every PostgreSQL transaction a snapshot (REPEATABLE READ), as SQLite's are."""
    options = {"isolation_level": "REPEATABLE READ"} if database_url.startswith("postgresql") else {}
    yield from _app_for_one_test(database_url, seed_rows, SQLALCHEMY_ENGINE_OPTIONS=options)


@use_case
def add_to_name(shop_id: int, suffix: str) -> str:
    """Read a shop's name and write it back longer: a use case that decides on what it reads."""
    shop = db.session.get(Shop, shop_id)
    assert shop is not None
    shop.name = shop.name + suffix
    return shop.name


def test_a_use_case_sees_what_another_request_committed_after_this_request_read(app):
    shop = Shop(name="Kupan")
    db.session.add(shop)
    db.session.commit()
    shop_id = shop.id
    assert db.session.scalar(select(Shop.name).where(Shop.id == shop_id)) == "Kupan"  # the request reads first
    with db.engine.connect() as other:  # meanwhile another request renames the shop
        other.execute(update(Shop).where(Shop.id == shop_id).values(name="Kupan City"))
        other.commit()
    assert add_to_name(shop_id, " 2") == "Kupan City 2"
    db.session.remove()
    assert db.session.get(Shop, shop_id).name == "Kupan City 2"
