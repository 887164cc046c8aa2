"""Forms of a till: the float and the count at closing by notes and coins, cash movements, switching person."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, RadioField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from boutique.forms import MoneyField, select_choices

from ..models import DENOMINATIONS

MONEY_INPUT = {"inputmode": "decimal", "autocomplete": "off"}


def denomination_label(ore: int) -> str:
    """A note or coin by its value: "500 kr"."""
    return f"{ore // 100} kr"


class CountForm(FlaskForm):
    """Notes and coins counted by denomination; each field is a number of pieces."""

    def counts(self) -> dict[int, int]:
        """{öre value: pieces} for the denominations that were filled in."""
        return {value: self[f"d{value}"].data for value in DENOMINATIONS if self[f"d{value}"].data}

    def denomination_fields(self) -> list[Any]:
        """The fields of the count, largest note first."""
        return [self[f"d{value}"] for value in DENOMINATIONS]


for _value in DENOMINATIONS:
    setattr(CountForm, f"d{_value}", IntegerField(
        denomination_label(_value), validators=[Optional(), NumberRange(min=0, max=10000,
                                                                        message=_l("Count the pieces: 0 or more."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "min": "0"}))


class OpenTillForm(CountForm):
    """The float counted into the drawer at opening: notes and coins, or the sum."""

    opening_float = MoneyField(_l("Cash float (kr)"), validators=[Optional()], render_kw=MONEY_INPUT)


class CloseTillForm(CountForm):
    """The cash counted in the drawer at closing: notes and coins, or the sum."""

    counted_cash = MoneyField(_l("Counted cash (kr)"), validators=[Optional()], render_kw=MONEY_INPUT)


class SwitchPersonForm(FlaskForm):
    """Who stands at the till now, proved with their PIN."""

    username = RadioField(_l("Who are you?"), validators=[InputRequired(message=_l("Choose your name."))])
    pin = PasswordField(_l("Your PIN"), validators=[InputRequired(message=_l("Type your PIN.")), Length(max=20)],
                        render_kw={"inputmode": "numeric", "autocomplete": "off"})


class CashMoveForm(FlaskForm):
    """Cash put into or taken out of the drawer, with a reason."""

    kind = RadioField(_l("What happens?"),
                      choices=select_choices([("cash_in", _l("Put cash in")), ("cash_out", _l("Take cash out"))]),
                      default="cash_out", validators=[InputRequired()])
    amount = MoneyField(_l("Amount (kr)"), validators=[InputRequired(message=_l("Write the amount."))],
                        render_kw=MONEY_INPUT)
    reason = StringField(_l("Why?"), validators=[InputRequired(message=_l("Say why the cash moves.")),
                                                 Length(max=200)])
