"""Load test: gunicorn on loopback, N simulated counters doing scan, scan, pay, for a bounded time.

`python -m bench.load [--db sqlite|postgresql] [--counters 4] [--workers 3] [--seconds 30]`

Each counter is a thread with its own open till, its own bearer token, its own keep-alive
HTTP connection and its own share of priced garments: GET /api/v1/items/{code} twice,
then POST /api/v1/sales for the two with cash. The loop stops at the deadline or when its
garments run out. Afterwards, with gunicorn stopped: no garment on two sale lines
(double sales), and `pos.journal.services.verify()` passes.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select, text

from .common import DEFAULT_PG_URL, bench_config

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def prepare(url: str, garments: int, counters: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Build the dataset, add a till per counter; return the tills and each counter's priced garments."""
    from app import create_app
    from boutique.db import db, dispose_engines

    from .dataset import build, reset_database

    reset_database(url)
    app = create_app(bench_config(url))
    with app.app_context():
        built = build(garments)
        db.session.remove()
        dispose_engines()
    plan = add_counters(url, counters, log)
    return {**plan, "built": built}


def add_counters(url: str, counters: int, log: Callable[[str], None], *, first_till: bool = True,
                 reserve: int = 0) -> dict[str, Any]:
    """A till per counter in shop 1 (the shop's first till, then new ones; only new ones without `first_till`)
    and each counter's share of shop 1's priced garments, after the first `reserve` of them (for another user)."""
    from app import create_app
    from boutique.db import db, dispose_engines
    from boutique.models import Person, Till
    from boutique.services import add_till
    from inventory.garments.models import Item

    app = create_app(bench_config(url))
    with app.app_context():
        admin = db.session.scalar(select(Person).where(Person.username == "admin"))
        tills = [db.session.scalar(select(Till.id).where(Till.shop_id == 1).order_by(Till.id))] if first_till else []
        while len(tills) < counters:
            tills.append(add_till(1, name=f"Bench {len(tills) + 1}", by=admin).id)
        rows = db.session.execute(select(Item.code, Item.price).where(Item.status == "priced", Item.shop_id == 1)
                                  .order_by(Item.id)).all()
        db.session.remove()
        dispose_engines()
    log(f"load dataset: {len(rows):,} priced garments in shop 1, tills {tills}")
    reserved, rows = rows[:reserve], rows[reserve:]
    return {"tills": tills, "pools": [rows[i::counters] for i in range(counters)], "reserved": reserved}


