"""A label as ZPL II for a Zebra printer, which draws the EAN-13 and the text itself."""

from __future__ import annotations

from .barcodes import EAN_MODULES, QUIET_LEFT, QUIET_RIGHT, ean13_modules
from .geometry import MM_PER_INCH, PNG_DPIS, TAPE_62X29, LabelData


def _zpl_text(text: str) -> str:
    """Field data for ^FH: the three characters ZPL reads as commands written as hex escapes."""
    text = "".join(ch for ch in text.replace("\u00a0", " ").replace("\u202f", " ") if ch >= " ")
    return text.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")


def render_label_zpl(label: LabelData, dpi: int = 203) -> str:
    """One 62×29 mm label as ZPL II for a Zebra printer: the printer draws the EAN-13 and the text.

    ZPL's ^BE takes the first twelve digits and adds the check digit itself; the label's
    code has already been checked, so the printed symbol is the item's code.
    """
    if dpi not in PNG_DPIS:
        raise ValueError(f"dpi must be one of {PNG_DPIS}, got {dpi!r}")
    code = label.code
    ean13_modules(code)  # refuse a code no scanner would accept before the printer sees it
    per_mm = dpi / MM_PER_INCH

    def dots(mm: float) -> int:
        return round(mm * per_mm)

    geo = TAPE_62X29
    module = 2 if dpi == 203 else 3
    left, top = dots(geo.pad_x) + (QUIET_LEFT - 2) * module, dots(geo.pad_y)
    bar_h = dots(geo.height - 2 * geo.pad_y) - dots(3.5)
    col_x = left + (EAN_MODULES + QUIET_RIGHT) * module + dots(0.8)
    col_w = dots(geo.width - geo.pad_x) - col_x
    out = ["^XA", "^CI28", f"^PW{dots(geo.width)}", f"^LL{dots(geo.height)}", "^LH0,0",
           f"^FO{left},{top}^BY{module}^BEN,{bar_h},Y,N^FD{code[:12]}^FS"]
    size_and_category = " · ".join(part for part in (label.size, label.category) if part)
    rows = [(label.price_text, 7.0, 1), (size_and_category, 3.6, 1), (label.tag_colour, 3.0, 1),
            (label.designers, 2.8, 2), (label.shop, 2.6, 1)]
    y = top
    for text, height_mm, lines in rows:
        if not text:
            continue
        h = dots(height_mm)
        out.append(f"^FO{col_x},{y}^A0N,{h},{h}^FB{col_w},{lines},0,L,0^FH^FD{_zpl_text(text)}^FS")
        y += lines * h + dots(1.0)
    out.append("^PQ1^XZ")
    return "\n".join(out) + "\n"
