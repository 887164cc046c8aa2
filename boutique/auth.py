"""Sign-in, roles and API tokens."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import ScalarSelect, Select, bindparam, func, select

from .clock import utcnow
from .db import db, use_case
from .errors import DomainError
from .models import Event, Person, record_event

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


@functools.cache
def _person_by_id() -> Select[tuple[Person]]:
    """Built once: every request with a token or a session cookie runs it, and building and
    keying a statement costs more than the indexed lookup itself."""
    return select(Person).where(Person.id == bindparam("person_id"))


@login_manager.user_loader
def load_person(person_id: str) -> Person | None:
    """Flask-Login's loader (and the API token's): an active person by id."""
    person = db.session.scalar(_person_by_id(), {"person_id": int(person_id)}) if person_id.isdigit() else None
    return person if person is not None and person.active else None


SIGN_IN_ATTEMPTS = 5
SIGN_IN_WINDOW = timedelta(minutes=15)


class TooManyAttempts(DomainError):
    """Too many failed sign-ins for this username lately."""

    code = "too_many_attempts"
    status = 429
    default_message = _l("Too many wrong attempts. Wait 15 minutes or ask a supervisor.")


def authenticate(username: str, password: str) -> Person | None:
    """The active person with this username and password, or None; refuses after repeated failures.

    Failures are events in the database, so the limit holds across every app server.
    """
    name = username.strip().lower()[:60]
    since = utcnow() - SIGN_IN_WINDOW
    failures = db.session.scalar(
        select(func.count(Event.id)).where(Event.kind == "signin.failed", Event.at >= since,
                                           Event.station == name)) or 0
    if failures >= SIGN_IN_ATTEMPTS:
        raise TooManyAttempts()
    person = db.session.scalar(select(Person).where(func.lower(Person.username) == name))
    if person is None or not person.active or not person.check_password(password):
        _record_failure(name, person)
        return None
    return person


@use_case
def _record_failure(name: str, person: Person | None) -> None:
    """Remember a failed sign-in (the username goes in `station`, so unknown names count too)."""
    record_event("signin.failed", "person", person.id if person else 0, None, station=name)


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
    """The token serializer, made once per app and secret: every API request verifies a token."""
    secret = current_app.config["SECRET_KEY"]
    made = current_app.extensions.get("api_token_serializer")
    if made is None or made[0] != secret:
        made = current_app.extensions["api_token_serializer"] = (
            secret, URLSafeTimedSerializer(secret, salt="api-token"))
    return made[1]


def issue_token(person: Person) -> tuple[str, datetime]:
    """A signed bearer token for the API and when it expires; no server-side state needed."""
    hours = current_app.config["API_TOKEN_HOURS"]
    return _serializer().dumps({"pid": person.id}), utcnow() + timedelta(hours=hours)


def token_person_id(token: str) -> int | None:
    """The person id a valid, unexpired token carries (the signature is checked; no database), or None."""
    verified = _verified_token(current_app.config["SECRET_KEY"], token)
    if verified is None:
        return None
    person_id, signed_at = verified
    if time.time() - signed_at > current_app.config["API_TOKEN_HOURS"] * 3600:
        return None
    return person_id


@functools.lru_cache(maxsize=1024)
def _verified_token(secret: str, token: str) -> tuple[int, float] | None:
    """The person id and signing time of a token whose signature checks out, else None.

    Kept per secret and token: a counter's token is checked on every scan, and the HMAC costs
    more than the lookup. A signature cannot stop being valid; expiry is checked on each use.
    """
    try:
        payload, signed_at = _serializer().loads(token, return_timestamp=True)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("pid"), int):
        return None
    return payload["pid"], signed_at.timestamp()


def person_from_token(token: str) -> Person | None:
    """The active person a valid, unexpired token names, or None."""
    person_id = token_person_id(token)
    return None if person_id is None else load_person(str(person_id))


@dataclass(frozen=True)
class Caller:
    """Who a request comes from, as far as a read needs to know: an active person's id and role."""

    id: int
    role: str


@functools.cache
def _caller_by_id() -> Select[tuple[int, str]]:
    people = Person.__table__.c
    return select(people.id, people.role).where(people.id == bindparam("person_id"), people.active.is_(True))


def caller_from_token(token: str) -> Caller | None:
    """The active person a valid, unexpired token names, as id and role only, or None.

    The same check as `person_from_token` (one indexed row), without loading a Person object:
    a read that only needs to know who asks pays for the row, not for the object.
    """
    person_id = token_person_id(token)
    if person_id is None:
        return None
    row = db.session.execute(_caller_by_id(), {"person_id": person_id}).first()
    return None if row is None else Caller(row.id, row.role)


@functools.cache
def active_caller_role() -> ScalarSelect[str]:
    """The role of the person the `caller_id` parameter names if they are active, else NULL.

    A column for a hot read to add to its own statement: the token's signature is checked
    without the database, and whether its person may still sign in costs no statement of its own.
    """
    people = Person.__table__.c
    return (select(people.role).where(people.id == bindparam("caller_id"), people.active.is_(True))
            .scalar_subquery())


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a page as open to anyone, signed in or not (the access test reads this mark)."""
    view.allowed_roles = None  # type: ignore[attr-defined]
    return view
