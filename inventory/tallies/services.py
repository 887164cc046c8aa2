"""Running tallies of garments, kept by the database itself as garments change.

The shop-wide counts (figures by category, a shop's kilo balance, kilos in a period of shop
days, the ageing stock) grouped every garment a shop ever had: their cost grew with the shop's
history, to 300–450 ms at a million garments on a slow machine. A tally is a small table of
counts and sums per group (a few thousand rows however long the history), so those counts
read the tally instead.

How a tally stays right:

- **Triggers on `items`** (SQLite triggers, a PL/pgSQL trigger function on PostgreSQL) add a
  change row for every insert, delete and update of a tallied column: minus the garment's old
  group, plus its new one. Every way of writing a garment is covered, the ORM, bulk
  `UPDATE`s, the demo loader and the benchmark's `INSERT ... SELECT` alike.
- **Changes are only appended** (`<tally>_changes`), never updated in place, so two sales
  never wait for each other on a shared tally row and cannot deadlock over one.
- **Reading adds the changes to the folded base** (`<tally>`) in one statement, so a reader
  is right whether or not the changes were folded yet.
- **Folding** (`fold`) moves the changes into the base in one transaction: on PostgreSQL
  one statement that deletes the changes it folds (`DELETE ... RETURNING` inside the
  `INSERT`), so a change committed meanwhile is never deleted unfolded; on SQLite under the
  write lock, which no one else can hold meanwhile. Reads never fold: folding is its own use
  case (`fold_all`), run after a Z report has committed and by `flask tallies fold`.
- `rebuild` counts a tally from the garments themselves (the migration that made them, and
  the test that checks the triggers against a direct count after every kind of change).

NULLs are kept as -1 (numbers) in the tally's key: a unique key treats NULLs as distinct, so
`ON CONFLICT` could not add to a group whose key has one.

A later SQLite migration that rebuilds `items` with `batch_alter_table` drops its triggers
(Alembic does not copy triggers): such a migration must call `create_triggers` again.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, text
from sqlalchemy.engine import Connection

from boutique.clock import SHOP_TZ, shop_date
from boutique.db import db, use_case


@dataclass(frozen=True)
class Key:
    """One column of a tally's key: its name and type, and the SQL that computes it from a garment."""

    name: str
    sql: str  # over "{row}", which is NEW or OLD in a trigger and "items" when rebuilding
    text: bool = False  # a string column rather than a number
    postgresql: str = ""  # PostgreSQL's SQL where it differs from SQLite's

    def sql_for(self, dialect: str) -> str:
        return self.postgresql if dialect == "postgresql" and self.postgresql else self.sql


def day_of(column: str) -> Key:
    """A key column holding the UTC day (YYYY-MM-DD) of a garment's timestamp; '' when it has none.

    Only for the tallies by UTC day of migration 0012 (`UTC_DAY_TALLIES`): the shop's days are
    Stockholm's, which `hour_of` keys serve.
    """
    return Key(f"{column}_day", f"COALESCE(date({{row}}.{column}), '')", text=True,
               postgresql=f"COALESCE(to_char({{row}}.{column}, 'YYYY-MM-DD'), '')")


def hour_key(moment: datetime) -> str:
    """The text `hour_of` keeps for an aware moment: its UTC hour, YYYY-MM-DD HH."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H")


def shop_date_of_hour(key: str) -> date:
    """The shop's day that the UTC hour of an `hour_of` key falls on (sliced: strptime costs ten times as much)."""
    return shop_date(datetime(int(key[:4]), int(key[5:7]), int(key[8:10]), int(key[11:13]), tzinfo=UTC))


def hours_of_shop_days(first: date, last: date) -> slice:
    """The `hour_of` keys of the shop's days `first` to `last`, both included, as a range for `counts`.

    From the UTC hour of the shop's midnight that starts `first` to the hour before the one
    that ends `last` (Stockholm's midnight is always a whole UTC hour). The keys are text whose
    order is the hours' order, so the range is the same comparison on SQLite and PostgreSQL.
    """
    start = datetime.combine(first, time.min, tzinfo=SHOP_TZ)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=SHOP_TZ)
    return slice(hour_key(start), hour_key(end - timedelta(hours=1)))


