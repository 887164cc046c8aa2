"""Forms of the sorting room."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from boutique.forms import KiloField, MoneyField, select_choices


def channel_choices() -> list[tuple[str, str]]:
    """Donation channels with the shop's words."""
    return [("drop_off", str(_l("Drop-off at the shop"))), ("collection", str(_l("Collection container"))),
            ("pickup", str(_l("Pickup at a donor"))), ("corporate", str(_l("Corporate donation")))]


def channel_name(channel: str) -> str:
    """A donation channel in the interface language."""
    return dict(channel_choices()).get(channel, channel)


def condition_choices() -> list[tuple[str, str]]:
    """Condition grades 1–5 with a plain description of each."""
    return [("5", str(_l("5 – like new"))), ("4", str(_l("4 – very good"))), ("3", str(_l("3 – good, some wear"))),
            ("2", str(_l("2 – worn, small flaws"))), ("1", str(_l("1 – for repair or redesign")))]


class DonationForm(FlaskForm):
    """Intake: channel, weight from the scale, bags, note."""

    channel = RadioField(_l("How did it come?"), choices=lambda: select_choices(channel_choices()), default="drop_off",
                         validators=[InputRequired()])
    weight = KiloField(_l("Weight (kg)"), validators=[InputRequired(message=_l("Weigh the donation."))],
                       render_kw={"inputmode": "decimal", "autocomplete": "off"})
    bags = IntegerField(_l("Number of bags"), default=1, validators=[InputRequired(), NumberRange(min=1, max=1000)])
    note = TextAreaField(_l("Note (no personal data)"), validators=[Optional()])


class CloseDonationForm(FlaskForm):
    """What is left when sorting is done: textile recycling and waste."""

    recycled = KiloField(_l("Textile recycling (kg)"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    discarded = KiloField(_l("Waste (kg)"), validators=[Optional()], render_kw={"inputmode": "decimal"})


class SortForm(FlaskForm):
    """One garment at the sorting station."""

    category = RadioField(_l("Category"), validators=[InputRequired(message=_l("Choose a category."))])
    size = StringField(_l("Size"), validators=[Optional()])
    colour = StringField(_l("Colour"), validators=[Optional()])
    brand = StringField(_l("Brand"), validators=[Optional()])
    material = StringField(_l("Material"), validators=[Optional()])
    condition = RadioField(_l("Condition"), choices=lambda: select_choices(condition_choices()), default="3",
                           validators=[InputRequired(message=_l("Choose the condition."))])
    weight = KiloField(_l("Weight (kg)"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    route = RadioField(_l("Where does it go?"), default="shop",
                       choices=lambda: select_choices([("shop", _l("To the shop")), ("redesign", _l("To redesign"))]))


class ValueForm(FlaskForm):
    """An estimate of worth."""

    estimate = MoneyField(_l("Estimate (kr)"), validators=[InputRequired(message=_l("Write an amount."))],
                          render_kw={"inputmode": "decimal", "autocomplete": "off"})


class PriceForm(FlaskForm):
    """The price on the tag."""

    price = MoneyField(_l("Price (kr)"), validators=[InputRequired(message=_l("Write a price."))],
                       render_kw={"inputmode": "decimal", "autocomplete": "off"})


class ScanForm(FlaskForm):
    """A scanned or typed code."""

    code = StringField(_l("Scan or type the code"), validators=[DataRequired()])
