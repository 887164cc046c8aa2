"""The certificate a participant takes to a job application: the shop, the person, the skills signed
off with their dates and the hours attended, as an A4 PDF in the reader's language.

Arabic is written right to left with joined letters: fpdf2 shapes it with HarfBuzz (uharfbuzz)
and DejaVu Sans, which has the Arabic glyphs, and the page is laid out from the right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal
from flask_babel import force_locale, format_date
from flask_babel import lazy_gettext as _l
from fpdf.enums import XPos, YPos
from sqlalchemy import select

from boutique.clock import shop_date, utcnow
from boutique.db import db
from boutique.models import RTL_LANGUAGES, Person, Shop
from boutique.pdf import FONT, finish_pdf, new_pdf

from ..agreements.models import Agreement
from ..attendance.services import attended_minutes
from .models import SkillSignOff
from .services import signed_off, skill_name, station_order

STATION_NAMES = {"sorting": _l("Sorting"), "counter": _l("Counter"), "workshop": _l("Workshop"),
                 "shop": _l("The shop")}


@dataclass(frozen=True)
class Certificate:
    """What the certificate says, read from the database before the PDF is drawn."""

    person: Person
    shop: Shop | None
    starts_on: date | None
    until: date | None
    minutes: int
    skills: list[SkillSignOff]


def certificate_of(person: Person) -> Certificate:
    """The person's signed-off skills and the minutes attended over their agreement's period until today."""
    agreement = db.session.scalar(select(Agreement).where(Agreement.person_id == person.id))
    shop_id = agreement.shop_id if agreement is not None else person.shop_id
    shop = db.session.get(Shop, shop_id) if shop_id is not None else None
    today = shop_date(utcnow())
    starts_on = until = None
    minutes = 0
    if agreement is not None:
        starts_on = agreement.starts_on
        until = min(d for d in (agreement.exited_on, agreement.ends_on, today) if d is not None)
        if until >= starts_on:
            minutes = attended_minutes(person.id, starts_on, until)
    skills = sorted(signed_off(person.id), key=lambda signed: station_order(signed.skill))
    return Certificate(person, shop, starts_on, until, minutes, skills)


def hours(minutes: int, locale: str) -> str:
    """Minutes as hours with one decimal in the locale's way ("12,5")."""
    return format_decimal(round(minutes / 60, 1), format="#,##0.#", locale=locale)


def certificate_pdf(certificate: Certificate, locale: str) -> bytes:
    """The certificate as one A4 page (more when the ladder is long) in `locale`."""
    with force_locale(locale):
        page = _Page(locale)
        shop = certificate.shop
        if shop is not None:
            page.text(shop.name, size=14, bold=True)
            if shop.address:
                page.text(shop.address, size=10)
            if shop.org_no:
                if page.rtl:  # the number on a line of its own: fpdf2 turns "802000-0000" round in an Arabic line
                    page.text(str(_l("Org. no. %(number)s", number="")).strip(), size=10)
                    page.text(shop.org_no, size=10)
                else:
                    page.text(str(_l("Org. no. %(number)s", number=shop.org_no)), size=10)
        page.space(10)
        page.text(str(_l("Certificate of work training")), size=22, bold=True)
        page.space(4)
        page.text(certificate.person.display_name, size=16, bold=True)
        page.space(4)
        if certificate.starts_on is not None and certificate.until is not None:
            page.text(str(_l("Took part in work training at the shop from %(start)s to %(end)s and attended "
                             "%(hours)s hours in all.", start=format_date(certificate.starts_on, "long"),
                             end=format_date(certificate.until, "long"),
                             hours=hours(certificate.minutes, locale))))
        page.space(6)
        page.text(str(_l("Skills signed off by the shop's supervisors")), size=13, bold=True)
        if not certificate.skills:
            page.text(str(_l("No skills signed off yet.")))
        station = None
        for signed in certificate.skills:
            if signed.skill.station != station:
                station = signed.skill.station
                page.space(2)
                page.text(str(STATION_NAMES.get(station, station)), bold=True)
            page.bullet(str(_l("%(skill)s, %(date)s", skill=skill_name(signed.skill, locale),
                                    date=format_date(signed.signed_on, "long"))))
        page.space(20)
        page.text("_" * 40)
        page.text(str(_l("Supervisor's signature and date")), size=10)
        page.space(6)
        page.text(str(_l("Printed %(date)s", date=format_date(shop_date(utcnow()), "long"))), size=9)
        return page.finish()


class _Page:
    """A4 paragraphs in DejaVu; shaped and right-aligned in a right-to-left language."""

    WIDTH = 180.0

    def __init__(self, locale: str) -> None:
        self.rtl = locale in RTL_LANGUAGES
        self.pdf = new_pdf(format="A4", unit="mm")
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(True, margin=15)
        if self.rtl:
            self.pdf.set_text_shaping(use_shaping_engine=True, script="arab", language="ara")
        self.pdf.set_title(str(_l("Certificate of work training")))
        self.pdf.add_page()

    def text(self, text: str, *, size: float = 11, bold: bool = False) -> None:
        """A paragraph, from the right in a right-to-left language."""
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.multi_cell(self.WIDTH, size * 0.5, text, align="R" if self.rtl else "L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def bullet(self, text: str) -> None:
        """One line of a list; the bullet stands where the line begins, on the right in Arabic."""
        # fpdf2 resolves a leading bullet to the left of an Arabic line, so Arabic lists go without.
        self.text(text if self.rtl else f"• {text}")

    def space(self, mm: float) -> None:
        """Vertical space."""
        self.pdf.ln(mm)

    def finish(self) -> bytes:
        """The PDF's bytes."""
        return finish_pdf(self.pdf)
