"""Batches of labels as one PDF, on tape or A4 sheets, bars and text as vectors."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import RenderStyle

from boutique.pdf import finish_pdf

from .barcodes import QR_BORDER, bar_runs, ean13_modules, qr_rects
from .geometry import (A4_CELL, A4_COLS, A4_PAGE, A4_ROWS, BLACK, FONT_FILES, LABEL_FORMATS, MM_PER_INCH, RGB,
                       TAPE_62X29, TAPE_ENDLESS, LabelData)
from .hatches import hatch_geometry, hatch_zigzags
from .layout import draw_label
from .text import text_width

# fpdf's rect() parses a style string on every call; passing the enum halves its cost.
_FILL, _STROKE, _STROKE_FILL = RenderStyle.F, RenderStyle.D, RenderStyle.DF


class _PdfCanvas:
    """fpdf2 backend: vector rectangles and text, offset to the label's place on the page."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.ox = 0.0
        self.oy = 0.0
        self._fill: RGB | None = None
        self._draw_w: float | None = None
        # Text waits here until the page is done: (bold, size in pt) -> [(x, baseline, text)].
        self._texts: dict[tuple[bool, float], list[tuple[float, float, str]]] = {}

    def new_page(self) -> None:
        """Finish the current page, then start a new one."""
        self.flush()
        self.pdf.add_page()
        self._fill = None
        self._draw_w = None

    def flush(self) -> None:
        """Write the page's text grouped by font and size.

        A label uses half a dozen sizes; written label by label that is a font switch
        before nearly every string, written grouped it is a few switches per page. Text is
        always on top of the shapes, so drawing it last changes nothing on paper.
        """
        pdf = self.pdf
        for (bold, size_pt), items in self._texts.items():
            pdf.set_font("DejaVu", "B" if bold else "", size_pt)
            for x, baseline, text in items:
                pdf.text(x, baseline, text)
        self._texts.clear()

    def _set_fill(self, rgb: RGB) -> None:
        if rgb != self._fill:
            self.pdf.set_fill_color(*rgb)
            self._fill = rgb

    def _set_line_w(self, line_w: float) -> None:
        if line_w != self._draw_w:
            self.pdf.set_line_width(line_w)
            self._draw_w = line_w

    def fill_rect(self, x: float, y: float, w: float, h: float, rgb: RGB) -> None:
        self._set_fill(rgb)
        self.pdf.rect(self.ox + x, self.oy + y, w, h, _FILL)

    def box(self, x: float, y: float, w: float, h: float, line_w: float, fill: RGB | None = None) -> None:
        self._set_line_w(line_w)
        if fill is not None:
            self._set_fill(fill)
        self.pdf.rect(self.ox + x, self.oy + y, w, h, _STROKE if fill is None else _STROKE_FILL)

    def hatch(self, x: float, y: float, w: float, h: float, index: int, ink: RGB) -> None:
        pdf = self.pdf
        geo = hatch_geometry(index, w, h)
        x0, y0 = self.ox + x, self.oy + y
        # Set every stroke parameter before the clip's q: its Q restores the graphics state,
        # and fpdf must keep believing what is really in force.
        pdf.set_draw_color(*ink)
        self._set_line_w(geo.line_w)
        if geo.dot_rows:
            # A row of square dots is a dashed line as thick as a dash is long.
            pdf.set_dash_pattern(geo.line_w, geo.spacing - geo.line_w)
        with pdf.rect_clip(x0, y0, w, h):
            for zigzag in hatch_zigzags(index, w, h):
                pdf.polyline([(x0 + px, y0 + py) for px, py in zigzag])
            for row_y, row_x in geo.dot_rows:
                mid = y0 + row_y + geo.line_w / 2
                pdf.line(x0 + row_x, mid, x0 + w, mid)
        if geo.dot_rows:
            pdf.set_dash_pattern()
        pdf.set_draw_color(0)

    def text(self, x: float, baseline: float, text: str, em: float, bold: bool, anchor: str = "l") -> None:
        if not text:
            return
        size_pt = round(em / MM_PER_INCH * 72, 2)
        if anchor != "l":
            width = text_width(text, bold, em)
            x -= width if anchor == "r" else width / 2
        self._texts.setdefault((bold, size_pt), []).append((self.ox + x, self.oy + baseline, text))

    def bars(self, code: str, x0: float, module: float, top: float, bottom: float, guard_bottom: float) -> None:
        self._set_fill(BLACK)
        rect = self.pdf.rect
        left, y = self.ox + x0, self.oy + top
        normal_h, guard_h = bottom - top, guard_bottom - top
        for start, width, guard in bar_runs(code):
            rect(left + start * module, y, width * module, guard_h if guard else normal_h, _FILL)

    def qr(self, url: str, x: float, y: float, side: float) -> None:
        n, rects = qr_rects(url)
        mod = side / (n + 2 * QR_BORDER)
        self._set_fill(BLACK)
        rect = self.pdf.rect
        left, top = self.ox + x + QR_BORDER * mod, self.oy + y + QR_BORDER * mod
        for row, col, width, height in rects:
            rect(left + col * mod, top + row * mod, width * mod, height * mod, _FILL)



