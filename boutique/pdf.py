"""PDF documents with the shop's local fonts (DejaVu, for å, ä, ö and more), closed after use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FONT = "DejaVu"


def new_pdf(*, shaped: bool = False, **kwargs: Any) -> FPDF:
    """An FPDF document with DejaVu regular and bold registered as "DejaVu".

    `shaped`: text goes through HarfBuzz (uharfbuzz), so Arabic letters join and right-to-left
    runs read right to left: for documents with people's names or text in the reader's language.
    """
    pdf = FPDF(**kwargs)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    if shaped:
        pdf.set_text_shaping(True)
    return pdf


def finish_pdf(pdf: FPDF) -> bytes:
    """Render the document and close the font files fpdf2 keeps open."""
    try:
        return bytes(pdf.output())
    finally:
        for font in pdf.fonts.values():
            close = getattr(font, "close", None)
            if close is not None:
                close()
