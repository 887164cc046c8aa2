"""The personal card for the kiosk: the participant's name, the shop's name and a Code 128 barcode of the
card code, on a page of credit-card size, printed in Swedish like the timesheet."""

from __future__ import annotations

from barcode import Code128
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from fpdf.enums import XPos, YPos

from boutique.models import Person, Shop
from boutique.pdf import FONT, finish_pdf, new_pdf

CARD_WIDTH, CARD_HEIGHT = 85.6, 54.0  # ID-1, the size of a bank card
CARD_LOCALE = "sv"


def bar_runs(text: str) -> list[tuple[int, int]]:
    """The Code 128 bars of `text`: (first module, width in modules) of each dark run."""
    modules = "".join(Code128(text).build()) + "0"
    runs, start = [], -1
    for i, module in enumerate(modules):
        if module == "1" and start < 0:
            start = i
        elif module != "1" and start >= 0:
            runs.append((start, i - start))
            start = -1
    return runs


def card_pdf(person: Person, shop: Shop | None, code: str) -> bytes:
    """One card: who, where, and the barcode the kiosk's scanner reads."""
    with force_locale(CARD_LOCALE):
        pdf = new_pdf(shaped=True, orientation="L", unit="mm", format=(CARD_HEIGHT, CARD_WIDTH))
        pdf.set_auto_page_break(False)
        pdf.set_margins(5, 5, 5)
        pdf.set_title(str(_l("Attendance card")))
        pdf.add_page()
        line = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
        pdf.set_font(FONT, "", 8)
        pdf.cell(0, 4, str(_l("Attendance card")) + (f" · {shop.name}" if shop else ""), **line)
        pdf.set_font(FONT, "B", 14)
        pdf.cell(0, 8, person.display_name[:32], **line)
        runs = bar_runs(code)
        modules = max(x + w for x, w in runs) + 20  # a quiet zone of ten modules each side
        module = min(0.5, (CARD_WIDTH - 10) / modules)
        left = (CARD_WIDTH - module * (modules - 20)) / 2
        top = 22.0
        for x, width in runs:  # vectors, so any printer resolution scans
            pdf.rect(left + x * module, top, width * module, 18, style="F")
        pdf.set_xy(5, top + 19)
        pdf.set_font(FONT, "", 9)
        pdf.cell(CARD_WIDTH - 10, 5, code, align="C", **line)
        pdf.set_font(FONT, "", 7)
        pdf.cell(CARD_WIDTH - 10, 4, str(_l("Scan at the kiosk to check in and out.")), align="C")
        return finish_pdf(pdf)
