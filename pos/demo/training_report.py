"""Demo participants for the programme report: enough people that its figures are not all "fewer than 5".

The demo shop has three participants of its own; the report hides every group under five, so a
cohort of earlier and current participants is added, some of them exited with an outcome, with
stays in the shop and (where the self-rating has questions) an intake and an exit rating each.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from boutique.db import db
from boutique.models import Person, Shop
from boutique.services import create_person
from boutique.training.agreements.models import Agreement
from boutique.training.attendance.models import Attendance
from boutique.training.ratings.models import RatingQuestion, SelfRating, SelfRatingAnswer

NAMES = ("Amina", "Bashir", "Dawit", "Elin", "Hassan", "Ida", "Jamal", "Karin", "Luul", "Mohammed", "Nour",
         "Omar", "Rahel", "Samir")
REFERRALS = ("employment_service",) * 6 + ("social_services",) * 5 + ("insurance_agency",) * 2 + ("self",)
OUTCOMES = ("work", "studies", "work", "work", "studies", "other_programme", "work", "none", "work", "studies")


def add_training_report_demo(shop: Shop, end: datetime, password: str, seed: int = 23) -> int:
    """Give every participant without one an agreement, and add a cohort of earlier ones; the people added."""
    rng = random.Random(seed)
    today = end.date()
    supervisor = db.session.scalars(select(Person).where(Person.role == "supervisor").limit(1)).first()
    added = [create_person(f"deltagare{n + 1}", role="warehouse", display_name=name, kind="participant",
                           password=password, shop_id=shop.id, demo_password=True)
             for n, name in enumerate(NAMES)]
    participants = db.session.scalars(select(Person).where(Person.kind == "participant")).all()
    with_agreement = set(db.session.scalars(select(Agreement.person_id)))
    questions = db.session.scalars(select(RatingQuestion).where(RatingQuestion.active)).all()
    exits = iter(OUTCOMES)
    for index, person in enumerate(participants):
        if person.id in with_agreement:
            continue
        starts = today - timedelta(days=rng.randint(60, 330))
        # Ten of the cohort have left by now, each with the outcome recorded at exit.
        outcome = next(exits, None) if person in added else None
        exited = min(today - timedelta(days=1), starts + timedelta(days=rng.randint(50, 180))) if outcome else None
        db.session.add(Agreement(
            person_id=person.id, shop_id=shop.id, supervisor_id=supervisor.id if supervisor else None,
            minutes_per_week=rng.choice((600, 900, 1200)), starts_on=starts, ends_on=starts + timedelta(days=182),
            referral=REFERRALS[index % len(REFERRALS)], self_rating_consent=bool(questions),
            consent_on=starts if questions else None, exited_on=exited, outcome=outcome))
        _stays(person, shop, starts, exited or today, rng)
        if questions:
            _rating(person, "intake", starts, questions, rng, lift=0)
            if exited:
                _rating(person, "exit", exited, questions, rng, lift=1)
    db.session.commit()
    return len(added)


def _stays(person: Person, shop: Shop, first: date, last: date, rng: random.Random) -> None:
    """Two or three days a week in the shop, 09:00 to somewhere after 12:00 (shop time, near enough)."""
    day = first
    while day <= last:
        if day.weekday() < 5 and rng.random() < 0.55:
            start = datetime.combine(day, time(8, rng.choice((0, 15, 30))), UTC)
            db.session.add(Attendance(person_id=person.id, shop_id=shop.id, in_at=start,
                                      out_at=start + timedelta(minutes=rng.choice((180, 210, 240, 300)))))
        day += timedelta(days=1)


def _rating(person: Person, occasion: str, day: date, questions: list[RatingQuestion], rng: random.Random,
            lift: int) -> None:
    """A self-rating on `day`; at exit most answers a step or so higher than a typical intake."""
    at = datetime.combine(day, time(10), UTC)
    db.session.add(SelfRating(person_id=person.id, occasion=occasion, at=at, answers=[
        SelfRatingAnswer(question_id=q.id, value=max(1, min(5, rng.choice((2, 2, 3, 3, 4)) + lift * rng.choice(
            (0, 1, 1, 2))))) for q in questions]))
