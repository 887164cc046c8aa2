"""The benchmark: `python -m bench.run [--garments N] [--db sqlite|postgresql|both] [--quick] [--only lookup,sale]`.

For each database it builds a dataset (`bench.dataset`: the demo generator plus bulk
copies in SQL), then times, through the Flask test client and with the same app the shop
runs: a scan lookup through the API, adding a scanned garment to the counter's cart, a
5-line sale with cash and its journal entry, the feedback pages, the X report; and label
rendering (one PNG, a 1,000-label PDF). Beside each figure its floor, measured in the same
run: a bare route returning a constant (request overhead) and the same lookup or
aggregate as raw SQL through the database driver. Then Chromium against gunicorn on the
same dataset while a paced background load runs (`bench.browser`), a smaller dataset for
the cost of growth, and a load test with gunicorn (`bench.load`). Medians and p99 of many runs after
a warm-up; the Markdown goes to stdout and, with --output, between the markers of
docs/PERFORMANCE.md. `--only` measures some rows (e.g. `lookup,sale`) and skips the rest.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from .common import DEFAULT_PG_URL, Row, bench_config

# The rows `--only` selects from; the bare route (the floor of every request) is always measured.
ROW_GROUPS = ("labels", "lookup", "feedback", "scan", "sale", "xreport", "browser", "load")
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def timed(action: Callable[[int], Any], reps: int, warmup: int = 3,
          before: Callable[[int], Any] | None = None, max_seconds: float = 90) -> list[int]:
    """Nanoseconds of `action(i)` for i in range(reps), after `warmup` untimed runs; `before(i)` is untimed.

    Bounded in time too: after `max_seconds` it stops with what it has (at least 3 runs)."""
    give_up = time.monotonic() + max_seconds
    for i in range(warmup):
        if before:
            before(-1 - i)
        action(-1 - i)
    samples = []
    for i in range(reps):
        if before:
            before(i)
        start = time.perf_counter_ns()
        action(i)
        samples.append(time.perf_counter_ns() - start)
        if len(samples) >= 3 and time.monotonic() > give_up:
            break
    return samples


class Raw:
    """The database driver itself (sqlite3 or psycopg), for the raw-SQL floors."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.sqlite = parsed.get_backend_name() == "sqlite"
        if self.sqlite:
            # Autocommit, like the app's connections: a replayed write (a count folds its tallies
            # first) must not leave sqlite3's implicit transaction holding the write lock.
            self.conn: Any = sqlite3.connect(str(parsed.database), isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
        else:
            import psycopg

            self.conn = psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False),
                                        autocommit=True)

    def all(self, sql: str, *params: Any) -> list[Any]:
        if not self.sqlite:
            sql = sql.replace("?", "%s")
        cur = self.conn.execute(sql, params)
        return cur.fetchall()

    def replay(self, statements: list[tuple[str, Any]]) -> None:
        """Send statements as the app's dialect wrote them (its SQL and parameters) and fetch every row."""
        for sql, params in statements:
            self.conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self.conn.close()