def hour_of(column: str) -> Key:
    """A key column holding the UTC hour (YYYY-MM-DD HH) of a garment's timestamp.

    An hour rather than a day, because the shop counts days in its own time zone, which SQLite
    cannot convert to: Sweden's offset from UTC changes on the hour, so each UTC hour falls on
    one shop day, which Python works out.
    """
    return Key(f"{column}_hour", f"COALESCE(strftime('%Y-%m-%d %H', {{row}}.{column}), '')", text=True,
               postgresql=f"COALESCE(to_char({{row}}.{column}, 'YYYY-MM-DD HH24'), '')")


@dataclass(frozen=True)
class Tally:
    """A count of garments, with sums, per group, for the garments `where` selects."""

    name: str
    keys: tuple[Key, ...]
    sums: tuple[tuple[str, str], ...]  # (column, SQL over "{row}")
    where: str  # SQL over "{row}"
    watch: tuple[str, ...]  # the garment's columns whose change can move it between groups

    @property
    def changes(self) -> str:
        return f"{self.name}_changes"

    @property
    def columns(self) -> list[str]:
        return [k.name for k in self.keys] + ["n"] + [name for name, _sql in self.sums]

    def values(self, row: str, sign: int, dialect: str) -> str:
        """The SQL values of one change row for the garment `row` (NEW or OLD), added (+1) or taken away (-1)."""
        minus = "-" if sign < 0 else ""
        parts = [k.sql_for(dialect).format(row=row) for k in self.keys] + [str(sign)]
        parts += [f"{minus}({sql.format(row=row)})" for _name, sql in self.sums]
        return ", ".join(parts)

    def selects(self, row: str) -> str:
        return self.where.format(row=row)


SHOP = Key("shop_id", "COALESCE({row}.shop_id, -1)")  # the garment's shop (-1: none)
CATEGORY = Key("category_id", "{row}.category_id")
STATUS = Key("status", "{row}.status", text=True)
REASON = Key("withdraw_reason", "{row}.withdraw_reason", text=True)

# Listed garments (on the floor or sold) by shop, category, status and whole days to sell:
# every count of listed, sold, sell-through, revenue, price realisation and median days.
LISTED = Tally(
    "tally_listed",
    keys=(SHOP, CATEGORY, STATUS, Key("sold_days", "COALESCE({row}.sold_days, -1)")),
    sums=(("sold_price", "COALESCE({row}.sold_price, 0)"), ("first_price", "COALESCE({row}.first_price, 0)")),
    where="{row}.status IN ('priced', 'sold')",
    watch=("shop_id", "category_id", "status", "sold_days", "sold_price", "first_price"),
)

# Sold garments by shop, category and the price paid: the median price per category.
SOLD_PRICES = Tally(
    "tally_sold_prices",
    keys=(SHOP, CATEGORY, Key("sold_price", "COALESCE({row}.sold_price, -1)")),
    sums=(),
    where="{row}.status = 'sold'",
    watch=("shop_id", "category_id", "status", "sold_price"),
)

# Weighed grams, and how many garments were never weighed (they count their category's typical weight).
WEIGHT_SUMS = (("weight_grams", "COALESCE({row}.weight_grams, 0)"),
               ("unweighed", "CASE WHEN {row}.weight_grams IS NULL THEN 1 ELSE 0 END"))

