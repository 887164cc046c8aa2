"""Helpers of the counter's tests: a sale in one call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pos.campaigns.prices import LineRequest
from pos.models import Sale
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest


@pytest.fixture
def sell(open_till: Any, cashier: Any) -> Callable[..., Sale]:
    """Ring up garments at the open till, paid exactly (in cash unless told), by the cashier unless told."""

    def ring(*items: Any, method: str = "cash", by: Any = None, **kwargs: Any) -> Sale:
        lines = [i if isinstance(i, LineRequest) else LineRequest(code=i.code) for i in items]
        total = sum(line.price for line in sale_services.price_cart(open_till.id, lines, kwargs.get("discount")))
        return sale_services.ring_up(open_till.id, lines, [PaymentRequest(method, sale_services.cash_rounded(total)
                                                                     if method == "cash" else total)],
                                by=by or cashier, **kwargs)

    return ring
