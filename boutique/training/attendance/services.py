"""Attendance: checking in and out, corrections, absences, closing time, the monthly timesheet."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from boutique.clock import SHOP_TZ
from boutique.db import db

from .models import Attendance


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC moments where the shop's day `first` begins and the day after `last` begins."""
    start = datetime.combine(first, time.min, SHOP_TZ).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, SHOP_TZ).astimezone(UTC)
    return start, end


def attended_minutes(person_id: int, first: date, last: date) -> int:
    """Minutes of the person's finished stays that began on the shop's days `first` to `last`."""
    start, end = local_day_bounds(first, last)
    stays = db.session.scalars(
        select(Attendance).where(Attendance.person_id == person_id, Attendance.in_at >= start,
                                 Attendance.in_at < end, Attendance.out_at.is_not(None)))
    return sum(stay.minutes for stay in stays)
