"""Benchmark datasets: the demo generator for one shop-year, then bulk copies in SQL to reach the size.

`pos.demo.services.load_demo` writes a realistic year of one shop (about 39,000 garments, 12,000
sales) in some 7 s. A million garments would take it minutes and gigabytes of Python
dicts, so `build` makes one base history sized to `garments / copies` and multiplies it
with `INSERT ... SELECT` inside the database (seconds, not minutes):

- donations, items, their `item` events, sales, sale lines and payments are copied `copies - 1` times
  with ids shifted past the last row; every copy gets new, valid, unique item codes (the
  RCN-13 check digit is computed in SQL) and is spread over extra shops and categories;
- 50 categories (the seeded ones plus copies) and several shops, each with a till;
- copied sales get their copy's till and receipt numbers shifted past the base ones, so
  `(till_id, receipt_no)` stays unique and no garment is on two sale lines.

The garment tallies (inventory/tallies/services.py) are counted once after the copies, with their
triggers off meanwhile. Each copy also gets copies of the base donations, received in the copy's shop, so that every
shop's kilo balance covers its own garments, as in a network of shops. Copies are for read
benchmarks: they have no journal entries or till sessions of their own (a copied sale points
at its base sale's session). The load
test and the sale-commit timings write through the app, so their own rows are real.
"""

from __future__ import annotations

import math
import time
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url

from boutique.db import db
from boutique.models import Shop, Till
from inventory.donations.models import Donation
from inventory.garments.models import Category, Item
from inventory.tallies import services as tallies
from pos.demo.services import DAYS_PER_YEAR, load_demo
from pos.models import Payment, Sale, SaleLine

GARMENTS_PER_YEAR = 39_000  # what load_demo(scale=1.0) makes
MAX_BASE_DAYS = DAYS_PER_YEAR
CATEGORIES = 50
SHOPS = 4
CODE_SERIAL_BASE = 1_000_000_000  # copies' code serials: far above any counter value the demo reaches


def plan(garments: int) -> tuple[int, int]:
    """(days of demo history, number of copies) that make about `garments` garments."""
    copies = max(1, math.ceil(garments / (GARMENTS_PER_YEAR * MAX_BASE_DAYS / DAYS_PER_YEAR)))
    days = max(8, round(DAYS_PER_YEAR * garments / copies / GARMENTS_PER_YEAR))
    return days, copies


