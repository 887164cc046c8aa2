"""Kill app workers with SIGKILL under a load of sales: nothing acknowledged is lost, nothing is half-written.

A real gunicorn on loopback with several workers, on the run's database (SQLite file or
PostgreSQL). The load is bounded in count and time and stops by itself.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from boutique.db import db
from inventory.garments.models import Item
from pos.journal import services as journal
from pos.models import Payment, Sale, SaleLine
from pos.tills import services as till_services

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SALES = 240
KILLS = 5
CLIENTS = 4
TIME_LIMIT = 90.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _workers(master_pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master_pid:
                children.append(int(entry.name))
    return children


def _wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


def test_sales_survive_workers_killed_mid_load(app, make_item, open_till, cashier, database_url, tmp_path):
    codes = [make_item(price=(10 + n) * 100).code for n in range(SALES)]
    till_id = open_till.id
    db.session.remove()
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_SECRET_KEY": "test-secret",
           "FLASK_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
    log = open(tmp_path / "gunicorn.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "3", "--bind", f"127.0.0.1:{port}", "--graceful-timeout",
         "2", "--log-level", "warning", "app:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    acknowledged: dict[str, dict] = {}
    lock = threading.Lock()
    queue = list(codes)
    kills = 0
    try:
        _wait_for(base + "/api/v1/openapi.json", time.monotonic() + 30)
        status, body = _post(base + "/api/v1/auth/token", {"username": "kassa", "password": "secret-pw"})
        assert status == 200, body
        token = body["token"]
        stop_at = time.monotonic() + TIME_LIMIT

        def sell() -> None:
            while time.monotonic() < stop_at:
                with lock:
                    if not queue:
                        return
                    code = queue.pop()
                price = (10 + codes.index(code)) * 100
                try:
                    status, body = _post(base + "/api/v1/sales", {
                        "till_id": till_id, "lines": [{"code": code}],
                        "payments": [{"method": "cash", "amount": price}]}, token)
                except (OSError, ValueError, http.client.HTTPException):
                    continue  # the worker died under this request (or mid-answer): not acknowledged
                if status == 201:
                    with lock:
                        acknowledged[code] = body


        def kill() -> None:
            nonlocal kills
            while kills < KILLS and time.monotonic() < stop_at:
                time.sleep(0.6)
                workers = _workers(server.pid)
                if workers:
                    os.kill(workers[kills % len(workers)], signal.SIGKILL)
                    kills += 1

        threads = [threading.Thread(target=sell) for _ in range(CLIENTS)] + [threading.Thread(target=kill)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIME_LIMIT + 30)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    assert kills == KILLS
    assert len(acknowledged) >= SALES - 3 * KILLS, "more sales failed than the kills explain"
    db.session.remove()
    for code, body in acknowledged.items():
        sale = db.session.get(Sale, body["id"])
        assert sale is not None, f"acknowledged sale of {code} is missing"
        assert (sale.receipt_no, sale.total) == (body["receipt_no"], body["total"])
        assert [line.item.code for line in sale.lines] == [code]
        assert sum(p.amount for p in sale.payments) == sale.total + sale.rounding
    # Nothing half-written: every sale has its line and payment, every sold garment its sale.
    assert db.session.scalar(select(func.count(Sale.id)).where(~Sale.lines.any())) == 0
    assert db.session.scalar(select(func.count(Sale.id)).where(~Sale.payments.any())) == 0
    sold = db.session.scalar(select(func.count(Item.id)).where(Item.status == "sold"))
    assert sold == db.session.scalar(select(func.count(SaleLine.id)).where(SaleLine.item_id.is_not(None)))
    numbers = sorted(db.session.scalars(select(Sale.receipt_no).where(Sale.till_id == till_id)))
    assert numbers == list(range(1, len(numbers) + 1))
    assert journal.verify().ok
    assert db.session.scalar(select(func.count(Payment.id))) >= len(acknowledged)
    assert till_services.open_session(till_id) is not None
    report = {"database": db.engine.dialect.name, "sales_attempted": SALES, "acknowledged": len(acknowledged),
              "workers_killed": kills, "acknowledged_sales_lost": 0, "half_written_sales": 0,
              "journal_entries_verified": journal.verify().entries}
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / f"crash-safety-{db.engine.dialect.name}.json").write_text(json.dumps(report, indent=2))
