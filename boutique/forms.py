"""Forms of the core pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from .errors import ValidationFailed
from .models import LANGUAGE_NAMES, LANGUAGES
from .money import parse_ore


def select_choices(pairs: list[tuple[str, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as the option objects WTForms wants."""
    return [SelectChoice(value, label) for value, label in pairs]


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[DataRequired()], render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})


class MoneyField(StringField):
    """A kronor field ('149', '149,50') whose data is an int of öre, or None when empty."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        raw = (valuelist[0] if valuelist else "").strip()
        if raw:
            try:
                self.data = parse_ore(raw)
            except ValidationFailed as exc:
                raise ValueError(str(exc.message)) from exc

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data // 100}" if self.data % 100 == 0 else f"{self.data // 100},{self.data % 100:02d}"


class KiloField(StringField):
    """A weight typed in kilos ('3,5') whose data is an int of grams, or None when empty."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        raw = (valuelist[0] if valuelist else "").strip().replace(",", ".").removesuffix("kg").strip()
        if raw:
            try:
                grams = Decimal(raw) * 1000
            except InvalidOperation as exc:
                raise ValueError(_l("Write the weight in kilos, for example 3,5.")) from exc
            if not grams.is_finite() or int(grams.to_integral_value()) <= 0:
                raise ValueError(_l("The weight must be more than zero."))
            self.data = int(grams.to_integral_value())

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{Decimal(self.data) / 1000:f}".rstrip("0").rstrip(".").replace(".", ",")


def role_choices() -> list[tuple[str, Any]]:
    """Roles with their names."""
    return [("counter", _l("Counter")), ("warehouse", _l("Warehouse")), ("designer", _l("Designer")),
            ("supervisor", _l("Supervisor")), ("admin", _l("Admin"))]


def kind_choices() -> list[tuple[str, Any]]:
    """Kinds of person."""
    return [("participant", _l("Participant")), ("volunteer", _l("Volunteer")), ("student", _l("Student")),
            ("staff", _l("Staff"))]


def language_choices() -> list[tuple[str, Any]]:
    """Interface languages, each in its own language."""
    return [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]


def cohort_choices() -> list[tuple[str, Any]]:
    """Every cohort, for a person's cohort."""
    from .services import list_cohorts

    return [(str(cohort.id), cohort.name) for cohort in list_cohorts()]


class CohortForm(FlaskForm):
    """A new cohort: its name and its teacher."""

    name = StringField(_l("Name of the course"), validators=[DataRequired(), Length(max=80)])
    teacher = SelectField(_l("Teacher"), default="")


class PersonForm(FlaskForm):
    """A person as a supervisor or admin manages them."""

    username = StringField(_l("Username"), validators=[Optional(), Length(max=60)])
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=80)])
    role = SelectField(_l("Role"), choices=lambda: select_choices(role_choices()))
    kind = SelectField(_l("Kind"), choices=lambda: select_choices(kind_choices()))
    language = SelectField(_l("Language"), choices=lambda: select_choices(language_choices()))
    active = BooleanField(_l("May sign in"), default=True)
    cohort = SelectField(_l("Cohort (course)"), choices=lambda: [("", _l("None"))] + cohort_choices(), default="")
    password = PasswordField(_l("New password"), validators=[Optional()], render_kw={"autocomplete": "new-password"})
    pin = PasswordField(_l("New PIN (4–8 digits)"), validators=[Optional()],
                        render_kw={"inputmode": "numeric", "autocomplete": "off"})


class ProfileForm(FlaskForm):
    """A person's own choices."""

    display_name = StringField(_l("The name others see"), validators=[DataRequired(), Length(max=80)])
    language = SelectField(_l("Language"), choices=lambda: select_choices(language_choices()))
    large_text = BooleanField(_l("Larger text"))


class SecretForm(FlaskForm):
    """Change one's own password or PIN."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[Optional()],
                                 render_kw={"autocomplete": "new-password"})
    new_pin = PasswordField(_l("New PIN (4–8 digits)"), validators=[Optional()],
                            render_kw={"inputmode": "numeric", "autocomplete": "off"})


class ShopForm(FlaskForm):
    """What receipts say about the shop, and how it handles VAT and Swish."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    org_no = StringField(_l("Organisation number"), validators=[Optional(), Length(max=20)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    vat_mode = SelectField(_l("VAT"), choices=lambda: select_choices([
        ("exempt", _l("Exempt (non-profit sale of donated goods)")), ("standard", _l("Standard VAT per category")),
        ("margin", _l("Second-hand margin scheme"))]))
    swish_number = StringField(_l("Swish number"), validators=[Optional(), Length(max=20)])


class TillForm(FlaskForm):
    """A new till."""

    name = StringField(_l("Name of the till"), validators=[DataRequired(), Length(max=60)])


class SetupForm(FlaskForm):
    """The first admin and the shop, on a new installation."""

    shop_name = StringField(_l("Name of the shop"), validators=[DataRequired(), Length(max=120)])
    org_no = StringField(_l("Organisation number"), validators=[Optional(), Length(max=20)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=80)])
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=60)])
    password = PasswordField(_l("Password (at least 8 characters)"), validators=[DataRequired(), Length(min=8)],
                             render_kw={"autocomplete": "new-password"})
