"""Tables of the counter: till sessions, sales with lines and payments, and the register journal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db
from boutique.models import Person, Till
from inventory.models import Category, Item

PAYMENT_METHODS = ("cash", "card", "swish")


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

    till: Mapped[Till] = relationship()
    person: Mapped[Person] = relationship()
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
