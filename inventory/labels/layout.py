"""One layout routine for every backend: a label drawn in millimetres on an abstract canvas."""

from __future__ import annotations

import math
from typing import Protocol

from .barcodes import EAN_MODULES, QUIET_LEFT, QUIET_RIGHT
from .geometry import BLACK, RGB, WHITE, Geometry, LabelData
from .hatches import hatch_index, luminance
from .text import CAP, DESCENT, DIGIT_ADVANCE, fit_text, text_width, wrap_text


class Canvas(Protocol):
    """What the layout needs from a backend; every coordinate is in mm from the label's top left."""

    def fill_rect(self, x: float, y: float, w: float, h: float, rgb: RGB) -> None:
        """A filled rectangle without outline."""

    def box(self, x: float, y: float, w: float, h: float, line_w: float, fill: RGB | None = None) -> None:
        """A black-outlined rectangle, optionally filled."""

    def hatch(self, x: float, y: float, w: float, h: float, index: int, ink: RGB) -> None:
        """Hatch pattern `index` in `ink`, confined to the rectangle."""

    def text(self, x: float, baseline: float, text: str, em: float, bold: bool, anchor: str = "l") -> None:
        """Black DejaVu text; anchor "l", "m" or "r" says which point of the text x is."""

    def bars(self, code: str, x0: float, module: float, top: float, bottom: float, guard_bottom: float) -> None:
        """The EAN-13 bars of `code`, guard bars reaching down to guard_bottom."""

    def qr(self, url: str, x: float, y: float, side: float) -> None:
        """A QR code of `url`, quiet zone included, in a side × side square."""


def draw_label(canvas: Canvas, label: LabelData, geo: Geometry, module: float | None = None) -> None:
    """Lay out one label in a geo.width × geo.height box; `module` overrides the bar module (PNG)."""
    m = module if module is not None else geo.module
    w, h = geo.width, geo.height
    left, right = geo.pad_x, w - geo.pad_x
    top, bottom = geo.pad_y, h - geo.pad_y

    # Tag colour band across the top: the most visible place when rails are browsed.
    band = bool(label.tag_colour or label.tag_colour_rgb is not None)
    if band:
        band_h = min(6.0, max(4.5, 0.17 * h))
        _draw_band(canvas, label, left, top, right - left, band_h)
        top += band_h + 1.0

    # Barcode column. The first digit sits in the left quiet zone, so the bars start far
    # enough in for that digit to be printable as well as for the quiet zone itself.
    bars_x = max(QUIET_LEFT * m, left + (QUIET_LEFT - 2) * m)
    if module is not None:
        bars_x = math.ceil(bars_x / m) * m
    digit_em = 7 * m / DIGIT_ADVANCE
    digit_h = CAP * digit_em
    normal_bottom = bottom - digit_h - 0.35
    guard_bottom = normal_bottom + 5 * m
    canvas.bars(label.code, bars_x, m, top, normal_bottom, guard_bottom)
    code = label.code
    canvas.text(bars_x - 9 * m, bottom, code[0], digit_em, False)
    canvas.text(bars_x + 3 * m, bottom, code[1:7], digit_em, False)
    canvas.text(bars_x + 50 * m, bottom, code[7:], digit_em, False)

    # Text column to the right of the right quiet zone.
    col_x = bars_x + (EAN_MODULES + QUIET_RIGHT) * m + 0.8
    col_w = right - col_x
    content_h = bottom - top
    min_em = 2.0

    qr_side = 0.0
    if label.qr_url:
        qr_side = min(0.5 * content_h, 0.4 * col_w, 12.0)
        canvas.qr(label.qr_url, right - qr_side, bottom - qr_side, qr_side)
    qr_top = bottom - qr_side
    narrow_w = col_w - (qr_side + 1.0 if qr_side else 0.0)

    def avail(row_bottom: float) -> float:
        """Width free for a text row: the full column above the QR, less beside it."""
        return col_w if row_bottom <= qr_top - 0.3 else narrow_w

    # Upper block, from the top: the price (largest), then size and category.
    y = top
    if label.price_text:
        em = min(0.42 * content_h, 13.0)
        # A price is never cut short: it only shrinks (down to 1 mm, far below any real case).
        price, em = fit_text(label.price_text, True, avail(y + CAP * em), em, 1.0)
        y += CAP * em
        canvas.text(col_x, y, price, em, True)
        y += 0.09 * content_h
    if label.size or label.category:
        em = min(0.18 * content_h, 4.2)
        y += CAP * em
        width = avail(y + DESCENT * em)
        x = col_x
        if label.size:
            # The size in a box: the second thing a shopper looks for, after the price.
            size, em_s = fit_text(label.size, True, width * 0.7, em, min_em)
            box_pad = 0.35 * em_s
            box_w = text_width(size, True, em_s) + 2 * box_pad
            canvas.box(x, y - CAP * em_s - box_pad, box_w, CAP * em_s + 2 * box_pad, 0.3)
            canvas.text(x + box_w / 2, y, size, em_s, True, "m")
            x += box_w + 0.4 * em
        if label.category:
            if label.size and text_width(label.category, False, 0.7 * em) > col_x + width - x:
                # Too long to share the size's line: give it a line of its own.
                y += (DESCENT + 0.45) * em + CAP * em
                x = col_x
                width = avail(y + DESCENT * em)
            category, em_c = fit_text(label.category, False, col_x + width - x, em, min_em)
            canvas.text(x, y, category, em_c, False)
        y += DESCENT * em
    upper_bottom = y + 0.6

    # Lower block, bottom-aligned with the digits: the designers, and under them the shop
    # unless the colour band already carries it.
    baseline = bottom
    if label.shop and not band:
        shop, shop_em = fit_text(label.shop, False, narrow_w, min(0.12 * content_h, 3.4), min_em)
        canvas.text(col_x, baseline, shop, shop_em, False)
        baseline -= 1.25 * shop_em
    if label.designers:
        des_em = min(0.13 * content_h, 3.6)
        lines, des_em = wrap_text(label.designers, False, narrow_w, des_em, min_em, baseline - upper_bottom)
        for line in reversed(lines):
            canvas.text(col_x, baseline, line, des_em, False)
            baseline -= 1.2 * des_em


