"""Money is an int of öre everywhere; this module parses input and formats output, once."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal

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


def format_ore(ore: int | None, locale: str = "sv_SE") -> str:
    """Format öre for people: '149 kr', '149,50 kr', '-20 kr'; whole kronor drop the decimals."""
    if ore is None:
        return ""
    kronor = Decimal(ore) / 100
    pattern = "#,##0" if ore % 100 == 0 else "#,##0.00"
    return f"{format_decimal(kronor, format=pattern, locale=locale)}\u00a0kr"


def swish_amount(ore: int) -> str:
    """Swish's prefilled amount: kronor with two decimals and a comma, '149,00'."""
    sign = "-" if ore < 0 else ""
    ore = abs(ore)
    return f"{sign}{ore // 100},{ore % 100:02d}"
