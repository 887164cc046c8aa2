"""The monthly timesheet a referring body asks for: days and minutes, absences, agreed against attended,
as data (the API's JSON) and as a PDF with signature lines.

Agreed minutes: the agreement's minutes per week spread over five working days, times the working
days (Monday to Friday) of the month that fall within the agreement (from `starts_on` to `ends_on`
or the exit, whichever comes first), rounded to the minute. Public holidays count as working days:
the shop and the referring body agree those apart. The PDF is printed in Swedish whatever the
interface language, like the receipts: it is handed to a Swedish authority.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import force_locale, format_date
from flask_babel import lazy_gettext as _l
from fpdf.enums import XPos, YPos

from boutique.clock import SHOP_TZ, shop_date
from boutique.db import db
from boutique.errors import ValidationFailed
from boutique.models import Person, Shop
from boutique.pdf import FONT, finish_pdf, new_pdf

from ..access import may_read, require
from ..agreements.models import Agreement
from .models import Absence, Attendance
from .services import absences_between, agreement_of, get_person, stays_between

PDF_LOCALE = "sv"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
WORKING_DAYS_PER_WEEK = 5


def parse_month(text: str | None) -> date:
    """The first day of a month given as "YYYY-MM"; anything else → ValidationFailed (422) on `month`."""
    match = _MONTH.match((text or "").strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationFailed(_l("Give the month as YYYY-MM, for example 2026-03."), field="month")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_end(first: date) -> date:
    """The last day of `first`'s month."""
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def working_days(first: date, last: date) -> int:
    """Mondays to Fridays from `first` to `last`, both included (0 when `last` is before `first`)."""
    days, day = 0, first
    while day <= last:
        days += day.weekday() < WORKING_DAYS_PER_WEEK
        day += timedelta(days=1)
    return days


def agreed_minutes(agreement: Agreement | None, first: date, last: date) -> int:
    """Minutes agreed from `first` to `last`: minutes per week / 5 per working day within the agreement."""
    if agreement is None:
        return 0
    begin = max(first, agreement.starts_on)
    ends = [d for d in (agreement.ends_on, agreement.exited_on, last) if d is not None]
    return round(agreement.minutes_per_week * working_days(begin, min(ends)) / WORKING_DAYS_PER_WEEK)


def clock_text(minutes: int) -> str:
    """Minutes as hours and minutes, "6:05"."""
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass
class Day:
    """One day of a month that has stays or an absence."""

    on: date
    stays: list[Attendance] = field(default_factory=list)
    absence: Absence | None = None

    @property
    def minutes(self) -> int:
        return sum(stay.minutes for stay in self.stays)


@dataclass
class Timesheet:
    """A participant's month."""

    person: Person
    shop: Shop | None
    agreement: Agreement | None
    first: date
    last: date
    agreed_minutes: int
    days: list[Day]

    @property
    def month(self) -> str:
        return f"{self.first.year:04d}-{self.first.month:02d}"

    @property
    def attended_minutes(self) -> int:
        return sum(day.minutes for day in self.days)

    @property
    def absences(self) -> list[Absence]:
        return [day.absence for day in self.days if day.absence is not None]

    def as_json(self) -> dict[str, Any]:
        """The API's shape: the contract's fields, and the absences with their reasons."""
        return {"person_id": self.person.id, "month": self.month, "agreed_minutes": self.agreed_minutes,
                "attended_minutes": self.attended_minutes,
                "days": [{"date": day.on.isoformat(), "minutes": day.minutes} for day in self.days if day.stays],
                "absences": [{"date": a.on.isoformat(), "reason": a.reason, "note": a.note} for a in self.absences]}


def month_of(person: Person, first: date) -> Timesheet:
    """The participant's month beginning `first`: each day's stays and absence, agreed and attended minutes."""
    last = month_end(first)
    days: dict[date, Day] = {}
    for stay in stays_between(person.id, first, last):
        on = shop_date(stay.in_at)
        days.setdefault(on, Day(on)).stays.append(stay)
    for absence in absences_between(person.id, first, last):
        days.setdefault(absence.on, Day(absence.on)).absence = absence
    agreement = agreement_of(person.id)
    shop_id = agreement.shop_id if agreement else person.shop_id
    return Timesheet(person=person, shop=db.session.get(Shop, shop_id) if shop_id else None, agreement=agreement,
                     first=first, last=last, agreed_minutes=agreed_minutes(agreement, first, last),
                     days=[days[d] for d in sorted(days)])


