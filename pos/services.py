"""Use cases of the counter: opening the till, ringing up a sale, receipts, returns, closing the day.

A sale is one transaction: receipt number, stock, lines, payments and journal entry commit
together or not at all. The till row is the lock that orders everything of one till.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from boutique.clock import utcnow
from boutique.db import db, use_case
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Person, Shop, Till, record_event
from inventory import services as inventory
from inventory.models import Item

from . import journal
from .errors import (
    AlreadyReturned,
    EmptySale,
    PaymentShort,
    ReturnNotAllowed,
    TillAlreadyOpen,
    TillClosed,
    UnknownSale,
    UnknownTill,
)
from .models import PAYMENT_METHODS, Payment, Sale, SaleLine, TillSession
from .reports import build_report

MAX_LINES = 200
MAX_FLOAT = 10_000_000


@dataclass(frozen=True)
class LineRequest:
    """A line to ring up: a scanned code, or a category at a flat or open price."""

    code: str | None = None
    category: str | None = None
    price: int | None = None


@dataclass(frozen=True)
class PaymentRequest:
    """Money offered by one method; for cash, what the customer handed over."""

    method: str
    amount: int
    reference: str = ""


def get_till(till_id: int) -> Till:
    """A till by id, or UnknownTill."""
    till = db.session.get(Till, till_id)
    if till is None:
        raise UnknownTill(till_id=till_id)
    return till


def open_session(till_id: int) -> TillSession | None:
    """The till's open session, if any."""
    return db.session.scalar(
        select(TillSession).where(TillSession.till_id == till_id, TillSession.closed_at.is_(None)))


def get_sale(sale_id: int) -> Sale:
    """A sale by id, or UnknownSale."""
    sale = db.session.get(Sale, sale_id)
    if sale is None:
        raise UnknownSale(sale_id=sale_id)
    return sale


def find_sale(till_id: int, receipt_no: int) -> Sale:
    """A sale by till and receipt number (what a scanned receipt barcode carries)."""
    sale = db.session.scalar(select(Sale).where(Sale.till_id == till_id, Sale.receipt_no == receipt_no))
    if sale is None:
        raise UnknownSale(receipt_no=receipt_no)
    return sale


def _lock_till(till_id: int) -> Till:
    """Take the till row's write lock for the rest of the transaction."""
    locked = db.session.execute(
        update(Till).where(Till.id == till_id).values(last_receipt_no=Till.last_receipt_no)
        .execution_options(synchronize_session=False)
    ).rowcount
    if locked != 1:
        raise UnknownTill(till_id=till_id)
    till = db.session.get(Till, till_id)
    assert till is not None
    db.session.refresh(till)
    return till


def _next_receipt_no(till_id: int) -> int:
    """The next receipt number of the till; rolled back with a failed sale, so numbers stay gapless."""
    return db.session.execute(
        update(Till).where(Till.id == till_id).values(last_receipt_no=Till.last_receipt_no + 1)
        .returning(Till.last_receipt_no)
    ).scalar_one()


@use_case
def open_till(till_id: int, *, opening_float: int, by: Person) -> TillSession:
    """Open a session at the till with a counted float."""
    if opening_float < 0 or opening_float > MAX_FLOAT:
        raise ValidationFailed(_l("The float must be an amount from 0 kr."), field="opening_float")
    till = _lock_till(till_id)
    if open_session(till.id) is not None:
        raise TillAlreadyOpen(till_id=till.id)
    session = TillSession(till_id=till.id, opened_at=utcnow(), opened_by_id=by.id, opening_float=opening_float)
    db.session.add(session)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the partial unique index: another opening won the race
        raise TillAlreadyOpen(till_id=till.id) from exc
    journal.append(till.id, "float", by, {"session_id": session.id, "opening_float": opening_float})
    return session


