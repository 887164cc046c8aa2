"""Factories of the participants' tests: a participant, their agreement, a plan (imported by the test modules)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from boutique.clock import shop_date, utcnow
from boutique.db import db
from boutique.models import Person
from boutique.services import create_person, create_shop
from tests.conftest import PASSWORD
from boutique.training.agreements import services as agreements
from boutique.training.plans import services as plans
from boutique.training.plans.models import Plan


def today() -> date:
    return shop_date(utcnow())


@pytest.fixture
def participant(make_person: Callable[..., Person]) -> Person:
    """A participant of the test shop (role counter, kind participant)."""
    return make_person("counter", username="deltagare", display_name="Samir", kind="participant")


@pytest.fixture
def other_supervisor(shop: Any) -> Person:
    """A supervisor of another shop."""
    other = create_shop("Andra butiken")
    return create_person("annan", role="supervisor", password=PASSWORD, display_name="Olle", shop_id=other.id)


def terms(**changes: Any) -> agreements.AgreementTerms:
    values: dict[str, Any] = {"minutes_per_week": 20 * 60, "starts_on": today() - timedelta(days=30),
                              "referral": "employment_service"}
    values.update(changes)
    return agreements.AgreementTerms(**values)


@pytest.fixture
def make_plan(supervisor: Person) -> Callable[..., Plan]:
    """A plan with three sub-goals whose follow-up is `due_in` days from today; a date today or past (which
    no plan can be made with) is set afterwards, as if the days had passed."""

    def make(person: Person, due_in: int = 60) -> Plan:
        plan = plans.create_plan(person.id, long_term_goal="Ett jobb i en butik",
                                 sub_goals=["Komma i tid", "Ta betalt i kassan", "Prata med kunder"],
                                 follow_up_on=today() + timedelta(days=max(due_in, 1)), by=supervisor)
        if due_in < 1:
            plan.follow_up_on = today() + timedelta(days=due_in)
            db.session.commit()
        return plan

    return make
