"""The work log: what a person did in the sorting room, read from the event log.

Each kind of work counts distinct things (a garment repriced twice was priced once), so
the figures mean what a participant's plan means: garments sorted, valued, priced,
withdrawn and donations handled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from boutique.clock import SHOP_TZ, shop_date, utcnow
from boutique.db import db
from boutique.errors import ValidationFailed
from boutique.models import Event

# Work kinds in the order a work log lists them, each with the events that count for it.
WORK_KINDS: dict[str, tuple[str, ...]] = {
    "sorted": ("item.sorted",),
    "valued": ("item.valued",),
    "priced": ("item.priced",),
    "withdrawn": ("item.withdrawn", "item.transferred"),
    "donations": ("donation.received", "donation.unpacked", "donation.washed", "donation.closed"),
}
WORK_NAMES = {"sorted": _l("Garments sorted"), "valued": _l("Garments valued"), "priced": _l("Garments priced"),
              "withdrawn": _l("Garments taken out of stock"), "donations": _l("Donations handled")}
MAX_DAYS = 366


@dataclass
class WorkLog:
    """A person's work between two dates (both included), in total and per day."""

    person_id: int
    start: date
    end: date
    totals: dict[str, int]
    days: list[tuple[date, dict[str, int]]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {"person_id": self.person_id, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "totals": self.totals,
                "days": [{"date": day.isoformat(), **counts} for day, counts in self.days]}


def _utc_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHOP_TZ)


def this_week(today: date | None = None) -> tuple[date, date]:
    """Monday to Sunday of the current week in the shop's time zone."""
    today = today or shop_date(utcnow())
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def work_log(person_id: int, start: date, end: date) -> WorkLog:
    """Count a person's work from `start` to `end` (shop dates, both included)."""
    if end < start:
        raise ValidationFailed(_l("The end date is before the start date."), field="to")
    if (end - start).days >= MAX_DAYS:
        raise ValidationFailed(_l("Choose at most a year."), field="to")
    kind_of = {event: work for work, events in WORK_KINDS.items() for event in events}
    rows = db.session.execute(
        select(Event.kind, Event.subject_id, Event.at)
        .where(Event.person_id == person_id, Event.kind.in_(kind_of),
               Event.at >= _utc_start(start), Event.at < _utc_start(end + timedelta(days=1)))
    ).all()
    totals: dict[str, set[int]] = {work: set() for work in WORK_KINDS}
    per_day: dict[date, dict[str, set[int]]] = {}
    for kind, subject_id, at in rows:
        work = kind_of[kind]
        totals[work].add(subject_id)
        per_day.setdefault(shop_date(at), {w: set() for w in WORK_KINDS})[work].add(subject_id)
    return WorkLog(person_id=person_id, start=start, end=end,
                   totals={work: len(ids) for work, ids in totals.items()},
                   days=[(day, {work: len(ids) for work, ids in counts.items()})
                         for day, counts in sorted(per_day.items())])
