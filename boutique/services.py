"""Use cases of the core: shops, tills and people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from .db import MAX_ID, db, use_case
from .errors import Forbidden, ValidationFailed
from .models import (
    LANGUAGES,
    PERSON_KINDS,
    ROLES,
    VAT_MODES,
    Cohort,
    Event,
    Person,
    Shop,
    Till,
    next_counter_value,
    record_event,
)


class KeepCohort:
    """`update_person(cohort_id=KEEP_COHORT)`: leave the person's cohort as it is."""


KEEP_COHORT = KeepCohort()


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
    demo_password: bool = False,
) -> Person:
    """Create a person who can sign in with the given role.

    Passwords have at least 8 characters; only the demo's people (`demo_password=True`) may
    have the short, documented demo password.
    """
    username = username.strip()
    if not username:
        raise ValidationFailed(_l("A username is needed."), field="username")
    if role not in ROLES:
        raise ValidationFailed(_l("Unknown role."), field="role")
    if kind not in PERSON_KINDS:
        raise ValidationFailed(_l("Unknown kind of person."), field="kind")
    if language not in LANGUAGES:
        raise ValidationFailed(_l("Unknown language."), field="language")
    if not demo_password:
        _check_password(password)
    taken = db.session.scalar(select(Person.id).where(func.lower(Person.username) == username.lower()))
    if taken is not None:
        raise ValidationFailed(_l("That username is taken."), field="username")
    method = current_app.config["PASSWORD_HASH_METHOD"]
    person = Person(username=username, display_name=(display_name or username).strip(), role=role,
                    kind=kind, language=language, shop_id=shop_id)
    person.set_password(password, method=method)
    if pin:
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


def shop_exists(shop_id: int) -> bool:
    """True when a shop has this id (an id too large for the database is no shop)."""
    return 0 < shop_id <= MAX_ID and db.session.get(Shop, shop_id) is not None


def shop_of(person: Person) -> Shop | None:
    """The shop a person works in: their own, else the first one."""
    if person.shop_id is not None:
        return db.session.get(Shop, person.shop_id)
    return db.session.scalar(select(Shop).order_by(Shop.id).limit(1))


# Who may give which role: supervisors manage the people of the shop floor; only an admin
# makes supervisors and admins.
ROLES_A_ROLE_MAY_GIVE = {
    "admin": set(ROLES),
    "supervisor": {"warehouse", "counter", "designer"},
}


def may_manage(actor: Person, role: str) -> bool:
    """True when `actor` may create or change a person with `role`."""
    return role in ROLES_A_ROLE_MAY_GIVE.get(actor.role, set())


@use_case
def update_person(
    person_id: int,
    *,
    by: Person,
    display_name: str,
    role: str,
    kind: str,
    language: str,
    active: bool,
    password: str | None = None,
    pin: str | None = None,
    cohort_id: int | None | KeepCohort = KEEP_COHORT,
) -> Person:
    """Change a person's name, role, kind, language, cohort or access; reset password or PIN."""
    person = db.session.get(Person, person_id)
    if person is None:
        raise ValidationFailed(_l("No such person."), field="person")
    if not (may_manage(by, person.role) and may_manage(by, role)):
        raise Forbidden(_l("Your role may not change this person."))
    if role not in ROLES or kind not in PERSON_KINDS or language not in LANGUAGES:
        raise ValidationFailed(_l("Choose a role, a kind and a language from the lists."), field="role")
    if not display_name.strip():
        raise ValidationFailed(_l("The display name cannot be empty."), field="display_name")
    if person.id == by.id and (not active or role != by.role):
        raise ValidationFailed(_l("You cannot lock yourself out or change your own role."), field="role")
    changes = {k: v for k, v in (("display_name", display_name.strip()), ("role", role), ("kind", kind),
                                 ("language", language), ("active", active)) if getattr(person, k) != v}
    if not isinstance(cohort_id, KeepCohort) and cohort_id != person.cohort_id:
        if cohort_id is not None and db.session.get(Cohort, cohort_id) is None:
            raise ValidationFailed(_l("Unknown cohort."), field="cohort")
        changes["cohort_id"] = cohort_id
    for key, value in changes.items():
        setattr(person, key, value)
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if password:
        _check_password(password)
        person.set_password(password, method=method)
        changes["password"] = "reset"
    if pin:
        _check_pin(pin)
        person.pin_hash = generate_password_hash(pin, method=method)
        changes["pin"] = "reset"
    record_event("person.changed", "person", person.id, by, changes={k: str(v) for k, v in changes.items()})
    return person


