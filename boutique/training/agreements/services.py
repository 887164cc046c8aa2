"""Participants and their agreements: agreed hours, dates, the referring body, consent, the exit.

Every change is one use case that records an event. Withdrawing consent to the self-rating erases
the person's self-ratings in the same transaction: there is no moment when consent is gone and
the answers are still there.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from boutique.clock import shop_date, utcnow
from boutique.db import MAX_ID, db, use_case
from boutique.errors import DomainError, NotFound, ValidationFailed
from boutique.models import Person, record_event
from boutique.services import shop_of

from .. import access
from ..ratings.services import erase_self_ratings
from .models import MAX_MINUTES_PER_WEEK, OUTCOMES, REFERRALS, Agreement

CARD_CODE_DIGITS = 10  # never 13 like a garment's code, so a scan cannot mistake one for the other


class NotAParticipant(DomainError):
    """Agreements and plans are for people of kind participant."""

    code = "not_a_participant"
    status = 409
    default_message = _l("This person is not a participant. Change their kind under People first.")


class NoAgreement(DomainError):
    """The participant has no agreement yet."""

    code = "no_agreement"
    status = 404
    default_message = _l("There is no agreement for this participant yet.")


def get_person(person_id: int) -> Person:
    """A person by id, or NotFound (404)."""
    person = db.session.get(Person, person_id) if 0 < person_id <= MAX_ID else None
    if person is None:
        raise NotFound(person_id=person_id)
    return person


def readable_person(person_id: int, reader: Person) -> Person:
    """The person whose programme records `reader` wants to read: 404 unknown, 403 not theirs to read."""
    person = get_person(person_id)
    access.require(access.may_read(reader, person))
    return person


def supervised_participant(person_id: int, reader: Person) -> Person:
    """A participant `reader` supervises: 404 unknown, 403 another shop's, 409 not a participant."""
    person = get_person(person_id)
    access.require(access.supervises(reader, person))
    if person.kind != "participant":
        raise NotAParticipant(person_id=person_id)
    return person


def agreement_of(person_id: int) -> Agreement | None:
    """The person's agreement, if any."""
    return db.session.scalar(select(Agreement).where(Agreement.person_id == person_id))


def get_agreement(person_id: int, reader: Person) -> Agreement:
    """The agreement of a person `reader` may read, or NoAgreement."""
    readable_person(person_id, reader)
    agreement = agreement_of(person_id)
    if agreement is None:
        raise NoAgreement(person_id=person_id)
    return agreement


def participants_of(reader: Person) -> list[Person]:
    """The active participants of the reader's shop (every shop for a reader without one), by name."""
    query = select(Person).where(Person.kind == "participant", Person.active.is_(True))
    if reader.shop_id is not None:
        query = query.where(Person.shop_id == reader.shop_id)
    return list(db.session.scalars(query.order_by(func.lower(Person.display_name))))


def possible_supervisors(person: Person) -> list[Person]:
    """Who can be named a participant's supervisor: active supervisors and admins of their shop."""
    query = select(Person).where(Person.active.is_(True), Person.role.in_(access.SUPERVISING_ROLES),
                                 Person.id != person.id)
    if person.shop_id is not None:
        query = query.where((Person.shop_id == person.shop_id) | Person.shop_id.is_(None))
    return list(db.session.scalars(query.order_by(func.lower(Person.display_name))))


@dataclass(frozen=True)
class AgreementTerms:
    """What a supervisor fills in; `None` in the optional fields of a change keeps what is there."""

    minutes_per_week: int
    starts_on: date
    referral: str
    ends_on: date | None = None
    referral_contact_name: str = ""
    referral_contact_phone: str = ""
    supervisor_id: int | None = None


def _check_terms(terms: AgreementTerms, participant: Person) -> None:
    if not 0 <= terms.minutes_per_week <= MAX_MINUTES_PER_WEEK:
        raise ValidationFailed(_l("Hours per week must be between 0 and 60."), field="hours_per_week")
    if terms.referral not in REFERRALS:
        raise ValidationFailed(_l("Choose who referred the participant from the list."), field="referral")
    if terms.ends_on is not None and terms.ends_on < terms.starts_on:
        raise ValidationFailed(_l("The planned end cannot be before the start."), field="ends_on")
    if len(terms.referral_contact_name) > 120 or len(terms.referral_contact_phone) > 40:
        raise ValidationFailed(_l("The contact's name or phone number is too long."), field="referral_contact")
    if terms.supervisor_id is not None:
        supervisor = db.session.get(Person, terms.supervisor_id) if 0 < terms.supervisor_id <= MAX_ID else None
        if supervisor is None or supervisor not in possible_supervisors(participant):
            raise ValidationFailed(_l("The supervisor must be a supervisor of the participant's shop."),
                                   field="supervisor_id")


