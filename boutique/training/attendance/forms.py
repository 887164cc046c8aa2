"""Attendance forms: a supervisor's correction of a stay, a stay added afterwards, an absence, a card scan."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from boutique.clock import SHOP_TZ
from boutique.forms import select_choices

from .models import ABSENCE_REASONS
from .services import MAX_REASON
from .timesheet import REASON_NAMES


REASON_ICONS = {"sick": "sick", "leave": "leave", "other": "calendar"}


def moment(day: date, at: time) -> datetime:
    """The UTC moment when the shop's clock shows `at` on `day`."""
    return datetime.combine(day, at, SHOP_TZ).astimezone(UTC)


class CorrectionForm(FlaskForm):
    """New check-in and check-out times for a stay, on its day, and why."""

    in_time = TimeField(_l("Checked in"), validators=[DataRequired()])
    out_time = TimeField(_l("Checked out"), validators=[DataRequired()])
    reason = StringField(_l("Why the correction"), validators=[DataRequired(), Length(max=MAX_REASON)])


class StayForm(CorrectionForm):
    """A stay the participant forgot to check in for: its day, times and why."""

    on = DateField(_l("Day"), validators=[DataRequired()])


class AbsenceForm(FlaskForm):
    """A day away and its reason."""

    on = DateField(_l("Day"), validators=[DataRequired()])
    reason = RadioField(_l("Reason"), choices=select_choices([(r, REASON_NAMES[r]) for r in ABSENCE_REASONS]),
                        validators=[DataRequired()])
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=MAX_REASON)])


class CardForm(FlaskForm):
    """What the kiosk's scanner types: the card's code and Enter."""

    code = StringField(_l("Scan your card"), validators=[DataRequired(), Length(max=40)])


class ClosingTimeForm(FlaskForm):
    """When the shop closes: a check-in still open then is closed and flagged."""

    closes_at = TimeField(_l("The shop closes at"), validators=[DataRequired()])
