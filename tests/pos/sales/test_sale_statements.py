"""The sale's statements do not grow with its lines (lost batching shows without timing anything),
the one conditional UPDATE that marks every garment sold, and what the sale keeps on each garment."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, update

from boutique.db import db
from inventory.errors import ItemNotSellable
from inventory.garments import services as garment_services
from inventory.garments.models import Item
from pos.campaigns.prices import Discount, LineRequest
from pos.journal import services as journal
from pos.sales import returns as sale_returns
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest
from pos.tills import services as till_services
from tests.conftest import statements


def post_sale(api: Any, till_id: int, items: list[Item]) -> dict[str, Any]:
    """Post a cash sale of the garments, paid exactly; a fresh session first, as a new request has."""
    body = {"till_id": till_id, "lines": [{"code": item.code} for item in items],
            "payments": [{"method": "cash", "amount": sum(item.price or 0 for item in items)}]}
    db.session.remove()
    response = api.post("/sales", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_five_line_sale_sends_as_many_statements_as_a_one_line_sale(api_as, cashier, make_item, open_till):
    items = [make_item(price=1000 * (n + 1)) for n in range(6)]
    codes, till_id = [item.code for item in items], open_till.id
    api = api_as(cashier)
    with statements() as one:
        post_sale(api, till_id, items[:1])
    rest = [garment_services.get_item(code) for code in codes[1:]]
    with statements() as five:
        sale = post_sale(api, till_id, rest)
    assert len(five) == len(one), "\n".join(five)
    assert [line["code"] for line in sale["lines"]] == codes[1:]
    assert {garment_services.get_item(code).status for code in codes} == {"sold"}
    assert journal.verify().ok


def test_the_lines_go_in_by_one_statement_text_whatever_their_number_on_postgresql(api_as, cashier, make_item,
                                                                                  open_till, database_url):
    # psycopg parses a statement of more than 50 parameters again at every execution (a
    # five-line VALUES list has 65); one array per column keeps the text, and the server's
    # prepared statement, the same for any number of lines.
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite takes the lines as a multi-row VALUES")
    codes = [make_item(price=1000).code for _ in range(6)]
    api, engine = api_as(cashier), db.engine
    sent: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("INSERT INTO sale_lines"):
            sent.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        post_sale(api, open_till.id, [garment_services.get_item(codes[0])])
        post_sale(api, open_till.id, [garment_services.get_item(code) for code in codes[1:]])
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert len(sent) == 2 and sent[0] == sent[1]
    assert sent[0].count("%(") <= 50


def test_a_sale_through_the_api_sells_every_garment_and_keeps_the_journal(api_as, cashier, make_item, open_till):
    # The request's read (the token's person) ends before the sale's own transaction begins
    # (tests/boutique/test_use_case.py: what that protects against).
    items = [make_item(price=1000) for _ in range(2)]
    post_sale(api_as(cashier), open_till.id, items)
    assert {garment_services.get_item(item.code).status for item in items} == {"sold"}
    assert journal.verify().ok


def test_each_garment_keeps_what_was_paid_for_it_and_a_return_clears_it(make_item, open_till, cashier, supervisor):
    shirt, coat = make_item(price=10000), make_item(price=30000)
    sale = sale_services.ring_up(open_till.id, [LineRequest(code=shirt.code), LineRequest(code=coat.code)],
                            [PaymentRequest("card", 36000)], by=supervisor,
                            discount=Discount(amount=4000, reason="bundle"))
    paid = {line.item.code: line.price for line in sale.lines}
    assert paid == {shirt.code: 9000, coat.code: 27000}
    for code in (shirt.code, coat.code):
        item = garment_services.get_item(code)
        assert (item.status, item.sold_price, item.sold_days) == ("sold", paid[code], 0)
    sale_returns.return_items(sale.id, [shirt.code], method="card", by=supervisor)
    returned = garment_services.get_item(shirt.code)
    assert (returned.status, returned.sold_at, returned.sold_price, returned.sold_days) == ("priced", None, None, None)
    assert garment_services.get_item(coat.code).sold_price == 27000


def test_a_garment_sold_elsewhere_after_it_was_read_fails_the_whole_batch_naming_it(make_item, open_till, cashier):
    garments = [garment_services.get_item(make_item(price=5000).code) for _ in range(3)]
    db.session.execute(update(Item).where(Item.id == garments[1].id).values(status="sold")
                       .execution_options(synchronize_session=False))  # another till got there first
    with pytest.raises(ItemNotSellable) as refused:
        garment_services.mark_sold([(item, 5000) for item in garments], by=cashier, till_id=open_till.id, sale_id=1)
    assert refused.value.details == {"code": garments[1].code, "status": "sold"}
    db.session.rollback()
    assert [garment_services.get_item(item.code).status for item in garments] == ["priced"] * 3


def test_a_sale_refused_for_one_garment_changes_nothing(api_as, cashier, make_item, open_till):
    good, gone = make_item(price=5000).code, make_item(price=5000)
    api = api_as(cashier)
    post_sale(api, open_till.id, [gone])
    gone_code = garment_services.get_item(gone.code).code
    response = api.post("/sales", json={"till_id": open_till.id, "lines": [{"code": good}, {"code": gone_code}],
                                        "payments": [{"method": "cash", "amount": 10000}]})
    assert response.status_code == 409
    assert response.get_json()["details"] == {"code": gone_code, "status": "sold"}
    assert garment_services.get_item(good).status == "priced"
    assert till_services.get_till(open_till.id).last_receipt_no == 1
    assert journal.verify().ok


def test_the_sale_as_answered_is_the_sale_as_read_back(api_as, cashier, supervisor, make_item, open_till):
    items = [make_item(price=12900), make_item(price=4950)]
    lines = [{"code": items[0].code, "discount": {"percent": 10, "reason": "damaged"}}, {"code": items[1].code},
             {"category": "tops", "price": 2500}]
    api = api_as(supervisor)
    answered = api.post("/sales", json={"till_id": open_till.id, "lines": lines,
                                        "payments": [{"method": "card", "amount": 5000, "reference": "T-1"},
                                                     {"method": "cash", "amount": 20000}]}).get_json()
    assert answered == api.get(f"/sales/{answered['id']}").get_json()
    assert [line["discount"] for line in answered["lines"]] == [1300, 0, 0]  # 10 % off, to whole kronor
    assert journal.verify().ok


def test_a_garment_priced_at_nothing_sells_without_a_payment(make_item, open_till, cashier):
    free = make_item(price=0)
    sale = sale_services.ring_up(open_till.id, [LineRequest(code=free.code)], [], by=cashier)
    assert (sale.total, sale.payments, garment_services.get_item(free.code).status) == (0, [], "sold")
    assert journal.verify().ok