@contextmanager
def gunicorn(url: str, workers: int, app: str = "app:create_app()") -> Iterator[str]:
    """gunicorn serving `app` on `url`'s database on a free loopback port, until the block ends; yields its base URL."""
    port = free_port()
    base = f"http://{LOOPBACK}:{port}"
    env = dict(os.environ, DATABASE_URL=url, FLASK_SECRET_KEY="bench-load-secret")
    server_log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"{LOOPBACK}:{port}",
         "--log-level", "warning", app],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=server_log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/login", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                server_log.seek(0)
                raise RuntimeError(f"gunicorn did not start: {server_log.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        server_log.close()


def check(url: str) -> tuple[int, str]:
    """(garments sold twice, journal verdict) after the run."""
    from app import create_app
    from boutique.db import db, dispose_engines
    from pos.journal import services as journal


    app = create_app(bench_config(url))
    with app.app_context():
        doubles = db.session.scalar(text(
            "SELECT COUNT(*) FROM (SELECT l.item_id FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            "WHERE s.kind = 'sale' AND s.training = :no AND l.item_id IS NOT NULL "
            "GROUP BY l.item_id HAVING COUNT(*) > 1) AS twice"), {"no": False})
        verdict = journal.verify()
        db.session.remove()
        dispose_engines()
    return doubles or 0, "ok" if verdict.ok else f"BROKEN {verdict.first_bad}"


def run_load(url: str, *, garments: int = 10_000, counters: int = 4, workers: int = 3, seconds: float = 30,
             max_sales_per_counter: int = 5_000, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the load test against gunicorn serving `url`; return the figures."""
    plan = prepare(url, garments, counters, log)
    with gunicorn(url, workers) as base:
        load = Counters(base, plan["tills"], plan["pools"], seconds=seconds,
                        max_sales_per_counter=max_sales_per_counter)
        load.start()
        result = load.join()
    doubles, verdict = check(url)
    if result["errors"]:
        log(f"load test errors ({result['errors']}), first: {load.errors[:3]}")
    return {"db": "PostgreSQL" if url.startswith("postgresql") else "SQLite", "workers": workers,
            **result, "double_sales": doubles, "journal": verdict, "garments": plan["built"]["garments"]}


def open_till(base: str, till_id: int) -> requests.Session:
    """Open the till with a float as the demo cashier; return the API session (bearer token, keep-alive)."""
    http = requests.Session()
    token = http.post(f"{base}/api/v1/auth/token", json={"username": "kassa", "password": "demo"},
                      timeout=10).json()["token"]
    http.headers["Authorization"] = f"Bearer {token}"
    opened = http.post(f"{base}/api/v1/tills/{till_id}/session", json={"opening_float": 50000}, timeout=10)
    if opened.status_code != 201:
        raise RuntimeError(f"open till {till_id}: {opened.status_code} {opened.text[:200]}")
    return http


class Counters:
    """Simulated counters, one thread each, doing scan, scan, pay against `base` until `seconds` pass,
    their garments run out or `stop()`; with `rate`, all together make at most that many sales a second."""

    def __init__(self, base: str, tills: list[int], pools: list[list[Any]], *, seconds: float,
                 rate: float | None = None, max_sales_per_counter: int = 5_000) -> None:
        self.base, self.tills, self.pools, self.seconds = base, tills, pools, seconds
        self.interval = len(tills) / rate if rate else 0.0  # seconds between one counter's sales
        self.max_sales = max_sales_per_counter
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.sales = [0] * len(tills)
        self.lock = threading.Lock()
        self.halt = threading.Event()
        self.threads: list[threading.Thread] = []
        self.began = 0.0

    def start(self) -> None:
        """Open each counter's till (its own token and keep-alive connection), then start them all at once."""
        sessions = [open_till(self.base, till_id) for till_id in self.tills]
        start_line = threading.Barrier(len(self.tills) + 1)
        self.threads = [threading.Thread(target=self.counter, args=(n, sessions[n], start_line), daemon=True)
                        for n in range(len(self.tills))]
        for thread in self.threads:
            thread.start()
        start_line.wait()
        self.began = time.perf_counter()

    def counter(self, n: int, http: requests.Session, start_line: threading.Barrier) -> None:
        till_id, pool, base = self.tills[n], self.pools[n], self.base
        mine: list[float] = []
        start_line.wait()
        began = time.monotonic()
        stop = began + self.seconds
        for k in range(min(self.max_sales, len(pool) // 2)):
            if self.interval:  # paced: the k-th sale starts on its slot (staggered between counters), not before
                slot = began + (k + n / len(self.tills)) * self.interval
                if self.halt.wait(max(0.0, slot - time.monotonic())):
                    break
            if time.monotonic() >= stop or self.halt.is_set():
                break
            pair = pool[2 * k:2 * k + 2]
            try:
                for code, _price in pair:
                    t = time.perf_counter()
                    response = http.get(f"{base}/api/v1/items/{code}", timeout=30)
                    mine.append(time.perf_counter() - t)
                    if response.status_code != 200:
                        raise RuntimeError(f"scan {code}: {response.status_code}")
                body = {"till_id": till_id, "lines": [{"code": code} for code, _ in pair],
                        "payments": [{"method": "cash", "amount": sum(price or 0 for _, price in pair)}]}
                t = time.perf_counter()
                response = http.post(f"{base}/api/v1/sales", json=body, timeout=30)
                mine.append(time.perf_counter() - t)
                if response.status_code != 201:
                    raise RuntimeError(f"sale: {response.status_code} {response.text[:200]}")
                self.sales[n] += 1
            except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                with self.lock:
                    self.errors.append(str(exc))
        with self.lock:
            self.latencies.extend(mine)
        http.close()

    def stop(self) -> dict[str, Any]:
        """Stop the counters now and return the figures."""
        self.halt.set()
        return self.join()

    def join(self) -> dict[str, Any]:
        """Wait for the counters to finish and return the figures: sales, requests, their rates and latencies."""
        for thread in self.threads:
            thread.join(timeout=self.seconds + 120)
        elapsed = time.perf_counter() - self.began
        ordered = sorted(self.latencies) or [0.0]

        def pct(p: float) -> float:
            return ordered[max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))] * 1000

        total_sales = sum(self.sales)
        return {"counters": len(self.tills), "seconds": elapsed, "sales": total_sales,
                "requests": len(self.latencies), "rps": len(self.latencies) / elapsed if elapsed else 0.0,
                "sps": total_sales / elapsed if elapsed else 0.0, "p50": statistics.median(ordered) * 1000,
                "p95": pct(95), "p99": pct(99), "errors": len(self.errors)}


def main() -> None:
    """Run the load test alone and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--garments", type=int, default=10_000)
    parser.add_argument("--counters", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if args.db == "sqlite":
        tmp = tempfile.mkdtemp(prefix="bench-load-")
        url = f"sqlite:///{tmp}/load.sqlite"
    else:

        url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL)
    result = run_load(url, garments=args.garments, counters=args.counters, workers=args.workers,
                      seconds=args.seconds, log=lambda m: print(m, file=sys.stderr))
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
