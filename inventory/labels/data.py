"""What goes on an item's label, in the shop's language (labels are read by customers).

Another part of the app may add to a label without this package knowing it: it registers a
hook with `add_label_extras`, and the first hook that answers for an item gives its credit
line and QR code address. The workshop's hook is registered in app.py.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from boutique.money import format_ore

from ..garments.models import Item
from .geometry import LabelData

LABEL_LOCALE = "sv"

TAG_COLOUR_NAMES = {"blue": _l("Blue"), "green": _l("Green"), "yellow": _l("Yellow"), "pink": _l("Pink"),
                    "orange": _l("Orange")}
TAG_COLOUR_RGB = {"blue": (30, 90, 200), "green": (40, 150, 60), "yellow": (240, 200, 20),
                  "pink": (235, 120, 170), "orange": (245, 130, 20)}


# An item's extras: a credit line ("Redesign: Amina & Sara") and a QR code address, or None
# when the hook has nothing to add to this item.
LabelExtras = Callable[[Item], "tuple[str, str | None] | None"]
LABEL_EXTRAS: list[LabelExtras] = []


def add_label_extras(hook: LabelExtras) -> None:
    """Let `hook` add a credit line and a QR code to the labels it answers for (once, however often called)."""
    if hook not in LABEL_EXTRAS:
        LABEL_EXTRAS.append(hook)


def label_extras(item: Item) -> tuple[str, str | None]:
    """The first registered hook's extras for the item; none when no hook answers."""
    for hook in LABEL_EXTRAS:
        extras = hook(item)
        if extras is not None:
            return extras
    return "", None


def tag_colour_name(colour: str) -> str:
    """A tag colour's name in the current language."""
    return str(TAG_COLOUR_NAMES.get(colour, colour))


def label_data_for(item: Item, designers: str = "", qr_url: str | None = None) -> LabelData:
    """Collect an item's label content, formatted in the label language.

    A registered hook may add a credit line and a QR code (the workshop does, for its
    products), unless the caller gives its own.
    """
    with force_locale(LABEL_LOCALE):
        if not designers and qr_url is None:
            designers, qr_url = label_extras(item)
        return LabelData(
            code=item.code,
            price_text=format_ore(item.price, locale="sv_SE") if item.price is not None else "",
            size=item.size,
            category=item.category.name(LABEL_LOCALE),
            shop=item.shop.name if item.shop else "",
            tag_colour=tag_colour_name(item.tag_colour) if item.tag_colour else "",
            tag_colour_rgb=TAG_COLOUR_RGB.get(item.tag_colour),
            designers=designers,
            qr_url=qr_url,
        )
