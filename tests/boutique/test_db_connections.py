"""Pooled connections: one that sat idle is checked before use and replaced when the server dropped it;
one that went back to the pool a moment ago is used without the extra round trip."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from boutique.db import ping_after_idle

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