# Every donated garment by the shop that received its donation, status, withdrawal reason and
# category, with its weighed grams and how many were never weighed: a shop's kilo balance.
# A donation never changes shop and is never deleted while it has garments.
DONATION_WEIGHTS = Tally(
    "tally_donation_weights",
    keys=(Key("shop_id", "(SELECT donations.shop_id FROM donations WHERE donations.id = {row}.donation_id)"),
          STATUS, REASON, CATEGORY),
    sums=WEIGHT_SUMS,
    where="{row}.donation_id IS NOT NULL",
    watch=("donation_id", "status", "withdraw_reason", "category_id", "weight_grams"),
)

# Kilos in a period, by UTC hour: a period is whole shop (Stockholm) days, and each UTC hour
# falls on one shop day, so the hours of a period's days are exact (`hours_of_shop_days`):
# sold garments by shop, category and hour of sale, for the climate effect of reuse ...
SOLD_HOURS = Tally(
    "tally_sold_hours",
    keys=(SHOP, CATEGORY, hour_of("sold_at")),
    sums=WEIGHT_SUMS,
    where="{row}.status = 'sold'",
    watch=("shop_id", "category_id", "status", "sold_at", "weight_grams"),
)

# ... and garments withdrawn for recycling or as waste, by shop, reason, category and hour.
WITHDRAWN_HOURS = Tally(
    "tally_withdrawn_hours",
    keys=(SHOP, REASON, CATEGORY, hour_of("withdrawn_at")),
    sums=WEIGHT_SUMS,
    where="{row}.status = 'withdrawn' AND {row}.withdraw_reason IN ('recycling', 'waste')",
    watch=("shop_id", "status", "withdraw_reason", "category_id", "withdrawn_at", "weight_grams"),
)

# Garments on the floor by shop, tag colour and UTC hour of pricing: the ageing stock, in
# whole weeks of shop days since pricing, as the counter counts them for its markdowns.
AGEING = Tally(
    "tally_ageing",
    keys=(SHOP, Key("tag_colour", "{row}.tag_colour", text=True), hour_of("priced_at")),
    sums=(),
    where="{row}.status = 'priced' AND {row}.priced_at IS NOT NULL",
    watch=("shop_id", "status", "tag_colour", "priced_at"),
)

TALLIES = (LISTED, SOLD_PRICES, DONATION_WEIGHTS, SOLD_HOURS, WITHDRAWN_HOURS, AGEING)

# The tallies by UTC day that SOLD_HOURS and WITHDRAWN_HOURS replaced (a UTC day is not a shop
# day): only for the migrations that made them (0012) and put them back (0015's downgrade).
UTC_DAY_TALLIES = (
    replace(SOLD_HOURS, name="tally_sold_days", keys=(SHOP, CATEGORY, day_of("sold_at"))),
    replace(WITHDRAWN_HOURS, name="tally_withdrawn_days", keys=(SHOP, REASON, CATEGORY, day_of("withdrawn_at"))),
)
PG_FUNCTION = "items_tallies_track"  # PostgreSQL: the trigger, and its function, that keep them all


# --------------------------------------------------------------------------- tables


def _key_type(key: Key) -> Any:
    return String(20) if key.text else Integer


def define_tables(tally: Tally, metadata: MetaData) -> tuple[Table, Table]:
    """The folded base (one row per group) and the appended changes of `tally`, in `metadata`."""
    measures = [Column("n", BigInteger, nullable=False)] + [Column(name, BigInteger, nullable=False)
                                                            for name, _sql in tally.sums]
    base = Table(tally.name, metadata,
                 *[Column(k.name, _key_type(k), primary_key=True, autoincrement=False) for k in tally.keys],
                 *measures)
    # No key, no index, no sequence: appending a change is all a sale pays for it.
    changes = Table(tally.changes, metadata,
                    *[Column(k.name, _key_type(k), nullable=False) for k in tally.keys],
                    *[Column(c.name, c.type, nullable=False) for c in measures])
    return base, changes


TABLES = {tally.name: define_tables(tally, db.metadata) for tally in TALLIES}


# --------------------------------------------------------------------------- triggers


