"""A participant's work in a period: sorting, the till, the workshop, attendance and valuations.

Only reads. Each figure is counted from the records the work left: the event log for sorting
and pricing (inventory.garments.worklog), sales and till sessions for the counter, redesign
steps for the workshop, check-ins for attendance, and the garments a person valued or priced
that sold, for how near their figures came to what customers paid.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from boutique.clock import shop_date, utcnow
from boutique.db import MAX_ID, db
from boutique.errors import NotFound, ValidationFailed
from boutique.models import Person
from boutique.training import access
from boutique.training.agreements.models import Agreement
from boutique.training.attendance.models import Attendance
from boutique.training.attendance.services import attended_minutes, local_day_bounds
from boutique.training.plans.models import FollowUp, Plan
from inventory.garments.models import Category, Item
from inventory.garments.worklog import work_log
from inventory.workshop.models import Photo, ProjectStep, RedesignProject

from ..models import Sale, SaleLine, TillSession

DEFAULT_MONTHS = 3
LONGEST_DEFAULT_DAYS = 365
GARMENTS_SHOWN = 12


@dataclass
class Compared:
    """One garment a person valued (or priced) that sold: their figure beside what was paid."""

    code: str
    category_name: str
    pictogram: str
    guess: int
    paid: int

    @property
    def difference(self) -> int:
        """Their figure less what was paid: above zero means too high."""
        return self.guess - self.paid


@dataclass
class Valuations:
    """How a person's estimates (kind "estimate") or prices ("price") compared with what was paid."""

    kind: str
    sold: int = 0
    average_difference: int | None = None
    average_miss: int | None = None
    garments: list[Compared] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {"sold": self.sold, "average_difference": self.average_difference,
                "average_miss": self.average_miss}


@dataclass
class WorkshopProject:
    """A redesign project the person logged time on in the period, with a photo if it has one."""

    id: int
    title: str
    minutes: int
    photo_id: int | None


