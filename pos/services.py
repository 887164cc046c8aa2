"""Use cases of the counter: the till session and its cash, the sale, receipts, returns, closing the day.

A sale is one transaction: receipt number, stock, lines, payments and journal entries commit
together or not at all. The till row is the lock that orders everything of one till.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ARRAY, Insert, Row, Select, Update, bindparam, delete, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from boutique.auth import COUNTER, SUPERVISOR
from boutique.clock import shop_date, utcnow
from boutique.db import MAX_ID, db, refresh_statistics, use_case
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import VAT_MODES, Person, Shop, Till, record_event
from boutique.money import swish_amount
from inventory import services as inventory
from inventory import tallies
from inventory.models import TAG_COLOURS, Item

from . import journal
from .errors import (
    AlreadyReturned,
    ApprovalNeeded,
    EmptySale,
    PaymentShort,
    ReturnNotAllowed,
    TillAlreadyOpen,
    TillClosed,
    UnknownSale,
    UnknownTill,
)
from .models import (
    CASH_MOVEMENTS,
    DENOMINATIONS,
    PAYMENT_METHODS,
    CashMovement,
    Campaign,
    Markdown,
    Payment,
    Sale,
    SaleLine,
    TillSession,
)
from .pricing import Discount, LineRequest, PricedLine, PricingRules, needs_approval, price_lines, rules_columns
from .receipts import RECEIPT_LOCALE
from .reports import build_report

__all__ = ["Discount", "LineRequest", "PaymentRequest"]

MAX_LINES = 200
MAX_FLOAT = 10_000_000
MAX_PIECES = 10_000


def _fits(*ids: int) -> bool:
    """True when every id can exist (a larger one would make PostgreSQL fail instead of finding nothing)."""
    return all(0 < value <= MAX_ID for value in ids)


@dataclass(frozen=True)
class PaymentRequest:
    """Money offered by one method; for cash, what the customer handed over."""

    method: str
    amount: int | None  # None: exactly what is still due
    reference: str = ""


# --------------------------------------------------------------------------- looking things up


def get_till(till_id: int) -> Till:
    """A till by id, or UnknownTill."""
    till = db.session.get(Till, till_id) if _fits(till_id) else None
    if till is None:
        raise UnknownTill(till_id=till_id)
    return till


def open_session(till_id: int) -> TillSession | None:
    """The till's open session, if any."""
    return db.session.scalar(
        select(TillSession).where(TillSession.till_id == till_id, TillSession.closed_at.is_(None)))


def get_sale(sale_id: int) -> Sale:
    """A sale by id, or UnknownSale."""
    sale = db.session.get(Sale, sale_id) if _fits(sale_id) else None
    if sale is None:
        raise UnknownSale(sale_id=sale_id)
    return sale


def find_sale(till_id: int, receipt_no: int) -> Sale:
    """A sale by till and receipt number (what a scanned receipt barcode carries)."""
    sale = (db.session.scalar(select(Sale).where(Sale.till_id == till_id, Sale.receipt_no == receipt_no))
            if _fits(till_id, receipt_no) else None)
    if sale is None:
        raise UnknownSale(receipt_no=receipt_no)
    return sale


def shop_of_till(till: Till) -> Shop:
    """The shop a till stands in."""
    shop = db.session.get(Shop, till.shop_id)
    assert shop is not None
    return shop


def in_training(till: Till, person: Person) -> bool:
    """True when the till or the person is in training mode: receipts say ÖVNINGSKVITTO, nothing counts."""
    return bool(till.training or person.training)


def counter_people(shop_id: int) -> list[Person]:
    """The active people of the shop who may stand at the till, by name."""
    return list(db.session.scalars(
        select(Person).where(Person.shop_id == shop_id, Person.active.is_(True), Person.role.in_(COUNTER))
        .order_by(Person.display_name)))


def _lock_till(till_id: int) -> Till:
    """Take the till row's write lock for the rest of the transaction."""
    if not _fits(till_id):
        raise UnknownTill(till_id=till_id)
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


def _open_session_of(till: Till) -> TillSession:
    """The till's open session, or TillClosed."""
    session = open_session(till.id)
    if session is None:
        raise TillClosed(till_id=till.id)
    return session


# --------------------------------------------------------------------------- people and PINs


