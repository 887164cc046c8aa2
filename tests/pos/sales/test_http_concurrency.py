"""Two tills POST the same garment to /api/v1/sales through a real server at the same moment: one sale, one 409."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

from werkzeug.serving import make_server

from boutique.db import db
from boutique.services import create_shop
from inventory.garments import services as garment_services
from pos.journal import services as journal
from pos.models import Sale
from pos.tills import services as till_services
from tests.conftest import PASSWORD

ROUNDS = 100


def post(base: str, path: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_two_tills_posting_the_same_garment_at_once_over_http_sell_it_once(app, make_item, open_till, cashier,
                                                                           supervisor):
    second_till = create_shop("Andra butiken").tills[0]
    till_services.open_till(second_till.id, opening_float=0, by=supervisor)
    till_ids, username = (open_till.id, second_till.id), cashier.username
    codes = [make_item(price=1000).code for _ in range(ROUNDS)]
    db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/api/v1"
    outcomes: list[tuple[int, str]] = []
    lock = threading.Lock()
    try:
        token = post(base, "/auth/token", {"username": username, "password": PASSWORD})[1]["token"]

        def attempt(till_id: int, code: str, barrier: threading.Barrier) -> None:
            barrier.wait()
            status, body = post(base, "/sales", {"till_id": till_id, "lines": [{"code": code}],
                                                 "payments": [{"method": "cash", "amount": 1000}]}, token)
            with lock:
                outcomes.append((status, body.get("error", "")))

        for code in codes:
            barrier = threading.Barrier(2)
            threads = [threading.Thread(target=attempt, args=(till_id, code, barrier)) for till_id in till_ids]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
    finally:
        server.shutdown()
        thread.join(timeout=10)

    assert outcomes.count((201, "")) == ROUNDS
    assert outcomes.count((409, "item_not_sellable")) == ROUNDS
    assert db.session.query(Sale).count() == ROUNDS
    assert all(garment_services.get_item(code).status == "sold" for code in codes)
    receipts = sorted(db.session.query(Sale.till_id, Sale.receipt_no).all())
    for till_id in till_ids:  # every till's numbers run 1, 2, 3, ... without a gap
        numbers = [no for tid, no in receipts if tid == till_id]
        assert numbers == list(range(1, len(numbers) + 1))
    assert journal.verify().ok
