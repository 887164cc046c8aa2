"""The donation card: a scannable code for each donation, so a bag can be scanned at the next station.

The card carries an RCN-13 in the shop's own prefix, from a serial range item codes never
reach (9 000 000 000 and up), printed as EAN-13 like the garment labels, so any scanner
reads it and `normalise_code` checks it. People may also type the donation's number
("17" or "D17").
"""

from __future__ import annotations

import re

from flask import current_app
from markupsafe import Markup

from ..codes import make_item_code, normalise_code
from ..errors import NotADonationCard
from ..labels import ean13_modules

DONATION_SERIAL_BASE = 9_000_000_000
_TYPED_NUMBER = re.compile(r"^\s*[dD#]?\s*(\d{1,9})\s*$")


def _prefix() -> str:
    return current_app.config["ITEM_CODE_PREFIX"]


def donation_code(donation_id: int) -> str:
    """The 13-digit code printed on a donation's card."""
    return make_item_code(DONATION_SERIAL_BASE + donation_id, _prefix())


def is_donation_code(code: str) -> bool:
    """True for a normalised code from the donation card range (not a garment)."""
    prefix = _prefix()
    return code.startswith(prefix) and int(code[len(prefix):-1]) >= DONATION_SERIAL_BASE


def donation_id_from_scan(raw: str) -> int:
    """The donation a scanned card or a typed number names; a wrong check digit is refused."""
    typed = _TYPED_NUMBER.match(raw)
    if typed and len(typed.group(1)) < 8:
        return int(typed.group(1))
    code = normalise_code(raw)
    if not is_donation_code(code):
        raise NotADonationCard(code=code)
    return int(code[len(_prefix()):-1]) - DONATION_SERIAL_BASE


def barcode_svg(code: str, *, module: int = 3, height: int = 90) -> Markup:
    """An EAN-13 as inline SVG (bars only; the page prints the digits in its own font)."""
    modules = ean13_modules(code)
    quiet = 11
    width = (len(modules) + quiet + 7) * module
    bars = []
    start = -1
    for i, bit in enumerate(modules + "0"):
        if bit == "1" and start < 0:
            start = i
        elif bit == "0" and start >= 0:
            bars.append(f'<rect x="{(quiet + start) * module}" y="0" width="{(i - start) * module}" height="{height}"/>')
            start = -1
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="barcode" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{code}">'
        f'<rect width="{width}" height="{height}" fill="#fff"/><g fill="#000">{"".join(bars)}</g></svg>'
    )
