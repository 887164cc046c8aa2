"""Languages: who gets which one, and the filters that format money and time for them."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import DateTimePattern, get_date_format, get_datetime_format, get_time_format
from babel.units import format_unit
from flask import current_app, has_request_context, request, session
from flask_babel import Babel, get_locale, get_timezone
from flask_login import current_user

from .money import format_ore

babel = Babel()


def select_locale() -> str:
    """The person's own language once signed in; before that their choice, then the browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # command line, demo data, services called from tests
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def money_filter(ore: int | None) -> str:
    """Jinja filter: öre to '149 kr' in the interface language."""
    return format_ore(ore, locale=str(get_locale() or "sv"))


@functools.lru_cache(maxsize=64)
def _datetime_format(locale: Locale, fmt: str) -> tuple[str, DateTimePattern, DateTimePattern]:
    """The locale's date-and-time pattern of a length ('short' ...): how the two join, the time's, the date's."""
    return (get_datetime_format(fmt, locale=locale).replace("'", ""),
            get_time_format(fmt, locale=locale), get_date_format(fmt, locale=locale))


def localtime_filter(moment: datetime | None, fmt: str = "short") -> str:
    """Jinja filter: a UTC moment in the shop's time zone and the interface language.

    What Babel's `format_datetime(moment, fmt)` writes for a length (short, medium, long,
    full), with the locale's patterns looked up once rather than on each of a page's many dates.
    """
    if moment is None:
        return ""
    locale = get_locale() or Locale.parse(current_app.config["BABEL_DEFAULT_LOCALE"])
    joined, time_pattern, date_pattern = _datetime_format(locale, fmt)
    if moment.tzinfo is None:  # a naive moment is UTC, as Babel takes it
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(get_timezone())
    return joined.replace("{0}", time_pattern.apply(local, locale)).replace("{1}", date_pattern.apply(local, locale))


def kilos(grams: int | None) -> str:
    """Grams shown as kilos in the interface language, unit included ('3,5 kg', '3.5 كغم'),
    never broken across two lines."""
    if grams is None:
        return ""
    text = format_unit(Decimal(grams) / 1000, "mass-kilogram", length="short", format="#,##0.###",
                       locale=str(get_locale() or "sv"))
    return text.replace(" ", "\u00a0")


# Each package adds the names of the events it writes, so history tables read as sentences.
# A name is a (lazy) string, or a function of the event's data where the kind alone says too
# little (a label print that was a reprint).
EVENT_LABELS: dict[str, Any] = {}


def event_label(kind: str, data: dict[str, Any] | None = None) -> str:
    """An event in the interface language."""
    label = EVENT_LABELS.get(kind, kind)
    return str(label(data or {}) if callable(label) else label)