def statements_of(app: Any, visit: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SQL statements, with their parameters as the driver got them, that `visit()` sent.

    Replayed through `Raw`, they are the floor of a page: the same work in the database
    without SQLAlchemy, Flask, the templates or the app's own Python.
    """
    from sqlalchemy import event

    from boutique.db import db

    with app.app_context():
        engines = list(db.engines.values())
    sent: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        sent.append((statement, parameters))

    for engine in engines:
        event.listen(engine, "before_cursor_execute", keep)
    try:
        visit()
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", keep)
    return sent


def with_value(statements: list[tuple[str, Any]], old: Any, new: Any) -> list[tuple[str, Any]]:
    """The statements with every parameter equal to `old` replaced by `new` (another code to look up)."""
    def swap(params: Any) -> Any:
        if isinstance(params, dict):
            return {k: new if v == old else v for k, v in params.items()}
        return type(params)(new if v == old else v for v in params)
    return [(sql, swap(params)) for sql, params in statements]


XREPORT_SQL = (
    "SELECT s.kind, COUNT(*), SUM(s.total) FROM sales s WHERE s.session_id = ? GROUP BY s.kind",
    ("SELECT l.category_id, SUM(l.price), SUM(l.vat_amount) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
    "WHERE s.session_id = ? GROUP BY l.category_id"),
    ("SELECT p.method, SUM(p.amount) FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.session_id = ? "
    "GROUP BY p.method"),
)


def suite(url: str, garments: int, reps: int, *, full: bool, log: Callable[[str], None],
          only: frozenset[str] = frozenset(ROW_GROUPS)) -> tuple[list[Row], dict]:
    """Build the dataset at `url` and time every request; `full` adds the write rows; `only` picks row groups."""
    from app import create_app
    from boutique.db import db, dispose_engines
    from boutique.models import Person
    from inventory.garments.models import Item

    from .dataset import build, reset_database

    name = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    reset_database(url)
    app = create_app(bench_config(url))
    app.add_url_rule("/bench/ping", "bench_ping", lambda: "pong")  # the floor: a route returning a constant
    with app.app_context():
        built = build(garments)
        log(f"{name}: {built['garments']:,} garments, {built['sales']:,} sales built in {built['seconds']:.1f} s "
            f"(demo {built['demo_seconds']:.1f} s, copies {built['copy_seconds']:.1f} s)")
        size = built["garments"]
        rng = random.Random(11)
        all_codes = [c for (c,) in db.session.execute(select(Item.code).order_by(Item.id))]
        lookup_codes = rng.sample(all_codes, min(len(all_codes), 2000))
        del all_codes
        priced = [c for (c,) in db.session.execute(
            select(Item.code).where(Item.status == "priced", Item.shop_id == 1).order_by(Item.id))]
        rng.shuffle(priced)
        people = dict(db.session.execute(select(Person.username, Person.id)).all())
        db.session.remove()

    rows: list[Row] = []
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "kassa", "password": "demo"}).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    raw = Raw(url)
    fast, slow = reps, max(3, reps // 30)

    def get(path: str, headers: dict[str, str] | None = None, status: int = 200, c: Any = None) -> Any:
        response = (c or client).get(path, headers=headers)
        if response.status_code != status:
            raise RuntimeError(f"GET {path}: {response.status_code} {response.get_data(as_text=True)[:300]}")
        return response

    ping = timed(lambda i: get("/bench/ping"), fast)
    rows.append(Row(name, size, "Bare Flask route (request overhead)", ping, note="the floor of every request"))

    if "lookup" in only:
        rows += lookup_rows(name, size, lambda i: get(f"/api/v1/items/{lookup_codes[i % len(lookup_codes)]}", auth),
                            raw, lookup_codes, ping, fast, app)
    if "feedback" in only:
        rows += feedback_rows(app, client, people, name, size, ping, raw, slow, get)
    if full and only & {"scan", "sale", "xreport"}:
        rows += write_rows(app, client, auth, priced, name, size, ping, raw, fast, reps, only)
    raw.close()
    with app.app_context():
        db.session.remove()
        dispose_engines()  # PostgreSQL: no connection may be left when the next build drops the schema
    return rows, built


def lookup_rows(name: str, size: int, lookup: Callable[[int], Any], raw: Raw, lookup_codes: list[str],
                ping: list[int], fast: int, app: Any) -> list[Row]:
    """The scan lookup through the API, and the statement it sends, through the driver.

    The timed lookups and their floor find the same pages in memory: each code is looked up
    once, untimed, before either is timed (before session 5 the lookup was timed on codes
    nothing had read since the dataset was built, and its floor on the same codes afterwards,
    read by then). What a garment's first lookup costs is a row of its own, on codes from the
    other half of the sample, which nothing else touches.
    """
    untouched = max(1, len(lookup_codes) // 2)
    first = timed(lambda i: lookup(untouched + i % untouched), fast)
    for i in range(fast):
        lookup(i)
    samples = timed(lookup, fast)
    sent = statements_of(app, lambda: lookup(0))
    # The statement was sent for the first code; one copy per code, made before the timing.
    replays = [with_value(sent, lookup_codes[0], code) for code in lookup_codes]

    def raw_lookup(i: int) -> None:
        raw.replay(replays[i % len(replays)])

    row = Row(name, size, "Scan lookup `GET /api/v1/items/{code}`", samples, "bare route", ping,
              target="p50 ≤ 3× bare route")
    row.met = row.ratio <= 3
    return [row, Row(name, size, f"… the lookup's {_statements(sent)} through the driver", timed(raw_lookup, fast),
                     "", note="its floor in the database"),
            Row(name, size, "First lookup of a garment since the dataset was built", first, "bare route", ping,
                note="pages the database had not read yet: the garment, its events, their index entries")]


def _statements(sent: list[tuple[str, Any]]) -> str:
    return "statement" if len(sent) == 1 else f"{len(sent)} statements"


def feedback_rows(app: Any, client: Any, people: dict[str, int], name: str, size: int, ping: list[int], raw: Raw,
                  slow: int, get: Callable[..., Any]) -> list[Row]:
    """The feedback pages, each against the same queries as raw SQL through the driver.

    Every page is counted on the request: the shop-wide figures are read fresh from the tallies,
    so a sale made a moment ago is in them. The viewer is the demo supervisor, whose shop is shop 1.
    """
    rows: list[Row] = []
    viewer = app.test_client()
    viewer.post("/login", data={"username": "handledare", "password": "demo"})
    token = client.post("/api/v1/auth/token", json={"username": "handledare", "password": "demo"}).get_json()
    bearer = {"Authorization": f"Bearer {token['token']}"}
    shop_wide = [("Feedback `GET /feedback`", "/feedback", None),
                 ("Shop insights `GET /feedback/shop`", "/feedback/shop", None),
                 ("Feedback `GET /api/v1/feedback/categories` (all shops)", "/api/v1/feedback/categories", bearer)]
    for what, path, headers in shop_wide:
        cold = timed(lambda i, p=path, h=headers: get(p, h, c=viewer), slow, warmup=1)
        sent = statements_of(app, lambda p=path, h=headers: get(p, h, c=viewer))
        counted = timed(lambda i, s=sent: raw.replay(s), slow, warmup=1)
        row = Row(name, size, f"{what}, counted on the request", cold, "raw SQL", counted,
                  target="p50 ≤ 2× raw SQL and < 300 ms")
        row.met = row.ratio <= 2 and row.p50 < 300
        rows.append(row)
        rows.append(Row(name, size, f"… the same {_statements(sent)} through the driver", counted,
                        note="the floor of the count: what the page asks the database"))
    # A person's own pages are counted on every visit. Each compares the person's garments with
    # the shop's (a designer's pieces with the shop's sales in the same categories and price
    # bands, and the price the shop's last year suggests), so they are held to their statements
    # like the shop-wide pages.
    personal = [("designer", f"/feedback/designers/{people.get('design')}"),
                ("valuer", f"/feedback/valuers/{people.get('lager')}")]
    for who, path in personal:
        samples = timed(lambda i, p=path: get(p, None, c=viewer), slow, warmup=1)
        sent = statements_of(app, lambda p=path: get(p, None, c=viewer))
        counted = timed(lambda i, s=sent: raw.replay(s), slow, warmup=1)
        row = Row(name, size, f"Feedback of one {who} `GET {path}`, counted live", samples, "raw SQL", counted,
                  target="p50 ≤ 2× raw SQL and < 300 ms", note="a person's own garments against the shop's")
        row.met = row.ratio <= 2 and row.p50 < 300
        rows.append(row)
        rows.append(Row(name, size, f"… the same {_statements(sent)} through the driver", counted,
                        note="the floor of the count: what the page asks the database"))
    return rows


def write_rows(app: Any, client: Any, auth: dict[str, str], priced: list[str], name: str, size: int,
               ping: list[int], raw: Raw, fast: int, reps: int, only: frozenset[str]) -> list[Row]:
    """Opening till 1, then the scan into the cart, the 5-line sale and the X report (as `only` says)."""
    from boutique.db import db
    from inventory.garments.models import Item

    rows: list[Row] = []
    open_response = client.post("/api/v1/tills/1/session", json={"opening_float": 50000}, headers=auth)
    if open_response.status_code not in (201, 200):
        raise RuntimeError(f"open till: {open_response.status_code} {open_response.get_data(as_text=True)}")
    session = app.test_client()
    session.post("/login", data={"username": "kassa", "password": "demo"})
    scan_codes = priced[: fast + 3]
    sale_codes = priced[fast + 3:]

    def empty_cart(i: int) -> None:
        with session.session_transaction() as stored:
            stored["carts"] = {}

    def scan(i: int) -> None:
        response = session.post("/till/1/scan", data={"code": scan_codes[i + 3]})
        if response.status_code != 302:
            raise RuntimeError(f"scan: {response.status_code}")

    if "scan" in only:
        rows.append(Row(name, size, "Add a scanned garment to the cart `POST /till/1/scan`",
                        timed(scan, fast, before=empty_cart), "bare route", ping,
                        note="signed-in session, cart in the cookie"))
    with app.app_context():
        prices = dict(db.session.execute(select(Item.code, Item.price).where(Item.code.in_(sale_codes[:2000]))
                                         ).all())
        db.session.remove()
    sale_reps = min(max(3, reps // 3), (len(sale_codes) // 5) - 3) if "sale" in only else 0

    def sale(i: int) -> None:
        codes = sale_codes[(i + 3) * 5:(i + 4) * 5]
        body = {"till_id": 1, "lines": [{"code": c} for c in codes],
                "payments": [{"method": "cash", "amount": sum(prices.get(c) or 0 for c in codes)}]}
        response = client.post("/api/v1/sales", json=body, headers=auth)
        if response.status_code != 201:
            raise RuntimeError(f"sale: {response.status_code} {response.get_data(as_text=True)[:300]}")

    if "sale" in only:
        row = Row(name, size, "Commit a 5-line sale, cash, journal `POST /api/v1/sales`", timed(sale, sale_reps),
                  "bare route", ping,
                  target="p50 < 15 ms (SQLite, synchronous=FULL)" if name == "SQLite" else "p50 < 10 ms")
        row.met = row.p50 < (15 if name == "SQLite" else 10)
        rows.append(row)
    if "xreport" in only:
        with app.app_context():
            from pos.models import TillSession

            session_id = db.session.scalar(select(TillSession.id).where(TillSession.till_id == 1,
                                                                        TillSession.closed_at.is_(None)))
            db.session.remove()
        xr_floor = timed(lambda i: [raw.all(sql, session_id) for sql in XREPORT_SQL], fast)

        def x_report(i: int) -> None:
            response = client.get("/api/v1/tills/1/x-report", headers=auth)
            if response.status_code != 200:
                raise RuntimeError(f"x-report: {response.status_code} {response.get_data(as_text=True)[:300]}")

        sales = f"{sale_reps + 3} sales" if sale_reps else "no sales"
        rows.append(Row(name, size, f"X report `GET /api/v1/tills/1/x-report` ({sales} in session)",
                        timed(x_report, fast), "raw SQL", xr_floor))
    return rows


def label_rows(reps: int, pdf_labels: int) -> list[Row]:
    """One label PNG and a PDF of `pdf_labels` labels, each run with codes never rendered before."""
    from inventory.labels import render_label_png, render_labels_pdf

    from .labels import make_labels

    png = timed(lambda i: render_label_png(make_labels(1, first=500_000 + i * 7)[0], 300), reps)
    batches = {i: make_labels(pdf_labels, first=700_000 + (i + 10) * pdf_labels) for i in range(-2, max(3, reps // 20))}
    pdf = timed(lambda i: render_labels_pdf(batches[i], "a4-3x8"), max(3, reps // 20), warmup=1)
    rows = [Row("—", 0, "One label PNG, 62×29 mm, 300 dpi", png),
            Row("—", 0, f"{pdf_labels:,}-label PDF, A4 3×8", pdf, target="< 1 s")]
    rows[-1].met = rows[-1].p50 < 1000
    return rows


def ms(value: float) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:,.2f}" if value < 10 else f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def render(rows: list[Row], growth: list[tuple[str, str, int, float, int, float, float, bool | None]],
           load: list[dict[str, Any]], builds: list[str], args: argparse.Namespace,
           background: list[dict[str, Any]] | None = None) -> str:
    """The generated Markdown."""
    out = [(f"Generated by `python -m bench.run {' '.join(args.argv)}` on {time.strftime('%Y-%m-%d %H:%M')}, "
           f"Python {platform.python_version()}, {os.cpu_count()} CPU(s). Times in ms; p50 = median, "
           f"p99 = nearest-rank 99th percentile; ratio = p50 / floor p50."), "", "Datasets:", ""]
    out += [f"- {line}" for line in builds]
    out += ["", "| Database | Garments | What | Runs | p50 | p99 | Floor | Floor p50 | Ratio | Target | Met |",
            "|---|---:|---|---:|---:|---:|---|---:|---:|---|---|"]
    for r in rows:
        met = "" if r.met is None else "yes" if r.met else "**no**"
        what = r.what + (f" — {r.note}" if r.note else "")
        ratio = "—" if math.isnan(r.ratio) else f"{r.ratio:.1f}×"
        out.append(f"| {r.db} | {f'{r.garments:,}' if r.garments else '—'} | {what} | {len(r.samples)} | {ms(r.p50)} | {ms(r.p99)} | "
                   f"{r.floor or '—'} | {ms(r.floor_p50)} | {ratio} | {r.target or '—'} | {met} |")
    from .browser import render_background

    out += render_background(background or [])
    out += ["", "Cost as the data grows (p50, ms):", "",
            "| Database | What | Small | p50 small | Large | p50 large | Large / small | Target | Met |",
            "|---|---|---:|---:|---:|---:|---:|---|---|"]
    for db_name, what, small, small_ms, large, large_ms, ratio, met in growth:
        target = "≤ 1.5×" if what.startswith("Scan") else "—"
        out.append(f"| {db_name} | {what} | {small:,} | {ms(small_ms)} | {large:,} | {ms(large_ms)} | {'—' if math.isnan(ratio) else f'{ratio:.2f}×'} | "
                   f"{target} | {'' if met is None else 'yes' if met else '**no**'} |")
    out += ["", "Load test (gunicorn on loopback; each counter: scan, scan, pay):", "",
            ("| Database | Workers | Counters | Seconds | Sales | Requests | Requests/s | Sales/s | p50 | p95 | p99 | "
            "Errors | Double sales | Journal |"),
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in load:
        out.append(f"| {r['db']} | {r['workers']} | {r['counters']} | {r['seconds']:.1f} | {r['sales']:,} | "
                   f"{r['requests']:,} | {r['rps']:,.0f} | {r['sps']:,.1f} | {ms(r['p50'])} | {ms(r['p95'])} | "
                   f"{ms(r['p99'])} | {r['errors']} | {r['double_sales']} | {r['journal']} |")
    return "\n".join(out) + "\n"


def write_markdown(path: Path, generated: str) -> None:
    """Replace what is between the markers of `path` (or make the file with just the markers)."""
    existing = path.read_text() if path.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in existing or END not in existing:
        existing += f"\n{BEGIN}\n{END}\n"
    head, rest = existing.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{generated}{END}{tail}")


def row_groups(text: str) -> frozenset[str]:
    """`--only lookup,sale`: the row groups named, each one of ROW_GROUPS."""
    groups = frozenset(name.strip() for name in text.split(",") if name.strip())
    unknown = groups - set(ROW_GROUPS)
    if not groups or unknown:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(ROW_GROUPS)} (unknown: {', '.join(sorted(unknown))})")
    return groups


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark; return (and print) the Markdown."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--garments", type=int, default=None, help="dataset size (default 1,000,000; --quick 10,000)")
    parser.add_argument("--small", type=int, default=None, help="the small size for growth (default 10,000)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="a 10,000-garment smoke run with fewer repetitions")
    parser.add_argument("--reps", type=int, default=None, help="runs of each fast request (default 300; --quick 60)")
    parser.add_argument("--labels", type=int, default=1000, help="labels in the PDF")
    parser.add_argument("--load-seconds", type=float, default=None, help="load test length (default 30; --quick 8)")
    parser.add_argument("--counters", type=int, default=4, help="simulated counters in the load test")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers in the load test")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    parser.add_argument("--browser-runs", type=int, default=None, help="runs of each browser row (default 200; "
                        "--quick 20)")
    parser.add_argument("--background-rate", type=float, default=50, help="sales/s of the background load during "
                        "the browser rows (default 50; 0: none)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser rows (Chromium)")
    parser.add_argument("--output", type=Path, default=None, help="write the table into this Markdown file")
    parser.add_argument("--workdir", type=Path, default=None, help="where the SQLite files go (default: a temp dir)")
    parser.add_argument("--only", type=row_groups, default=frozenset(ROW_GROUPS), metavar="GROUP,...",
                        help=f"measure only these rows (default all): {', '.join(ROW_GROUPS)}; the bare route "
                             "always; the small dataset only for lookup and feedback (their growth)")
    args = parser.parse_args(argv)
    args.argv = list(argv if argv is not None else sys.argv[1:])
    garments = args.garments or (10_000 if args.quick else 1_000_000)
    small = min(args.small or (1_000 if args.quick else 10_000), garments)
    reps = args.reps or (60 if args.quick else 300)
    load_seconds = args.load_seconds if args.load_seconds is not None else (8 if args.quick else 30)
    pg_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL)
    pg_load_url = os.environ.get("BENCH_LOAD_DATABASE_URL", pg_url)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    rows: list[Row] = []
    growth = []
    load_rows: list[dict[str, Any]] = []
    background: list[dict[str, Any]] = []
    browser_runs = args.browser_runs or (20 if args.quick else 200)
    builds: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-", dir=args.workdir) as tmp:
        urls = []
        if args.db in ("sqlite", "both"):
            urls.append(("sqlite", f"sqlite:///{tmp}/bench.sqlite"))
        if args.db in ("postgresql", "both"):
            urls.append(("postgresql", pg_url))
        if "labels" in args.only:
            rows += label_rows(reps, args.labels)
        for kind, url in urls:
            small_rows: list[Row] = []
            built_sets = []
            if args.only & {"lookup", "feedback"}:
                small_rows, small_built = suite(url, small, reps, full=False, log=log, only=args.only)
                built_sets.append(small_built)
            big_rows, big_built = suite(url, garments, reps, full=True, log=log, only=args.only)
            for built in built_sets + [big_built]:
                builds.append(f"{big_rows[0].db}, {built['garments']:,} garments, {built['sales']:,} sales, "
                              f"{built['events']:,} events, {built['categories']} categories, {built['shops']} shops: "
                              f"demo generator {built['days']} days × {built['copies']} "
                              f"cop{'y' if built['copies'] == 1 else 'ies'}, built in {built['seconds']:.1f} s "
                              f"(generator {built['demo_seconds']:.1f} s, SQL copies {built['copy_seconds']:.1f} s)")
            rows += big_rows
            if not args.no_browser and "browser" in args.only:
                from .browser import browser_rows

                log(f"browser rows on {kind} ...")
                more, figures = browser_rows(url, big_rows[0].db, big_rows[0].garments, runs=browser_runs,
                                             rate=args.background_rate, counters=args.counters,
                                             workers=args.workers, log=log)
                rows += more
                background.append(figures)
            by_what_small = {r.what: r for r in small_rows}
            for r in big_rows:
                if r.what.startswith(("Scan lookup", "Feedback")) and r.what in by_what_small:
                    s = by_what_small[r.what]
                    ratio = r.p50 / s.p50
                    met = ratio <= 1.5 if r.what.startswith("Scan") else None
                    growth.append((r.db, r.what, s.garments, s.p50, r.garments, r.p50, ratio, met))
            if not args.no_load and "load" in args.only:
                from .load import run_load

                load_url = f"sqlite:///{tmp}/load.sqlite" if kind == "sqlite" else pg_load_url
                log(f"load test on {kind} ...")
                load_rows.append(run_load(load_url, garments=min(garments, 10_000), counters=args.counters,
                                          workers=args.workers, seconds=load_seconds, log=log))
    markdown = render(rows, growth, load_rows, builds, args, background)
    print(markdown)
    if args.output:
        write_markdown(args.output, markdown)
    return markdown


if __name__ == "__main__":
    main()
