"""The programme report: participants, starts and exits, hours, referrals, outcomes, self-rating change.

Every figure describes a group of people, and any group of fewer than `MIN_GROUP` people is
suppressed (None, shown as "fewer than 5"), never given as a number: with so few people a figure
could tell something about one of them. Which group each figure counts is written in
docs/WORK-TRAINING.md ("The programme report") and in `ProgrammeReport`'s field comments.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from boutique.clock import shop_date, utcnow
from boutique.db import db
from boutique.errors import ValidationFailed
from boutique.models import Person

from ..agreements.models import OUTCOMES, REFERRALS, Agreement
from ..attendance.models import Attendance
from ..attendance.services import local_day_bounds
from ..ratings.models import RatingQuestion, SelfRating, SelfRatingAnswer

MIN_GROUP = 5
MAX_DAYS = 3660
DEFAULT_DAYS = 365


def suppressed(count: int) -> int | None:
    """A head count as the report may show it: None when fewer than MIN_GROUP people."""
    return count if count >= MIN_GROUP else None


@dataclass
class ProgrammeReport:
    """The report for the shop days `start` to `end` (both included); None = a group of fewer than 5."""

    start: date
    end: date
    # People whose participation overlaps the period: started on or before `end`, not exited before `start`.
    participants: int | None
    # Of them, those whose agreement starts in the period; and those who exited in it.
    started: int | None
    ended: int | None
    # Minutes attended in the period (stays that began in it), summed over the people who attended;
    # None when fewer than 5 people attended.
    attended_minutes: int | None
    # Participants by referring body: each body's own head count.
    by_referral: dict[str, int | None] = field(default_factory=dict)
    # Those who exited in the period, by the outcome recorded at exit (none recorded: "unknown").
    outcomes: dict[str, int | None] = field(default_factory=dict)
    # Per question: the mean of (exit answer - intake answer) over the people whose exit rating
    # was taken in the period and who answered that question at intake and at exit.
    self_rating_change: dict[str, float | None] = field(default_factory=dict)
    # How many people each mean stands on (suppressed likewise): for the page, not the JSON.
    rated: dict[str, int | None] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "participants": self.participants,
                "started": self.started, "ended": self.ended, "attended_minutes": self.attended_minutes,
                "by_referral": self.by_referral, "outcomes": self.outcomes,
                "self_rating_change": self.self_rating_change}


def _parse(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(_l("Write the date as YYYY-MM-DD."), field=name) from None


def parse_period(start: str | None, end: str | None) -> tuple[date, date]:
    """The report's period from `from`/`to` (YYYY-MM-DD); the last 12 months up to today by default."""
    last = _parse(end, "to") or shop_date(utcnow())
    first = _parse(start, "from") or last - timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        raise ValidationFailed(_l("The end date is before the start date."), field="to")
    if (last - first).days >= MAX_DAYS:
        raise ValidationFailed(_l("Choose at most ten years."), field="to")
    return first, last


def _in_scope(reader: Person) -> list[Any]:
    """A supervisor's report covers their own shop; a reader without a shop, every shop."""
    return [] if reader.shop_id is None else [Agreement.shop_id == reader.shop_id]


def programme_report(first: date, last: date, *, reader: Person) -> ProgrammeReport:
    """The programme's figures for the shop days `first` to `last`, small groups suppressed."""
    agreements = list(db.session.scalars(
        select(Agreement).join(Person, Person.id == Agreement.person_id)
        .where(Person.kind == "participant", Agreement.starts_on <= last,
               or_(Agreement.exited_on.is_(None), Agreement.exited_on >= first), *_in_scope(reader))))
    ids = [a.person_id for a in agreements]
    started = sum(1 for a in agreements if a.starts_on >= first)
    exits = [a for a in agreements if a.exited_on is not None and first <= a.exited_on <= last]
    referrals = {key: sum(1 for a in agreements if a.referral == key) for key in REFERRALS}
    outcomes = {key: sum(1 for a in exits if (a.outcome or "unknown") == key) for key in OUTCOMES}
    minutes, attendees = _attendance(ids, first, last)
    change, rated = _rating_change(ids, first, last)
    return ProgrammeReport(
        first, last, suppressed(len(agreements)), suppressed(started), suppressed(len(exits)),
        minutes if attendees >= MIN_GROUP else None,
        {key: suppressed(n) for key, n in referrals.items()}, {key: suppressed(n) for key, n in outcomes.items()},
        {key: (value if rated[key] >= MIN_GROUP else None) for key, value in change.items()},
        {key: suppressed(n) for key, n in rated.items()})


def _attendance(person_ids: list[int], first: date, last: date) -> tuple[int, int]:
    """Minutes of finished stays that began in the period, and how many people they belong to."""
    if not person_ids:
        return 0, 0
    start, end = local_day_bounds(first, last)
    per_person: dict[int, int] = defaultdict(int)
    for stay in db.session.scalars(select(Attendance).where(
            Attendance.person_id.in_(person_ids), Attendance.in_at >= start, Attendance.in_at < end,
            Attendance.out_at.is_not(None))):
        per_person[stay.person_id] += stay.minutes
    return sum(per_person.values()), sum(1 for m in per_person.values() if m > 0)


def _rating_change(person_ids: list[int], first: date, last: date) -> tuple[dict[str, float | None], dict[str, int]]:
    """Per question key: the mean change from intake to exit, and how many people it stands on."""
    keys = list(db.session.scalars(select(RatingQuestion.key).order_by(RatingQuestion.position, RatingQuestion.id)))
    change: dict[str, float | None] = dict.fromkeys(keys)
    rated = dict.fromkeys(keys, 0)
    if not person_ids or not keys:
        return change, rated
    start, end = local_day_bounds(first, last)
    rows = db.session.execute(
        select(SelfRating.person_id, SelfRating.occasion, SelfRating.at, RatingQuestion.key, SelfRatingAnswer.value)
        .join(SelfRatingAnswer, SelfRatingAnswer.rating_id == SelfRating.id)
        .join(RatingQuestion, RatingQuestion.id == SelfRatingAnswer.question_id)
        .where(SelfRating.person_id.in_(person_ids), or_(
            SelfRating.occasion == "intake",
            and_(SelfRating.occasion == "exit", SelfRating.at >= start, SelfRating.at < end)))
        .order_by(SelfRating.at, SelfRating.id)).all()
    # A person's first intake answer and their last exit answer in the period, per question.
    intake: dict[tuple[int, str], int] = {}
    exit_: dict[tuple[int, str], int] = {}
    for person_id, occasion, _at, key, value in rows:
        if occasion == "intake":
            intake.setdefault((person_id, key), value)
        else:
            exit_[(person_id, key)] = value
    differences: dict[str, list[int]] = defaultdict(list)
    for (person_id, key), value in exit_.items():
        if (person_id, key) in intake:
            differences[key].append(value - intake[(person_id, key)])
    for key, values in differences.items():
        rated[key] = len(values)
        change[key] = round(sum(values) / len(values), 2)
    return change, rated