def check_pin(username: str, pin: str, roles: frozenset[str] = COUNTER) -> Person:
    """The active person with this username and PIN and one of `roles`, or Forbidden."""
    person = db.session.scalar(select(Person).where(Person.username == username.strip()))
    if (person is None or not person.active or person.role not in roles or not person.pin_hash
            or not check_password_hash(person.pin_hash, pin)):
        raise Forbidden(_l("That name and PIN do not match. Try again."))
    return person


def check_approval(username: str, pin: str) -> Person:
    """The supervisor whose username and PIN were given at the till, or Forbidden."""
    try:
        return check_pin(username, pin, SUPERVISOR)
    except Forbidden:
        raise Forbidden(_l("A supervisor's username and PIN are needed to approve this.")) from None


@use_case
def switch_person(till_id: int, username: str, pin: str, *, by: Person) -> Person:
    """Hand the till to another person, who proves it with their PIN; their name goes on the next sales."""
    person = check_pin(username, pin)
    till = get_till(till_id)
    record_event("till.person_switched", "till", till.id, by, shop_id=till.shop_id, till_id=till.id,
                 to_person_id=person.id)
    return person


@use_case
def set_till_training(till_id: int, on: bool, *, by: Person) -> Till:
    """Switch training mode on or off for a whole till."""
    till = get_till(till_id)
    till.training = on
    record_event("till.training", "till", till.id, by, shop_id=till.shop_id, till_id=till.id, training=on)
    return till


@use_case
def set_person_training(person_id: int, on: bool, *, by: Person) -> Person:
    """Switch training mode on or off for one person, at every till."""
    person = db.session.get(Person, person_id) if _fits(person_id) else None
    if person is None:
        raise ValidationFailed(_l("Unknown person."), field="person_id")
    person.training = on
    record_event("person.training", "person", person.id, by, training=on)
    return person


# --------------------------------------------------------------------------- the drawer


def count_drawer(counts: dict[int, int]) -> int:
    """The value in öre of notes and coins counted by denomination ({öre value: pieces})."""
    total = 0
    for value, pieces in counts.items():
        if value not in DENOMINATIONS:
            raise ValidationFailed(_l("Unknown note or coin."), field="counts")
        if pieces < 0 or pieces > MAX_PIECES:
            raise ValidationFailed(_l("Count each note and coin from 0 pieces."), field="counts")
        total += value * pieces
    return total


def _cash_amount(amount: int | None, counts: dict[int, int] | None, field: str, limit: int) -> tuple[int, dict]:
    """An amount counted as a sum or by denomination: (öre, counts as stored)."""
    if counts:
        amount = count_drawer(counts)
    if amount is None or amount < 0 or amount > limit:
        raise ValidationFailed(_l("Count the cash: an amount from 0 kr."), field=field)
    return amount, {str(value): pieces for value, pieces in sorted((counts or {}).items(), reverse=True) if pieces}


@use_case
def open_till(till_id: int, *, opening_float: int | None = None, counts: dict[int, int] | None = None,
              by: Person) -> TillSession:
    """Open a session at the till with a float counted as a sum or by denomination."""
    opening_float, stored = _cash_amount(opening_float, counts, "opening_float", MAX_FLOAT)
    till = _lock_till(till_id)
    if open_session(till.id) is not None:
        raise TillAlreadyOpen(till_id=till.id)
    session = TillSession(till_id=till.id, opened_at=utcnow(), opened_by_id=by.id, opening_float=opening_float,
                          opening_counts=stored)
    db.session.add(session)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the partial unique index: another opening won the race
        raise TillAlreadyOpen(till_id=till.id) from exc
    journal.append(till.id, "float", by, {"session_id": session.id, "opening_float": opening_float,
                                          "counts": stored})
    return session


