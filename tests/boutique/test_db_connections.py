"""Pooled connections: one that sat idle is checked before use and replaced when the server dropped it;
one that went back to the pool a moment ago is used without the extra round trip. A scan after a
server restart answers as before."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from boutique.db import db, ping_after_idle
from tests.conftest import _app_for_one_test

IDLE = 0.2  # seconds


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine of its own with one pooled connection, checked after IDLE seconds in the pool."""
    made = create_engine(database_url, pool_size=1, max_overflow=0)
    ping_after_idle(made, IDLE)
    yield made
    made.dispose()


@pytest.fixture
def pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every liveness check the pool makes."""
    made: list[Any] = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        made.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return made


def backend(engine: Engine) -> Any:
    """Which server process (PostgreSQL) or connection object (SQLite) answers."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            return conn.execute(text("SELECT pg_backend_pid()")).scalar()
        conn.execute(text("SELECT 1"))
        return conn.connection.dbapi_connection  # the object itself: its id could be reused


def drop_connection(engine: Engine, monkeypatch: pytest.MonkeyPatch, pid: Any) -> None:
    """The server drops the pooled connection (PostgreSQL: for real; SQLite, a file: its next check fails)."""
    if engine.dialect.name == "postgresql":
        other = create_engine(engine.url)
        with other.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            conn.commit()
        other.dispose()
        return
    import sqlite3

    real = engine.dialect.do_ping
    calls = {"n": 0}

    def fails_once(dbapi_connection: Any) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("the connection was closed")
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", fails_once)


def test_a_connection_used_a_moment_ago_is_not_checked(engine, pings):
    first = backend(engine)
    assert [backend(engine) for _ in range(5)] == [first] * 5
    assert pings == []


def test_an_idle_connection_is_checked_and_a_dropped_one_replaced_before_the_request_uses_it(engine, monkeypatch):
    first = backend(engine)
    drop_connection(engine, monkeypatch, first)
    time.sleep(IDLE * 2)
    second = backend(engine)  # no error: the check found the connection dead and the pool made a new one
    assert second != first
    assert backend(engine) == second


def test_an_idle_connection_that_is_alive_is_kept(engine, pings):
    first = backend(engine)
    time.sleep(IDLE * 2)
    assert backend(engine) == first
    assert len(pings) == 1


@pytest.fixture
def app(database_url: str, seed_rows: dict[str, list[dict[str, Any]]]) -> Iterator[Flask]:
    """The app, its pooled connections checked after IDLE seconds rather than the shop's 10."""
    yield from _app_for_one_test(database_url, seed_rows, DB_PING_AFTER_IDLE_SECONDS=IDLE)


def test_a_scan_after_the_server_dropped_every_connection_answers_as_before(api_as, cashier, make_item):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a database file is never dropped by a server")
    code = make_item(price=5000).code
    api = api_as(cashier)
    db.session.remove()
    assert api.get(f"/items/{code}").status_code == 200
    db.session.remove()
    # A server restart, as far as the app's pool can tell: every connection to its database is dropped.
    other = create_engine(db.engine.url, poolclass=NullPool)
    with other.connect() as conn:
        dropped = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
        conn.commit()
    assert dropped >= 1
    time.sleep(IDLE * 2)
    card = api.get(f"/items/{code}")
    assert (card.status_code, card.get_json()["price"]) == (200, 5000)
