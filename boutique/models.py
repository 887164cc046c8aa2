"""Core tables: people, shops and tills, the event log, and named counters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, select, update
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .clock import utcnow
from .db import UTCDateTime, db

ROLES = ("admin", "supervisor", "warehouse", "counter", "designer")
PERSON_KINDS = ("staff", "participant", "student", "volunteer")
LANGUAGES = ("sv", "en", "ar")
# Languages written right to left: the page gets dir="rtl" and the CSS mirrors by logical properties.
RTL_LANGUAGES = frozenset({"ar", "fa", "ps", "ckb", "ur"})
# Each language named in itself, for the language switch.
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English", "ar": "العربية"}
VAT_MODES = ("exempt", "standard", "margin")


class Shop(db.Model):
    """A boutique: its name and org. no. for receipts, address, VAT mode and Swish number."""

    __tablename__ = "shops"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    org_no: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    vat_mode: Mapped[str] = mapped_column(String(10), default="exempt")
    swish_number: Mapped[str] = mapped_column(String(20), default="")
    # The counter's limits: a manual discount above this share of a line's price needs a
    # supervisor's PIN; an open-price quick key accepts prices between min and max (öre).
    discount_approval_percent: Mapped[int] = mapped_column(default=20)
    open_price_min: Mapped[int] = mapped_column(default=1000)
    open_price_max: Mapped[int] = mapped_column(default=100000)
    # Work training: a check-in still open at closing time (the shop's local time, HH:MM) is
    # closed there; self-ratings are erased this many months after a participation ends.
    closes_at: Mapped[str] = mapped_column(String(5), default="18:00", server_default="18:00")
    rating_retention_months: Mapped[int] = mapped_column(default=24, server_default="24")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tills: Mapped[list[Till]] = relationship(back_populates="shop", order_by="Till.id")


class Till(db.Model):
    """A cash register. Its row holds the counters that must stay gapless: receipt and journal numbers."""

    __tablename__ = "tills"

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    training: Mapped[bool] = mapped_column(default=False)
    last_receipt_no: Mapped[int] = mapped_column(default=0)
    last_z_no: Mapped[int] = mapped_column(default=0)
    journal_seq: Mapped[int] = mapped_column(default=0)
    journal_head: Mapped[str] = mapped_column(String(64), default="0" * 64)
    # Lifetime totals in öre: 64-bit, as 32 bits end at 21.5 million kronor (migration 0011).
    grand_sales: Mapped[int] = mapped_column(BigInteger, default=0)
    grand_returns: Mapped[int] = mapped_column(BigInteger, default=0)

    shop: Mapped[Shop] = relationship(back_populates="tills")


class Person(UserMixin, db.Model):
    """Someone who signs in: staff, a participant, a student or a volunteer, with one role."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20), default="staff")
    language: Mapped[str] = mapped_column(String(8), default="sv")
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    pin_hash: Mapped[str] = mapped_column(String(256), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Training mode for this person: their sales at any till print ÖVNINGSKVITTO and count nowhere.
    training: Mapped[bool] = mapped_column(default=False)
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shops.id"))
    # The course a student (or participant) belongs to; its teacher sees the cohort's pieces.
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", name="fk_people_cohort"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def set_password(self, password: str, method: str = "scrypt") -> None:
        """Store a salted hash of the password."""
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active


class Cohort(db.Model):
    """A course of students (a Beckmans class, a group of participants) with the teacher who follows it."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", use_alter=True, name="fk_cohorts_teacher"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    teacher: Mapped[Person | None] = relationship(foreign_keys=[teacher_id])


class Event(db.Model):
    """One line of the event log: who did what to which thing, where and when."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_subject", "subject_type", "subject_id"),
        Index("ix_events_person_at", "person_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shops.id"))
    till_id: Mapped[int | None] = mapped_column(ForeignKey("tills.id"))
    station: Mapped[str] = mapped_column(String(40), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    person: Mapped[Person | None] = relationship()


class Counter(db.Model):
    """A named number that only goes up, handed out inside the caller's transaction."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")


def next_counter_value(name: str) -> int:
    """Increment counter `name` atomically and return the new value (flushes only).

    The UPDATE takes the row's write lock, so two transactions can never get the same value,
    and a rolled-back transaction gives its number back.
    """
    result = db.session.execute(
        update(Counter).where(Counter.name == name).values(value=Counter.value + 1).returning(Counter.value)
    ).scalar_one_or_none()
    if result is None:
        db.session.add(Counter(name=name, value=1))
        db.session.flush()
        return 1
    return result


def record_event(
    kind: str,
    subject_type: str,
    subject_id: int,
    by: Person | None,
    *,
    shop_id: int | None = None,
    till_id: int | None = None,
    station: str = "",
    **data: Any,
) -> Event:
    """Add an event to the log in the current transaction; the use case commits it."""
    entry = Event(
        at=utcnow(),
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        person_id=by.id if by is not None else None,
        shop_id=shop_id,
        till_id=till_id,
        station=station,
        data=data,
    )
    db.session.add(entry)
    return entry


def history_of(subject_type: str, subject_id: int) -> list[Event]:
    """A thing's events (a garment's, a donation's), oldest first, with who did each loaded in the same query."""
    return list(db.session.scalars(
        select(Event).options(joinedload(Event.person))
        .where(Event.subject_type == subject_type, Event.subject_id == subject_id).order_by(Event.id)))
