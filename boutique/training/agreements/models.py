"""A participant's agreement with the shop and the referring body."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db
from boutique.models import Person

REFERRALS = ("social_services", "employment_service", "insurance_agency", "self", "other")
# What a participant went on to, recorded at exit; "unknown" when nobody knows.
OUTCOMES = ("work", "studies", "other_programme", "none", "unknown")
MAX_MINUTES_PER_WEEK = 60 * 60


class Agreement(db.Model):
    """One per participant: agreed hours, dates, who referred them, consent to the self-rating.

    No personal identity number is stored or asked for: the person is the shop's own record.
    """

    __tablename__ = "training_agreements"
    __table_args__ = (
        CheckConstraint(f"minutes_per_week BETWEEN 0 AND {MAX_MINUTES_PER_WEEK}", name="minutes_per_week_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    minutes_per_week: Mapped[int] = mapped_column()
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    referral: Mapped[str] = mapped_column(String(30))
    referral_contact_name: Mapped[str] = mapped_column(String(120), default="")
    referral_contact_phone: Mapped[str] = mapped_column(String(40), default="")
    self_rating_consent: Mapped[bool] = mapped_column(default=False)
    consent_on: Mapped[date | None] = mapped_column(Date)
    # Set when the participation ends; self-ratings are erased a retention period after it.
    exited_on: Mapped[date | None] = mapped_column(Date)
    # The personal card's barcode (Code 128), random so that it cannot be guessed from an id.
    card_code: Mapped[str | None] = mapped_column(String(20), unique=True)
    outcome: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    supervisor: Mapped[Person | None] = relationship(foreign_keys=[supervisor_id])
