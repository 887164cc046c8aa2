"""Races the database settles: a double return, a return racing a sale, two closes of one session.

Real threads with their own connections, on the run's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from boutique.db import db
from boutique.errors import DomainError
from boutique.models import Person
from boutique.services import create_shop
from inventory.garments import services as garment_services
from pos.campaigns.prices import LineRequest
from pos.journal import services as journal
from pos.models import Sale, SaleLine
from pos.sales import returns as sale_returns
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest
from pos.tills import services as till_services

ROUNDS = 20


def race(app: Any, *attempts: Callable[[], Any]) -> list[str]:
    """Run the attempts at the same moment, each in its own thread and app context; say who won."""
    barrier = threading.Barrier(len(attempts))
    results: list[str] = [""] * len(attempts)

    def run(index: int, attempt: Callable[[], Any]) -> None:
        with app.app_context():
            barrier.wait()
            try:
                attempt()
                results[index] = "ok"
            except DomainError as exc:
                results[index] = exc.code
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n, a)) for n, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def person(person_id: int) -> Person:
    return db.session.get(Person, person_id)


def sold_garments(make_item: Any, till_id: int, cashier: Person, price: int) -> list[tuple[int, str]]:
    """ROUNDS garments sold one per receipt at the till: (sale id, code) each."""
    sold = []
    for _ in range(ROUNDS):
        item = make_item(price=price)
        sale = sale_services.ring_up(till_id, [LineRequest(code=item.code)], [PaymentRequest("cash", price)], by=cashier)
        sold.append((sale.id, item.code))
    return sold


def test_two_returns_of_the_same_line_refund_it_once(app, make_item, open_till, cashier, supervisor):
    boss_id = supervisor.id
    sales = sold_garments(make_item, open_till.id, cashier, 3000)
    db.session.remove()
    for sale_id, code in sales:
        def give_back() -> None:
            sale_returns.return_items(sale_id, [code], method="cash", by=person(boss_id))
        outcome = race(app, give_back, give_back)
        assert outcome.count("ok") == 1 and "" not in outcome, outcome
    refunds = db.session.query(Sale).filter_by(kind="return").count()
    assert refunds == ROUNDS
    assert db.session.query(SaleLine).filter(SaleLine.returns_line_id.is_not(None)).count() == ROUNDS
    assert journal.verify().ok


def test_a_return_racing_a_sale_at_another_till_leaves_the_books_consistent(app, make_item, open_till, cashier,
                                                                            supervisor):
    other = create_shop("Andra butiken").tills[0]
    till_services.open_till(other.id, opening_float=0, by=supervisor)
    boss_id, cashier_id, till_a, till_b = supervisor.id, cashier.id, open_till.id, other.id
    sold = sold_garments(make_item, till_a, cashier, 2000)
    db.session.remove()
    for sale_id, code in sold:
        def give_back() -> None:
            sale_returns.return_items(sale_id, [code], method="cash", by=person(boss_id))

        def sell_again() -> None:
            sale_services.ring_up(till_b, [LineRequest(code=code)], [PaymentRequest("card", 2000)], by=person(cashier_id))

        returned, resold = race(app, give_back, sell_again)
        assert returned == "ok"
        status = garment_services.get_item(code).status
        # Either the second sale came after the return (sold again), or it was refused (back in stock).
        assert (resold, status) in (("ok", "sold"), ("item_not_sellable", "priced"))
        db.session.remove()
    assert journal.verify().ok


def test_two_closes_of_one_session_give_one_z_report(app, make_item, open_till, cashier, supervisor):
    boss_id, cashier_id, till_id = supervisor.id, cashier.id, open_till.id
    db.session.remove()
    for round_no in range(ROUNDS):
        if round_no:
            till_services.open_till(till_id, opening_float=50000, by=person(cashier_id))
            db.session.remove()

        def close() -> None:
            till_services.close_till(till_id, counted_cash=50000, by=person(boss_id))

        assert sorted(race(app, close, close)) == ["ok", "till_closed"]
    assert db.session.get(type(open_till), till_id).last_z_no == ROUNDS
    assert journal.verify().ok