def timesheet_for(person_id: int, month: str | None, *, reader: Person) -> Timesheet:
    """The timesheet of `month` ("YYYY-MM"), for the person themself or a supervisor of theirs (403 otherwise)."""
    person = get_person(person_id)
    require(may_read(reader, person))
    return month_of(person, parse_month(month))


REASON_NAMES = {"sick": _l("Sick"), "leave": _l("Leave"), "other": _l("Other")}


def timesheet_pdf(sheet: Timesheet) -> bytes:
    """The month on one A4 page (more when long): days, times, minutes, absences, totals, two signatures."""
    with force_locale(PDF_LOCALE):
        pdf = new_pdf(shaped=True, format="A4", unit="mm")
        pdf.set_margins(18, 15, 18)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_title(str(_l("Timesheet")))
        pdf.add_page()
        line = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
        pdf.set_font(FONT, "B", 18)
        pdf.cell(0, 10, str(_l("Timesheet")) + " " + format_date(sheet.first, "MMMM y"), **line)
        pdf.set_font(FONT, "", 11)
        pdf.cell(0, 6, str(_l("Participant: %(name)s", name=sheet.person.display_name)), **line)
        if sheet.shop is not None:
            pdf.cell(0, 6, str(_l("Work-training place: %(shop)s", shop=sheet.shop.name)) +
                     (f", {sheet.shop.address}" if sheet.shop.address else ""), **line)
        if sheet.agreement is not None:
            weekly = clock_text(sheet.agreement.minutes_per_week)
            pdf.cell(0, 6, str(_l("Agreed: %(hours)s hours a week", hours=weekly)), **line)
        pdf.ln(4)
        widths = (34, 52, 26, 62)
        pdf.set_font(FONT, "B", 10)
        for width, title in zip(widths, (_l("Date"), _l("In – out"), _l("Hours"), _l("Absence")), strict=True):
            pdf.cell(width, 7, str(title), border="B")
        pdf.ln(7)
        pdf.set_font(FONT, "", 10)
        for day in sheet.days:
            times = ", ".join(_span(stay) for stay in day.stays)
            absence = ""
            if day.absence is not None:
                absence = str(REASON_NAMES.get(day.absence.reason, day.absence.reason))
                if day.absence.note:
                    absence += f" ({day.absence.note})"
            cells = (format_date(day.on, "EEE d MMM"), times, clock_text(day.minutes) if day.stays else "", absence)
            for width, text in zip(widths, cells, strict=True):
                pdf.cell(width, 6, text[:48], border="B")
            pdf.ln(6)
        if not sheet.days:
            pdf.cell(0, 7, str(_l("No attendance this month.")), **line)
        pdf.ln(4)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(0, 7, str(_l("Attended: %(hours)s hours", hours=clock_text(sheet.attended_minutes))), **line)
        pdf.cell(0, 7, str(_l("Agreed: %(hours)s hours", hours=clock_text(sheet.agreed_minutes))), **line)
        pdf.set_font(FONT, "", 11)
        pdf.cell(0, 7, str(_l("Days absent: %(count)s", count=len(sheet.absences))), **line)
        if pdf.get_y() > 297 - 60:
            pdf.add_page()
        pdf.ln(18)
        for who in (_l("Signature, participant"), _l("Signature, supervisor")):
            y = pdf.get_y()
            pdf.line(18, y, 110, y)
            pdf.line(120, y, 192, y)
            pdf.set_font(FONT, "", 9)
            pdf.cell(102, 5, str(who))
            pdf.cell(0, 5, str(_l("Date")), **line)
            pdf.ln(14)
        return finish_pdf(pdf)


def _span(stay: Attendance) -> str:
    """"09:02–15:30" in the shop's time; an open stay shows only its check-in."""
    start = stay.in_at.astimezone(SHOP_TZ).strftime("%H:%M")
    if stay.out_at is None:
        return f"{start}–"
    return f"{start}–{stay.out_at.astimezone(SHOP_TZ).strftime('%H:%M')}" + ("*" if stay.closed_by_shop else "")
