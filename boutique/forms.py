"""Forms of the core pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, StringField
from wtforms.validators import DataRequired

from .errors import ValidationFailed
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