def reset_database(url: str) -> None:
    """An empty database at `url`: the SQLite file removed, or PostgreSQL's public schema recreated."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import pathlib

        for suffix in ("", "-wal", "-shm"):
            path = pathlib.Path(str(parsed.database) + suffix)
            path.unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def build(garments: int) -> dict[str, Any]:
    """Migrate the (empty) database of the current app and fill it; return what was made and how long it took."""
    from flask_migrate import upgrade

    started = time.perf_counter()
    upgrade()
    days, copies = plan(garments)
    message = load_demo(days=days)
    demo_seconds = time.perf_counter() - started
    copy_started = time.perf_counter()
    _more_categories_and_shops()
    if copies > 1:
        _copy_with_tallies_counted_after(copies)
    _analyse()
    counts = {name: db.session.scalar(select(func.count()).select_from(model))
              for name, model in (("garments", Item), ("sales", Sale), ("sale_lines", SaleLine),
                                  ("categories", Category), ("shops", Shop))}
    counts["events"] = db.session.scalar(text("SELECT COUNT(*) FROM events"))
    return {"days": days, "copies": copies, "demo": message, "demo_seconds": demo_seconds,
            "copy_seconds": time.perf_counter() - copy_started, "seconds": time.perf_counter() - started, **counts}


def _more_categories_and_shops() -> None:
    """Categories up to 50 (copies of the seeded ones) and shops up to SHOPS, each with a till."""
    seeded = db.session.scalars(select(Category).order_by(Category.id)).all()
    columns = [c.name for c in Category.__table__.columns if c.name != "id"]
    rows = []
    for n in range(CATEGORIES - len(seeded)):
        base = seeded[n % len(seeded)]
        row = {c: getattr(base, c) for c in columns}
        row.update(key=f"{base.key}_{n // len(seeded) + 2}", name_sv=f"{base.name_sv} {n // len(seeded) + 2}",
                   name_en=f"{base.name_en} {n // len(seeded) + 2}", sort_order=base.sort_order + 100 + n)
        rows.append(row)
    if rows:
        db.session.execute(insert(Category), rows)
    for n in range(db.session.scalar(select(func.count()).select_from(Shop)), SHOPS):
        shop = Shop(name=f"Röda Korset Redesign {n + 1}", org_no="802000-0000", address=f"Gatan {n + 1}")
        shop.tills.append(Till(name="Kassa 1"))
        db.session.add(shop)
    db.session.commit()


def _code_sql(serial: str, prefix: str, dialect: str) -> str:
    """SQL for make_item_code(serial, prefix): prefix, zero-padded serial, EAN-13 check digit."""
    width = 12 - len(prefix)
    if dialect == "postgresql":
        first12 = f"('{prefix}' || lpad(CAST({serial} AS TEXT), {width}, '0'))"
    else:
        first12 = f"('{prefix}' || printf('%0{width}d', {serial}))"
    # Weights 3, 1, 3, ... from the rightmost of the twelve digits: position 12 has weight 3.
    weighted = " + ".join(f"{3 if pos % 2 == 0 else 1} * CAST(substr({first12}, {pos}, 1) AS INTEGER)"
                          for pos in range(1, 13))
    return f"{first12} || CAST((10 - ({weighted}) % 10) % 10 AS TEXT)"


def _copy_with_tallies_counted_after(copies: int) -> None:
    """`_copy` with the tally triggers off, then the tallies counted from the garments, as migration 0012 does.

    With the triggers on, every copied garment would append its changes one row at a time
    (some five million rows to fold at a million garments).
    """
    conn = db.session.connection()
    for statement in tallies.drop_ddl(tallies.TALLIES, conn.dialect.name):
        conn.exec_driver_sql(statement)
    _copy(copies)
    conn = db.session.connection()
    tallies.create_triggers(conn)
    for tally in tallies.TALLIES:
        tallies.rebuild(conn, tally)
    db.session.commit()


def _copy(copies: int) -> None:
    """Copy the base garments, their events and their sales `copies - 1` times, in SQL."""
    from flask import current_app

    dialect = db.engine.dialect.name
    prefix = current_app.config["ITEM_CODE_PREFIX"]
    top = {table: db.session.scalar(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}"))
           for table in ("donations", "items", "events", "sales", "sale_lines", "payments")}
    max_receipt = db.session.scalar(select(func.coalesce(func.max(Sale.receipt_no), 0)))
    categories = db.session.scalars(select(Category.id).order_by(Category.id)).all()
    low, count = categories[0], len(categories)
    contiguous = categories[-1] - low + 1 == count
    tills = db.session.scalars(select(Till.id).order_by(Till.id)).all()
    shops = db.session.scalars(select(Shop.id).order_by(Shop.id)).all()

    def cols(model: Any) -> list[str]:
        return [c.name for c in model.__table__.columns]

    item_cols = cols(Item)
    event_cols = [c for c in ("id", "at", "kind", "subject_type", "subject_id", "person_id", "shop_id", "till_id",
                              "station", "data")]
    for r in range(1, copies):
        off = {table: r * top[table] for table in top}
        shop_id = shops[r % len(shops)]
        till_id = tills[r % len(tills)]
        category = (f"{low} + ((category_id - {low} + {r * 7}) % {count})" if contiguous else "category_id")
        donation_cols = cols(Donation)
        donation_values = {c: c for c in donation_cols}
        donation_values.update(id=f"id + {off['donations']}", shop_id=str(shop_id))
        db.session.execute(text(
            f"INSERT INTO donations ({', '.join(donation_cols)}) "
            f"SELECT {', '.join(donation_values[c] for c in donation_cols)} FROM donations WHERE id <= {top['donations']}"))
        item_values = {c: c for c in item_cols}
        item_values.update(id=f"id + {off['items']}", code=_code_sql(f"id + {off['items'] + CODE_SERIAL_BASE}",
                                                                      prefix, dialect),
                           shop_id=str(shop_id), category_id=category, donation_id=f"donation_id + {off['donations']}")
        db.session.execute(text(
            f"INSERT INTO items ({', '.join(item_cols)}) SELECT {', '.join(item_values[c] for c in item_cols)} "
            f"FROM items WHERE id <= {top['items']}"))
        event_values = {c: c for c in event_cols}
        event_values.update(id=f"id + {off['events']}", subject_id=f"subject_id + {off['items']}",
                            shop_id=str(shop_id))
        db.session.execute(text(
            f"INSERT INTO events ({', '.join(event_cols)}) SELECT {', '.join(event_values[c] for c in event_cols)} "
            f"FROM events WHERE id <= {top['events']} AND subject_type = 'item'"))
        sale_cols = cols(Sale)
        sale_values = {c: c for c in sale_cols}
        sale_values.update(id=f"id + {off['sales']}", till_id=str(till_id),
                           receipt_no=f"receipt_no + {r * max_receipt}",
                           original_sale_id=f"original_sale_id + {off['sales']}")
        db.session.execute(text(
            f"INSERT INTO sales ({', '.join(sale_cols)}) SELECT {', '.join(sale_values[c] for c in sale_cols)} "
            f"FROM sales WHERE id <= {top['sales']}"))
        line_cols = cols(SaleLine)
        line_values = {c: c for c in line_cols}
        line_values.update(id=f"id + {off['sale_lines']}", sale_id=f"sale_id + {off['sales']}",
                           item_id=f"item_id + {off['items']}", category_id=category,
                           returns_line_id=f"returns_line_id + {off['sale_lines']}")
        db.session.execute(text(
            f"INSERT INTO sale_lines ({', '.join(line_cols)}) SELECT {', '.join(line_values[c] for c in line_cols)} "
            f"FROM sale_lines WHERE id <= {top['sale_lines']}"))
        pay_cols = cols(Payment)
        pay_values = {c: c for c in pay_cols}
        pay_values.update(id=f"id + {off['payments']}", sale_id=f"sale_id + {off['sales']}")
        db.session.execute(text(
            f"INSERT INTO payments ({', '.join(pay_cols)}) SELECT {', '.join(pay_values[c] for c in pay_cols)} "
            f"FROM payments WHERE id <= {top['payments']}"))
    if dialect == "postgresql":
        for table in top:
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT MAX(id) FROM {table}))"))
    db.session.commit()


def _analyse() -> None:
    """Planner statistics after the bulk load, as a real database would have them after autovacuum."""
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
