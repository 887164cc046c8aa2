"""The demo's participants' programme: agreements with three referring bodies, action plans, a follow-up
held, one follow-up due in a few days and one overdue, so the supervisor's start page has something to show."""

from __future__ import annotations

from datetime import datetime, timedelta

from boutique.clock import frozen_at, shop_date
from boutique.models import Person
from boutique.training.agreements import services as agreements
from boutique.training.plans import services as plans

from .training_ratings import NO_CONSENT

# username: referral, contact, hours per week, days before the end the plan was made, days to the follow-up
PARTICIPANTS = {
    "lager": ("employment_service", ("Johan Berg", "010-486 00 00"), 20, 40, 45),   # due in 5 days
    "kassa": ("social_services", ("Eva Lind", "08-508 00 000"), 15, 70, 66),        # 4 days overdue
    "lager2": ("insurance_agency", ("Nadia Karimi", "0771-524 524"), 10, 100, 50),  # followed up, due later
}
GOALS = {
    "lager": ("Ett jobb på ett lager", ["Komma i tid varje dag", "Sortera en säck på egen hand",
                                        "Prissätta med förslaget"]),
    "kassa": ("Arbeta i butik", ["Ta betalt i kassan", "Ge växel rätt", "Hjälpa en kund att hitta"]),
    "lager2": ("Study to become a tailor", ["Work four hours a day", "Sew a repair in the workshop",
                                            "Talk to customers in Swedish"]),
}


def add_training_plans(people: dict[str, Person], end: datetime) -> None:
    """Agreements and plans for the demo's participants, made by the supervisor as if over the last months."""
    supervisor = people["handledare"]
    today = shop_date(end)
    for username, (referral, (contact, phone), hours, made_days_ago, due_after) in PARTICIPANTS.items():
        person = people[username]
        made = end - timedelta(days=made_days_ago)
        with frozen_at(made):
            agreements.save_agreement(person.id, agreements.AgreementTerms(
                minutes_per_week=hours * 60, starts_on=shop_date(made) - timedelta(days=14), referral=referral,
                ends_on=shop_date(made) + timedelta(days=365), referral_contact_name=contact,
                referral_contact_phone=phone, supervisor_id=supervisor.id), by=supervisor,
                consent=username not in NO_CONSENT)
            goal, sub_goals = GOALS[username]
            plan = plans.create_plan(person.id, long_term_goal=goal, sub_goals=sub_goals,
                                     follow_up_on=shop_date(made) + timedelta(days=due_after), by=supervisor)
        if username == "lager2":
            with frozen_at(made + timedelta(days=due_after)):
                plans.record_follow_up(plan.id, plans.FollowUpNotes(
                    notes="Yonas works four hours most days and has mended two jackets.",
                    attendees="Yonas, Maria, Nadia Karimi (insurance agency)", sub_goals_met=(0,),
                    new_sub_goals=("Finish a garment from start to end",),
                    next_follow_up_on=today + timedelta(days=40)), by=supervisor)