@use_case
def move_cash(till_id: int, kind: str, *, amount: int = 0, reason: str = "", by: Person) -> CashMovement:
    """Put cash in, take cash out (each with a reason), or open the drawer without a sale."""
    if kind not in CASH_MOVEMENTS:
        raise ValidationFailed(_l("Unknown cash movement."), field="kind")
    reason = reason.strip()[:200]
    if kind != "no_sale" and not (0 < amount <= MAX_FLOAT):
        raise ValidationFailed(_l("Write the amount, more than 0 kr."), field="amount")
    if kind != "no_sale" and not reason:
        raise ValidationFailed(_l("Say why the cash moves."), field="reason")
    till = _lock_till(till_id)
    session = _open_session_of(till)
    movement = CashMovement(session_id=session.id, kind=kind, amount=0 if kind == "no_sale" else amount,
                            reason=reason, at=utcnow(), person_id=by.id)
    db.session.add(movement)
    db.session.flush()
    journal.append(till.id, kind, by, {"session_id": session.id, "amount": movement.amount, "reason": reason})
    return movement


# --------------------------------------------------------------------------- the sale


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
    item = inventory.get_item(code)
    inventory.ensure_sellable(item)
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
    till = _take_receipt_no(till_id)
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
    _write_receipt(receipt, session_id, shop.vat_mode, by, line_rows,
                   [(line.item.code if line.item else None, line.category.key) for line in priced])
    if not training:
        inventory.mark_sold(to_sell, by=by, till_id=till_id, sale_id=receipt.id)
    _journal_receipt(till, receipt, by, [("price_override", {
        "sale_id": receipt.id, "receipt_no": receipt.receipt_no, "line_id": line.id,
        "description": line.description, "before": line.list_price - line.markdown, "after": line.price,
        "reason": line.discount_reason, "approved_by": receipt.approved_by_id, "training": training})
        for line in receipt.lines if line.discount])
    return receipt


# --------------------------------------------------------------------------- the money path
# A sale and a return go the same way: `_take_receipt_no` locks the till row and takes the
# number, `_write_receipt` writes the receipt, `_journal_receipt` chains its journal entries
# and adds it to the till's grand totals.


def _write_receipt(receipt: Receipt, session_id: int, vat_mode: str, by: Person, line_rows: list[dict[str, Any]],
                   labels: list[tuple[str | None, str]]) -> None:
    """Insert the receipt's sale row, lines and payments (one statement each); fill in its ids and lines.

    `labels` gives each line's garment code and category key, in the order of `line_rows`.
    """
    receipt.id = db.session.execute(_insert_sale(), {
        "till_id": receipt.till_id, "session_id": session_id, "receipt_no": receipt.receipt_no,
        "kind": receipt.kind, "training": receipt.training, "at": receipt.at, "person_id": by.id,
        "total": receipt.total, "rounding": receipt.rounding, "change": receipt.change, "vat_mode": vat_mode,
        "original_sale_id": receipt.original_sale_id, "prints": 0, "approved_by_id": receipt.approved_by_id,
        "control_code": ""}).scalar_one()
    receipt.lines = [ReceiptLine(id=line_id, code=code, category=category, **row)
                     for line_id, (code, category), row in zip(_insert_lines(receipt.id, line_rows), labels,
                                                               line_rows, strict=True)]
    payment_rows = [{"sale_id": receipt.id, "method": p.method, "amount": p.amount, "tendered": p.tendered,
                     "reference": p.reference} for p in receipt.payments]
    if payment_rows:  # none for a sale of 0 kr
        db.session.execute(_insert_payments(), payment_rows)


def _journal_receipt(till: Row[Any], receipt: Receipt, by: Person,
                     more: Sequence[tuple[str, dict[str, Any]]] = ()) -> None:
    """Chain the receipt (and `more` entries after it) onto the till's journal and add it to the grand totals.

    `till` is the row `_take_receipt_no` gave, whose journal end is stable under the lock. A
    training receipt counts in no total.
    """
    kind = "training_sale" if receipt.training else receipt.kind
    counted = 0 if receipt.training else receipt.total
    entries = journal.append_many(
        receipt.till_id, by, [(kind, sale_summary(receipt)), *more], seq=till.journal_seq, head=till.journal_head,
        grand_sales=counted if receipt.kind == "sale" else 0, grand_returns=counted if receipt.kind == "return" else 0)
    if entries[0].control_code:
        receipt.control_code = entries[0].control_code
        db.session.execute(update(Sale.__table__).where(Sale.__table__.c.id == receipt.id)
                           .values(control_code=receipt.control_code))


