"""What one label holds and the physical sizes it is drawn at (millimetres)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT_FILES = {False: FONT_DIR / "DejaVuSans.ttf", True: FONT_DIR / "DejaVuSans-Bold.ttf"}

LABEL_FORMATS = ("a4-3x8", "62mm", "62x29")
PNG_DPIS = (203, 300)

RGB = tuple[int, int, int]
BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class LabelData:
    """Everything printed on one item label, already formatted and translated."""

    code: str
    price_text: str
    size: str
    category: str
    shop: str
    tag_colour: str
    tag_colour_rgb: tuple[int, int, int] | None
    designers: str
    qr_url: str | None


@dataclass(frozen=True)
class Geometry:
    """Physical size of one label and the bar module that suits its printer."""

    width: float
    height: float
    pad_x: float
    pad_y: float
    module: float


# 0.254 mm modules: 3 dots on a 300 dpi Brother QL, 3 or 6 dots on office lasers, so
# every bar is a whole number of printer dots (~78 % magnification, fine for in-store
# codes). Larger modules would squeeze the price column too much on a 62 mm label.
# The A4 padding keeps content clear of a laser printer's unprintable border for the
# labels that touch the sheet's left and right edges.
MODULE = 3 * MM_PER_INCH / 300
TAPE_62X29 = Geometry(width=62.0, height=29.0, pad_x=1.5, pad_y=1.5, module=MODULE)
TAPE_ENDLESS = Geometry(width=62.0, height=40.0, pad_x=1.5, pad_y=2.0, module=MODULE)
A4_CELL = Geometry(width=70.0, height=37.0, pad_x=4.0, pad_y=2.5, module=MODULE)
A4_COLS, A4_ROWS = 3, 8
A4_PAGE = (210.0, 297.0)