@dataclass
class ParticipantWork:
    """Everything the "My work" page and the follow-up PDF show of one person's period."""

    person: Person
    start: date
    end: date
    work: dict[str, int]
    sales: int
    garments_sold: int
    sales_total: int
    returns: int
    practice_sales: int
    tills_opened: int
    tills_closed: int
    workshop_minutes: int
    projects: list[WorkshopProject]
    attended_minutes: int
    days_attended: int
    agreed_minutes: int | None
    estimates: Valuations
    prices: Valuations
    # Per week (its Monday): garments sorted, garments priced, sales served, for the chart.
    weeks: list[tuple[date, int, int, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The API's shape (the page and the PDF show the same figures)."""
        return {"person_id": self.person.id, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "garments": self.work, "sales": {"sales": self.sales, "garments_sold": self.garments_sold,
                                                 "total": self.sales_total, "returns": self.returns,
                                                 "practice_sales": self.practice_sales,
                                                 "tills_opened": self.tills_opened, "tills_closed": self.tills_closed},
                "workshop_minutes": self.workshop_minutes,
                "attendance": {"attended_minutes": self.attended_minutes, "days": self.days_attended,
                               "agreed_minutes": self.agreed_minutes},
                "estimates": self.estimates.as_json(), "prices": self.prices.as_json()}


def parse_day(value: str | None, name: str) -> date | None:
    """A period bound from a query string (YYYY-MM-DD); None when not given."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(_l("Write the date as YYYY-MM-DD."), field=name) from None


def readable_person(person_id: int, reader: Person) -> Person:
    """The person whose work `reader` asks for: NotFound if none, Forbidden unless themself or their supervisor."""
    person = db.session.get(Person, person_id) if 0 < person_id <= MAX_ID else None
    if person is None:
        raise NotFound(person_id=person_id)
    access.require(access.may_read(reader, person))
    return person


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def current_plan(person_id: int) -> Plan | None:
    """The person's newest plan."""
    return db.session.scalars(select(Plan).where(Plan.person_id == person_id)
                              .order_by(Plan.created_at.desc(), Plan.id.desc()).limit(1)).first()


def last_follow_up(plan: Plan | None) -> FollowUp | None:
    """The plan's latest follow-up meeting, if any was held."""
    if plan is None:
        return None
    return db.session.scalars(select(FollowUp).where(FollowUp.plan_id == plan.id)
                              .order_by(FollowUp.held_on.desc(), FollowUp.id.desc()).limit(1)).first()


def default_period(person_id: int, today: date | None = None, plan: Plan | None = None) -> tuple[date, date]:
    """Since the plan's last follow-up (else its start, else 3 months back) until today; a year at most.

    The plan is the person's current one unless another is given (the meeting PDF of that plan).
    """
    today = today or shop_date(utcnow())
    plan = plan or current_plan(person_id)
    held = last_follow_up(plan)
    if held is not None:
        start = held.held_on
    elif plan is not None:
        start = shop_date(plan.created_at)
    else:
        start = months_before(today, DEFAULT_MONTHS)
    start = max(min(start, today), today - timedelta(days=LONGEST_DEFAULT_DAYS - 1))
    return start, today


def participant_work(person_id: int, *, reader: Person, start: date | None = None,
                     end: date | None = None, locale: str = "sv") -> ParticipantWork:
    """The person's work from `start` to `end` (shop days, both included; default: `default_period`)."""
    person = readable_person(person_id, reader)
    if start is None or end is None:
        default_start, default_end = default_period(person.id)
        start, end = start or default_start, end or default_end
    log = work_log(person.id, start, end)  # checks the bounds: end after start, a year at most
    first, after = local_day_bounds(start, end)
    sales = list(db.session.execute(
        select(Sale.at, Sale.kind, Sale.training, Sale.total, func.count(SaleLine.id))
        .join(SaleLine, SaleLine.sale_id == Sale.id, isouter=True)
        .where(Sale.person_id == person.id, Sale.at >= first, Sale.at < after).group_by(Sale.id)))
    real = [row for row in sales if row[1] == "sale" and not row[2]]
    opened = db.session.scalar(select(func.count(TillSession.id)).where(
        TillSession.opened_by_id == person.id, TillSession.opened_at >= first, TillSession.opened_at < after)) or 0
    closed = db.session.scalar(select(func.count(TillSession.id)).where(
        TillSession.closed_by_id == person.id, TillSession.closed_at >= first, TillSession.closed_at < after)) or 0
    steps = db.session.execute(
        select(RedesignProject.id, RedesignProject.title, func.sum(ProjectStep.minutes))
        .join(ProjectStep, ProjectStep.project_id == RedesignProject.id)
        .where(ProjectStep.person_id == person.id, ProjectStep.at >= first, ProjectStep.at < after)
        .group_by(RedesignProject.id, RedesignProject.title).order_by(RedesignProject.id)).all()
    photos = _project_photos([project_id for project_id, _t, _m in steps])
    projects = [WorkshopProject(project_id, title, int(minutes or 0), photos.get(project_id))
                for project_id, title, minutes in steps]
    stays = db.session.scalars(select(Attendance.in_at).where(
        Attendance.person_id == person.id, Attendance.in_at >= first, Attendance.in_at < after,
        Attendance.out_at.is_not(None))).all()
    agreement = db.session.scalars(select(Agreement).where(Agreement.person_id == person.id)).first()
    agreed = _agreed_minutes(agreement, start, end) if agreement is not None else None
    weeks = _weeks(start, end, log.days, [row[0] for row in real])
    return ParticipantWork(
        person=person, start=start, end=end, work=log.totals, sales=len(real),
        garments_sold=sum(int(row[4]) for row in real), sales_total=sum(row[3] for row in real),
        returns=sum(1 for row in sales if row[1] == "return" and not row[2]),
        practice_sales=sum(1 for row in sales if row[2]), tills_opened=int(opened), tills_closed=int(closed),
        workshop_minutes=sum(p.minutes for p in projects), projects=projects,
        attended_minutes=attended_minutes(person.id, start, end), days_attended=len({shop_date(at) for at in stays}),
        agreed_minutes=agreed, estimates=_compare(person.id, "estimate", first, after, locale),
        prices=_compare(person.id, "price", first, after, locale), weeks=weeks)


def _agreed_minutes(agreement: Agreement, start: date, end: date) -> int:
    """The hours per week agreed, for the days of the period that the participation covers."""
    first, last = max(start, agreement.starts_on), min(end, agreement.exited_on or end)
    days = max(0, (last - first).days + 1)
    return round(agreement.minutes_per_week * days / 7)


def _project_photos(project_ids: list[int]) -> dict[int, int]:
    """One photo per project: an "after" photo where there is one, else the first."""
    chosen: dict[int, tuple[bool, int]] = {}
    if not project_ids:
        return {}
    for project_id, photo_id, kind in db.session.execute(
            select(Photo.project_id, Photo.id, Photo.kind).where(Photo.project_id.in_(project_ids))
            .order_by(Photo.id)):
        rank = (kind != "after", photo_id)
        if project_id not in chosen or rank < chosen[project_id]:
            chosen[project_id] = rank
    return {project_id: rank[1] for project_id, rank in chosen.items()}


def _compare(person_id: int, kind: str, first: Any, after: Any, locale: str) -> Valuations:
    """The person's estimates (or prices) of garments sold in the period against what was paid."""
    guess, by = (Item.estimate, Item.valued_by_id) if kind == "estimate" else (Item.price, Item.priced_by_id)
    rows = db.session.execute(
        select(Item.code, Category, guess, Item.sold_price).join(Category, Category.id == Item.category_id)
        .where(by == person_id, guess.is_not(None), Item.status == "sold", Item.sold_price.is_not(None),
               Item.sold_at >= first, Item.sold_at < after)
        .order_by(Item.sold_at.desc(), Item.id.desc())).all()
    garments = [Compared(code, category.name(locale), category.pictogram, int(g), int(paid))
                for code, category, g, paid in rows]
    if not garments:
        return Valuations(kind)
    differences = [g.difference for g in garments]
    return Valuations(kind, len(garments), round(sum(differences) / len(differences)),
                      round(sum(abs(d) for d in differences) / len(differences)), garments[:GARMENTS_SHOWN])


def _weeks(start: date, end: date, days: list[tuple[date, dict[str, int]]],
           sold_at: list[Any]) -> list[tuple[date, int, int, int]]:
    """Garments sorted, garments priced and sales served per week (Monday), every week of the period."""
    monday = start - timedelta(days=start.weekday())
    weeks: dict[date, list[int]] = {}
    while monday <= end:
        weeks[monday] = [0, 0, 0]
        monday += timedelta(days=7)
    for day, counts in days:
        week = weeks[day - timedelta(days=day.weekday())]
        week[0] += counts.get("sorted", 0)
        week[1] += counts.get("priced", 0)
    for at in sold_at:
        day = shop_date(at)
        week = weeks.get(day - timedelta(days=day.weekday()))
        if week is not None:
            week[2] += 1
    return [(monday, *counts) for monday, counts in weeks.items()]  # type: ignore[misc]
