"""Forms of the garment: its sizes, colours and materials, valuation, pricing, withdrawal, work logs and categories."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from boutique.forms import KiloField, MoneyField, select_choices

from .models import SIZE_SCALES

# Sizes the sorting station offers as buttons, per a category's size scale.
SIZES: dict[str, tuple[str, ...]] = {
    "letters": ("XS", "S", "M", "L", "XL", "XXL", "3XL"),
    "children": tuple(str(cm) for cm in range(50, 171, 6)),
    "shoes": tuple(str(n) for n in range(20, 47)),
    "waist": ("W26", "W27", "W28", "W29", "W30", "W31", "W32", "W33", "W34", "W36", "W38", "W40"),
    "none": (),
}


# Colour swatches: the stored key, the name people read, and the swatch's CSS colour.
COLOURS: dict[str, tuple[object, str]] = {
    "black": (_l("Black"), "#111111"), "white": (_l("White"), "#ffffff"), "grey": (_l("Grey"), "#8c8c8c"),
    "beige": (_l("Beige"), "#d9c7a7"), "brown": (_l("Brown"), "#7b4a25"), "red": (_l("Red"), "#c81e1e"),
    "pink": (_l("Pink"), "#f08bb4"), "orange": (_l("Orange"), "#f28a1a"), "yellow": (_l("Yellow"), "#f5d31c"),
    "green": (_l("Green"), "#2f8f3a"), "blue": (_l("Blue"), "#2563c9"), "navy": (_l("Navy"), "#1b2a55"),
    "purple": (_l("Purple"), "#7d3fa8"), "multi": (_l("Patterned"), "conic-gradient(#c81e1e 0 25%, #f5d31c 0 50%,"
                                                                   " #2f8f3a 0 75%, #2563c9 0)"),
}

MATERIALS = (_l("Cotton"), _l("Wool"), _l("Linen"), _l("Silk"), _l("Denim"), _l("Leather"), _l("Polyester"),
             _l("Viscose"), _l("Mixed"))


def colour_name(colour: str) -> str:
    """A garment colour in the interface language (free text from older data is shown as it is)."""
    return str(COLOURS[colour][0]) if colour in COLOURS else colour


def condition_choices() -> list[tuple[str, str]]:
    """Condition grades 1–5 with a plain description of each."""
    return [("5", str(_l("5 – like new"))), ("4", str(_l("4 – very good"))), ("3", str(_l("3 – good, some wear"))),
            ("2", str(_l("2 – worn, small flaws"))), ("1", str(_l("1 – for repair or redesign")))]


def condition_hints() -> dict[str, str]:
    """What each condition grade looks like, in plain words."""
    return {"5": str(_l("No wear. May have tags.")), "4": str(_l("Washed a few times. No flaws.")),
            "3": str(_l("Some wear, like pilling or faded colour.")),
            "2": str(_l("Clear wear or a small flaw: a loose button, a small stain.")),
            "1": str(_l("Hole, tear or big stain. Not for the shop floor."))}


def withdraw_choices() -> list[tuple[str, str]]:
    """Reasons a garment leaves stock other than a sale."""
    return [("recycling", str(_l("Textile recycling"))), ("waste", str(_l("Waste"))),
            ("transfer", str(_l("To another shop"))), ("given_away", str(_l("Given away")))]


def withdraw_reason_name(reason: str) -> str:
    """A withdrawal reason in the interface language."""
    return dict(withdraw_choices()).get(reason, reason)


def size_scale_choices() -> list[tuple[str, str]]:
    """The size buttons a category can have."""
    names = {"letters": _l("Letter sizes (XS–3XL)"), "children": _l("Children's sizes in cm (50–170)"),
             "shoes": _l("Shoe sizes (20–46)"), "waist": _l("Waist in inches (W26–W40)"), "none": _l("No size")}
    return [(scale, str(names[scale])) for scale in SIZE_SCALES]


def chosen_size(form_data: Any, size_scale: str) -> str:
    """The size written in the size field, else the button pressed in the chosen category's size group."""
    written = (form_data.get("size") or "").strip()
    return (written or form_data.get(f"size_{size_scale}") or "").strip()[:20]


class ValueForm(FlaskForm):
    """An estimate of worth."""

    estimate = MoneyField(_l("Estimate (kr)"), validators=[InputRequired(message=_l("Write an amount."))],
                          render_kw={"inputmode": "decimal", "autocomplete": "off"})
    next = HiddenField()


class PriceForm(FlaskForm):
    """The price on the tag."""

    price = MoneyField(_l("Price (kr)"), validators=[InputRequired(message=_l("Write a price."))],
                       render_kw={"inputmode": "decimal", "autocomplete": "off"})
    next = HiddenField()


class WithdrawForm(FlaskForm):
    """A garment leaves stock: why, how much it weighs, and a few words."""

    reason = RadioField(_l("Why does it leave?"), choices=lambda: select_choices(withdraw_choices()),
                        validators=[InputRequired(message=_l("Choose why."))])
    weight = KiloField(_l("Weight (kg)"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    shop_id = SelectField(_l("To which shop?"), coerce=int, validators=[Optional()], validate_choice=False)
    note = StringField(_l("Reason in a few words"), validators=[Optional(), Length(max=500)])


class ScanForm(FlaskForm):
    """A scanned or typed code."""

    code = StringField(_l("Scan or type the code"), validators=[DataRequired()])


class WorkLogForm(FlaskForm):
    """A date range for a person's work log."""

    class Meta:
        csrf = False  # a GET form: reading, not changing

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])


class CategoryForm(FlaskForm):
    """A category as the admin edits it."""

    key = StringField(_l("Key (letters a–z and _)"), validators=[DataRequired(), Length(max=40)])
    name_sv = StringField(_l("Name in Swedish"), validators=[DataRequired(), Length(max=80)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=80)])
    name_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=80)])
    pictogram = RadioField(_l("Pictogram"), validators=[InputRequired()], validate_choice=False)
    default_price = MoneyField(_l("Flat price for quick sale (kr)"),
                               validators=[InputRequired(message=_l("Write a price."))],
                               render_kw={"inputmode": "decimal"})
    typical_weight = KiloField(_l("Typical weight of one garment (kg)"),
                               validators=[InputRequired(message=_l("Write a weight."))])
    co2e_grams_per_kg = IntegerField(_l("Climate factor (g CO₂e saved per kg reused)"), default=0,
                                     validators=[InputRequired(), NumberRange(min=0, max=1_000_000)])
    co2e_source = TextAreaField(_l("Source of the climate factor"), validators=[Optional(), Length(max=2000)])
    size_scale = RadioField(_l("Size buttons at sorting"), choices=lambda: select_choices(size_scale_choices()),
                            default="letters", validators=[InputRequired()])
    active = BooleanField(_l("In use"), default=True)