@use_case
def create_cohort(name: str, *, teacher_id: int | None, by: Person) -> Cohort:
    """A course of students and the teacher who follows their pieces."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_l("Give the cohort a name."), field="name")
    if db.session.scalar(select(Cohort.id).where(Cohort.name == name)) is not None:
        raise ValidationFailed(_l("A cohort with that name exists already."), field="name")
    if teacher_id is not None and db.session.get(Person, teacher_id) is None:
        raise ValidationFailed(_l("No such person."), field="teacher")
    cohort = Cohort(name=name[:80], teacher_id=teacher_id)
    db.session.add(cohort)
    db.session.flush()
    record_event("cohort.created", "cohort", cohort.id, by, name=cohort.name, teacher_id=teacher_id)
    return cohort


def cohort_sizes() -> dict[int, int]:
    """How many people each cohort has, by cohort id."""
    return dict(db.session.execute(select(Person.cohort_id, func.count(Person.id))
                                   .where(Person.cohort_id.is_not(None)).group_by(Person.cohort_id)).all())


def list_cohorts() -> list[Cohort]:
    """Every cohort, the active ones first."""
    return list(db.session.scalars(select(Cohort).order_by(Cohort.active.desc(), Cohort.name)))


@use_case
def update_profile(person: Person, *, display_name: str, language: str, large_text: bool) -> Person:
    """A person's own choices: the name others see, the language, larger text."""
    if not display_name.strip():
        raise ValidationFailed(_l("The display name cannot be empty."), field="display_name")
    if language not in LANGUAGES:
        raise ValidationFailed(_l("Unknown language."), field="language")
    person.display_name = display_name.strip()[:80]
    person.language = language
    record_event("person.profile", "person", person.id, person, language=language, large_text=large_text)
    return person


@use_case
def change_own_secret(person: Person, *, current_password: str, new_password: str = "", new_pin: str = "") -> None:
    """Change one's own password and/or PIN after confirming the current password."""
    if not person.check_password(current_password):
        raise ValidationFailed(_l("The current password is wrong."), field="current_password")
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if new_password:
        _check_password(new_password)
        person.set_password(new_password, method=method)
    if new_pin:
        _check_pin(new_pin)
        person.pin_hash = generate_password_hash(new_pin, method=method)
    record_event("person.secret", "person", person.id, person, password=bool(new_password), pin=bool(new_pin))


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise ValidationFailed(_l("The password must have at least 8 characters."), field="password")


