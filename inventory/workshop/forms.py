"""The workshop's forms, phone first: a project, its designers, garments, tags, steps, photos and product."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from boutique.forms import MoneyField, select_choices

from .models import MAX_NOTE, MAX_STORY

TAG_KIND_NAMES = {"motif": _l("Motif"), "culture": _l("Cultural reference"), "technique": _l("Technique")}
PHOTO_KIND_NAMES = {"before": _l("Before"), "after": _l("After"), "detail": _l("Detail")}


class HoursField(StringField):
    """Hours typed as "1,5" or "2"; the data is whole minutes, or 0 when empty."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = 0
        raw = (valuelist[0] if valuelist else "").strip().replace(",", ".").removesuffix("h").strip()
        if raw:
            try:
                hours = Decimal(raw)
            except InvalidOperation as exc:
                raise ValueError(_l("Write the hours as a number, for example 1,5.")) from exc
            if not hours.is_finite() or not 0 <= hours <= 24:
                raise ValueError(_l("Write the hours as a number from 0 to 24."))
            self.data = int((hours * 60).to_integral_value())


class ProjectForm(FlaskForm):
    """A new project: its title and who makes it."""

    title = StringField(_l("What are you making?"), validators=[DataRequired(), Length(max=120)])


class DesignerForm(FlaskForm):
    """Another designer for the project."""

    person_id = SelectField(_l("Add a designer"), coerce=int)


class CreditForm(FlaskForm):
    """How a designer's name appears on the label and the public page."""

    credit_name = StringField(_l("Your name on the label and the public page"), validators=[Length(max=80)])


class CodeForm(FlaskForm):
    """A scanned or typed garment code."""

    code = StringField(validators=[DataRequired()])


class TagForm(FlaskForm):
    """A motif, cultural reference or technique."""

    tag_kind = RadioField(_l("Kind"), choices=lambda: select_choices(list(TAG_KIND_NAMES.items())),
                          default="motif")
    tag_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)])


class StepForm(FlaskForm):
    """What was done in one working session."""

    hours = HoursField(_l("Hours"), render_kw={"inputmode": "decimal", "autocomplete": "off"})
    note = TextAreaField(_l("What did you do?"), validators=[Length(max=MAX_NOTE)])
    techniques = StringField(_l("Techniques (separate with commas)"), validators=[Length(max=300)])


class PhotoForm(FlaskForm):
    """A photo from the phone's camera."""

    photo_kind = RadioField(_l("Which photo?"), choices=lambda: select_choices(list(PHOTO_KIND_NAMES.items())),
                            default="before")
    photo = FileField(_l("Photo"), render_kw={"accept": "image/*", "capture": "environment"})


class FinishForm(FlaskForm):
    """The product a project becomes."""

    category = SelectField(_l("What is the finished piece?"), validators=[DataRequired()])
    size = StringField(_l("Size"), validators=[Optional(), Length(max=20)])
    price = MoneyField(_l("Price (kr)"), validators=[Optional()], render_kw={"inputmode": "decimal"})
    story = TextAreaField(_l("The story of the piece"), validators=[Length(max=MAX_STORY)],
                          render_kw={"rows": 6})


class StoryForm(FlaskForm):
    """A product's story, rewritten."""

    story = TextAreaField(_l("The story of the piece"), validators=[Length(max=MAX_STORY)],
                          render_kw={"rows": 6})
