"""The database: one SQLAlchemy object, a UTC datetime type, SQLite pragmas and write transactions."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, event, exc, types
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase
from werkzeug.routing import IntegerConverter

from .jsonio import ENGINE_JSON_OPTIONS

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints the same everywhere."""

    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base, engine_options=ENGINE_JSON_OPTIONS)


class UTCDateTime(types.TypeDecorator):
    """Store naive UTC, hand back aware UTC, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


# A use case that writes marks its transaction so SQLite takes the write lock at BEGIN
# (BEGIN IMMEDIATE). Otherwise a transaction that read first and writes later fails at
# once with "database is locked" when another writer got there in between, instead of
# waiting its turn under busy_timeout.
_writing: ContextVar[bool] = ContextVar("writing", default=False)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Open every SQLite connection with WAL, synchronous=FULL, foreign keys and a busy timeout."""
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None  # SQLAlchemy's begin hook below emits BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn: Any) -> None:
    """Emit BEGIN (IMMEDIATE inside a writing use case) for SQLite connections.

    Straight on the driver's connection: every request begins a transaction, and sending the
    BEGIN through SQLAlchemy's statement machinery costs as much as a small query.
    """
    if conn.dialect.name == "sqlite":
        conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")


# Rows of each index SQLite's ANALYZE samples: a few milliseconds at a million garments,
# enough for the planner to tell a unique key from a status.
ANALYSIS_LIMIT = 1000


def refresh_statistics(conn: Connection) -> None:
    """SQLite: sample every index for the query planner (`ANALYZE` with `analysis_limit`), in `conn`'s transaction.

    Without statistics SQLite guesses that any indexed equality keeps about ten rows, so it may
    walk every sold garment by status rather than fetch a designer's forty pieces by their keys
    (90 ms instead of 0.1 ms at a million garments). PostgreSQL's autovacuum keeps its own
    statistics. Run when the demo is loaded and at every till's close of day.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        conn.exec_driver_sql("ANALYZE")


def read_without_transaction() -> None:
    """PostgreSQL: run the current request's reads each in its own transaction (autocommit), on the one pool.

    For requests that only read (the API's GETs): each statement still sees only committed
    rows, as under READ COMMITTED, and the request saves the BEGIN and ROLLBACK round trips.
    A use case called afterwards begins a real transaction as always (`_begin_writing` commits,
    which hands the connection back to the pool, its isolation level reset). SQLite keeps its
    read transaction: one snapshot, and no round trips to save.
    """
    session = db.session()
    if not session.in_transaction() and db.engine.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection is alive before use, but only after it sat idle for `idle_seconds`.

    A database server may drop a connection (a restart, a firewall's idle timeout); a
    connection that went back to the pool moments ago has not been dropped. SQLAlchemy's
    `pool_pre_ping` pays a round trip on every checkout, which for a scan at the counter is
    as much as the lookup itself; this pays it only after a pause. A dead connection is
    replaced before the request uses it (DisconnectionError makes the pool connect anew).
    """

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since <= idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as err:
            raise exc.DisconnectionError(str(err)) from err


def dispose_engines() -> None:
    """Close every pooled connection of the current app's engines (before a schema is dropped, a restore)."""
    for engine in db.engines.values():
        engine.dispose()


def _begin_writing(session: Any) -> None:
    """End the request's read transaction, if any, so the use case's own transaction begins fresh.

    A request may hold a read transaction (loading the signed-in person). Carrying on in it
    would be right only under READ COMMITTED: under REPEATABLE READ, or SQLite's snapshot, the
    use case would decide on what the request saw when it began. So it is committed (a read
    has nothing to write), which also expires every object loaded so far: the use case reads
    them again in its own transaction, and on SQLite that transaction takes the write lock at
    BEGIN IMMEDIATE. Pending changes are left alone: they belong to the use case's caller.
    """
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()


P = ParamSpec("P")
R = TypeVar("R")


def use_case(func: Callable[P, R]) -> Callable[P, R]:
    """Run a service function as one write transaction: commit on success, roll back on any error.

    A use case called from inside another joins the outer transaction instead of committing.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _writing.get():
            return func(*args, **kwargs)
        _begin_writing(db.session())
        token = _writing.set(True)
        try:
            result = func(*args, **kwargs)
            db.session.commit()
            return result
        except BaseException:
            db.session.rollback()
            raise
        finally:
            _writing.reset(token)

    return wrapper


# Ids are INTEGER columns: 32-bit on PostgreSQL. A larger number names nothing.
MAX_ID = 2**31 - 1


def _at_most(limit: int) -> str:
    """A regular expression of the decimal numbers from 0 to `limit` (no sign, leading zeros allowed)."""
    digits = str(limit)
    parts = [rf"0*\d{{1,{len(digits) - 1}}}"]
    for i, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - i - 1
            parts.append(digits[:i] + f"[0-{int(digit) - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    parts.append(digits)
    return "(?:" + "|".join(part if part.startswith("0*") else "0*" + part for part in parts) + ")"


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in routes: only numbers a database integer column can hold, so an absurd id
    in a URL is a plain 404 rather than an overflow inside the database driver.

    The bound is in the pattern, not only in `to_python`: Werkzeug checks the method before it
    converts, so a path served by a GET rule and a PUT rule would answer a too-large id with 405.
    """

    regex = _at_most(2**31 - 1)

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = 0, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