def _check_pin(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationFailed(_l("A PIN is 4 to 8 digits."), field="pin")


@use_case
def update_shop(shop_id: int, *, by: Person, name: str, org_no: str, address: str, vat_mode: str,
                swish_number: str) -> Shop:
    """Change what receipts say about the shop, its VAT mode and its Swish number."""
    shop = db.session.get(Shop, shop_id)
    if shop is None:
        raise ValidationFailed(_l("Unknown shop."), field="shop")
    if vat_mode not in VAT_MODES:
        raise ValidationFailed(_l("Unknown VAT mode."), field="vat_mode")
    if not name.strip():
        raise ValidationFailed(_l("The shop needs a name."), field="name")
    digits = swish_number.replace(" ", "").replace("-", "")
    if digits and not (digits.isdigit() and len(digits) == 10):
        raise ValidationFailed(_l("A Swish number has 10 digits, for example 123 456 78 90."), field="swish_number")
    shop.name, shop.org_no, shop.address = name.strip(), org_no.strip(), address.strip()
    shop.vat_mode, shop.swish_number = vat_mode, digits
    record_event("shop.changed", "shop", shop.id, by, shop_id=shop.id, vat_mode=vat_mode)
    return shop


@use_case
def add_till(shop_id: int, *, name: str, by: Person) -> Till:
    """Add a till to a shop."""
    if db.session.get(Shop, shop_id) is None:
        raise ValidationFailed(_l("Unknown shop."), field="shop")
    if not name.strip():
        raise ValidationFailed(_l("The till needs a name."), field="name")
    till = Till(shop_id=shop_id, name=name.strip()[:60])
    db.session.add(till)
    db.session.flush()
    record_event("till.added", "till", till.id, by, shop_id=shop_id, name=till.name)
    return till


def list_people() -> list[Person]:
    """Everyone, active first, by name."""
    return list(db.session.scalars(select(Person).order_by(Person.active.desc(), Person.display_name)))


@dataclass(frozen=True)
class PersonalData:
    """What a package keeps about a person outside the people table and the events' ids.

    `export(person)`: that data for a data-access request, under `name` in the export.
    `forget(person)`: remove it or put the person's pseudonym in its place, when they are
    pseudonymised (called after the person row has its pseudonym).
    """

    name: str
    export: Callable[[Person], object]
    forget: Callable[[Person], None]


# Each package adds its own (the workshop: the names designers are credited with), so the export
# and pseudonymising cover it without this package importing theirs.
PERSONAL_DATA: list[PersonalData] = []


def export_person(person_id: int) -> dict[str, object]:
    """Everything the system holds about one person, for a data-access request (GDPR art. 15)."""
    person = db.session.get(Person, person_id)
    if person is None:
        raise ValidationFailed(_l("No such person."), field="person")
    events = db.session.scalars(select(Event).where(Event.person_id == person.id).order_by(Event.id))
    return {
        "person": {"id": person.id, "username": person.username, "display_name": person.display_name,
                   "role": person.role, "kind": person.kind, "language": person.language,
                   "active": person.active, "created_at": person.created_at.isoformat()},
        "work": [{"at": e.at.isoformat(), "event": e.kind, "subject": f"{e.subject_type}/{e.subject_id}",
                  "data": e.data} for e in events],
        **{data.name: data.export(person) for data in PERSONAL_DATA},
    }


@use_case
def pseudonymise_person(person_id: int, *, by: Person) -> Person:
    """Erase a person's identity on request; their sales, events and the journal stay intact.

    The journal and events refer to people by id only, so replacing the name and username
    keeps every total and the hash chains valid while nothing identifies the person. Where an
    event copied a name (a change of display name, the username typed at a failed sign-in) or
    another package keeps one (`PERSONAL_DATA`), the pseudonym replaces it too.
    """
    person = db.session.get(Person, person_id)
    if person is None:
        raise ValidationFailed(_l("No such person."), field="person")
    if not may_manage(by, person.role) or person.id == by.id:
        raise Forbidden(_l("Your role may not change this person."))
    person.username = f"removed-{person.id}"
    person.display_name = str(_l("Former participant %(id)s", id=person.id))
    person.password_hash = ""
    person.pin_hash = ""
    person.active = False
    _forget_names_in_own_events(person)
    for data in PERSONAL_DATA:
        data.forget(person)
    record_event("person.pseudonymised", "person", person.id, by)
    return person


def _forget_names_in_own_events(person: Person) -> None:
    """The events about the person that copied a name they had: display-name changes, failed sign-ins."""
    about = select(Event).where(Event.subject_type == "person", Event.subject_id == person.id,
                                Event.kind.in_(("person.changed", "signin.failed")))
    for event in db.session.scalars(about):
        if event.kind == "signin.failed":  # the username typed is kept in `station`
            event.station = person.username
            continue
        changes = (event.data or {}).get("changes")
        if isinstance(changes, dict) and "display_name" in changes:
            event.data = {**event.data, "changes": {**changes, "display_name": person.display_name}}


# What a new shop starts with besides its admin, added by the parts that own it (the work training's
# default skills ladder and self-rating questions, which the shop then edits): each is called with
# `by=` the first admin, inside the set-up's transaction.
FIRST_RUN_SEEDS: list[Callable[..., object]] = []


def needs_setup() -> bool:
    """True while nobody can sign in: a new shop's first start."""
    return db.session.scalar(select(Person.id).limit(1)) is None


@use_case
def first_run_setup(*, username: str, display_name: str, password: str, shop_name: str, org_no: str = "",
                    address: str = "") -> Person:
    """Create the first admin (and the first shop) on an empty database; only ever once."""
    # The counter settles two browsers submitting the set-up form at the same moment.
    if not needs_setup() or next_counter_value("first_run_setup") != 1:
        raise Forbidden(_l("The system is already set up. Sign in instead."))
    _check_password(password)
    shop = db.session.scalar(select(Shop).order_by(Shop.id).limit(1))
    if shop is None:
        shop = create_shop(shop_name, org_no=org_no, address=address)
    person = create_person(username, role="admin", password=password, display_name=display_name, shop_id=shop.id)
    for seed in FIRST_RUN_SEEDS:
        seed(by=person)
    return person
