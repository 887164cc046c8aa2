"""Pooled connections: one the database server dropped (a restart) is replaced before a request uses it,
so a scan after a restart answers as before instead of failing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from boutique.db import db


def backend(engine: Engine) -> Any:
    """Which server process (PostgreSQL) or connection object (SQLite) answers."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            return conn.execute(text("SELECT pg_backend_pid()")).scalar()
        conn.execute(text("SELECT 1"))
        return conn.connection.dbapi_connection  # the object itself: its id could be reused


def drop_every_pooled_connection() -> int:
    """A server restart, as far as the app's pool can tell: every connection to its database is dropped."""
    db.session.remove()
    other = create_engine(db.engine.url, poolclass=NullPool)
    with other.connect() as conn:
        dropped = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
        conn.commit()
    return dropped


def test_a_connection_that_fails_its_check_is_replaced_before_use(app, monkeypatch):
    engine = db.engine
    first = backend(engine)
    if engine.dialect.name == "postgresql":
        other = create_engine(engine.url)
        with other.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
            conn.commit()
        other.dispose()
    else:  # a database file is never dropped by a server; a failing check stands in for it
        import sqlite3

        real, calls = engine.dialect.do_ping, []

        def fails_once(dbapi_connection: Any) -> bool:
            calls.append(dbapi_connection)
            if len(calls) == 1:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")  # what SQLite calls a disconnect
            return real(dbapi_connection)

        monkeypatch.setattr(engine.dialect, "do_ping", fails_once)
    second = backend(engine)  # no error: the check found the connection dead and the pool made a new one
    assert second != first
    assert backend(engine) == second


def test_a_scan_after_the_server_dropped_every_connection_answers_as_before(api_as, cashier, make_item):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a database file is never dropped by a server")
    code = make_item(price=5000).code
    api = api_as(cashier)
    db.session.remove()
    assert api.get(f"/items/{code}").status_code == 200
    assert drop_every_pooled_connection() >= 1
    card = api.get(f"/items/{code}")
    assert (card.status_code, card.get_json()["price"]) == (200, 5000)
