"""Forms of the sale: payments, quick keys, discounts with a supervisor's approval, finding and returning a receipt."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from boutique.errors import ValidationFailed
from boutique.forms import MoneyField, select_choices
from boutique.money import parse_ore

from ..campaigns.prices import DISCOUNT_REASONS, Discount
from ..tills.forms import MONEY_INPUT

PAYMENT_ICONS = {"cash": "cash", "card": "card", "swish": "swish"}


class PayForm(FlaskForm):
    """One payment: cash handed over, a card payment with the terminal's reference, or Swish that arrived."""

    method = HiddenField(validators=[InputRequired()])
    amount = MoneyField(_l("Amount received (kr)"), validators=[Optional()], render_kw=MONEY_INPUT)
    reference = StringField(_l("Card terminal reference"), validators=[Optional(), Length(max=80)],
                            render_kw={"autocomplete": "off"})


class QuickKeyForm(FlaskForm):
    """A garment without a code: its category at the flat price, or an open price."""

    category = HiddenField(validators=[InputRequired()])
    price = MoneyField(_l("Open price (kr)"), validators=[Optional()], render_kw=MONEY_INPUT)


class DiscountField(StringField):
    """A discount typed as kronor ("20") or as a percentage ("20 %"); data is a Discount or None."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        raw = (valuelist[0] if valuelist else "").strip()
        if not raw:
            return
        percent = re.fullmatch(r"(\d{1,2})\s*%", raw)
        if percent:
            if not 1 <= int(percent.group(1)) <= 90:
                raise ValueError(_l("A discount is from 1 to 90 %."))
            self.data = Discount(percent=int(percent.group(1)))
            return
        try:
            amount = parse_ore(raw)
        except ValidationFailed as exc:
            raise ValueError(_l("Write the discount in kronor (20) or as a percentage (20 %).")) from exc
        if amount <= 0:
            raise ValueError(_l("Write the discount in kronor (20) or as a percentage (20 %)."))
        self.data = Discount(amount=amount)


class ApprovalMixin:
    """A supervisor's username and PIN typed at the till."""

    supervisor = StringField(_l("Supervisor's username"), validators=[Optional(), Length(max=60)],
                             render_kw={"autocomplete": "off"})
    supervisor_pin = PasswordField(_l("Supervisor's PIN"), validators=[Optional(), Length(max=20)],
                                   render_kw={"inputmode": "numeric", "autocomplete": "off"})


class DiscountForm(ApprovalMixin, FlaskForm):
    """A discount on one line or the whole sale, with a reason."""

    discount = DiscountField(_l("Discount (kr or percent, for example 20 %)"), validators=[InputRequired()],
                             render_kw={"autocomplete": "off"})
    reason = SelectField(_l("Why?"), choices=select_choices(list(DISCOUNT_REASONS.items())), default="damaged")


class FindReceiptForm(FlaskForm):
    """A receipt scanned from its barcode or typed by number."""

    receipt = StringField(_l("Scan the receipt or type its number"), validators=[InputRequired()],
                          render_kw={"autocomplete": "off"})


class ReturnForm(ApprovalMixin, FlaskForm):
    """The lines to refund and how the money goes back."""

    lines = SelectMultipleField(_l("Garments to return"), coerce=int, widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput(),
                                validators=[InputRequired(message=_l("Choose at least one garment to return."))])
    method = RadioField(_l("Refund with"), choices=select_choices([("cash", _l("Cash")), ("card", _l("Card")),
                                                                    ("swish", "Swish")]), default="cash")
