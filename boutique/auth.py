"""Sign-in, roles and API tokens."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from .clock import utcnow
from .db import db
from .models import Person

login_manager = LoginManager()
login_manager.login_view = "boutique.login"
login_manager.login_message = _l("Please sign in to continue.")

# Who may do what. "warehouse+" in the API contract means warehouse, supervisor or admin.
ANY = frozenset({"admin", "supervisor", "warehouse", "counter", "designer"})
WAREHOUSE = frozenset({"warehouse", "supervisor", "admin"})
COUNTER = frozenset({"counter", "supervisor", "admin"})
DESIGNER = frozenset({"designer", "supervisor", "admin"})
SUPERVISOR = frozenset({"supervisor", "admin"})
ADMIN = frozenset({"admin"})


@login_manager.user_loader
def load_person(person_id: str) -> Person | None:
    """Flask-Login's loader: an active person by id."""
    person = db.session.get(Person, int(person_id)) if person_id.isdigit() else None
    return person if person is not None and person.active else None


def authenticate(username: str, password: str) -> Person | None:
    """The active person with this username and password, or None."""
    person = db.session.scalar(select(Person).where(func.lower(Person.username) == username.strip().lower()))
    if person is None or not person.active or not person.check_password(password):
        return None
    return person


def roles_required(roles: frozenset[str]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Page guard: sign-in first, then 403 for a role outside `roles`."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="api-token")


def issue_token(person: Person) -> tuple[str, datetime]:
    """A signed bearer token for the API and when it expires; no server-side state needed."""
    hours = current_app.config["API_TOKEN_HOURS"]
    return _serializer().dumps({"pid": person.id}), utcnow() + timedelta(hours=hours)


def person_from_token(token: str) -> Person | None:
    """The active person a valid, unexpired token names, or None."""
    try:
        payload = _serializer().loads(token, max_age=current_app.config["API_TOKEN_HOURS"] * 3600)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("pid"), int):
        return None
    return load_person(str(payload["pid"]))