def _take_receipt_no(till_id: int) -> Row[Any]:
    """Lock the till row for the rest of the transaction and take its next receipt number.

    Returns the row as it is now: shop, training mode, the new receipt number and where the
    journal ends (stable until commit, since the row stays locked). A failed sale rolls the
    number back, so receipt numbers stay gapless.
    """
    row = db.session.execute(_receipt_no_statement(), {"till_id": till_id}).first() if _fits(till_id) else None
    if row is None:
        raise UnknownTill(till_id=till_id)
    return row


# The sale's statements are built once: building and keying a statement costs more than
# running it on an indexed row.


@functools.cache
def _receipt_no_statement() -> Update:
    tills = Till.__table__.c
    return (update(Till.__table__).where(tills.id == bindparam("till_id"))
            .values(last_receipt_no=tills.last_receipt_no + 1)
            .returning(tills.shop_id, tills.training, tills.last_receipt_no, tills.journal_seq, tills.journal_head))


@functools.cache
def _shop_session_person_query(dialect: str) -> Select[tuple[Shop, int | None, Person, Any, Any]]:
    open_id = (select(TillSession.id).where(TillSession.till_id == bindparam("till_id"),
                                            TillSession.closed_at.is_(None)).scalar_subquery())
    return (select(Shop, open_id, Person, *rules_columns(dialect)).join(Person, Person.id == bindparam("person_id"))
            .where(Shop.id == bindparam("shop_id")))


@functools.cache
def _insert_sale() -> Insert:
    return insert(Sale.__table__).returning(Sale.__table__.c.id)


# A line's columns as the sale writes them (besides its sale), in the order they come back.
_LINE_COLUMNS = ("item_id", "category_id", "description", "list_price", "markdown", "markdown_reason", "discount",
                 "discount_reason", "price", "vat_rate", "vat_amount", "returns_line_id")


@functools.cache
def _insert_lines_statement(dialect: str) -> Insert:
    lines = SaleLine.__table__.c
    into = insert(SaleLine.__table__).returning(lines.id, *(lines[name] for name in _LINE_COLUMNS))
    if dialect != "postgresql":
        return into
    # PostgreSQL: one array per column, unnested into the rows. A multi-row VALUES has 13
    # parameters per line, and psycopg parses a statement of more than 50 parameters again
    # at every execution (0.2 ms for five lines); this one has 12 for any number of lines.
    columns = ("sale_id", *_LINE_COLUMNS)
    rows = (func.unnest(*(bindparam(name, type_=ARRAY(lines[name].type)) for name in columns))
            .table_valued(*columns).render_derived(name="new_lines"))
    return into.from_select(columns, select(*(rows.c[name] for name in columns)))


@functools.cache
def _insert_payments() -> Insert:
    return insert(Payment.__table__)


