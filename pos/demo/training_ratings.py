"""Demo data for the skills ladder and the self-rating: the default ladder and questions, skills
signed off for the demo participants, and intake and follow-up ratings for those who consented."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from boutique.clock import frozen_at, shop_date
from boutique.db import db
from boutique.models import Person, Shop
from boutique.training.agreements.models import Agreement
from boutique.training.ratings import services as ratings
from boutique.training.skills import services as skills

# Skills each demo participant has been signed off on, by username (the others have the default).
SIGNED = {"lager": ("sort_by_category", "judge_quality", "price_with_suggestion"),
          "kassa": ("serve_customer", "cash_and_change", "do_return", "open_close_till"),
          "lager2": ("sort_by_category",)}
DEFAULT_SIGNED = ("sort_by_category",)
# Who does not take part in the self-rating, so the page without consent has someone to show.
NO_CONSENT = frozenset({"lager2"})


def add_training_ratings(shop: Shop, start: datetime, end: datetime, seed: int = 23) -> None:
    """Ladder, sign-offs and ratings for the shop's participants over the demo's period."""
    rng = random.Random(seed)
    with frozen_at(start):
        skills.seed_default_skills()
        ratings.seed_default_questions()
    supervisor = db.session.scalar(select(Person).where(Person.shop_id == shop.id, Person.role == "supervisor",
                                                        Person.active.is_(True)).order_by(Person.id))
    participants = list(db.session.scalars(select(Person).where(
        Person.shop_id == shop.id, Person.kind == "participant", Person.active.is_(True)).order_by(Person.id)))
    by_key = {s.key: s for s in skills.skills()}
    for person in participants:
        agreement = _agreement(person, shop, start)
        agreed = datetime.combine(agreement.starts_on, datetime.min.time(), start.tzinfo)
        began = max(start, agreed + timedelta(hours=9))
        if supervisor is not None:
            for step, key in enumerate(SIGNED.get(person.username, DEFAULT_SIGNED), start=1):
                moment = began + timedelta(days=30 * step + rng.randint(0, 9))
                if key in by_key and moment < end:
                    with frozen_at(moment):
                        skills.sign_off(person.id, by_key[key].id, on=shop_date(moment), by=supervisor)
        if not agreement.self_rating_consent:
            continue
        keys = [q.key for q in ratings.questions()]
        intake = {key: rng.randint(1, 3) for key in keys}
        with frozen_at(began + timedelta(hours=1)):
            ratings.record_self_rating(person.id, occasion="intake", answers=intake, by=person)
        follow_up_at = began + timedelta(days=60, hours=2)
        if follow_up_at < end:
            better = {key: min(5, value + rng.choice((0, 1, 1, 2))) for key, value in intake.items()}
            with frozen_at(follow_up_at):
                ratings.record_self_rating(person.id, occasion="follow_up", answers=better, by=person)


def _agreement(person: Person, shop: Shop, start: datetime) -> Agreement:
    """The participant's agreement; made here (with consent, as most give it) when the demo has none yet."""
    agreement = db.session.scalar(select(Agreement).where(Agreement.person_id == person.id))
    if agreement is None:
        consent = person.username not in NO_CONSENT
        agreement = Agreement(person_id=person.id, shop_id=shop.id, minutes_per_week=20 * 60,
                              starts_on=shop_date(start), referral="employment_service",
                              self_rating_consent=consent, consent_on=shop_date(start) if consent else None)
        db.session.add(agreement)
        db.session.commit()
    return agreement