def _draw_band(canvas: Canvas, label: LabelData, x: float, y: float, w: float, h: float) -> None:
    """Tag colour band: fill, a per-colour hatch, the colour's name and the shop on white chips."""
    fill = label.tag_colour_rgb if label.tag_colour_rgb is not None else WHITE
    canvas.fill_rect(x, y, w, h, fill)
    inset = 0.7
    chip_h = h - 2 * inset
    chips: list[tuple[float, float, str, float, bool]] = []  # x, width, text, em, bold
    hatch_x0, hatch_x1 = x, x + w
    if label.tag_colour:
        em = chip_h * 0.72
        name, em = fit_text(label.tag_colour, True, w * 0.45 - chip_h, em, min(em, 2.0))
        chip_w = text_width(name, True, em) + chip_h
        chips.append((x + inset, chip_w, name, em, True))
        hatch_x0 = x + inset + chip_w
    if label.shop:
        # Right-aligned, leaving at least a third of the band's pattern visible in between.
        em = chip_h * 0.62
        shop, em = fit_text(label.shop, False, w * 2 / 3 - (hatch_x0 - x) - chip_h, em, 2.0)
        chip_w = text_width(shop, False, em) + chip_h
        chips.append((x + w - inset - chip_w, chip_w, shop, em, False))
        hatch_x1 = x + w - inset - chip_w
    # Black lines on light fills, white on dark ones: on a mono printer a dark fill turns
    # black and the white pattern is what still tells the colours apart. The pattern only
    # fills the stretch the chips leave visible; drawing it under them is wasted work.
    ink = BLACK if luminance(fill) > 0.45 else WHITE
    index = hatch_index(label.tag_colour, label.tag_colour_rgb)
    if hatch_x1 - hatch_x0 > 0.5:
        # Rounded sizes keep the geometry caches small and their hits certain.
        canvas.hatch(hatch_x0, y, round(hatch_x1 - hatch_x0, 3), round(h, 3), index, ink)
    canvas.box(x, y, w, h, 0.2)
    for chip_x, chip_w, text, em, bold in chips:
        canvas.box(chip_x, y + inset, chip_w, chip_h, 0.25, WHITE)
        canvas.text(chip_x + chip_w / 2, y + inset + (chip_h + CAP * em) / 2, text, em, bold, "m")
