"""The database: one SQLAlchemy object, a UTC datetime type, SQLite pragmas and write transactions."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, Select, event, exc, types
from sqlalchemy.engine import Connection, Dialect, Engine, make_url
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


def read_outside_transaction() -> None:
    """PostgreSQL: run the current request's statements each in its own transaction (autocommit).

    For requests that read: each statement still sees only committed rows, as it would under
    READ COMMITTED inside a transaction, and the request saves the BEGIN and ROLLBACK round
    trips. A use case called afterwards begins a real transaction as always (the session's
    connection goes back to the pool, its isolation level reset, at the use case's first commit).
    SQLite keeps its read transaction: one snapshot, and no round trips to save. Changes nothing
    once the request has run a statement.
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


# PostgreSQL: a second pool, of connections opened in autocommit and returned to the pool as
# they are, for the hot reads that run outside any transaction (the scan lookup). See `read_connection`.
AUTOCOMMIT_READS = "autocommit_reads"


def add_autocommit_reads_bind(config: dict[str, Any]) -> None:
    """On PostgreSQL, configure the `AUTOCOMMIT_READS` engine beside the default one (before `db.init_app`).

    Switching a connection of the main pool to autocommit for one statement and back costs a
    scan as much again as its lookup in Python; a pool whose connections are in autocommit from
    the start, with nothing to roll back when they return, costs nothing of the kind. Each
    process holds one more connection per thread that scans. SQLite keeps one engine: its reads
    begin a transaction of their own (`_sqlite_begin`), which a pool that never rolls back would
    leave open.
    """
    url = config.get("SQLALCHEMY_DATABASE_URI")
    if url is None or make_url(url).get_backend_name() != "postgresql":
        return
    config["SQLALCHEMY_BINDS"] = {
        **config.get("SQLALCHEMY_BINDS", {}),
        AUTOCOMMIT_READS: {"url": url, "isolation_level": "AUTOCOMMIT", "pool_reset_on_return": None},
    }


def dispose_engines() -> None:
    """Close every pooled connection of the current app's engines (before a schema is dropped, a restore)."""
    for engine in db.engines.values():
        engine.dispose()


@contextmanager
def read_connection() -> Iterator[Connection]:
    """A connection for one hot read (the scan lookup) that needs no ORM session.

    Inside a transaction of the request's session (a use case, or reads already made) the
    read joins it. Otherwise it takes a pooled connection of its own for the one statement,
    without making the request's session at all, which costs less than opening the session's
    transaction and closing it at the request's end: on PostgreSQL from the autocommit pool
    (no BEGIN and ROLLBACK round trips, no switching in and out of autocommit).
    """
    if db.session.registry.has():
        session = db.session()
        if session.in_transaction():
            yield session.connection()
            return
    engines = db.engines
    with engines.get(AUTOCOMMIT_READS, engines[None]).connect() as connection:
        yield connection


@dataclass(frozen=True)
class DriverQuery:
    """A Core SELECT compiled once for a dialect and run on the driver's cursor, without SQLAlchemy's Result.

    For the hottest read only, the scan lookup: on PostgreSQL, SQLAlchemy's result handling
    (psycopg describing every column, a Row object per row, the execution context) costs
    0.2 ms, about as much as the statement's round trip. Everything else stays SQLAlchemy's:
    the SQL and its literal parameters are its compilation for the dialect, each column's
    value goes through its type's result processor (`UTCDateTime` hands back aware UTC,
    SQLite's JSON text is parsed), and the statement goes through the Connection's own cursor
    execution (`_cursor_execute`, the one private method used; SQLAlchemy is pinned in
    requirements.txt), so events (the tests' statement counts, the bench's floors), logging
    and disconnect handling stay what they are for every other statement.
    """

    sql: str
    defaults: dict[str, Any]
    order: tuple[str, ...] | None  # a positional paramstyle's (SQLite's) parameter names, in order
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column, processor) where there is one

    @classmethod
    def compile(cls, statement: Select[Any], dialect: Dialect) -> DriverQuery:
        """Compile `statement` for `dialect`; refused if a parameter needs SQLAlchemy's conversion on the way in."""
        compiled = statement.compile(dialect=dialect)
        for bind in compiled.binds.values():
            if bind.expanding or bind.type.dialect_impl(dialect).bind_processor(dialect) is not None:
                raise ValueError(f"parameter {bind.key} needs SQLAlchemy's conversion; use Connection.execute")
        processors = tuple(
            (index, processor) for index, column in enumerate(statement.selected_columns)
            if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None)) is not None)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        return cls(compiled.string, dict(compiled.params), order, processors)

    def rows(self, connection: Connection, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Every row, each value as its column's type gives it back; `params` by the statement's bind names."""
        values = {name: params.get(name, default) for name, default in self.defaults.items()}
        parameters: Any = tuple(values[name] for name in self.order) if self.order is not None else values
        cursor = connection.connection.cursor()
        try:
            connection._cursor_execute(cursor, self.sql, parameters)
            fetched = cursor.fetchall()
        finally:
            cursor.close()
        rows = []
        for row in fetched:
            values_out = list(row)
            for index, processor in self.processors:
                values_out[index] = processor(values_out[index])
            rows.append(tuple(values_out))
        return rows


def _begin_writing(session: Any) -> None:
    """Start a use case's write transaction fresh: nothing loaded before it is trusted as it was.

    A request may hold a read transaction (loading the signed-in person). On SQLite it is
    ended, so the write transaction begins with the write lock (BEGIN IMMEDIATE). On
    PostgreSQL it carries on as the write transaction: under READ COMMITTED each statement
    sees what is committed when it runs, as in a new transaction, and the COMMIT and BEGIN
    round trips are saved (a sale's statements are a few hundred microseconds each). Either
    way every object loaded so far is expired, so the use case reads it again inside its own
    transaction. A connection in autocommit (`read_outside_transaction`) goes back to the
    pool by a commit, which resets it.
    """
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    connection = session.connection()
    if (connection.dialect.name == "postgresql"
            and connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT"):
        session.expire_all()
    else:
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


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in routes: only numbers a database integer column can hold, so an absurd id
    in a URL is a plain 404 rather than an overflow inside the database driver."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = 0, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
