"""EAN-13 bars and QR modules as geometry, validated and cached; no drawing."""

from __future__ import annotations

import re
from functools import lru_cache

import segno
from barcode import EAN13

# EAN-13: 95 modules; quiet zones of at least 11 modules left and 7 modules right.
EAN_MODULES = 95
QUIET_LEFT = 11
QUIET_RIGHT = 7
# The guard bars (start, centre, end) reach down between the digit groups.
_GUARD_MODULES = frozenset((0, 2, 46, 48, 92, 94))
_BAR = re.compile("1+")
QR_BORDER = 2  # modules; the white label margin adds to it
# segno picks a mask by scoring all eight, which is 85 % of its time (~3.5 ms per symbol,
# more than drawing a whole label). Any mask decodes; pattern 3 scored closest to the best
# one on average over a few hundred of our URLs, and every test symbol decodes with it.
_QR_MASK = 3


@lru_cache(maxsize=4096)
def ean13_modules(code: str) -> str:
    """The 95-module EAN-13 bar pattern of a 13-digit code ("1" is a bar): python-barcode encodes, we validate."""
    if len(code) != 13 or not code.isascii() or not code.isdigit():
        raise ValueError(f"an EAN-13 code has 13 digits, got {code!r}")
    ean = EAN13(code[:12])
    if ean.get_fullcode() != code:
        # Printing a wrong check digit would make a label no scanner accepts.
        raise ValueError(f"wrong check digit in {code!r}")
    return ean.build()[0]


@lru_cache(maxsize=4096)
def bar_runs(code: str) -> tuple[tuple[int, int, bool], ...]:
    """Adjacent dark modules merged into bars: (first module, width in modules, is guard)."""
    return tuple(
        (bar.start(), bar.end() - bar.start(), bar.start() in _GUARD_MODULES)
        for bar in _BAR.finditer(ean13_modules(code))
    )


# --------------------------------------------------------------------------- QR


@lru_cache(maxsize=1024)
def qr_rects(url: str) -> tuple[int, tuple[tuple[int, int, int, int], ...]]:
    """QR symbol size in modules and its dark modules as rectangles (row, column, width, height).

    Dark runs in a row are merged, then identical runs in consecutive rows: about half as
    many rectangles as runs, which is what costs time when writing the PDF.
    """
    qr = segno.make(url, error="m", micro=False, boost_error=True, mask=_QR_MASK)
    open_rects: dict[tuple[int, int], int] = {}  # (column, width) -> first row
    rects: list[tuple[int, int, int, int]] = []
    size = len(qr.matrix)
    for y, row in enumerate([*qr.matrix, bytearray(size)]):
        runs = set()
        start = -1
        for x, dark in enumerate(bytes(row) + b"\x00"):
            if dark and start < 0:
                start = x
            elif not dark and start >= 0:
                runs.add((start, x - start))
                start = -1
        for key in [k for k in open_rects if k not in runs]:
            first = open_rects.pop(key)
            rects.append((first, key[0], key[1], y - first))
        for key in runs:
            open_rects.setdefault(key, y)
    return size, tuple(sorted(rects))