def trigger_ddl(tallies: Sequence[Tally], dialect: str) -> list[str]:
    """The statements that make the triggers on `items` that keep `tallies`.

    SQLite: three triggers per tally. PostgreSQL: one trigger function for them all, so a
    garment's change costs one function call, not one per tally (a 5-line sale moves five).
    """
    if dialect == "sqlite":
        statements = []
        for tally in tallies:
            into = f"INSERT INTO {tally.changes} ({', '.join(tally.columns)})"
            moved = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in tally.watch)
            statements += [
                (f"CREATE TRIGGER {tally.name}_insert AFTER INSERT ON items WHEN {tally.selects('NEW')} BEGIN "
                 f"{into} VALUES ({tally.values('NEW', 1, dialect)}); END"),
                (f"CREATE TRIGGER {tally.name}_delete AFTER DELETE ON items WHEN {tally.selects('OLD')} BEGIN "
                 f"{into} VALUES ({tally.values('OLD', -1, dialect)}); END"),
                (f"CREATE TRIGGER {tally.name}_update AFTER UPDATE OF {', '.join(tally.watch)} ON items "
                 f"WHEN {moved} BEGIN "
                 f"{into} SELECT {tally.values('OLD', -1, dialect)} WHERE {tally.selects('OLD')}; "
                 f"{into} SELECT {tally.values('NEW', 1, dialect)} WHERE {tally.selects('NEW')}; END"),
            ]
        return statements
    blocks = []
    for tally in tallies:
        into = f"INSERT INTO {tally.changes} ({', '.join(tally.columns)})"
        same = " AND ".join(f"OLD.{c} IS NOT DISTINCT FROM NEW.{c}" for c in tally.watch)
        # On INSERT, OLD is NULL (and NEW on DELETE): the conditions on it are not true.
        blocks.append(f"""
    IF TG_OP <> 'UPDATE' OR NOT ({same}) THEN
        IF TG_OP <> 'INSERT' AND {tally.selects('OLD')} THEN
            {into} VALUES ({tally.values('OLD', -1, dialect)});
        END IF;
        IF TG_OP <> 'DELETE' AND {tally.selects('NEW')} THEN
            {into} VALUES ({tally.values('NEW', 1, dialect)});
        END IF;
    END IF;""")
    watched = sorted({c for tally in tallies for c in tally.watch})
    return [
        f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN{''.join(blocks)}\n    RETURN NULL;\nEND $$",
        (f"CREATE TRIGGER {PG_FUNCTION} AFTER INSERT OR DELETE OR UPDATE OF {', '.join(watched)} ON items "
         f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"),
    ]


def drop_ddl(tallies: Sequence[Tally], dialect: str) -> list[str]:
    """The statements that remove the triggers that keep `tallies`."""
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {tally.name}_{op}" for tally in tallies for op in ("insert", "delete", "update")]
    return [f"DROP TRIGGER IF EXISTS {PG_FUNCTION} ON items", f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()"]


def create_triggers(conn: Connection, tallies: Sequence[Tally] = TALLIES) -> None:
    """Make (again) the triggers that keep `tallies`, replacing any there are."""
    for statement in drop_ddl(tallies, conn.dialect.name) + trigger_ddl(tallies, conn.dialect.name):
        conn.exec_driver_sql(statement)


# --------------------------------------------------------------------------- counting


def _count_sql(tally: Tally, dialect: str) -> str:
    """The statement that counts `tally` from the garments: its columns, in order, per group."""
    keys = ", ".join(k.sql_for(dialect).format(row="items") for k in tally.keys)
    sums = "".join(f", CAST(SUM({sql.format(row='items')}) AS BIGINT)" for _name, sql in tally.sums)
    positions = ", ".join(str(i + 1) for i in range(len(tally.keys)))
    return f"SELECT {keys}, COUNT(*){sums} FROM items WHERE {tally.selects('items')} GROUP BY {positions}"


def rebuild(conn: Connection, tally: Tally) -> None:
    """Count `tally` again from the garments themselves, throwing away what it held."""
    conn.exec_driver_sql(f"DELETE FROM {tally.changes}")
    conn.exec_driver_sql(f"DELETE FROM {tally.name}")
    conn.exec_driver_sql(f"INSERT INTO {tally.name} ({', '.join(tally.columns)}) {_count_sql(tally, conn.dialect.name)}")


def fold(conn: Connection, tally: Tally) -> None:
    """Move `tally`'s changes into its base, and drop groups that came to nothing. Call inside a transaction."""
    keys = ", ".join(k.name for k in tally.keys)
    sums = "".join(f", SUM({name})" for name, _sql in tally.sums)
    add = ", ".join(f"{c} = {tally.name}.{c} + excluded.{c}" for c in tally.columns[len(tally.keys):])
    upsert = f"ON CONFLICT ({keys}) DO UPDATE SET {add}"
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"WITH moved AS (DELETE FROM {tally.changes} RETURNING {', '.join(tally.columns)}) "
            f"INSERT INTO {tally.name} ({', '.join(tally.columns)}) "
            f"SELECT {keys}, SUM(n){sums} FROM moved GROUP BY {keys} {upsert}")
    else:
        # SQLite: the writing transaction holds the write lock from its BEGIN IMMEDIATE, so no
        # change can be appended between the two statements. ("WHERE true" tells SQLite's
        # parser that ON CONFLICT is the upsert, not a join's ON.)
        conn.exec_driver_sql(f"INSERT INTO {tally.name} ({', '.join(tally.columns)}) "
                             f"SELECT {keys}, SUM(n){sums} FROM {tally.changes} WHERE true GROUP BY {keys} {upsert}")
        conn.exec_driver_sql(f"DELETE FROM {tally.changes}")
    conn.exec_driver_sql(f"DELETE FROM {tally.name} WHERE n = 0")


def _shape(where: dict[str, Any] | None) -> tuple[tuple[str, bool], ...]:
    """The form of a `where` filter as the SQL needs it: (column, is a range) per column, in order."""
    return tuple((column, isinstance(value, slice)) for column, value in (where or {}).items())


def _parameters(where: dict[str, Any] | None) -> dict[str, Any]:
    """The bound values of a `where` filter, named as `_both` names them."""
    params: dict[str, Any] = {}
    for column, value in (where or {}).items():
        if isinstance(value, slice):
            params[f"{column}_from"], params[f"{column}_to"] = value.start, value.stop
        else:
            params[column] = value
    return params


def _both(tally: Tally, shape: tuple[tuple[str, bool], ...]) -> str:
    """The folded base and the changes not folded yet, as one subquery (SQL) of the rows a filter keeps.

    `shape` is `_shape(where)`: each column kept by a value, or by a range with both ends included.
    """
    columns = ", ".join(tally.columns)
    conditions = " AND ".join(f"{column} BETWEEN :{column}_from AND :{column}_to" if is_range
                              else f"{column} = :{column}" for column, is_range in shape)
    where = f" WHERE {conditions}" if conditions else ""
    return f"SELECT {columns} FROM {tally.name}{where} UNION ALL SELECT {columns} FROM {tally.changes}{where}"


# Counts and medians are written as SQL text, made once per form and kept: they are the work of
# every shop-wide page, and building them as SQLAlchemy expressions (subqueries, window functions)
# cost a millisecond or two of Python per statement, a tenth of the page.

@functools.lru_cache(maxsize=256)
def _counts_sql(tally: Tally, group_by: tuple[str, ...], shape: tuple[tuple[str, bool], ...]) -> Any:
    # Each sum cast to a 64-bit integer: PostgreSQL's SUM of integers is a numeric, which would
    # come back as a Decimal to convert row by row.
    groups = ", ".join(group_by)
    sums = ", ".join(f"CAST(SUM({c}) AS BIGINT)" for c in tally.columns[len(tally.keys):])
    return text(f"SELECT {groups}{', ' if groups else ''}{sums} FROM ({_both(tally, shape)}) AS both_ "
                f"{'GROUP BY ' + groups + ' ' if groups else ''}HAVING SUM(n) <> 0")


def counts(tally: Tally, group_by: Sequence[str], where: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Per group of `group_by` columns: the values, then the count and each sum; groups that came to nothing left out.

    One statement. `where` keeps rows by key column: a value, or a slice for a range with both
    ends included. -1 in a number column of the key stands for NULL; the caller knows which
    columns may hold it.
    """
    statement = _counts_sql(tally, tuple(group_by), _shape(where))
    return [tuple(row) for row in db.session.execute(statement, _parameters(where))]


@functools.lru_cache(maxsize=256)
def _medians_sql(tally: Tally, group_by: str, value: str, shape: tuple[tuple[str, bool], ...]) -> Any:
    # The garments at (zero-based) places (total - 1) // 2 and total // 2: the first value whose
    # running count passes each place.
    return text(
        f"WITH counted AS (SELECT {group_by} AS grp, {value} AS val, SUM(n) AS n "
        f"FROM ({_both(tally, shape)}) AS both_ WHERE {value} <> -1 "
        f"GROUP BY {group_by}, {value} HAVING SUM(n) > 0), "
        "running AS (SELECT grp, val, SUM(n) OVER (PARTITION BY grp ORDER BY val) AS upto, "
        "CAST(SUM(n) OVER (PARTITION BY grp) AS BIGINT) AS total FROM counted) "
        "SELECT grp, MIN(CASE WHEN upto > (total - 1) / 2 THEN val END), "
        "MIN(CASE WHEN upto > total / 2 THEN val END) FROM running GROUP BY grp")


def medians(tally: Tally, group_by: str, value: str, where: dict[str, Any] | None = None) -> dict[Any, float]:
    """The median of the key column `value` (-1, NULL, left out) over the tallied garments, per `group_by`.

    Counted by the database with window functions over the tally's counts, so a few dozen
    rows come back instead of every (group, value) pair: the middle garment's value, or the
    mean of the middle two, as `pos.feedback.services.histogram_median` takes it. `where` as for `counts`.
    """
    statement = _medians_sql(tally, group_by, value, _shape(where))
    return {grp: round((lo + hi) / 2, 1) for grp, lo, hi in db.session.execute(statement, _parameters(where))}


@use_case
def fold_all() -> None:
    """Fold the changes of every tally that has some, as its own write transaction.

    A use case of its own, never part of a read: pages and the API read the tally with its
    changes (`counts`, `medians`) and never fold. Run after a till's Z report has committed
    and by `flask tallies fold`; a failure is logged and raised (the caller decides whether
    to go on), and rolls back only the fold.
    """
    try:
        found = db.session.execute(text("SELECT " + ", ".join(
            f"EXISTS (SELECT 1 FROM {tally.changes})" for tally in TALLIES))).one()
        conn = db.session.connection()
        for tally, some in zip(TALLIES, found, strict=True):
            if some:
                fold(conn, tally)
    except Exception:
        current_app.logger.exception("Folding the tallies failed; they stay right (reads add the changes), only unfolded")
        raise


@use_case
def rebuild_all() -> None:
    """Count every tally again from the garments, with the garments held still meanwhile.

    PostgreSQL: `LOCK TABLE items IN SHARE MODE` lets readers on and makes writers wait, so no
    sale lands between emptying a tally and counting it. SQLite: the use case holds the write lock.
    """
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE items IN SHARE MODE")
    for tally in TALLIES:
        rebuild(conn, tally)


def recount(tally: Tally) -> list[tuple[Any, ...]]:
    """What `tally` should hold, counted from the garments directly: (key..., n, sums...) per group, sorted."""
    return sorted(tuple(row) for row in db.session.execute(text(_count_sql(tally, db.engine.dialect.name))))
