"""A project as an A4 "cookbook" PDF: photos, materials, techniques, steps and story."""

from __future__ import annotations

from babel.numbers import format_decimal
from flask_babel import force_locale, format_date, get_locale
from flask_babel import lazy_gettext as _l
from fpdf.enums import XPos, YPos

from boutique.pdf import FONT, finish_pdf, new_pdf

from ..garments.forms import colour_name
from . import photos
from .models import Photo, RedesignProject


def hours_text(minutes: int) -> str:
    """Minutes as hours in the interface language: "1,5 h"."""
    return f"{format_decimal(minutes / 60, format='#,##0.#', locale=str(get_locale() or 'sv'))}\u00a0h"


def cookbook_pdf(project: RedesignProject, locale: str) -> bytes:
    """The project as an A4 "cookbook": before and after photos, materials, techniques, steps and story."""
    with force_locale(locale):
        book = _Cookbook(project.title)
        book.heading(project.title, 20)
        book.text(str(_l("Redesign by %(names)s", names=project.credit)))
        made = ", ".join(p.item.code for p in project.products)
        book.text(str(_l("Started %(date)s", date=format_date(project.created_at))) + (
            " · " + str(_l("Pieces: %(codes)s", codes=made)) if made else ""), size=9)
        book.photos(str(_l("Before")), project.photos_of("before"))
        book.heading(str(_l("Materials")))
        for source in project.sources:
            item = source.item
            parts = [item.category.name(locale), colour_name(item.colour).lower(), item.material, item.brand, item.size]
            book.bullet(", ".join(p for p in parts if p))
        if project.materials:
            book.text(project.materials)
        for kind, title in (("motif", _l("Motifs")), ("culture", _l("Cultural references")),
                            ("technique", _l("Techniques"))):
            names = project.tag_names(kind)
            if names:
                book.heading(str(title))
                book.text(", ".join(names))
        if project.steps:
            book.heading(str(_l("Steps")))
            for number, step in enumerate(project.steps, start=1):
                who = step.person.display_name if step.person else ""
                head = " · ".join(p for p in (format_date(step.at), hours_text(step.minutes) if step.minutes else "",
                                              who) if p)
                book.text(f"{number}. {head}", bold=True)
                if step.note:
                    book.text(step.note)
                if step.techniques:
                    book.text(str(_l("Techniques")) + ": " + ", ".join(step.techniques), size=9)
            book.text(str(_l("Time in all: %(hours)s", hours=hours_text(project.minutes))), size=9)
        book.photos(str(_l("After")), project.photos_of("after", "detail"))
        for product in project.products:
            book.heading(str(_l("The story of %(piece)s", piece=product.item.category.name(locale))))
            book.text(product.story or str(_l("No story written yet.")))
        return book.finish()


class _Cookbook:
    """A4 pages with headings, paragraphs and photo grids in DejaVu."""

    WIDTH = 180.0
    GAP = 6.0
    MAX_PHOTO_HEIGHT = 100.0

    def __init__(self, title: str) -> None:
        self.pdf = new_pdf(format="A4", unit="mm")
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.set_title(title)
        self.pdf.add_page()

    def heading(self, text: str, size: float = 14) -> None:
        """A bold heading, kept on the page of what follows it."""
        if self.pdf.get_y() > 297 - 40:
            self.pdf.add_page()
        self.pdf.ln(3)
        self.text(text, size=size, bold=True)

    def text(self, text: str, *, size: float = 11, bold: bool = False) -> None:
        """A paragraph."""
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.multi_cell(self.WIDTH, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def bullet(self, text: str) -> None:
        """One line of a list."""
        self.text("• " + text)

    def photos(self, title: str, shots: list[Photo]) -> None:
        """A heading and the photos two to a row."""
        if not shots:
            return
        self.heading(title)
        column = (self.WIDTH - self.GAP) / 2
        folder = photos.photo_folder()
        for row_start in range(0, len(shots), 2):
            row = shots[row_start:row_start + 2]
            sizes = [(column, min(column * p.height / p.width, self.MAX_PHOTO_HEIGHT)) for p in row]
            height = max(h for _w, h in sizes)
            if self.pdf.get_y() + height > 297 - 15:
                self.pdf.add_page()
            top = self.pdf.get_y()
            for index, (photo, (width, photo_height)) in enumerate(zip(row, sizes, strict=True)):
                path = folder / photos.file_name(photo.stem, "web")
                if path.exists():
                    self.pdf.image(str(path), x=15 + index * (column + self.GAP), y=top, h=photo_height,
                                   keep_aspect_ratio=True, w=width)
            self.pdf.set_y(top + height + self.GAP)

    def finish(self) -> bytes:
        """The PDF's bytes."""
        return finish_pdf(self.pdf)
