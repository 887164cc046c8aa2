"""The report's figures as people read them: the same rows on the page, in the CSV and in the PDF."""

from __future__ import annotations

from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from boutique.db import db

from ..ratings.models import RatingQuestion
from .services import MIN_GROUP, ProgrammeReport

REFERRAL_NAMES = {"social_services": _l("Social services"), "employment_service": _l("Employment service"),
                  "insurance_agency": _l("Social insurance agency"), "self": _l("On their own"),
                  "other": _l("Other")}
OUTCOME_NAMES = {"work": _l("Work"), "studies": _l("Studies"), "other_programme": _l("Another programme"),
                 "none": _l("None"), "unknown": _l("Unknown")}


def fewer_than() -> str:
    """What a suppressed figure says instead of a number."""
    return _("fewer than %(n)s", n=MIN_GROUP)


def count_text(value: int | None) -> str:
    """A head count, or "fewer than 5"."""
    return fewer_than() if value is None else str(value)


def hours_text(minutes: int | None) -> str:
    """Minutes as hours ("12,5 h"), or "fewer than 5" (people) when suppressed."""
    if minutes is None:
        return fewer_than()
    return f"{format_decimal(minutes / 60, format='#,##0.#')}\u00a0h"


def change_text(value: float | None) -> str:
    """A mean change on the 1-5 scale with its sign ("+0,8"), or "fewer than 5"."""
    if value is None:
        return fewer_than()
    return ("+" if value > 0 else "") + format_decimal(value, format="#,##0.0#")


def question_texts() -> dict[str, str]:
    """Each question's text in the interface language (Swedish, else its key, where it has none)."""
    locale = str(get_locale() or "sv")
    return {q.key: q.texts.get(locale) or q.texts.get("sv") or q.key
            for q in db.session.scalars(select(RatingQuestion))}


def figure_rows(report: ProgrammeReport) -> list[tuple[str, list[tuple[str, str]]]]:
    """The report as sections of (label, value) rows, suppressed figures as "fewer than 5"."""
    texts = question_texts()
    return [
        (_("Participants"), [(_("Participants in the period"), count_text(report.participants)),
                             (_("Started"), count_text(report.started)),
                             (_("Ended"), count_text(report.ended)),
                             (_("Hours attended"), hours_text(report.attended_minutes))]),
        (_("Referred by"), [(str(REFERRAL_NAMES[key]), count_text(n)) for key, n in report.by_referral.items()]),
        (_("Outcome at exit"), [(str(OUTCOME_NAMES[key]), count_text(n)) for key, n in report.outcomes.items()]),
        (_("Self-rating: mean change from intake to exit (scale 1–5)"),
         [(texts.get(key, key), change_text(value)) for key, value in report.self_rating_change.items()]),
    ]