def _new_pdf(page_size: tuple[float, float]) -> FPDF:
    """An fpdf2 document in mm with DejaVu loaded once for the whole batch."""
    pdf = FPDF(unit="mm", format=page_size)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font("DejaVu", "", str(FONT_FILES[False]))
    pdf.add_font("DejaVu", "B", str(FONT_FILES[True]))
    pdf.set_creator("boutique labels")
    pdf.set_text_color(0)
    pdf.set_draw_color(0)
    return pdf


def render_labels_pdf(
    labels: list[LabelData],
    fmt: str,
    *,
    skip: int = 0,
    margin_top_mm: float | None = None,
    margin_left_mm: float | None = None,
) -> bytes:
    """Render labels as one PDF on tape ("62mm", "62x29") or A4 sheets ("a4-3x8"), bars as vectors."""
    if fmt not in LABEL_FORMATS:
        raise ValueError(f"unknown label format {fmt!r}; expected one of {', '.join(LABEL_FORMATS)}")
    if not labels:
        raise ValueError("no labels to render")
    for label in labels:
        ean13_modules(label.code)  # fail before drawing anything if a code is not printable

    if fmt == "a4-3x8":
        per_sheet = A4_COLS * A4_ROWS
        if not 0 <= skip < per_sheet:
            raise ValueError(f"skip must be between 0 and {per_sheet - 1}, got {skip}")
        geo = A4_CELL
        top = (A4_PAGE[1] - A4_ROWS * geo.height) / 2 if margin_top_mm is None else margin_top_mm
        left = 0.0 if margin_left_mm is None else margin_left_mm
        pdf = _new_pdf(A4_PAGE)
        canvas = _PdfCanvas(pdf)
        for position, label in enumerate(labels, start=skip):
            slot = position % per_sheet
            if slot == 0 or pdf.page == 0:
                canvas.new_page()
            row, col = divmod(slot, A4_COLS)
            canvas.ox, canvas.oy = left + col * geo.width, top + row * geo.height
            draw_label(canvas, label, geo)
    else:
        if skip or margin_top_mm is not None or margin_left_mm is not None:
            # One label per page on tape: there is no sheet position to skip or align.
            raise ValueError(f"skip and margins apply to A4 sheets only, not to {fmt!r}")
        geo = TAPE_ENDLESS if fmt == "62mm" else TAPE_62X29
        pdf = _new_pdf((geo.width, geo.height))
        canvas = _PdfCanvas(pdf)
        for label in labels:
            canvas.new_page()
            draw_label(canvas, label, geo)
    canvas.flush()
    return finish_pdf(pdf)
