"""A receipt as written, and the one path by which a sale and a return are written.

Both lock the till row and take the next receipt number (`take_receipt_no`), insert the sale,
its lines and payments (`write_receipt`), and chain the journal entry that also adds to the
till's grand totals (`journal_receipt`), all in the caller's transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Insert, Row, Update, bindparam, func, insert, select, update

from boutique.db import db
from boutique.models import Person, Till

from ..errors import UnknownTill
from ..journal import services as journal
from ..models import Payment, Sale, SaleLine
from ..tills.services import fits


def take_receipt_no(till_id: int) -> Row[Any]:
    """Lock the till row for the rest of the transaction and take its next receipt number.

    Returns the row as it is now: shop, training mode, the new receipt number and where the
    journal ends (stable until commit, since the row stays locked). A failed sale rolls the
    number back, so receipt numbers stay gapless.
    """
    row = db.session.execute(_receipt_no_statement(), {"till_id": till_id}).first() if fits(till_id) else None
    if row is None:
        raise UnknownTill(till_id=till_id)
    return row


@functools.cache
def _receipt_no_statement() -> Update:
    tills = Till.__table__.c
    return (update(Till.__table__).where(tills.id == bindparam("till_id"))
            .values(last_receipt_no=tills.last_receipt_no + 1)
            .returning(tills.shop_id, tills.training, tills.last_receipt_no, tills.journal_seq, tills.journal_head))


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


def write_receipt(receipt: Receipt, session_id: int, vat_mode: str, by: Person, line_rows: list[dict[str, Any]],
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


def journal_receipt(till: Row[Any], receipt: Receipt, by: Person,
                     more: Sequence[tuple[str, dict[str, Any]]] = ()) -> None:
    """Chain the receipt (and `more` entries after it) onto the till's journal and add it to the grand totals.

    `till` is the row `take_receipt_no` gave, whose journal end is stable under the lock. A
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
