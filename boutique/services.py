"""Use cases of the core: shops, tills and people."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .db import db, use_case
from .errors import ValidationFailed
from .models import LANGUAGES, PERSON_KINDS, ROLES, Person, Shop, Till, record_event


@use_case
def create_shop(name: str, *, org_no: str = "", address: str = "", by: Person | None = None) -> Shop:
    """Create a shop with its first till, "Kassa 1"."""
    if not name.strip():
        raise ValidationFailed(_l("The shop needs a name."), field="name")
    shop = Shop(name=name.strip(), org_no=org_no.strip(), address=address.strip())
    shop.tills.append(Till(name="Kassa 1"))
    db.session.add(shop)
    db.session.flush()
    record_event("shop.created", "shop", shop.id, by, shop_id=shop.id, name=shop.name)
    return shop


@use_case
def create_person(
    username: str,
    *,
    role: str,
    password: str,
    display_name: str | None = None,
    kind: str = "staff",
    language: str = "sv",
    pin: str | None = None,
    shop_id: int | None = None,
    by: Person | None = None,
) -> Person:
    """Create a person who can sign in with the given role."""
    username = username.strip()
    if not username:
        raise ValidationFailed(_l("A username is needed."), field="username")
    if role not in ROLES:
        raise ValidationFailed(_l("Unknown role."), field="role")
    if kind not in PERSON_KINDS:
        raise ValidationFailed(_l("Unknown kind of person."), field="kind")
    if language not in LANGUAGES:
        raise ValidationFailed(_l("Unknown language."), field="language")
    if len(password) < 4:
        raise ValidationFailed(_l("The password must have at least 4 characters."), field="password")
    taken = db.session.scalar(select(Person.id).where(func.lower(Person.username) == username.lower()))
    if taken is not None:
        raise ValidationFailed(_l("That username is taken."), field="username")
    method = current_app.config["PASSWORD_HASH_METHOD"]
    person = Person(username=username, display_name=(display_name or username).strip(), role=role,
                    kind=kind, language=language, shop_id=shop_id)
    person.set_password(password, method=method)
    if pin:
        from werkzeug.security import generate_password_hash

        person.pin_hash = generate_password_hash(pin, method=method)
    db.session.add(person)
    db.session.flush()
    record_event("person.created", "person", person.id, by, role=role, person_kind=kind)
    return person


@use_case
def set_language(person: Person, language: str) -> None:
    """Remember a person's interface language."""
    if language not in LANGUAGES:
        raise ValidationFailed(_l("Unknown language."), field="language")
    person.language = language
    record_event("person.language", "person", person.id, person, language=language)


def list_shops() -> list[Shop]:
    """Every shop, by name."""
    return list(db.session.scalars(select(Shop).order_by(Shop.name)))


def get_till(till_id: int) -> Till | None:
    """A till by id."""
    return db.session.get(Till, till_id)


def shop_of(person: Person) -> Shop | None:
    """The shop a person works in: their own, else the first one."""
    if person.shop_id is not None:
        return db.session.get(Shop, person.shop_id)
    return db.session.scalar(select(Shop).order_by(Shop.id).limit(1))
