"""The demo's participants: agreements from three referring bodies, plans, one follow-up held, one due soon, one overdue."""

from __future__ import annotations

from boutique.clock import utcnow
from boutique.training.agreements import services as agreements
from boutique.training.plans import services as plans
from pos.demo.training_plans import PARTICIPANTS, add_training_plans


def test_the_demo_shows_a_follow_up_due_soon_and_one_overdue(make_person, supervisor):
    people = {"handledare": supervisor}
    people |= {username: make_person("warehouse", username=username, display_name=username, kind="participant")
               for username in PARTICIPANTS}
    add_training_plans(people, utcnow())
    referrals = {agreements.agreement_of(people[u].id).referral for u in PARTICIPANTS}
    assert referrals == {"employment_service", "social_services", "insurance_agency"}
    due = plans.follow_ups_due(supervisor)
    assert [(row.person.username, row.overdue) for row in due] == [("kassa", True), ("lager", False)]
    followed = plans.current_plan(people["lager2"].id)
    assert len(followed.follow_ups) == 1 and followed.sub_goals[0].met_on is not None
