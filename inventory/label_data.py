"""What goes on an item's label, in the shop's language (labels are read by customers)."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from boutique.money import format_ore

from .labels import LabelData
from .models import Item

LABEL_LOCALE = "sv"

TAG_COLOUR_NAMES = {"blue": _l("Blue"), "green": _l("Green"), "yellow": _l("Yellow"), "pink": _l("Pink"),
                    "orange": _l("Orange")}
TAG_COLOUR_RGB = {"blue": (30, 90, 200), "green": (40, 150, 60), "yellow": (240, 200, 20),
                  "pink": (235, 120, 170), "orange": (245, 130, 20)}


def tag_colour_name(colour: str) -> str:
    """A tag colour's name in the current language."""
    return str(TAG_COLOUR_NAMES.get(colour, colour))


def label_data_for(item: Item, designers: str = "", qr_url: str | None = None) -> LabelData:
    """Collect an item's label content, formatted in the label language.

    A redesign product's label names its designers ("Redesign: <names>") and carries a QR
    code to its public page, unless the caller gives its own.
    """
    from .redesign import label_extras  # the workshop knows which items are its products

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
