"""The return: refunding lines of a receipt, by the same path a sale is written."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from boutique.auth import SUPERVISOR
from boutique.clock import utcnow
from boutique.db import db, use_case
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Person
from inventory.garments import services as garment_services

from ..errors import AlreadyReturned, ReturnNotAllowed, TillClosed
from ..models import PAYMENT_METHODS, Sale, SaleLine
from ..tills.services import open_session
from .register import Receipt, ReceiptPayment, journal_receipt, take_receipt_no, write_receipt
from .services import cash_rounded, get_sale


def returned_line_ids(sale: Sale) -> set[int]:
    """The ids of the sale's lines that have been returned."""
    ids = [line.id for line in sale.lines]
    return set(db.session.scalars(select(SaleLine.returns_line_id).where(SaleLine.returns_line_id.in_(ids))))


@use_case
def return_items(
    sale_id: int,
    codes: Sequence[str] = (),
    *,
    line_ids: Sequence[int] = (),
    method: str,
    by: Person,
    approved_by: Person | None = None,
    till_id: int | None = None,
) -> Sale:
    """Refund lines of a receipt (by garment code or line id); garments go back to stock as priced."""
    original = get_sale(sale_id)
    if original.training:
        raise ReturnNotAllowed(_l("A training sale cannot be returned."))
    if original.kind != "sale":
        raise ReturnNotAllowed(_l("Only a sale can be returned."))
    if by.role not in SUPERVISOR and (approved_by is None or approved_by.role not in SUPERVISOR):
        raise Forbidden(_l("A supervisor's username and PIN are needed to approve this."))
    if method not in PAYMENT_METHODS:
        raise ValidationFailed(_l("Unknown payment method."), field="method")
    if not codes and not line_ids:
        raise ValidationFailed(_l("Choose at least one garment to return."), field="codes")
    till_id = till_id or original.till_id
    till = take_receipt_no(till_id)
    if till.training or by.training:
        raise ReturnNotAllowed(_l("Returns are not practised in training mode: they would move real stock."))
    session = open_session(till_id)
    if session is None:
        raise TillClosed(till_id=till_id)
    by_item = {line.item_id: line for line in original.lines if line.item_id is not None}
    by_id = {line.id: line for line in original.lines}
    chosen: list[SaleLine] = []
    for code in codes:
        item = garment_services.get_item(code)
        line = by_item.get(item.id)
        if line is None:
            raise ReturnNotAllowed(_l("Garment %(code)s is not on this receipt.", code=item.code), code=item.code)
        chosen.append(line)
    for line_id in line_ids:
        if line_id not in by_id:  # compared in Python, so any integer is safe here
            raise ReturnNotAllowed(_l("That line is not on this receipt."), line_id=line_id)
        chosen.append(by_id[line_id])
    refunded = list(dict.fromkeys(chosen))
    line_rows = [{"item_id": line.item_id, "category_id": line.category_id, "description": line.description,
                  "list_price": -line.list_price, "markdown": -line.markdown, "markdown_reason": line.markdown_reason,
                  "discount": -line.discount, "discount_reason": line.discount_reason, "price": -line.price,
                  "vat_rate": line.vat_rate, "vat_amount": -line.vat_amount, "returns_line_id": line.id}
                 for line in refunded]
    total = sum(row["price"] for row in line_rows)
    paid = cash_rounded(total) if method == "cash" else total
    refund = Receipt(
        id=0, kind="return", till_id=till_id, receipt_no=till.last_receipt_no, at=utcnow(), training=False,
        total=total, rounding=paid - total, change=0, original_sale_id=original.id,
        approved_by_id=approved_by.id if approved_by else None, person=by.username,
        approved_by=approved_by.username if approved_by else None, control_code="", lines=[],
        payments=[ReceiptPayment(method=method, amount=paid, tendered=None, reference="")])
    try:
        write_receipt(refund, session.id, original.vat_mode, by, line_rows,
                       [(line.item.code if line.item else None, line.category.key) for line in refunded])
    except IntegrityError as exc:  # the unique returns_line_id: returned before, or a racing return
        raise AlreadyReturned() from exc
    for line in refunded:
        if line.item is not None:
            garment_services.mark_returned(line.item, by=by, till_id=till_id, sale_id=refund.id)
    journal_receipt(till, refund, by)
    return get_sale(refund.id)
