"""Forms of the counter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import InputRequired, Optional

from boutique.forms import MoneyField


class OpenTillForm(FlaskForm):
    """The float counted into the drawer at opening."""

    opening_float = MoneyField(_l("Cash float (kr)"), validators=[InputRequired(message=_l("Count the float."))],
                               render_kw={"inputmode": "decimal", "autocomplete": "off"})


class PayForm(FlaskForm):
    """One payment that completes the sale."""

    method = HiddenField(validators=[InputRequired()])
    amount = MoneyField(_l("Amount received (kr)"), validators=[Optional()],
                        render_kw={"inputmode": "decimal", "autocomplete": "off"})
    reference = StringField(_l("Card terminal reference"), validators=[Optional()])
    training = BooleanField(_l("Training (nothing counts)"))


class CloseTillForm(FlaskForm):
    """The cash counted in the drawer at closing."""

    counted_cash = MoneyField(_l("Counted cash (kr)"), validators=[InputRequired(message=_l("Count the drawer."))],
                              render_kw={"inputmode": "decimal", "autocomplete": "off"})
