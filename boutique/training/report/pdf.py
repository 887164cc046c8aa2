"""A4 documents of the programme (the report, the follow-up meeting's page), in DejaVu.

Arabic and any right-to-left text is shaped by fpdf2's text shaping (HarfBuzz) where the
uharfbuzz package is installed; without it fpdf2 writes the letters unjoined, left to right.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf.enums import XPos, YPos

from boutique.pdf import FONT, finish_pdf, new_pdf

from .services import MIN_GROUP, ProgrammeReport
from .texts import figure_rows

WIDTH = 180.0


class Document:
    """An A4 page (or more) of headings, paragraphs, two-column rows and bullets."""

    def __init__(self, title: str) -> None:
        self.pdf = new_pdf(shaped=True, format="A4", unit="mm")
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(True, margin=12)
        self.pdf.set_title(title)
        self.pdf.add_page()

    def heading(self, text: str, size: float = 13) -> None:
        """A bold heading."""
        self.pdf.ln(2)
        self.text(text, size=size, bold=True)

    def text(self, text: str, *, size: float = 10, bold: bool = False) -> None:
        """A paragraph."""
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.multi_cell(WIDTH, size * 0.48, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(0.8)

    def rows(self, rows: Sequence[tuple[str, str]], *, size: float = 10) -> None:
        """Label and value pairs, the value in bold at the right."""
        self.pdf.set_font(FONT, "", size)
        for label, value in rows:
            self.pdf.set_font(FONT, "", size)
            self.pdf.cell(WIDTH - 50, size * 0.55, label)
            self.pdf.set_font(FONT, "B", size)
            self.pdf.cell(50, size * 0.55, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullet(self, text: str, *, size: float = 10) -> None:
        """One line of a list."""
        self.text("• " + text, size=size)

    def finish(self) -> bytes:
        """The PDF's bytes."""
        return finish_pdf(self.pdf)


def report_pdf(report: ProgrammeReport, shop_name: str, locale: str) -> bytes:
    """The programme report on one A4 page, in the reader's language."""
    with force_locale(locale):
        title = _("Work training: programme report")
        doc = Document(title)
        doc.heading(title, 16)
        doc.text(f"{shop_name} · {report.start.isoformat()} – {report.end.isoformat()}")
        doc.text(_("A figure about fewer than %(n)s people is not shown: it could tell something about one person.",
                   n=MIN_GROUP), size=8)
        for section, rows in figure_rows(report):
            doc.heading(section, 12)
            if rows:
                doc.rows(rows)
            else:
                doc.text(_("Nothing to show for this period."))
        return doc.finish()
