"""Use cases of the sale: pricing the cart, payments, ringing up, finding and printing receipts.

A sale is one transaction: receipt number, stock, lines, payments and journal entries commit
together or not at all.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, inspect, select, update

from boutique.auth import SUPERVISOR
from boutique.clock import shop_date, utcnow
from boutique.db import db, use_case
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Person, Shop
from boutique.money import swish_amount
from inventory.garments import services as garment_services
from inventory.garments.models import Item

from ..campaigns.prices import (
    Discount,
    LineRequest,
    PricedLine,
    PricingRules,
    needs_approval,
    price_lines,
    pricing_rules,
)
from ..errors import ApprovalNeeded, EmptySale, PaymentShort, TillClosed, UnknownSale
from ..journal import services as journal
from ..models import PAYMENT_METHODS, Sale, TillSession
from ..tills.services import fits, get_till, shop_of_till
from .receipts import RECEIPT_LOCALE
from .register import Receipt, ReceiptPayment, journal_receipt, take_receipt_no, write_receipt

MAX_LINES = 200


@dataclass(frozen=True)
class PaymentRequest:
    """Money offered by one method; for cash, what the customer handed over."""

    method: str
    amount: int | None  # None: exactly what is still due
    reference: str = ""


def cash_rounded(ore: int) -> int:
    """An amount rounded to whole kronor, half away from zero (öresavrundning)."""
    sign = -1 if ore < 0 else 1
    return sign * ((abs(ore) + 50) // 100 * 100)


def _check_payments(payments: Sequence[PaymentRequest]) -> None:
    for p in payments:
        if p.amount is None:
            raise ValidationFailed(_l("Write the amount."), field="payments")
        if p.method not in PAYMENT_METHODS:
            raise ValidationFailed(_l("Unknown payment method."), field="payments")
        if p.amount < 0:
            raise ValidationFailed(_l("The amount cannot be negative."), field="payments")


def amount_due(total: int, payments: Sequence[PaymentRequest]) -> int:
    """What is still to pay: card and Swish pay exact amounts, the rest is due in cash rounded to kronor."""
    _check_payments(payments)
    exact = sum(p.amount for p in payments if p.method != "cash")
    cash_given = sum(p.amount for p in payments if p.method == "cash")
    cash_due = total - exact
    if cash_due > 0 and cash_given > 0:
        cash_due = cash_rounded(cash_due)
    return max(0, cash_due - cash_given)


def _settle(total: int, payments: Sequence[PaymentRequest]) -> tuple[list[dict[str, Any]], int, int]:
    """Apply the payments to the total: (payment rows to insert, cash rounding, change).

    Card and Swish pay exact amounts and may not exceed the total; the rest is due in cash,
    rounded to whole kronor (öresavrundning), and cash over that is change.
    """
    _check_payments(payments)
    exact = sum(p.amount for p in payments if p.method != "cash")
    cash_given = sum(p.amount for p in payments if p.method == "cash")
    if exact > total:
        raise PaymentShort(_l("Card and Swish cannot pay more than the total."), total=total, paid=exact)
    cash_due = total - exact
    rounding = cash_rounded(cash_due) - cash_due if cash_due > 0 and cash_given > 0 else 0
    due = cash_due + rounding
    if cash_given < due:
        raise PaymentShort(total=total + rounding, paid=exact + cash_given)
    rows = [{"method": p.method, "amount": p.amount, "tendered": None, "reference": p.reference[:80]}
            for p in payments if p.method != "cash" and p.amount > 0]
    if cash_given > 0:
        rows.append({"method": "cash", "amount": due, "tendered": cash_given, "reference": ""})
    return rows, rounding, cash_given - due


def price_cart(till_id: int, lines: list[LineRequest], discount: Discount | None = None) -> list[PricedLine]:
    """Price the lines of a cart as the sale would (read only): for the screen."""
    till = get_till(till_id)
    return price_lines(shop_of_till(till), lines, day=shop_date(utcnow()), sale_discount=discount)


@dataclass(frozen=True)
class Checkout:
    """The outcome of taking a payment: the sale when it is paid in full, else what is still due."""

    sale: Sale | None
    due: int
    payments: list[PaymentRequest]


def checkout(till_id: int, lines: list[LineRequest], payments: list[PaymentRequest], *, by: Person,
             discount: Discount | None = None, approved_by: Person | None = None) -> Checkout:
    """Ring up the sale once the payments cover it; until then say what is still due (nothing is written).

    A payment without an amount pays exactly what is still due (cash rounded to whole kronor).
    """
    if not lines:
        raise EmptySale()
    total = sum(line.price for line in price_cart(till_id, lines, discount))
    resolved: list[PaymentRequest] = []
    for p in payments:
        if p.amount is None:
            rest = amount_due(total, resolved)
            p = PaymentRequest(p.method, cash_rounded(rest) if p.method == "cash" else rest, p.reference)
        resolved.append(p)
    due = amount_due(total, resolved)
    if due > 0:
        return Checkout(None, due, resolved)
    sale = ring_up(till_id, lines, resolved, by=by, discount=discount, approved_by=approved_by)
    return Checkout(sale, 0, resolved)


def allow_discount(till_id: int, lines: list[LineRequest], discount: Discount | None, *, by: Person,
                   approved_by: Person | None) -> None:
    """Refuse a discount above the shop's limit unless a supervisor gives it or approved it (read only)."""
    shop = shop_of_till(get_till(till_id))
    if (needs_approval(shop, price_cart(till_id, lines, discount)) and approved_by is None
            and by.role not in SUPERVISOR):
        raise ApprovalNeeded(percent=shop.discount_approval_percent)


