"""The demo shows the skills ladder and the self-rating with content."""

from __future__ import annotations

from sqlalchemy import select

from boutique.db import db
from boutique.models import Person
from boutique.training.ratings.models import SelfRating
from boutique.training.skills.services import signed_off


def test_the_demo_signs_off_skills_and_rates_only_those_who_consented(runner):
    result = runner.invoke(args=["demo", "--days", "120"])
    assert result.exit_code == 0, result.output
    people = {p.username: p for p in db.session.scalars(select(Person))}
    assert [s.skill.key for s in signed_off(people["kassa"].id)][:2] == ["serve_customer", "cash_and_change"]
    occasions = {username: [r.occasion for r in db.session.scalars(
        select(SelfRating).where(SelfRating.person_id == people[username].id).order_by(SelfRating.at))]
        for username in ("lager", "kassa", "lager2")}
    # Lager's agreement began 54 days before the demo's end: no follow-up yet; lager2 did not consent.
    assert occasions == {"lager": ["intake"], "kassa": ["intake", "follow_up"], "lager2": []}
