"""The bounds a weight and a price must keep, wherever a garment, a donation or a category is given one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from boutique.errors import ValidationFailed

MAX_WEIGHT_GRAMS = 5_000_000  # a container load; anything above is a typing mistake
MAX_PRICE_ORE = 10_000_000


def check_weight(grams: int | None, field: str, *, allow_zero: bool = False) -> None:
    """Refuse a weight below zero (or zero, unless allowed) or beyond a container load, naming the field."""
    if grams is None:
        return
    if grams < 0 or (grams == 0 and not allow_zero):
        raise ValidationFailed(_l("The weight must be more than zero."), field=field)
    if grams > MAX_WEIGHT_GRAMS:
        raise ValidationFailed(_l("That weight is too large. Check the scale."), field=field)


def check_price(ore: int, field: str) -> None:
    """Refuse a negative price or one beyond any garment's, naming the field."""
    if ore < 0:
        raise ValidationFailed(_l("The price cannot be negative."), field=field)
    if ore > MAX_PRICE_ORE:
        raise ValidationFailed(_l("That price is too high."), field=field)