def sellable_item(code: str) -> Item:
    """The garment a scanned code names, when it can be sold now; otherwise the reason why not."""
    item = garment_services.get_item(code)
    garment_services.ensure_sellable(item)
    return item


def swish_payload(shop: Shop, amount: int, message: str) -> str:
    """Swish's prefilled C2B QR text: payee;amount;message;lock (0 = nothing editable)."""
    payee = "".join(ch for ch in shop.swish_number if ch.isdigit())
    return f"C{payee};{swish_amount(amount)};{quote(message, safe='')};0"


def next_receipt_no(till_id: int) -> int:
    """The number the till's next receipt will most likely get (the Swish message shows it)."""
    return get_till(till_id).last_receipt_no + 1


@use_case
def ring_up(
    till_id: int,
    lines: list[LineRequest],
    payments: list[PaymentRequest],
    *,
    by: Person,
    training: bool = False,
    discount: Discount | None = None,
    approved_by: Person | None = None,
) -> Sale:
    """Sell (see `sell`), and give the sale as an object of the session."""
    receipt = sell(till_id, lines, payments, by=by, training=training, discount=discount, approved_by=approved_by)
    return get_sale(receipt.id)


@use_case
def sell(
    till_id: int,
    lines: list[LineRequest],
    payments: list[PaymentRequest],
    *,
    by: Person,
    training: bool = False,
    discount: Discount | None = None,
    approved_by: Person | None = None,
) -> Receipt:
    """Sell: every line, every payment, the receipt number and the journal entries, or nothing.

    Returns the receipt as written, so showing it reads nothing back. A dozen statements
    whatever the number of lines: the till row is locked and its receipt number taken first
    (which orders everything of one till), the garments are read in one query and marked sold
    in one conditional UPDATE; the sale, its lines, payments, events and journal entries go in
    with one INSERT each, and the till's journal end and grand totals with one UPDATE.
    """
    if not lines:
        raise EmptySale()
    if len(lines) > MAX_LINES:
        raise ValidationFailed(_l("Too many lines on one receipt."), field="lines")
    if approved_by is not None and approved_by.role not in SUPERVISOR:
        raise Forbidden(_l("A supervisor's username and PIN are needed to approve this."))
    till = take_receipt_no(till_id)
    day = shop_date(utcnow())
    shop, session_id, rules = _shop_and_open_session(till.shop_id, till_id, by, day)
    training = training or bool(till.training or by.training)
    with force_locale(RECEIPT_LOCALE):  # reasons are printed on the receipt, in Swedish
        priced = price_lines(shop, lines, day=day, sale_discount=discount, rules=rules)
    if needs_approval(shop, priced) and approved_by is None and by.role not in SUPERVISOR:
        raise ApprovalNeeded(percent=shop.discount_approval_percent)
    line_rows, to_sell = _line_rows(priced, shop.vat_mode)
    total = sum(row["price"] for row in line_rows)
    payment_rows, rounding, change = _settle(total, payments)
    receipt = Receipt(
        id=0, kind="sale", till_id=till_id, receipt_no=till.last_receipt_no, at=utcnow(), training=training,
        total=total, rounding=rounding, change=change, original_sale_id=None,
        approved_by_id=approved_by.id if approved_by else None, person=by.username,
        approved_by=approved_by.username if approved_by else None, control_code="",
        lines=[], payments=[ReceiptPayment(**row) for row in payment_rows])
    write_receipt(receipt, session_id, shop.vat_mode, by, line_rows,
                   [(line.item.code if line.item else None, line.category.key) for line in priced])
    if not training:
        garment_services.mark_sold(to_sell, by=by, till_id=till_id, sale_id=receipt.id)
    journal_receipt(till, receipt, by, [("price_override", {
        "sale_id": receipt.id, "receipt_no": receipt.receipt_no, "line_id": line.id,
        "description": line.description, "before": line.list_price - line.markdown, "after": line.price,
        "reason": line.discount_reason, "approved_by": receipt.approved_by_id, "training": training})
        for line in receipt.lines if line.discount])
    return receipt


