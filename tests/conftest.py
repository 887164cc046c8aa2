"""Fixtures: one migrated database per test run (SQLite, or PostgreSQL from TEST_DATABASE_URL),
emptied after every test, an app and client per test, and factories for the shop's things."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text

from app import create_app
from boutique.db import db, dispose_engines
from boutique.models import Person, Shop, Till
from boutique.services import create_person, create_shop
from inventory.donations import services as donation_services
from inventory.donations.models import Donation
from inventory.garments import services as garment_services
from inventory.garments.models import Item
from pos.tills import services as till_services

PASSWORD = "secret-pw"
PIN = "4321"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database for this run: PostgreSQL when TEST_DATABASE_URL is set, else a SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except Exception as exc:  # pragma: no cover - depends on the machine
        if _in_ci():
            raise
        pytest.skip(f"PostgreSQL at TEST_DATABASE_URL is not reachable: {exc}")
    finally:
        engine.dispose()
    return url


def _test_config(database_url: str, **extra: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "API_VALIDATE_RESPONSES": True,
    }
    config.update(extra)
    return config


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements sent to the database inside the block (BEGIN and COMMIT are not statements)."""
    sent: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        sent.append(" ".join(statement.split())[:100])

    engines = list(db.engines.values())
    for engine in engines:
        event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", note)


@pytest.fixture(scope="session")
def seed_rows(database_url: str) -> dict[str, list[dict[str, Any]]]:
    """Migrate the empty database once, and keep what the migrations seeded to restore after each test."""
    from flask_migrate import upgrade

    app = create_app(_test_config(database_url))
    with app.app_context():
        upgrade()
        seeds = {}
        for table in ("categories", "counters"):
            # Through the table's own types, so JSON comes back as data rather than text.
            seeds[table] = [dict(row._mapping) for row in db.session.execute(db.metadata.tables[table].select())]
        db.session.remove()
        dispose_engines()
    return seeds


def _empty_database(seeds: dict[str, list[dict[str, Any]]]) -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        # References that close a cycle (a cohort's teacher is a person in a cohort) are cut first.
        for table in tables:
            for fk in table.foreign_keys:
                if fk.constraint.use_alter:
                    db.session.execute(table.update().values({fk.parent.name: None}))
        # The tallies last: deleting garments fires their triggers, which append changes.
        tallies = [t for t in tables if t.name.startswith("tally_")]
        for table in [t for t in tables if t not in tallies] + tallies:
            db.session.execute(table.delete())
    for name, rows in seeds.items():
        if rows:
            db.session.execute(db.metadata.tables[name].insert(), rows)
            if db.engine.dialect.name == "postgresql" and "id" in rows[0]:
                # The seed rows carry their ids; move the sequence past them.
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                        f"(SELECT max(id) FROM {name}))"))
    db.session.commit()


def _forget_user_between_requests(app: Flask) -> None:
    """The test holds one app context open for service calls, and requests made inside it share
    its `g`; production requests never do. Forget the signed-in person and their language before
    each request so two clients in one test are two people, as two browsers would be."""

    @app.before_request
    def forget_signed_in_person() -> None:
        g.pop("_login_user", None)
        g.pop("_flask_babel", None)


def _app_for_one_test(database_url: str, seeds: dict[str, list[dict[str, Any]]], **config: Any) -> Iterator[Flask]:
    """Build an app on the migrated database, hold its context for the test, then empty the database."""
    app = create_app(_test_config(database_url, **config))
    _forget_user_between_requests(app)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_database(seeds)
        db.session.remove()
        dispose_engines()


@pytest.fixture
def app(database_url: str, seed_rows: dict[str, list[dict[str, Any]]]) -> Iterator[Flask]:
    """A fresh app on the migrated database, emptied again after the test."""
    yield from _app_for_one_test(database_url, seed_rows)


@pytest.fixture
def csrf_app(database_url: str, seed_rows: dict[str, list[dict[str, Any]]]) -> Iterator[Flask]:
    """Like `app`, with CSRF protection switched on as in production."""
    yield from _app_for_one_test(database_url, seed_rows, WTF_CSRF_ENABLED=True)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def shop(app: Flask) -> Shop:
    """A shop with its till, "Kassa 1"."""
    return create_shop("Röda Korset Testbutik", org_no="802000-0000", address="Testgatan 1")


@pytest.fixture
def till(shop: Shop) -> Till:
    return shop.tills[0]


@pytest.fixture
def make_person(app: Flask, shop: Shop) -> Callable[..., Person]:
    """Create a person with a role; password PASSWORD, PIN PIN."""
    counter = {"n": 0}

    def make(role: str = "warehouse", username: str | None = None, **kwargs: Any) -> Person:
        counter["n"] += 1
        return create_person(username or f"{role}{counter['n']}", role=role, password=PASSWORD, pin=PIN,
                             shop_id=shop.id, **kwargs)

    return make


@pytest.fixture
def supervisor(make_person: Callable[..., Person]) -> Person:
    return make_person("supervisor", username="handledare", display_name="Maria")


@pytest.fixture
def warehouse(make_person: Callable[..., Person]) -> Person:
    return make_person("warehouse", username="lager", display_name="Ahmed")


@pytest.fixture
def cashier(make_person: Callable[..., Person]) -> Person:
    return make_person("counter", username="kassa", display_name="Leila")


@pytest.fixture
def make_donation(shop: Shop, warehouse: Person) -> Callable[..., Donation]:
    """A donation moved to `stage` (default: washed, ready for sorting)."""

    def make(stage: str = "washed", weight_grams: int = 5000) -> Donation:
        donation = donation_services.receive_donation(shop_id=shop.id, channel="drop_off", weight_grams=weight_grams,
                                              by=warehouse)
        for step in ("unpacked", "washed", "sorted"):
            if donation.stage == stage:
                break
            donation = donation_services.advance_donation(donation.id, step, by=warehouse)
        return donation

    return make


@pytest.fixture
def make_item(make_donation: Callable[..., Donation], warehouse: Person, supervisor: Person) -> Callable[..., Item]:
    """An item sorted from a fresh donation; priced when `price` is given."""

    def make(price: int | None = None, category: str = "shirts", route: str = "shop", **kwargs: Any) -> Item:
        donation = make_donation()
        item = donation_services.sort_item(donation_id=donation.id, category=category, condition=kwargs.pop("condition", 4),
                                   route=route, by=warehouse, **kwargs)
        if price is not None:
            item = garment_services.price_item(item.code, price=price, by=supervisor)
        return item

    return make


@pytest.fixture
def open_till(till: Till, cashier: Person) -> Till:
    """The shop's till, opened with a 500 kr float."""
    till_services.open_till(till.id, opening_float=50000, by=cashier)
    return till


class ApiClient:
    """A test client that speaks the JSON API with a bearer token."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get("/api/v1" + path, headers=self.headers, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.client.post("/api/v1" + path, json=json, headers=self.headers, **kwargs)


@pytest.fixture
def api_as(client: FlaskClient) -> Callable[[Person], ApiClient]:
    """An API client signed in as the given person."""

    def make(person: Person) -> ApiClient:
        response = client.post("/api/v1/auth/token", json={"username": person.username, "password": PASSWORD})
        assert response.status_code == 200, response.get_json()
        return ApiClient(client, response.get_json()["token"])

    return make


@pytest.fixture
def login(client: FlaskClient) -> Callable[[Person], FlaskClient]:
    """Sign the test client in as the given person through the real sign-in page."""

    def sign_in(person: Person) -> FlaskClient:
        response = client.post("/login", data={"username": person.username, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in
