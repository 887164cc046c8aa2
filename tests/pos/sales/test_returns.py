"""Returns: a supervisor's approval, back to stock, once per line."""

from __future__ import annotations

import pytest

from boutique.errors import Forbidden
from inventory.garments import services as garment_services
from pos.campaigns.prices import LineRequest
from pos.errors import AlreadyReturned, ReturnNotAllowed
from pos.sales import returns as sale_returns
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest
from pos.tills import services as till_services


def test_a_supervisor_returns_a_garment_and_it_goes_back_to_stock(make_item, open_till, cashier, supervisor, sell):
    item = make_item(price=8000)
    sale = sell(item)
    refund = sale_returns.return_items(sale.id, [item.code], method="cash", by=supervisor)
    assert (refund.kind, refund.total, refund.receipt_no) == ("return", -8000, 2)
    assert garment_services.get_item(item.code).status == "priced"
    with pytest.raises(AlreadyReturned):
        sale_returns.return_items(sale.id, [item.code], method="cash", by=supervisor)


def test_the_counter_needs_a_supervisors_approval_to_return(make_item, open_till, cashier, supervisor, sell):
    item = make_item(price=8000)
    sale = sell(item)
    with pytest.raises(Forbidden):
        sale_returns.return_items(sale.id, [item.code], method="cash", by=cashier)
    with pytest.raises(Forbidden):
        till_services.check_approval(supervisor.username, "0000")
    approver = till_services.check_approval(supervisor.username, "4321")
    refund = sale_returns.return_items(sale.id, [item.code], method="cash", by=cashier, approved_by=approver)
    assert refund.total == -8000


def test_a_training_sale_cannot_be_returned(make_item, open_till, cashier, supervisor):
    item = make_item(price=8000)
    sale = sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], [PaymentRequest("cash", 8000)],
                            by=cashier, training=True)
    with pytest.raises(ReturnNotAllowed):
        sale_returns.return_items(sale.id, [item.code], method="cash", by=supervisor)
