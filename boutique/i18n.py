"""Languages: who gets which one, and the filters that format money and time for them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from babel.units import format_unit
from flask import current_app, has_request_context, request, session
from flask_babel import Babel, format_datetime, get_locale
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


def localtime_filter(moment: datetime | None, fmt: str = "short") -> str:
    """Jinja filter: a UTC moment in the shop's time zone and the interface language."""
    if moment is None:
        return ""
    return format_datetime(moment, fmt)


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
