"""A label as a PNG at the label printer's dpi: the Pillow canvas snaps bars and QR to whole pixels."""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from .barcodes import QR_BORDER, bar_runs, qr_rects
from .geometry import BLACK, FONT_FILES, MM_PER_INCH, PNG_DPIS, RGB, TAPE_62X29, WHITE, Geometry, LabelData
from .hatches import hatch_geometry, hatch_segments
from .layout import draw_label


class _PngCanvas:
    """Pillow backend: millimetres to pixels, bars and QR on whole pixels."""

    def __init__(self, image: Image.Image, dpi: int) -> None:
        self.draw = ImageDraw.Draw(image)
        self.ppmm = dpi / MM_PER_INCH

    def _px(self, mm: float) -> int:
        return round(mm * self.ppmm)

    def fill_rect(self, x: float, y: float, w: float, h: float, rgb: RGB) -> None:
        x0, y0, x1, y1 = self._px(x), self._px(y), self._px(x + w), self._px(y + h)
        self.draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=rgb)

    def box(self, x: float, y: float, w: float, h: float, line_w: float, fill: RGB | None = None) -> None:
        corners = (self._px(x), self._px(y), self._px(x + w) - 1, self._px(y + h) - 1)
        self.draw.rectangle(corners, outline=BLACK, fill=fill, width=max(1, self._px(line_w)))

    def hatch(self, x: float, y: float, w: float, h: float, index: int, ink: RGB) -> None:
        geo = hatch_geometry(index, w, h)
        width = max(1, self._px(geo.line_w))
        k = self.ppmm
        for x1, y1, x2, y2 in hatch_segments(index, w, h):
            self.draw.line(((x + x1) * k, (y + y1) * k, (x + x2) * k, (y + y2) * k), fill=ink, width=width)
        side = geo.line_w
        for row_y, row_x in geo.dot_rows:
            dot_x = row_x
            while dot_x + side <= w:
                self.fill_rect(x + dot_x, y + row_y, side, side, ink)
                dot_x += geo.spacing

    def text(self, x: float, baseline: float, text: str, em: float, bold: bool, anchor: str = "l") -> None:
        font = _pil_font(bold, round(em * self.ppmm * 4) / 4)
        self.draw.text((x * self.ppmm, baseline * self.ppmm), text, font=font, fill=BLACK, anchor=anchor + "s")

    def bars(self, code: str, x0: float, module: float, top: float, bottom: float, guard_bottom: float) -> None:
        # Integer module width and a whole-pixel origin: every bar and space is exact.
        mod = self._px(module)
        left, y0, y1, yg = self._px(x0), self._px(top), self._px(bottom) - 1, self._px(guard_bottom) - 1
        for start, width, guard in bar_runs(code):
            bx = left + start * mod
            self.draw.rectangle((bx, y0, bx + width * mod - 1, yg if guard else y1), fill=BLACK)

    def qr(self, url: str, x: float, y: float, side: float) -> None:
        n, rects = qr_rects(url)
        box = self._px(side)
        mod = max(1, box // (n + 2 * QR_BORDER))
        # Keep the symbol flush with the box's bottom-right: the free space goes to its left/top,
        # which is where the other content is.
        left = self._px(x) + box - (n + QR_BORDER) * mod
        top = self._px(y) + box - (n + QR_BORDER) * mod
        for row, col, width, height in rects:
            px, py = left + col * mod, top + row * mod
            self.draw.rectangle((px, py, px + width * mod - 1, py + height * mod - 1), fill=BLACK)


@lru_cache(maxsize=64)
def _pil_font(bold: bool, size_px: float) -> ImageFont.FreeTypeFont:
    """A DejaVu face at a pixel size; cached because FreeType loading is the slow part."""
    return ImageFont.truetype(str(FONT_FILES[bold]), size=size_px, layout_engine=ImageFont.Layout.BASIC)



def label_image(label: LabelData, geo: Geometry, dpi: int) -> Image.Image:
    """Draw one label on a white RGB image of geo's size at `dpi`, bars on whole pixels."""
    ppmm = dpi / MM_PER_INCH
    # 2 px = 0.250 mm at 203 dpi, 3 px = 0.254 mm at 300 dpi: whole pixels, ~77 % magnification.
    module_px = 2 if dpi == 203 else 3
    image = Image.new("RGB", (round(geo.width * ppmm), round(geo.height * ppmm)), WHITE)
    draw_label(_PngCanvas(image, dpi), label, geo, module=module_px / ppmm)
    return image


def render_label_png(label: LabelData, dpi: int = 300) -> bytes:
    """Render one 62×29 mm label as a PNG at the label printer's dpi (203 or 300)."""
    if dpi not in PNG_DPIS:
        raise ValueError(f"dpi must be one of {PNG_DPIS}, got {dpi!r}")
    image = label_image(label, TAPE_62X29, dpi)
    out = io.BytesIO()
    # compress_level=1: half the encoding time of the default for ~10 % more bytes; the
    # PNG goes straight to a printer.
    image.save(out, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return out.getvalue()
