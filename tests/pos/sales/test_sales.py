"""Ringing up sales: all or nothing, gapless receipt numbers, change and rounding, training mode."""

from __future__ import annotations

import pytest

from boutique.db import db
from boutique.errors import ValidationFailed
from inventory.errors import ItemNotSellable
from inventory.garments import services as garment_services
from pos.campaigns.prices import LineRequest
from pos.errors import EmptySale, PaymentShort, TillAlreadyOpen, TillClosed
from pos.journal import services as journal
from pos.models import Sale
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest
from pos.tills import services as till_services


def cash(amount: int) -> list[PaymentRequest]:
    return [PaymentRequest("cash", amount)]


def test_a_cash_sale_gives_change_and_marks_the_garment_sold(make_item, open_till, cashier):
    item = make_item(price=14900)
    sale = sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], cash(20000), by=cashier)
    assert (sale.receipt_no, sale.total, sale.change) == (1, 14900, 5100)
    assert garment_services.get_item(item.code).status == "sold"
    assert [e.kind for e in garment_services.item_history(item)][-1] == "item.sold"


def test_cash_is_rounded_to_whole_kronor_and_card_is_exact(make_item, open_till, cashier):
    odd = make_item(price=4950)
    sale = sale_services.ring_up(open_till.id, [LineRequest(code=odd.code)], cash(5000), by=cashier)
    assert (sale.total, sale.rounding, sale.change) == (4950, 50, 0)
    other = make_item(price=4950)
    card = sale_services.ring_up(open_till.id, [LineRequest(code=other.code)], [PaymentRequest("card", 4950, "T-77")],
                            by=cashier)
    assert (card.rounding, card.payments[0].reference) == (0, "T-77")


def test_a_split_payment_takes_card_first_and_the_rest_in_cash(make_item, open_till, cashier):
    a, b = make_item(price=10000), make_item(price=5000)
    sale = sale_services.ring_up(open_till.id, [LineRequest(code=a.code), LineRequest(code=b.code)],
                            [PaymentRequest("card", 10000), PaymentRequest("cash", 10000)], by=cashier)
    assert sorted((p.method, p.amount) for p in sale.payments) == [("card", 10000), ("cash", 5000)]
    assert sale.change == 5000


def test_a_quick_key_line_sells_a_category_at_a_flat_price(open_till, cashier):
    sale = sale_services.ring_up(open_till.id, [LineRequest(category="tops", price=4000)], cash(4000), by=cashier)
    assert (sale.total, sale.lines[0].item_id, sale.lines[0].category.key) == (4000, None, "tops")


def test_a_short_payment_records_nothing_and_keeps_the_receipt_number(make_item, open_till, cashier):
    item = make_item(price=14900)
    with pytest.raises(PaymentShort):
        sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], cash(10000), by=cashier)
    assert garment_services.get_item(item.code).status == "priced"
    sale = sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], cash(14900), by=cashier)
    assert sale.receipt_no == 1


def test_one_unsellable_line_fails_the_whole_sale(make_item, open_till, cashier):
    good, unpriced = make_item(price=5000), make_item()
    with pytest.raises(ItemNotSellable) as caught:
        sale_services.ring_up(open_till.id, [LineRequest(code=good.code), LineRequest(code=unpriced.code)], cash(5000),
                         by=cashier)
    assert caught.value.details == {"code": unpriced.code, "status": "sorted"}
    assert garment_services.get_item(good.code).status == "priced"
    assert db.session.query(Sale).count() == 0


def test_a_garment_sells_only_once(make_item, open_till, cashier):
    item = make_item(price=5000)
    sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], cash(5000), by=cashier)
    with pytest.raises(ItemNotSellable):
        sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], cash(5000), by=cashier)


def test_the_same_garment_twice_on_one_receipt_is_refused(make_item, open_till, cashier):
    item = make_item(price=5000)
    with pytest.raises(ValidationFailed):
        sale_services.ring_up(open_till.id, [LineRequest(code=item.code)] * 2, cash(10000), by=cashier)


def test_a_closed_till_sells_nothing(make_item, till, cashier):
    item = make_item(price=5000)
    with pytest.raises(TillClosed):
        sale_services.ring_up(till.id, [LineRequest(code=item.code)], cash(5000), by=cashier)
    assert garment_services.get_item(item.code).status == "priced"


def test_an_empty_sale_is_refused(open_till, cashier):
    with pytest.raises(EmptySale):
        sale_services.ring_up(open_till.id, [], cash(0), by=cashier)


def test_a_till_opens_only_once(open_till, cashier):
    with pytest.raises(TillAlreadyOpen):
        till_services.open_till(open_till.id, opening_float=0, by=cashier)


def test_receipt_numbers_run_without_gaps_even_when_sales_fail(make_item, open_till, cashier):
    numbers = []
    for n in range(4):
        item = make_item(price=1000)
        if n == 1:
            with pytest.raises(PaymentShort):
                sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], cash(1), by=cashier)
        numbers.append(sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], cash(1000),
                                        by=cashier).receipt_no)
    assert numbers == [1, 2, 3, 4]


def test_a_training_sale_moves_no_stock_and_counts_only_as_training(make_item, open_till, cashier):
    item = make_item(price=5000)
    sale = sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], cash(5000), by=cashier, training=True)
    assert sale.training
    assert garment_services.get_item(item.code).status == "priced"
    report = till_services.x_report(open_till.id)
    assert report["training"] == {"count": 1, "amount": 5000}
    assert (report["total_sales"], report["receipts"], report["grand_totals"]["sales"]) == (0, 0, 0)


def test_the_second_print_of_a_receipt_is_a_copy_in_the_journal(make_item, open_till, cashier):
    item = make_item(price=5000)
    sale = sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], cash(5000), by=cashier)
    assert sale_services.print_receipt(sale.id, by=cashier)[1] is False
    assert sale_services.print_receipt(sale.id, by=cashier)[1] is True
    assert till_services.x_report(open_till.id)["copies"] == {"count": 1, "amount": 5000}
    assert journal.verify().ok