def _vat_for(price: int, rate: int, vat_mode: str) -> tuple[int, int]:
    """(rate, VAT included in price) for the shop's VAT mode; exempt and margin show none."""
    if vat_mode != "standard" or rate <= 0:
        return 0, 0
    return rate, (price * rate + (10000 + rate) // 2) // (10000 + rate)


def _settle(total: int, payments: list[PaymentRequest]) -> tuple[list[Payment], int, int]:
    """Apply the payments to the total: (payment rows, cash rounding, change).

    Card and Swish pay exact amounts and may not exceed the total; the rest is due in cash,
    rounded to whole kronor (öresavrundning), and cash over that is change.
    """
    for p in payments:
        if p.method not in PAYMENT_METHODS:
            raise ValidationFailed(_l("Unknown payment method."), field="payments")
        if p.amount < 0:
            raise ValidationFailed(_l("The amount cannot be negative."), field="payments")
    exact = sum(p.amount for p in payments if p.method != "cash")
    cash_given = sum(p.amount for p in payments if p.method == "cash")
    if exact > total:
        raise PaymentShort(_l("Card and Swish cannot pay more than the total."), total=total, paid=exact)
    cash_due = total - exact
    rounding = 0
    if cash_due > 0 and cash_given > 0:
        rounding = (cash_due + 50) // 100 * 100 - cash_due
    due = cash_due + rounding
    if cash_given < due:
        raise PaymentShort(total=total + rounding, paid=exact + cash_given)
    rows = [Payment(method=p.method, amount=p.amount, reference=p.reference[:80])
            for p in payments if p.method != "cash" and p.amount > 0]
    if cash_given > 0:
        rows.append(Payment(method="cash", amount=due, tendered=cash_given))
    return rows, rounding, cash_given - due


@use_case
def ring_up(
    till_id: int,
    lines: list[LineRequest],
    payments: list[PaymentRequest],
    *,
    by: Person,
    training: bool = False,
) -> Sale:
    """Sell: every line, every payment, the receipt number and the journal entry, or nothing."""
    if not lines:
        raise EmptySale()
    if len(lines) > MAX_LINES:
        raise ValidationFailed(_l("Too many lines on one receipt."), field="lines")
    till = _lock_till(till_id)
    session = open_session(till.id)
    if session is None:
        raise TillClosed(till_id=till.id)
    training = training or till.training
    shop = db.session.get(Shop, till.shop_id)
    vat_mode = shop.vat_mode if shop else "exempt"
    receipt_no = _next_receipt_no(till.id)
    sale = Sale(till_id=till.id, session_id=session.id, receipt_no=receipt_no, kind="sale", training=training,
                at=utcnow(), person_id=by.id, total=0, vat_mode=vat_mode)
    db.session.add(sale)
    db.session.flush()

    seen: set[int] = set()
    items_to_sell: list[Item] = []
    for request in lines:
        if request.code is not None:
            item = inventory.get_item(request.code)
            if item.id in seen:
                raise ValidationFailed(_l("The same garment is twice on the receipt."), code=item.code)
            seen.add(item.id)
            inventory.ensure_sellable(item)
            price = item.price or 0
            category = item.category
            description = category.name("sv") + (f" {item.size}" if item.size else "")
            items_to_sell.append(item)
        elif request.category is not None and request.price is not None:
            category = inventory.get_category(request.category)
            if request.price < 0:
                raise ValidationFailed(_l("The price cannot be negative."), field="price")
            price, item, description = request.price, None, category.name("sv")
        else:
            raise ValidationFailed(_l("Each line needs a code, or a category and a price."), field="lines")
        rate, vat = _vat_for(price, category.vat_rate, vat_mode)
        sale.lines.append(SaleLine(item_id=item.id if item else None, category_id=category.id,
                                   description=description[:120], price=price, vat_rate=rate, vat_amount=vat))
    sale.total = sum(line.price for line in sale.lines)
    rows, sale.rounding, sale.change = _settle(sale.total, payments)
    sale.payments.extend(rows)
    db.session.flush()
    if not training:
        for item in items_to_sell:
            inventory.mark_sold(item, by=by, till_id=till.id, sale_id=sale.id)
        db.session.execute(update(Till).where(Till.id == till.id)
                           .values(grand_sales=Till.grand_sales + sale.total))
    journal.append(till.id, "training_sale" if training else "sale", by, sale_summary(sale))
    return sale


def sale_summary(sale: Sale) -> dict[str, Any]:
    """What the journal keeps of a receipt: enough to reprint it and to audit the totals."""
    return {
        "sale_id": sale.id, "receipt_no": sale.receipt_no, "kind": sale.kind, "training": sale.training,
        "total": sale.total, "rounding": sale.rounding, "change": sale.change,
        "original_sale_id": sale.original_sale_id,
        "lines": [{"item_id": line.item_id, "category_id": line.category_id, "description": line.description,
                   "price": line.price, "vat_rate": line.vat_rate, "vat_amount": line.vat_amount}
                  for line in sale.lines],
        "payments": [{"method": p.method, "amount": p.amount, "tendered": p.tendered, "reference": p.reference}
                     for p in sale.payments],
    }


@use_case
def print_receipt(sale_id: int, *, by: Person) -> tuple[Sale, bool]:
    """Count a print of the receipt; every print after the first is a copy (KOPIA), journalled."""
    prints = db.session.execute(
        update(Sale).where(Sale.id == sale_id).values(prints=Sale.prints + 1).returning(Sale.prints)
    ).scalar_one_or_none()
    if prints is None:
        raise UnknownSale(sale_id=sale_id)
    sale = get_sale(sale_id)
    db.session.refresh(sale)
    is_copy = prints > 1
    if is_copy:
        journal.append(sale.till_id, "copy", by,
                       {"sale_id": sale.id, "receipt_no": sale.receipt_no, "total": sale.total, "copy_no": prints - 1})
    return sale, is_copy


def check_approval(username: str, pin: str) -> Person:
    """The supervisor whose username and PIN were given at the till, or Forbidden."""
    person = db.session.scalar(select(Person).where(Person.username == username))
    if (person is None or not person.active or person.role not in ("supervisor", "admin") or not person.pin_hash
            or not check_password_hash(person.pin_hash, pin)):
        raise Forbidden(_l("A supervisor's username and PIN are needed to approve this."))
    return person


@use_case
def return_items(
    sale_id: int,
    codes: list[str],
    *,
    method: str,
    by: Person,
    approved_by: Person | None = None,
    till_id: int | None = None,
) -> Sale:
    """Refund garments of a receipt line by line; they go back to stock as priced."""
    original = get_sale(sale_id)
    if original.training:
        raise ReturnNotAllowed(_l("A training sale cannot be returned."))
    if original.kind != "sale":
        raise ReturnNotAllowed(_l("Only a sale can be returned."))
    if by.role not in ("supervisor", "admin") and approved_by is None:
        raise Forbidden(_l("A supervisor's username and PIN are needed to approve this."))
    if method not in PAYMENT_METHODS:
        raise ValidationFailed(_l("Unknown payment method."), field="method")
    if not codes:
        raise ValidationFailed(_l("Choose at least one garment to return."), field="codes")
    till = _lock_till(till_id or original.till_id)
    session = open_session(till.id)
    if session is None:
        raise TillClosed(till_id=till.id)
    wanted = [inventory.get_item(code) for code in codes]
    by_item = {line.item_id: line for line in original.lines if line.item_id is not None}
    receipt_no = _next_receipt_no(till.id)
    refund = Sale(till_id=till.id, session_id=session.id, receipt_no=receipt_no, kind="return",
                  at=utcnow(), person_id=by.id, total=0, vat_mode=original.vat_mode, original_sale_id=original.id)
    db.session.add(refund)
    db.session.flush()
    for item in wanted:
        line = by_item.get(item.id)
        if line is None:
            raise ReturnNotAllowed(_l("Garment %(code)s is not on this receipt.", code=item.code), code=item.code)
        refund.lines.append(SaleLine(item_id=item.id, category_id=line.category_id, description=line.description,
                                     price=-line.price, vat_rate=line.vat_rate, vat_amount=-line.vat_amount,
                                     returns_line_id=line.id))
    try:
        db.session.flush()
    except IntegrityError as exc:  # the unique returns_line_id: returned before, or a racing return
        raise AlreadyReturned() from exc
    refund.total = sum(line.price for line in refund.lines)
    refund.payments.append(Payment(method=method, amount=refund.total))
    for item in wanted:
        inventory.mark_returned(item, by=by, till_id=till.id, sale_id=refund.id)
    db.session.execute(update(Till).where(Till.id == till.id).values(grand_returns=Till.grand_returns + refund.total))
    db.session.flush()
    summary = sale_summary(refund)
    if approved_by is not None:
        summary["approved_by"] = approved_by.id
    journal.append(till.id, "return", by, summary)
    return refund


def line_already_returned(line: SaleLine) -> bool:
    """True when a return names this line."""
    return db.session.scalar(select(SaleLine.id).where(SaleLine.returns_line_id == line.id)) is not None


def x_report(till_id: int) -> dict[str, Any]:
    """The X report of the open session (read only)."""
    till = get_till(till_id)
    session = open_session(till.id)
    if session is None:
        raise TillClosed(till_id=till.id)
    return build_report(till, session, "X")


@use_case
def take_x_report(till_id: int, *, by: Person) -> dict[str, Any]:
    """Take an X report and note it in the journal."""
    _lock_till(till_id)
    report = x_report(till_id)
    journal.append(till_id, "x_report", by, {k: report[k] for k in ("total_sales", "receipts", "expected_cash")})
    return report


@use_case
def close_till(till_id: int, *, counted_cash: int, by: Person) -> dict[str, Any]:
    """Count the drawer, take the Z report and close the session."""
    if counted_cash < 0 or counted_cash > MAX_FLOAT * 10:
        raise ValidationFailed(_l("The counted cash must be an amount from 0 kr."), field="counted_cash")
    till = _lock_till(till_id)
    session = open_session(till.id)
    if session is None:
        raise TillClosed(till_id=till.id)
    z_number = db.session.execute(
        update(Till).where(Till.id == till.id).values(last_z_no=Till.last_z_no + 1).returning(Till.last_z_no)
    ).scalar_one()
    report = build_report(till, session, "Z")
    report.update({"z_number": z_number, "counted_cash": counted_cash,
                   "difference": counted_cash - report["expected_cash"]})
    closed = db.session.execute(
        update(TillSession).where(TillSession.id == session.id, TillSession.closed_at.is_(None))
        .values(closed_at=utcnow(), closed_by_id=by.id, expected_cash=report["expected_cash"],
                counted_cash=counted_cash, z_number=z_number)
    ).rowcount
    if closed != 1:
        raise TillClosed(till_id=till.id)
    journal.append(till.id, "z_report", by, report)
    record_event("till.closed", "till", till.id, by, till_id=till.id, z_number=z_number,
                 difference=report["difference"])
    return report
