"""Two tills ringing up the same garment at the same moment: one sale, one clear refusal.

Real threads, real connections, on whichever database the run uses (SQLite or PostgreSQL).
"""

from __future__ import annotations

import threading

from boutique.db import db
from boutique.services import create_shop
from inventory.errors import ItemNotSellable
from inventory.garments import services as garment_services
from pos.campaigns.prices import LineRequest
from pos.journal import services as journal
from pos.models import Sale
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest
from pos.tills import services as till_services

ROUNDS = 100


def test_two_tills_selling_the_same_garment_at_once_sell_it_once(app, make_item, open_till, cashier, supervisor):
    other_shop = create_shop("Andra butiken")
    second_till = other_shop.tills[0]
    till_services.open_till(second_till.id, opening_float=0, by=supervisor)
    cashier_id, till_ids = cashier.id, (open_till.id, second_till.id)
    codes = [make_item(price=1000).code for _ in range(ROUNDS)]
    db.session.remove()
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(till_id: int, code: str, barrier: threading.Barrier) -> None:
        with app.app_context():
            person = db.session.get(type(cashier), cashier_id)
            barrier.wait()
            try:
                sale_services.ring_up(till_id, [LineRequest(code=code)], [PaymentRequest("cash", 1000)], by=person)
                result = "sold"
            except ItemNotSellable:
                result = "refused"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    for code in codes:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=attempt, args=(till_id, code, barrier)) for till_id in till_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert outcomes.count("sold") == ROUNDS
    assert outcomes.count("refused") == ROUNDS
    assert db.session.query(Sale).count() == ROUNDS
    assert all(garment_services.get_item(code).status == "sold" for code in codes)
    assert journal.verify().ok
