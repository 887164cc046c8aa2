"""Forms of action plans and follow-ups; sub-goals are fields named sub_goal_N, as many as the page shows."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .models import MAX_GOAL_TEXT, MAX_NOTES

SUB_GOAL_FIELDS = 5  # the new-plan page shows five; at least three must be filled in


class PlanForm(FlaskForm):
    """A new plan: the long-term goal and the date of the first follow-up (the sub-goals are read apart)."""

    long_term_goal = TextAreaField(_l("Long-term goal"), validators=[DataRequired(), Length(max=MAX_GOAL_TEXT)],
                                   render_kw={"rows": 2})
    follow_up_on = DateField(_l("First follow-up"), validators=[DataRequired()])
    keep_date = BooleanField(_l("Keep this date anyway"))


class FollowUpForm(FlaskForm):
    """A follow-up meeting (sub-goals met, reworded and new are read apart)."""

    held_on = DateField(_l("Date of the meeting"), validators=[DataRequired()])
    attendees = StringField(_l("Who met"), validators=[Optional(), Length(max=300)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=MAX_NOTES)], render_kw={"rows": 5})
    next_follow_up_on = DateField(_l("Next follow-up"), validators=[DataRequired()])
    keep_date = BooleanField(_l("Keep this date anyway"))
