"""Forms of the counter's prices: a campaign, the markdown steps, the counter's limits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from boutique.forms import MoneyField, select_choices
from inventory.garments.models import TAG_COLOURS

from ..tills.forms import MONEY_INPUT


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
