"""The agreement form: hours, dates, who referred the participant, consent, the exit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from boutique.forms import select_choices

REFERRAL_NAMES: dict[str, Any] = {
    "social_services": _l("Social services"), "employment_service": _l("Employment service"),
    "insurance_agency": _l("Social insurance agency"), "self": _l("On their own"), "other": _l("Other"),
}
OUTCOME_NAMES: dict[str, Any] = {
    "work": _l("Work"), "studies": _l("Studies"), "other_programme": _l("Another programme"),
    "none": _l("Nothing yet"), "unknown": _l("Not known"),
}


class WeeklyHoursField(StringField):
    """Hours per week typed as "20" or "12,5"; the data is whole minutes."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        try:
            hours = Decimal(raw)
        except InvalidOperation as exc:
            raise ValueError(_l("Write the hours as a number, for example 20 or 12,5.")) from exc
        if not hours.is_finite() or not 0 <= hours <= 60:
            raise ValueError(_l("Hours per week must be between 0 and 60."))
        self.data = int((hours * 60).to_integral_value())

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{Decimal(self.data) / 60:.2f}".rstrip("0").rstrip(".").replace(".", ",")


class AgreementForm(FlaskForm):
    """A participant's agreement as a supervisor fills it in."""

    hours_per_week = WeeklyHoursField(_l("Hours per week"), validators=[DataRequired()],
                                      render_kw={"inputmode": "decimal"})
    starts_on = DateField(_l("Start date"), validators=[DataRequired()])
    ends_on = DateField(_l("Planned end"), validators=[Optional()])
    referral = SelectField(_l("Referred by"), choices=lambda: select_choices(list(REFERRAL_NAMES.items())))
    referral_contact_name = StringField(_l("Contact person at the referring body"),
                                        validators=[Optional(), Length(max=120)])
    referral_contact_phone = StringField(_l("Contact's phone number"), validators=[Optional(), Length(max=40)],
                                         render_kw={"inputmode": "tel", "autocomplete": "off"})
    supervisor_id = SelectField(_l("Supervisor"), default="")
    self_rating_consent = BooleanField(_l("Consents to the self-rating"))
    consent_on = DateField(_l("Date of consent"), validators=[Optional()])


class ExitForm(FlaskForm):
    """The end of a participation and what the person went on to."""

    exited_on = DateField(_l("Last day"), validators=[DataRequired()])
    outcome = SelectField(_l("Went on to"), choices=lambda: select_choices(list(OUTCOME_NAMES.items())))