def new_card_code() -> str:
    """Random digits no other agreement has (the unique column settles a race): a card cannot be made up from an id."""
    while True:
        code = str(secrets.randbelow(9 * 10 ** (CARD_CODE_DIGITS - 1)) + 10 ** (CARD_CODE_DIGITS - 1))
        if db.session.scalar(select(Agreement.id).where(Agreement.card_code == code)) is None:
            return code


@use_case
def save_agreement(person_id: int, terms: AgreementTerms, *, by: Person, consent: bool | None = None,
                   consent_on: date | None = None, exit: tuple[date | None, str | None] | None = None) -> Agreement:
    """Create or change a participant's agreement; `consent` None keeps it, False withdraws it and
    erases the person's self-ratings; `exit` (exited_on, outcome), when given, records the exit."""
    person = supervised_participant(person_id, by)
    _check_terms(terms, person)
    agreement = agreement_of(person.id)
    created = agreement is None
    if agreement is None:
        shop = shop_of(person)
        if shop is None:
            raise ValidationFailed(_l("Create a shop first."), field="shop")
        agreement = Agreement(person_id=person.id, shop_id=shop.id, card_code=new_card_code(),
                              self_rating_consent=False,
                              supervisor_id=by.id if by.role == "supervisor" else None)
        db.session.add(agreement)
    agreement.minutes_per_week = terms.minutes_per_week
    agreement.starts_on = terms.starts_on
    agreement.ends_on = terms.ends_on
    agreement.referral = terms.referral
    agreement.referral_contact_name = terms.referral_contact_name.strip()
    agreement.referral_contact_phone = terms.referral_contact_phone.strip()
    if terms.supervisor_id is not None:
        agreement.supervisor_id = terms.supervisor_id
    db.session.flush()
    record_event("training.agreement_created" if created else "training.agreement_changed", "person", person.id,
                 by, shop_id=agreement.shop_id, minutes_per_week=agreement.minutes_per_week,
                 referral=agreement.referral)
    if consent is not None:
        _set_consent(agreement, consent, consent_on, by)
    if exit is not None:
        record_exit(person.id, exited_on=exit[0], outcome=exit[1], by=by)
    return agreement


def _set_consent(agreement: Agreement, consent: bool, consent_on: date | None, by: Person) -> None:
    """Give or withdraw consent to the self-rating (inside the caller's use case)."""
    if consent == agreement.self_rating_consent and (not consent or consent_on in (None, agreement.consent_on)):
        return
    today = shop_date(utcnow())
    if consent:
        when = consent_on or today
        if when > today:
            raise ValidationFailed(_l("Consent cannot be dated in the future."), field="consent")
        agreement.self_rating_consent, agreement.consent_on = True, when
        record_event("training.consent_given", "person", agreement.person_id, by, shop_id=agreement.shop_id,
                     on=when.isoformat())
        return
    agreement.self_rating_consent, agreement.consent_on = False, None
    person_id, shop_id = agreement.person_id, agreement.shop_id
    db.session.flush()
    erased = erase_self_ratings(person_id)
    record_event("training.consent_withdrawn", "person", person_id, by, shop_id=shop_id,
                 on=today.isoformat(), self_ratings_erased=erased)


@use_case
def set_consent(person_id: int, consent: bool, *, by: Person, consent_on: date | None = None) -> Agreement:
    """Give or withdraw a participant's consent to the self-rating; withdrawing erases their self-ratings."""
    supervised_participant(person_id, by)
    agreement = agreement_of(person_id)
    if agreement is None:
        raise NoAgreement(person_id=person_id)
    _set_consent(agreement, consent, consent_on, by)
    return agreement


@use_case
def record_exit(person_id: int, *, exited_on: date | None, outcome: str | None, by: Person) -> Agreement:
    """Record (or undo, with `exited_on` None) the end of a participation and what the person went on to."""
    supervised_participant(person_id, by)
    agreement = agreement_of(person_id)
    if agreement is None:
        raise NoAgreement(person_id=person_id)
    if exited_on is None:
        if agreement.exited_on is not None:
            agreement.exited_on, agreement.outcome = None, None
            record_event("training.exit_undone", "person", person_id, by, shop_id=agreement.shop_id)
        return agreement
    outcome = outcome or "unknown"
    if outcome not in OUTCOMES:
        raise ValidationFailed(_l("Choose the outcome from the list."), field="outcome")
    if exited_on < agreement.starts_on:
        raise ValidationFailed(_l("The exit cannot be before the start."), field="exited_on")
    if exited_on > shop_date(utcnow()):
        raise ValidationFailed(_l("The exit cannot be in the future."), field="exited_on")
    if (agreement.exited_on, agreement.outcome) != (exited_on, outcome):
        agreement.exited_on, agreement.outcome = exited_on, outcome
        record_event("training.exited", "person", person_id, by, shop_id=agreement.shop_id,
                     on=exited_on.isoformat(), outcome=outcome)
    return agreement
