"""The label printing forms: format, sheet position and margins; a manufacturer's code."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, IntegerField, RadioField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from boutique.forms import select_choices

from .services import A4_PER_SHEET

FORMAT_CHOICES = select_choices([("a4-3x8", _l("A4 sheet, 3 × 8 labels")), ("62mm", _l("62 mm tape")),
                                 ("62x29", _l("62 × 29 mm labels"))])


class MillimetreField(DecimalField):
    """Millimetres as typed in Swedish or English: "4,5" and "4.5" alike."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].replace(",", ".").strip()]
        if valuelist and valuelist[0] == "":
            self.data = None
            return
        try:
            self.data = Decimal(valuelist[0]) if valuelist else None
        except (InvalidOperation, ValueError):
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value.")) from None


class PrintLabelsForm(FlaskForm):
    """Which format, and on an A4 sheet how many used labels to skip and the printer's margins."""

    format = RadioField(_l("Label format"), choices=FORMAT_CHOICES, default="a4-3x8", validators=[InputRequired()])
    skip = IntegerField(_l("Labels already used on the sheet"), default=0,
                        validators=[Optional(), NumberRange(min=0, max=A4_PER_SHEET - 1)])
    margin_top = MillimetreField(_l("Top margin (mm)"), validators=[Optional(), NumberRange(min=0, max=50)])
    margin_left = MillimetreField(_l("Left margin (mm)"), validators=[Optional(), NumberRange(min=0, max=50)])
    station = HiddenField()

    def sheet_options(self) -> dict[str, Any]:
        """Skip and margins for an A4 sheet; the page shows them for every format, tape ignores them."""
        if self.format.data != "a4-3x8":
            return {}

        def mm(value: Decimal | None) -> float | None:
            return float(value) if value is not None else None

        return {"skip": self.skip.data or 0, "margin_top_mm": mm(self.margin_top.data),
                "margin_left_mm": mm(self.margin_left.data)}


class ManufacturerCodeForm(FlaskForm):
    """The EAN printed on a new garment's own tag."""

    ean = StringField(_l("The barcode on the garment's own tag"), validators=[InputRequired()])