def _insert_lines(sale_id: int, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the sale's lines with one statement; return their new ids in the order of `rows`.

    RETURNING promises no order, so each id is matched to its line by the values written
    (lines with the same values are interchangeable).
    """
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        parameters: Any = {"sale_id": [sale_id] * len(rows), **{name: [row[name] for row in rows]
                                                                for name in _LINE_COLUMNS}}
    else:
        parameters = [{"sale_id": sale_id, **row} for row in rows]
    written = db.session.execute(_insert_lines_statement(dialect), parameters).all()
    ids: dict[tuple[Any, ...], list[int]] = {}
    for line_id, *values in written:
        ids.setdefault(tuple(values), []).append(line_id)
    return [ids[tuple(row[name] for name in _LINE_COLUMNS)].pop() for row in rows]


def _shop_and_open_session(shop_id: int, till_id: int, person: Person, day: date) -> tuple[Shop, int, PricingRules]:
    """The till's shop, the id of its open session (or TillClosed) and the shop's pricing rules on
    `day`; the person is read again too.

    One statement: the person who sells may have been expired when the write transaction
    began (SQLite), and would otherwise be reloaded on its own (`inspect` gives their id
    without that reload).
    """
    identity = inspect(person).identity
    person_id = identity[0] if identity else person.id
    shop, session_id, _person, campaigns, markdowns = db.session.execute(
        _shop_session_person_query(db.engine.dialect.name),
        {"shop_id": shop_id, "till_id": till_id, "person_id": person_id, "day": day}).one()
    if session_id is None:
        raise TillClosed(till_id=till_id)
    return shop, session_id, PricingRules.from_rows(campaigns, markdowns)


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
            inventory.ensure_sellable(line.item)
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


@dataclass
class ReceiptLine:
    """A line of a receipt as plain values (`code` is the garment's, `category` the category's key)."""

    id: int
    item_id: int | None
    code: str | None
    category_id: int
    category: str
    description: str
    list_price: int
    markdown: int
    markdown_reason: str
    discount: int
    discount_reason: str
    price: int
    vat_rate: int
    vat_amount: int
    returns_line_id: int | None = None  # on a return: the line of the sale it refunds


@dataclass
class ReceiptPayment:
    """A payment of a receipt as plain values."""

    method: str
    amount: int
    tendered: int | None
    reference: str


@dataclass
class Receipt:
    """A sale or a return as plain values: what the API shows and the journal keeps of it.

    `person` and `approved_by` are usernames. A sale just rung up is shown from what was
    written (`sell`); one from the database through `receipt_of`.
    """

    id: int
    kind: str
    till_id: int
    receipt_no: int
    at: datetime
    training: bool
    total: int
    rounding: int
    change: int
    original_sale_id: int | None
    approved_by_id: int | None
    person: str
    approved_by: str | None
    control_code: str
    lines: list[ReceiptLine]
    payments: list[ReceiptPayment]


def receipt_of(sale: Sale) -> Receipt:
    """A sale from the database as a receipt."""
    return Receipt(
        id=sale.id, kind=sale.kind, till_id=sale.till_id, receipt_no=sale.receipt_no, at=sale.at,
        training=sale.training, total=sale.total, rounding=sale.rounding, change=sale.change,
        original_sale_id=sale.original_sale_id, approved_by_id=sale.approved_by_id, person=sale.person.username,
        approved_by=sale.approved_by.username if sale.approved_by else None, control_code=sale.control_code,
        lines=[ReceiptLine(
            id=line.id, item_id=line.item_id, code=line.item.code if line.item else None,
            category_id=line.category_id, category=line.category.key, description=line.description,
            list_price=line.list_price, markdown=line.markdown, markdown_reason=line.markdown_reason,
            discount=line.discount, discount_reason=line.discount_reason, price=line.price,
            vat_rate=line.vat_rate, vat_amount=line.vat_amount, returns_line_id=line.returns_line_id)
            for line in sale.lines],
        payments=[ReceiptPayment(method=p.method, amount=p.amount, tendered=p.tendered, reference=p.reference)
                  for p in sale.payments])


def sale_summary(sale: Receipt) -> dict[str, Any]:
    """What the journal keeps of a receipt: enough to reprint it and to audit the totals."""
    return {
        "sale_id": sale.id, "receipt_no": sale.receipt_no, "kind": sale.kind, "training": sale.training,
        "total": sale.total, "rounding": sale.rounding, "change": sale.change,
        "original_sale_id": sale.original_sale_id, "approved_by": sale.approved_by_id,
        "lines": [{"item_id": line.item_id, "category_id": line.category_id, "description": line.description,
                   "list_price": line.list_price, "markdown": line.markdown, "discount": line.discount,
                   "price": line.price, "vat_rate": line.vat_rate, "vat_amount": line.vat_amount}
                  for line in sale.lines],
        "payments": [{"method": p.method, "amount": p.amount, "tendered": p.tendered, "reference": p.reference}
                     for p in sale.payments],
    }


@use_case
def print_receipt(sale_id: int, *, by: Person) -> tuple[Sale, bool]:
    """Count a print of the receipt; every print after the first is a copy (KOPIA), journalled."""
    if not _fits(sale_id):
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


# --------------------------------------------------------------------------- returns


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
    till = _take_receipt_no(till_id)
    if till.training or by.training:
        raise ReturnNotAllowed(_l("Returns are not practised in training mode: they would move real stock."))
    session = open_session(till_id)
    if session is None:
        raise TillClosed(till_id=till_id)
    by_item = {line.item_id: line for line in original.lines if line.item_id is not None}
    by_id = {line.id: line for line in original.lines}
    chosen: list[SaleLine] = []
    for code in codes:
        item = inventory.get_item(code)
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
        _write_receipt(refund, session.id, original.vat_mode, by, line_rows,
                       [(line.item.code if line.item else None, line.category.key) for line in refunded])
    except IntegrityError as exc:  # the unique returns_line_id: returned before, or a racing return
        raise AlreadyReturned() from exc
    for line in refunded:
        if line.item is not None:
            inventory.mark_returned(line.item, by=by, till_id=till_id, sale_id=refund.id)
    _journal_receipt(till, refund, by)
    return get_sale(refund.id)


# --------------------------------------------------------------------------- reports


def x_report(till_id: int) -> dict[str, Any]:
    """The X report of the open session (read only)."""
    till = get_till(till_id)
    return build_report(till, _open_session_of(till), "X")


@use_case
def take_x_report(till_id: int, *, by: Person) -> dict[str, Any]:
    """Take an X report and note it in the journal."""
    _lock_till(till_id)
    report = x_report(till_id)
    journal.append(till_id, "x_report", by, {k: report[k] for k in ("total_sales", "receipts", "expected_cash")})
    return report


def close_till(till_id: int, *, counted_cash: int | None = None, counts: dict[int, int] | None = None,
               by: Person) -> dict[str, Any]:
    """Close the day (`take_z_report`), then tidy what the day left once the Z report has committed.

    The day's garment changes are folded into the tallies (so a shop where nobody opens the
    feedback pages keeps at most a day of them) and SQLite's query planner gets a fresh picture
    of the shop, each in its own transaction: a fault there is logged and the Z report stands.
    """
    report = take_z_report(till_id, counted_cash=counted_cash, counts=counts, by=by)
    for tidy in (tallies.fold_all, _refresh_statistics):
        try:
            tidy()
        except Exception:  # the Z report is committed; a tally or ANALYZE fault must not undo or hide it
            current_app.logger.exception("After the Z report of till %s: %s failed", till_id, tidy.__name__)
    return report


@use_case
def _refresh_statistics() -> None:
    refresh_statistics(db.session.connection())


@use_case
def take_z_report(till_id: int, *, counted_cash: int | None = None, counts: dict[int, int] | None = None,
                  by: Person) -> dict[str, Any]:
    """Count the drawer (as a sum or by denomination), take the Z report and close the session."""
    counted_cash, stored = _cash_amount(counted_cash, counts, "counted_cash", MAX_FLOAT * 10)
    till = _lock_till(till_id)
    session = _open_session_of(till)
    z_number = db.session.execute(
        update(Till).where(Till.id == till.id).values(last_z_no=Till.last_z_no + 1).returning(Till.last_z_no)
    ).scalar_one()
    report = build_report(till, session, "Z")
    report.update({"z_number": z_number, "counted_cash": counted_cash, "counted_by_denomination": stored,
                   "difference": counted_cash - report["expected_cash"]})
    closed = db.session.execute(
        update(TillSession).where(TillSession.id == session.id, TillSession.closed_at.is_(None))
        .values(closed_at=utcnow(), closed_by_id=by.id, expected_cash=report["expected_cash"],
                counted_cash=counted_cash, closing_counts=stored, z_number=z_number)
    ).rowcount
    if closed != 1:
        raise TillClosed(till_id=till.id)
    journal.append(till.id, "z_report", by, report)
    record_event("till.closed", "till", till.id, by, till_id=till.id, z_number=z_number,
                 difference=report["difference"])
    return report


def z_reports(till_id: int) -> list[dict[str, Any]]:
    """Every Z report the till has taken, newest first, as the journal keeps them."""
    return [entry["data"] for entry in journal.entries_of(till_id, "z_report")][::-1]


# --------------------------------------------------------------------------- campaigns and settings


def campaigns(shop_id: int) -> list[Campaign]:
    """The shop's campaigns, newest first."""
    return list(db.session.scalars(
        select(Campaign).where(Campaign.shop_id == shop_id).order_by(Campaign.starts_on.desc(), Campaign.id.desc())))


