"""Attendance: check-ins and check-outs, their corrections, absences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db
from boutique.models import Person

ABSENCE_REASONS = ("sick", "leave", "other")


class Attendance(db.Model):
    """One stay in the shop: checked in at `in_at`, out at `out_at` (None while there).

    `closed_by_shop` marks a check-in the shop's closing time closed, for the supervisor to look at.
    """

    __tablename__ = "training_attendance"
    __table_args__ = (Index("ix_training_attendance_person_in", "person_id", "in_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    in_at: Mapped[datetime] = mapped_column(UTCDateTime)
    out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_shop: Mapped[bool] = mapped_column(default=False)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    checked_out_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    corrections: Mapped[list[AttendanceCorrection]] = relationship(order_by="AttendanceCorrection.at")

    @property
    def minutes(self) -> int:
        """Whole minutes between check-in and check-out; 0 while still checked in."""
        if self.out_at is None:
            return 0
        return max(0, int((self.out_at - self.in_at).total_seconds() // 60))


class AttendanceCorrection(db.Model):
    """A supervisor's correction of a stay: who, when, the times before and after, why."""

    __tablename__ = "training_attendance_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("training_attendance.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")


class Absence(db.Model):
    """A day a participant was away, with its reason."""

    __tablename__ = "training_absences"
    __table_args__ = (Index("ix_training_absences_person_on", "person_id", "on", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
