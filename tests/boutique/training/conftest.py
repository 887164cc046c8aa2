"""Fixtures of the work-training tests: participants and their agreements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from boutique.db import db
from boutique.models import Person
from boutique.training.agreements.models import Agreement


@pytest.fixture
def participant(make_person: Callable[..., Person]) -> Person:
    return make_person("warehouse", username="deltagare", display_name="Ahmed", kind="participant")


@pytest.fixture
def make_agreement() -> Callable[..., Agreement]:
    """An agreement for a participant: 20 hours a week from 1 January 2026 unless told otherwise."""

    def make(person: Person, **kwargs: Any) -> Agreement:
        values: dict[str, Any] = {"minutes_per_week": 20 * 60, "starts_on": date(2026, 1, 1),
                                  "referral": "employment_service"}
        values.update(kwargs)
        agreement = Agreement(person_id=person.id, shop_id=person.shop_id, **values)
        db.session.add(agreement)
        db.session.commit()
        return agreement

    return make