@use_case
def create_campaign(shop_id: int, *, name: str, starts_on: date, ends_on: date, percent: int,
                    categories: Sequence[str] = (), tag_colours: Sequence[str] = (), by: Person) -> Campaign:
    """Start a campaign: a percentage off for a date range, on some categories or tag colours."""
    name = name.strip()[:80]
    if not _fits(shop_id) or db.session.get(Shop, shop_id) is None:
        raise ValidationFailed(_l("Unknown shop."), field="shop_id")
    if not name:
        raise ValidationFailed(_l("Give the campaign a name."), field="name")
    if ends_on < starts_on:
        raise ValidationFailed(_l("The campaign must end on or after its first day."), field="ends_on")
    if not 1 <= percent <= 90:
        raise ValidationFailed(_l("The discount must be from 1 to 90 %."), field="percent")
    for key in categories:
        inventory.get_category(key)
    if any(colour not in TAG_COLOURS for colour in tag_colours):
        raise ValidationFailed(_l("Unknown tag colour."), field="tag_colours")
    campaign = Campaign(shop_id=shop_id, name=name, starts_on=starts_on, ends_on=ends_on, percent=percent,
                        categories=list(categories), tag_colours=list(tag_colours), created_by_id=by.id,
                        created_at=utcnow())
    db.session.add(campaign)
    db.session.flush()
    record_event("campaign.created", "campaign", campaign.id, by, shop_id=shop_id, name=name, percent=percent,
                 starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    return campaign


@use_case
def end_campaign(campaign_id: int, *, by: Person) -> Campaign:
    """Stop a campaign now; it stays in the list for the record."""
    campaign = db.session.get(Campaign, campaign_id) if _fits(campaign_id) else None
    if campaign is None:
        raise ValidationFailed(_l("Unknown campaign."), field="campaign_id")
    campaign.active = False
    record_event("campaign.ended", "campaign", campaign.id, by, shop_id=campaign.shop_id)
    return campaign


@use_case
def set_markdowns(shop_id: int, steps: dict[int, int], *, by: Person) -> list[Markdown]:
    """Replace the shop's tag-colour markdown steps: {weeks on the floor: percent off}."""
    for weeks, percent in steps.items():
        if not 1 <= weeks <= 104 or not 1 <= percent <= 90:
            raise ValidationFailed(_l("Each step needs weeks from 1 and a discount from 1 to 90 %."),
                                   field="markdowns")
    db.session.execute(delete(Markdown).where(Markdown.shop_id == shop_id))
    rows = [Markdown(shop_id=shop_id, after_weeks=weeks, percent=percent) for weeks, percent in sorted(steps.items())]
    db.session.add_all(rows)
    db.session.flush()
    record_event("markdowns.set", "shop", shop_id, by, shop_id=shop_id,
                 steps={str(w): p for w, p in sorted(steps.items())})
    return rows


@use_case
def update_counter_settings(shop_id: int, *, by: Person, discount_approval_percent: int, open_price_min: int,
                            open_price_max: int, swish_number: str, vat_mode: str | None = None) -> Shop:
    """The counter's limits, the Swish number, and (for an admin) the shop's VAT mode."""
    shop = db.session.get(Shop, shop_id) if _fits(shop_id) else None
    if shop is None:
        raise ValidationFailed(_l("Unknown shop."), field="shop_id")
    if not 0 <= discount_approval_percent <= 100:
        raise ValidationFailed(_l("Write a share from 0 to 100 %."), field="discount_approval_percent")
    if not 0 < open_price_min <= open_price_max:
        raise ValidationFailed(_l("The lowest open price must be above 0 kr and not above the highest."),
                               field="open_price_min")
    digits = "".join(ch for ch in swish_number if ch.isdigit())
    if swish_number.strip() and not 8 <= len(digits) <= 12:
        raise ValidationFailed(_l("A Swish number has 10 digits, like 123 456 78 90."), field="swish_number")
    if vat_mode is not None and vat_mode != shop.vat_mode:
        if by.role != "admin":
            raise Forbidden(_l("Only an admin may change the VAT mode."))
        if vat_mode not in VAT_MODES:
            raise ValidationFailed(_l("Unknown VAT mode."), field="vat_mode")
        shop.vat_mode = vat_mode
    shop.discount_approval_percent = discount_approval_percent
    shop.open_price_min, shop.open_price_max = open_price_min, open_price_max
    shop.swish_number = digits
    record_event("shop.counter_settings", "shop", shop.id, by, shop_id=shop.id, vat_mode=shop.vat_mode,
                 discount_approval_percent=discount_approval_percent, open_price_min=open_price_min,
                 open_price_max=open_price_max, swish_number=digits)
    return shop
