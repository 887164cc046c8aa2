"""Forms of the counter."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from boutique.errors import ValidationFailed
from boutique.forms import MoneyField, select_choices
from boutique.money import parse_ore
from inventory.models import TAG_COLOURS

from .models import DENOMINATIONS
from .pricing import DISCOUNT_REASONS, Discount

MONEY_INPUT = {"inputmode": "decimal", "autocomplete": "off"}
PAYMENT_ICONS = {"cash": "cash", "card": "card", "swish": "swish"}


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


class CampaignForm(FlaskForm):
    """A campaign: a percentage off for some days, on some categories or tag colours."""

    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=80)],
                       render_kw={"placeholder": _l("Christmas market")})
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired()])
    percent = IntegerField(_l("Discount (%)"), validators=[InputRequired(), NumberRange(min=1, max=90)],
                           render_kw={"inputmode": "numeric"})
    categories = SelectMultipleField(_l("Categories (none ticked: all)"), widget=ListWidget(prefix_label=False),
                                     option_widget=CheckboxInput(), validators=[Optional()])
    tag_colours = SelectMultipleField(_l("Tag colours (none ticked: all)"),
                                      choices=select_choices([(c, c) for c in TAG_COLOURS]), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                      validators=[Optional()])


class MarkdownForm(FlaskForm):
    """Up to three markdown steps: after so many weeks on the floor, so much off."""

    weeks1 = IntegerField(_l("After weeks"), validators=[Optional(), NumberRange(min=1, max=104)])
    percent1 = IntegerField(_l("Discount (%)"), validators=[Optional(), NumberRange(min=1, max=90)])
    weeks2 = IntegerField(_l("After weeks"), validators=[Optional(), NumberRange(min=1, max=104)])
    percent2 = IntegerField(_l("Discount (%)"), validators=[Optional(), NumberRange(min=1, max=90)])
    weeks3 = IntegerField(_l("After weeks"), validators=[Optional(), NumberRange(min=1, max=104)])
    percent3 = IntegerField(_l("Discount (%)"), validators=[Optional(), NumberRange(min=1, max=90)])

    def steps(self) -> dict[int, int]:
        """{weeks: percent} of the rows filled in."""
        rows = ((self.weeks1.data, self.percent1.data), (self.weeks2.data, self.percent2.data),
                (self.weeks3.data, self.percent3.data))
        return {weeks: percent for weeks, percent in rows if weeks and percent}


class CounterSettingsForm(FlaskForm):
    """The counter's limits, the Swish number and the VAT mode."""

    discount_approval_percent = IntegerField(_l("Discounts above this need a supervisor's PIN (%)"),
                                             validators=[InputRequired(), NumberRange(min=0, max=100)])
    open_price_min = MoneyField(_l("Lowest open price (kr)"), validators=[InputRequired()], render_kw=MONEY_INPUT)
    open_price_max = MoneyField(_l("Highest open price (kr)"), validators=[InputRequired()], render_kw=MONEY_INPUT)
    swish_number = StringField(_l("Swish number"), validators=[Optional(), Length(max=20)])
    vat_mode = SelectField(_l("VAT mode"), choices=select_choices([
        ("exempt", _l("Exempt (non-profit sale of donated goods)")),
        ("standard", _l("Standard VAT, rate per category")),
        ("margin", _l("Second-hand margin scheme (no VAT shown)"))]))
