"""Fixtures of the sorting room's tests: selling a garment at a given moment, an English-speaking sorter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from flask import Flask
from sqlalchemy import text

from boutique.clock import frozen_at
from boutique.db import db
from boutique.models import Person, Till
from inventory.garments.models import Item
from pos.campaigns import prices
from pos.sales import services as sale_services


@pytest.fixture
def sell(open_till: Till, cashier: Person) -> Callable[..., Item]:
    """Sell a priced garment at the open till (at `moment` when given)."""

    def sell_item(item: Item, moment: datetime | None = None) -> Item:
        def ring() -> None:
            sale_services.ring_up(open_till.id, [prices.LineRequest(code=item.code)],
                        [sale_services.PaymentRequest(method="card", amount=item.price or 0)], by=cashier)

        if moment is None:
            ring()
        else:
            with frozen_at(moment):
                ring()
        return item

    return sell_item


@pytest.fixture
def sorter(make_person: Callable[..., Person]) -> Person:
    """A participant at the sorting station who reads English."""
    return make_person("warehouse", username="amal", display_name="Amal", kind="participant", language="en")


@pytest.fixture
def new_categories_allowed(app: Flask) -> None:
    """Move PostgreSQL's category id sequence past the seeded rows the test database restores with their ids."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT setval(pg_get_serial_sequence('categories', 'id'), "
                                "(SELECT MAX(id) FROM categories))"))
        db.session.commit()
