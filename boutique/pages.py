"""Small helpers every package's page views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import flash, make_response, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from .db import db
from .errors import DomainError
from .models import Person


def me() -> Person:
    """The signed-in person as the session's object, not Flask-Login's proxy (the user loader
    put it in the session's identity map, so this sends no statement)."""
    person = db.session.get(Person, current_user.id)
    assert person is not None  # a signed-in person was loaded for this request
    return person


def interface_locale() -> str:
    """The interface language of this request."""
    return str(get_locale() or "sv")


def form_errors(form: Any) -> str:
    """A form's field errors as one sentence."""
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


def flash_form_errors(form: Any) -> None:
    """Show a form's field errors as one message."""
    flash(form_errors(form), "error")


def run_and_flash(action: Callable[[], object], success: str) -> bool:
    """Call one service; flash its domain error or the success message. True when it worked."""
    try:
        action()
    except DomainError as exc:
        flash(str(exc.message), "error")
        return False
    flash(success, "success")
    return True


def safe_next(target: str | None) -> str:
    """A path on this site to go to next, or the start page (never another site)."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("boutique.home")


def in_place_request() -> bool:
    """True when htmx sent this request from a form that updates the page in place (or followed
    its redirect): a page whose changing part is a template of its own answers with that part."""
    return request.headers.get("HX-Request") == "true"


PAGE_HEADER = "X-Page"


def in_place_page(body: Any, path: str) -> Any:
    """An answer to an in-place request that is the page at `path` (its part), without a redirect:
    the `X-Page` header tells static/js/in-place.js which page the answer belongs to, since the
    request went to the form's own URL."""
    response = make_response(body)
    response.headers[PAGE_HEADER] = path
    return response
