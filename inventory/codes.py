"""Item codes: GS1 restricted-circulation numbers (RCN-13) and scanner input normalisation."""

from __future__ import annotations

import re

from boutique.errors import InvalidCheckDigit, MalformedCode

DEFAULT_PREFIX = "04"
CODE_LENGTH = 13

# An AIM symbology identifier is "]" + symbology letter + modifier character; scanners
# configured to send it put it before the data (e.g. "]E0" for EAN-13, "]E4" for EAN-8).
_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
# Whitespace and C0/C1 control characters (STX, ETX, CR, LF, Tab, ...) around the data.
_SURROUNDING_CONTROL = re.compile(r"^[\s\x00-\x1f\x7f-\x9f]+|[\s\x00-\x1f\x7f-\x9f]+$")
_LEADING_JUNK = re.compile(r"^[^0-9]+")
_TRAILING_JUNK = re.compile(r"[^0-9]+$")
# Separators people type inside a code ("4 000000 000017", "4-000000-000017"); Unicode
# spaces and dashes come from copy-pasting out of documents and spreadsheets.
_INNER_SEPARATORS = re.compile(r"[\s\u00a0\u202f\-\u2010\u2011\u2012\u2013]+")
_ASCII_DIGITS = re.compile(r"^[0-9]+$")


def _gtin_check_digit(data: str) -> str:
    """Check digit of any GTIN (EAN-8, UPC-A, EAN-13) given its digits without the check digit."""
    # Weights alternate 3, 1, 3, ... starting from the rightmost data digit, whatever the length.
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(data)))
    return str(-total % 10)


def ean13_check_digit(first12: str) -> str:
    """Return the EAN-13 check digit of twelve digits."""
    if len(first12) != 12 or not _ASCII_DIGITS.match(first12):
        raise ValueError(f"expected 12 digits, got {first12!r}")
    return _gtin_check_digit(first12)


def make_item_code(serial: int, prefix: str = DEFAULT_PREFIX) -> str:
    """Build the 13-digit item code: prefix, zero-padded serial, check digit."""
    if not prefix or not _ASCII_DIGITS.match(prefix) or len(prefix) >= 12:
        raise ValueError(f"prefix must be 1 to 11 digits, got {prefix!r}")
    # bool is an int subclass; True as a serial is a bug upstream, not serial 1.
    if isinstance(serial, bool) or not isinstance(serial, int) or serial < 0:
        raise ValueError(f"serial must be a non-negative int, got {serial!r}")
    width = 12 - len(prefix)
    digits = str(serial)
    if len(digits) > width:
        raise ValueError(f"serial {serial} does not fit in {width} digits after prefix {prefix!r}")
    first12 = prefix + digits.zfill(width)
    return first12 + _gtin_check_digit(first12)


def normalise_code(raw: str) -> str:
    """Turn scanned or typed input into canonical EAN digits; refuse anything doubtful."""
    text = _SURROUNDING_CONTROL.sub("", raw)
    text = _AIM_PREFIX.sub("", text)
    text = _LEADING_JUNK.sub("", text)
    text = _TRAILING_JUNK.sub("", text)
    text = _INNER_SEPARATORS.sub("", text)
    if not _ASCII_DIGITS.match(text) or len(text) not in (8, 12, 13):
        raise MalformedCode(raw=raw)
    if len(text) == 12:
        # UPC-A: scanners set to "transmit UPC-A as 12 digits" drop the leading 0 of the EAN-13.
        text = "0" + text
    if _gtin_check_digit(text[:-1]) != text[-1]:
        # Never "correct" the digit: a misread must not silently become another item.
        raise InvalidCheckDigit(code_value=text)
    return text


def is_internal_code(code: str, prefix: str = DEFAULT_PREFIX) -> bool:
    """Tell whether a normalised code is one of ours (RCN-13 with our prefix), not a manufacturer's EAN."""
    return len(code) == CODE_LENGTH and bool(_ASCII_DIGITS.match(code)) and code.startswith(prefix)
