"""Forms of the donation: intake, stages, the sorting station and closing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from boutique.forms import KiloField, select_choices

from ..garments.forms import COLOURS, condition_choices


def channel_choices() -> list[tuple[str, str]]:
    """Donation channels with the shop's words."""
    return [("drop_off", str(_l("Drop-off at the shop"))), ("collection", str(_l("Collection container"))),
            ("pickup", str(_l("Pickup at a donor"))), ("corporate", str(_l("Corporate donation")))]


def channel_name(channel: str) -> str:
    """A donation channel in the interface language."""
    return dict(channel_choices()).get(channel, channel)


class DonationForm(FlaskForm):
    """Intake: channel, weight from the scale, bags, note."""

    channel = RadioField(_l("How did it come?"), choices=lambda: select_choices(channel_choices()), default="drop_off",
                         validators=[InputRequired()])
    weight = KiloField(_l("Weight (kg)"), validators=[InputRequired(message=_l("Weigh the donation."))],
                       render_kw={"inputmode": "decimal", "autocomplete": "off"})
    bags = IntegerField(_l("Number of bags"), default=1, validators=[InputRequired(), NumberRange(min=1, max=1000)])
    note = TextAreaField(_l("Note (no personal data)"), validators=[Optional(), Length(max=2000)])


class CloseDonationForm(FlaskForm):
    """What is left when sorting is done: textile recycling and waste."""

    recycled = KiloField(_l("Textile recycling (kg)"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    discarded = KiloField(_l("Waste (kg)"), validators=[Optional()], render_kw={"inputmode": "decimal"})


class BatchStageForm(FlaskForm):
    """Several donations (one wash load) moved one stage together."""

    stage = HiddenField(validators=[InputRequired()])


class SortForm(FlaskForm):
    """One garment at the sorting station."""

    category = RadioField(_l("Category"), validators=[InputRequired(message=_l("Choose a category."))])
    size = StringField(_l("Size"), validators=[Optional(), Length(max=20)])
    colour = RadioField(_l("Colour"), validators=[Optional()], validate_choice=False,
                        choices=lambda: select_choices([(key, str(name)) for key, (name, _css) in COLOURS.items()]))
    brand = StringField(_l("Brand"), validators=[Optional(), Length(max=60)])
    material = StringField(_l("Material"), validators=[Optional(), Length(max=60)])
    condition = RadioField(_l("Condition"), choices=lambda: select_choices(condition_choices()), default="3",
                           validators=[InputRequired(message=_l("Choose the condition."))])
    weight = KiloField(_l("Weight (kg)"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    route = RadioField(_l("Where does it go?"), default="shop",
                       choices=lambda: select_choices([("shop", _l("To the shop")), ("redesign", _l("To redesign"))]))
