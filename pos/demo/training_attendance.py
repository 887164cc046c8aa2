"""Demo data for attendance: four weeks of check-ins and check-outs for the demo's participants, with
absences and their reasons, a check-in the closing time closed (flagged for the supervisor), a
correction, and the personal card code of every participant who has an agreement.

Written through the use cases at the moments they happened (`frozen_at`), so events, corrections and
flags are what the shop would have. Run after the people (and any agreements) exist.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from boutique.clock import SHOP_TZ, frozen_at, shop_date
from boutique.db import db, use_case
from boutique.models import Person, Shop
from boutique.training.attendance import services as attendance

WEEKS = 4


def _at(day: date, hours: int, minutes: int = 0) -> datetime:
    """A moment on the shop's clock that day."""
    return datetime.combine(day, time(hours, minutes), SHOP_TZ).astimezone(UTC)


def load_attendance(shop: Shop, end: datetime, seed: int = 23) -> int:
    """Four weeks of attendance up to `end` for the shop's participants; the number of stays made."""
    rng = random.Random(seed)
    supervisor = db.session.scalar(select(Person).where(Person.role == "supervisor", Person.shop_id == shop.id)
                                   .order_by(Person.id).limit(1))
    people = attendance.participants(shop.id)
    if supervisor is None or not people:
        return 0
    today = shop_date(end)
    made = 0
    for number, person in enumerate(people):
        forgot, corrected = number != 0, number != 1  # one forgets to check out, one gets a correction
        for offset in range(WEEKS * 7, 0, -1):
            day = today - timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            if rng.random() < 0.12:
                with frozen_at(_at(day, 9, 30)):
                    attendance.record_absence(person.id, on=day, reason=rng.choice(("sick", "sick", "leave", "other")),
                                              by=supervisor)
                continue
            start = _at(day, 8, 40) + timedelta(minutes=rng.randrange(40))
            with frozen_at(start):
                attendance.check_in(person.id, by=person, station="kiosk" if number % 2 else "page")
            made += 1
            if not forgot and offset <= 5:  # forgot to check out: the closing time closes it
                forgot = True
                with frozen_at(_at(day, 23, 0)):
                    attendance.close_open_stays()
                continue
            with frozen_at(_at(day, 14 + rng.randrange(2), rng.randrange(60))):
                stay = attendance.check_out(person.id, by=person)
            if not corrected and offset <= 10:  # left early, checked out late: the supervisor corrects it
                corrected = True
                with frozen_at(_at(day, 16, 30)):
                    attendance.correct_stay(stay.id, in_at=stay.in_at, out_at=_at(day, 13, 0),
                                            reason="Gick hem tidigare, glömde checka ut", by=supervisor)
    if time(9, 0) <= end.astimezone(SHOP_TZ).time() < time(17, 0):
        with frozen_at(_at(today, 9, 0)):  # someone is in right now, for the kiosk
            attendance.check_in(people[0].id, by=people[0], station="kiosk")
    _card_codes([person.id for person in people])
    return made


@use_case
def _card_codes(person_ids: Iterable[int]) -> None:
    """A card code for every participant with an agreement, so the kiosk's cards can be printed."""
    for person_id in person_ids:
        agreement = attendance.agreement_of(person_id)
        if agreement is not None:
            attendance.ensure_card_code(agreement)
