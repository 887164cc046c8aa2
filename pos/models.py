"""Tables of the counter: till sessions, sales with lines and payments, and the register journal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db
from boutique.models import Person, Till
from inventory.garments.models import Category, Item

PAYMENT_METHODS = ("cash", "card", "swish")
CASH_MOVEMENTS = ("cash_in", "cash_out", "no_sale")
# Swedish notes and coins in öre, largest first: what the drawer is counted in.
DENOMINATIONS = (100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100)


class TillSession(db.Model):
    """A till from opening with a float to closing with a counted drawer and a Z report."""

    __tablename__ = "till_sessions"
    __table_args__ = (
        # One open session per till, enforced by the database so two openings cannot race.
        Index("uq_till_sessions_open", "till_id", unique=True,
              sqlite_where=text("closed_at IS NULL"), postgresql_where=text("closed_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    till_id: Mapped[int] = mapped_column(ForeignKey("tills.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    opening_float: Mapped[int] = mapped_column(default=0)
    # Notes and coins counted at opening and closing: {"50000": 2, ...} (öre value: pieces).
    opening_counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    closing_counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    expected_cash: Mapped[int | None]
    counted_cash: Mapped[int | None]
    z_number: Mapped[int | None]

    till: Mapped[Till] = relationship()


class Sale(db.Model):
    """A receipt: a sale, or a return (negative total) against an earlier sale."""

    __tablename__ = "sales"
    __table_args__ = (
        UniqueConstraint("till_id", "receipt_no", name="uq_sales_till_receipt"),
        Index("ix_sales_session", "session_id"),
        Index("ix_sales_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    till_id: Mapped[int] = mapped_column(ForeignKey("tills.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("till_sessions.id"))
    receipt_no: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10), default="sale")
    training: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    total: Mapped[int]
    rounding: Mapped[int] = mapped_column(default=0)
    change: Mapped[int] = mapped_column(default=0)
    vat_mode: Mapped[str] = mapped_column(String(10), default="exempt")
    original_sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    prints: Mapped[int] = mapped_column(default=0)
    # The supervisor who approved a discount or a return with their PIN at the till.
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # What a certified control unit answered for this receipt (printed on it), if one is attached.
    control_code: Mapped[str] = mapped_column(String(120), default="")

    till: Mapped[Till] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    approved_by: Mapped[Person | None] = relationship(foreign_keys=[approved_by_id])
    original: Mapped[Sale | None] = relationship(remote_side="Sale.id")
    lines: Mapped[list[SaleLine]] = relationship(back_populates="sale", order_by="SaleLine.id")
    payments: Mapped[list[Payment]] = relationship(back_populates="sale", order_by="Payment.id")


class SaleLine(db.Model):
    """One line of a receipt: a scanned garment or a quick-key category at a price."""

    __tablename__ = "sale_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    description: Mapped[str] = mapped_column(String(120))
    # price = list_price - markdown - discount: the automatic reduction (campaign or tag-colour
    # markdown) and the manual discount are both kept, with their reasons, for the receipt and
    # the report's discount total.
    list_price: Mapped[int] = mapped_column(default=0)
    markdown: Mapped[int] = mapped_column(default=0)
    markdown_reason: Mapped[str] = mapped_column(String(120), default="")
    discount: Mapped[int] = mapped_column(default=0)
    discount_reason: Mapped[str] = mapped_column(String(120), default="")
    price: Mapped[int]
    vat_rate: Mapped[int] = mapped_column(default=0)
    vat_amount: Mapped[int] = mapped_column(default=0)
    # A return line names the line it refunds; unique, so a line can be returned only once
    # even when two returns race.
    returns_line_id: Mapped[int | None] = mapped_column(ForeignKey("sale_lines.id"), unique=True)

    sale: Mapped[Sale] = relationship(back_populates="lines")
    item: Mapped[Item | None] = relationship()
    category: Mapped[Category] = relationship()


class Payment(db.Model):
    """Money taken (or refunded, negative) by one method."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int]
    tendered: Mapped[int | None]
    reference: Mapped[str] = mapped_column(String(80), default="")

    sale: Mapped[Sale] = relationship(back_populates="payments")


class JournalEntry(db.Model):
    """One register event in the till's append-only, hash-chained journal."""

    __tablename__ = "journal_entries"
    __table_args__ = (UniqueConstraint("till_id", "seq", name="uq_journal_till_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    till_id: Mapped[int] = mapped_column(ForeignKey("tills.id"))
    seq: Mapped[int]
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(30))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    body: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The control unit's answer; outside the hashed body because it arrives after hashing.
    control_code: Mapped[str] = mapped_column(String(120), default="")


class CashMovement(db.Model):
    """Cash put into or taken out of the drawer with a reason, or the drawer opened without a sale."""

    __tablename__ = "cash_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("till_sessions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))

    person: Mapped[Person] = relationship()


class Campaign(db.Model):
    """A percentage off for a date range, on some categories or tag colours (empty lists: all)."""

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("percent BETWEEN 1 AND 90", name="percent_range"),
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    percent: Mapped[int]
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    tag_colours: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Markdown(db.Model):
    """Tag-colour rotation: a garment on the floor for at least `after_weeks` weeks costs `percent` less."""

    __tablename__ = "markdowns"
    __table_args__ = (
        UniqueConstraint("shop_id", "after_weeks", name="uq_markdowns_shop_weeks"),
        CheckConstraint("percent BETWEEN 1 AND 90", name="percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    after_weeks: Mapped[int]
    percent: Mapped[int]