@functools.cache
def _shop_session_person_query() -> Select[tuple[Shop, int | None, Person]]:
    open_id = (select(TillSession.id).where(TillSession.till_id == bindparam("till_id"),
                                            TillSession.closed_at.is_(None)).scalar_subquery())
    return (select(Shop, open_id, Person).join(Person, Person.id == bindparam("person_id"))
            .where(Shop.id == bindparam("shop_id")))


def _shop_and_open_session(shop_id: int, till_id: int, person: Person, day: date) -> tuple[Shop, int, PricingRules]:
    """The till's shop, the id of its open session (or TillClosed) and the shop's pricing rules on
    `day`; the person is read again too.

    The shop, the session and the person in one statement: the person who sells may have been
    expired when the write transaction began (SQLite), and would otherwise be reloaded on its
    own (`inspect` gives their id without that reload).
    """
    identity = inspect(person).identity
    person_id = identity[0] if identity else person.id
    shop, session_id, _person = db.session.execute(
        _shop_session_person_query(),
        {"shop_id": shop_id, "till_id": till_id, "person_id": person_id, "day": day}).one()
    if session_id is None:
        raise TillClosed(till_id=till_id)
    return shop, session_id, pricing_rules(shop_id, day)


def _line_rows(priced: list[PricedLine], vat_mode: str) -> tuple[list[dict[str, Any]], list[tuple[Item, int]]]:
    """The sale's lines as rows to insert, and each garment with the price it sells for.

    Refuses a garment twice on the receipt, or one that is not priced for sale.
    """
    seen: set[int] = set()
    rows: list[dict[str, Any]] = []
    to_sell: list[tuple[Item, int]] = []
    for line in priced:
        if line.item is not None:
            if line.item.id in seen:
                raise ValidationFailed(_l("The same garment is twice on the receipt."), code=line.item.code)
            seen.add(line.item.id)
            garment_services.ensure_sellable(line.item)
            to_sell.append((line.item, line.price))
        if line.price < 0:
            raise ValidationFailed(_l("The price cannot be negative."), field="price")
        rate, vat = _vat_for(line.price, line.category.vat_rate, vat_mode)
        rows.append({"item_id": line.item.id if line.item else None, "category_id": line.category.id,
                     "description": line.description, "list_price": line.list_price, "markdown": line.markdown,
                     "markdown_reason": line.markdown_reason[:120], "discount": line.discount,
                     "discount_reason": line.discount_reason[:120], "price": line.price, "vat_rate": rate,
                     "vat_amount": vat, "returns_line_id": None})
    return rows, to_sell


def _vat_for(price: int, rate: int, vat_mode: str) -> tuple[int, int]:
    """(rate, VAT included in price) for the shop's VAT mode; exempt and margin show none."""
    if vat_mode != "standard" or rate <= 0:
        return 0, 0
    return rate, (price * rate + (10000 + rate) // 2) // (10000 + rate)


def get_sale(sale_id: int) -> Sale:
    """A sale by id, or UnknownSale."""
    sale = db.session.get(Sale, sale_id) if fits(sale_id) else None
    if sale is None:
        raise UnknownSale(sale_id=sale_id)
    return sale


def find_sale(till_id: int, receipt_no: int) -> Sale:
    """A sale by till and receipt number (what a scanned receipt barcode carries)."""
    sale = (db.session.scalar(select(Sale).where(Sale.till_id == till_id, Sale.receipt_no == receipt_no))
            if fits(till_id, receipt_no) else None)
    if sale is None:
        raise UnknownSale(receipt_no=receipt_no)
    return sale


@use_case
def print_receipt(sale_id: int, *, by: Person) -> tuple[Sale, bool]:
    """Count a print of the receipt; every print after the first is a copy (KOPIA), journalled."""
    if not fits(sale_id):
        raise UnknownSale(sale_id=sale_id)
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
