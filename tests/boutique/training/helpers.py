"""Small factories for the work-training tests: a participant with an agreement, another shop."""

from __future__ import annotations

from datetime import date
from typing import Any

from boutique.db import db
from boutique.models import Person
from boutique.services import create_person, create_shop
from boutique.training.agreements.models import Agreement
from tests.conftest import PASSWORD, PIN


def give_agreement(person: Person, *, consent: bool = True, starts_on: date = date(2026, 1, 5),
                   exited_on: date | None = None, **values: Any) -> Agreement:
    """An agreement for the person (what the agreements part records), committed."""
    agreement = Agreement(person_id=person.id, shop_id=person.shop_id, minutes_per_week=values.pop("minutes", 1200),
                          starts_on=starts_on, referral=values.pop("referral", "employment_service"),
                          self_rating_consent=consent, consent_on=starts_on if consent else None,
                          exited_on=exited_on, **values)
    db.session.add(agreement)
    db.session.commit()
    return agreement


def person_in_other_shop(role: str, username: str) -> Person:
    """Someone of another shop."""
    other = create_shop("Andra butiken", address="Bortagatan 2")
    return create_person(username, role=role, password=PASSWORD, pin=PIN, shop_id=other.id)
