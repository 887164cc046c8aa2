"""Money is an int of öre everywhere; this module parses input and formats output, once."""

from __future__ import annotations

import functools
import re

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask_babel import lazy_gettext as _l

from .errors import ValidationFailed

_MONEY_RE = re.compile(r"^(-?)(\d{1,7})(?:[.,](\d{1,2}))?(?:kr|sek|:-)?$", re.IGNORECASE)


def parse_ore(text: str | None, *, field: str = "amount", allow_negative: bool = False) -> int:
    """Parse kronor as a person types them ('149', '149,50', '1 149.5 kr') into öre."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    match = _MONEY_RE.match(compact)
    if not match:
        raise ValidationFailed(_l("Write an amount in kronor, for example 149 or 149,50."), field=field)
    sign, whole, frac = match.groups()
    value = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
    if sign:
        value = -value
    if value < 0 and not allow_negative:
        raise ValidationFailed(_l("The amount cannot be negative."), field=field)
    return value


@functools.lru_cache(maxsize=64)
def _separators(locale: str) -> tuple[str, str]:
    """The locale's group and decimal separators in Latin digits, as Babel's number formatting uses them."""
    return get_group_symbol(locale), get_decimal_symbol(locale)


def format_ore(ore: int | None, locale: str = "sv_SE") -> str:
    """Format öre for people: '149 kr', '149,50 kr', '-20 kr'; whole kronor drop the decimals.

    What Babel's `format_decimal` writes with the patterns '#,##0' and '#,##0.00' (a test holds
    them equal in every interface language), without Babel's pattern machinery on every call:
    a page of recent sales formats a hundred amounts.
    """
    if ore is None:
        return ""
    group, decimal = _separators(locale)
    whole, cents = divmod(abs(ore), 100)
    text = f"{whole:,}".replace(",", group)
    if cents:
        text = f"{text}{decimal}{cents:02d}"
    return f"{'-' if ore < 0 else ''}{text}\u00a0kr"


def swish_amount(ore: int) -> str:
    """Swish's prefilled amount: kronor with two decimals and a comma, '149,00'."""
    sign = "-" if ore < 0 else ""
    ore = abs(ore)
    return f"{sign}{ore // 100},{ore % 100:02d}"
