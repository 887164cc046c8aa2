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
from collections.abc import Callable
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
    from boutique.models import Person, Till
    from boutique.services import add_till
    from inventory.garments.models import Item

    from .dataset import build, reset_database

    reset_database(url)
    app = create_app(bench_config(url))
    with app.app_context():
        built = build(garments)
        admin = db.session.scalar(select(Person).where(Person.username == "admin"))
        tills = [db.session.scalar(select(Till.id).where(Till.shop_id == 1).order_by(Till.id))]
        for n in range(1, counters):
            tills.append(add_till(1, name=f"Bench {n + 1}", by=admin).id)
        rows = db.session.execute(select(Item.code, Item.price).where(Item.status == "priced", Item.shop_id == 1)
                                  .order_by(Item.id)).all()
        db.session.remove()
        dispose_engines()
    log(f"load dataset: {built['garments']:,} garments, {len(rows):,} priced in shop 1, tills {tills}")
    pools = [rows[i::counters] for i in range(counters)]
    return {"tills": tills, "pools": pools, "built": built}


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
    port = free_port()
    base = f"http://{LOOPBACK}:{port}"
    env = dict(os.environ, DATABASE_URL=url, FLASK_SECRET_KEY="bench-load-secret")
    server_log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"{LOOPBACK}:{port}",
         "--log-level", "warning", "app:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=server_log)
    latencies: list[float] = []
    errors: list[str] = []
    sales = [0] * counters
    lock = threading.Lock()
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
        sessions = []
        for till_id in plan["tills"]:
            http = requests.Session()
            token = http.post(f"{base}/api/v1/auth/token", json={"username": "kassa", "password": "demo"},
                              timeout=10).json()["token"]
            http.headers["Authorization"] = f"Bearer {token}"
            opened = http.post(f"{base}/api/v1/tills/{till_id}/session", json={"opening_float": 50000}, timeout=10)
            if opened.status_code != 201:
                raise RuntimeError(f"open till {till_id}: {opened.status_code} {opened.text[:200]}")
            sessions.append(http)
        start_line = threading.Barrier(counters + 1)

        def counter(n: int) -> None:
            http, till_id, pool = sessions[n], plan["tills"][n], plan["pools"][n]
            mine: list[float] = []
            start_line.wait()
            stop = time.monotonic() + seconds
            for k in range(min(max_sales_per_counter, len(pool) // 2)):
                if time.monotonic() >= stop:
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
                    sales[n] += 1
                except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                    with lock:
                        errors.append(str(exc))
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=counter, args=(n,), daemon=True) for n in range(counters)]
        for thread in threads:
            thread.start()
        start_line.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        server_log.close()
    doubles, verdict = check(url)
    if errors:
        log(f"load test errors ({len(errors)}), first: {errors[:3]}")
    ordered = sorted(latencies) or [0.0]

    def pct(p: float) -> float:
        return ordered[max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))] * 1000

    total_sales = sum(sales)
    return {"db": "PostgreSQL" if url.startswith("postgresql") else "SQLite", "workers": workers,
            "counters": counters, "seconds": elapsed, "sales": total_sales, "requests": len(latencies),
            "rps": len(latencies) / elapsed if elapsed else 0.0, "sps": total_sales / elapsed if elapsed else 0.0,
            "p50": statistics.median(ordered) * 1000, "p95": pct(95), "p99": pct(99), "errors": len(errors),
            "double_sales": doubles, "journal": verdict, "garments": plan["built"]["garments"]}


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
