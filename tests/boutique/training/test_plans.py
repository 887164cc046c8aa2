"""Action plans and follow-ups: three sub-goals, a date ahead, follow-ups that move it on, the due list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from boutique.db import db
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Event
from boutique.training.agreements import services as agreements
from boutique.training.agreements.services import NotAParticipant
from boutique.training.plans import services as plans
from boutique.training.plans.models import Plan

from .plans_fixtures import make_plan, other_supervisor, participant, terms, today  # noqa: F401, F811 (fixtures)


def _create(person, by, **changes):
    values = {"long_term_goal": "Studera till barnskötare", "sub_goals": ["Svenska B", "Komma i tid", "Kassan"],
              "follow_up_on": today() + timedelta(days=45)}
    values.update(changes)
    return plans.create_plan(person.id, by=by, **values)


def test_a_plan_keeps_its_goal_and_sub_goals_in_order(participant, supervisor):
    plan = _create(participant, supervisor, sub_goals=[" Svenska B ", "", "Komma i tid", "Kassan", "Prata"])
    assert plan.long_term_goal == "Studera till barnskötare"
    assert [(g.position, g.text) for g in plans.current_sub_goals(plan)] == [
        (0, "Svenska B"), (1, "Komma i tid"), (2, "Kassan"), (3, "Prata")]
    assert plans.current_plan(participant.id).id == plan.id
    assert db.session.scalar(select(Event.kind).where(Event.kind == "training.plan_created")) is not None


@pytest.mark.parametrize("bad", [{"sub_goals": ["Ett", "Två", "  "]}, {"follow_up_on": today()},
                                 {"follow_up_on": today() - timedelta(days=1)}, {"long_term_goal": " "}])
def test_fewer_than_three_sub_goals_or_a_date_not_ahead_is_refused(participant, supervisor, bad):
    with pytest.raises(ValidationFailed):
        _create(participant, supervisor, **bad)
    db.session.rollback()
    assert db.session.scalar(select(Plan.id)) is None


def test_a_plan_is_for_a_participant_of_ones_own_shop(participant, supervisor, other_supervisor, cashier):
    with pytest.raises(NotAParticipant):
        _create(cashier, supervisor)
    with pytest.raises(Forbidden):
        _create(participant, other_supervisor)


def test_a_follow_up_marks_goals_met_rewords_adds_and_moves_the_date(participant, supervisor):
    plan = _create(participant, supervisor)
    next_on = today() + timedelta(days=60)
    follow_up = plans.record_follow_up(plan.id, plans.FollowUpNotes(
        notes="Går bra", attendees="Samir, Maria, handläggare", sub_goals_met=(1,),
        changed_sub_goals=((0, "Svenska C"), (2, "Kassan")), new_sub_goals=("Öppna kassan",),
        next_follow_up_on=next_on), by=supervisor)
    plan = db.session.get(Plan, plan.id)
    assert plan.follow_up_on == next_on and follow_up.next_follow_up_on == next_on
    standing = [(g.position, g.text, g.met_on) for g in plans.current_sub_goals(plan)]
    assert standing == [(1, "Komma i tid", today()), (2, "Kassan", None), (3, "Svenska C", None),
                        (4, "Öppna kassan", None)]
    replaced = [g for g in plan.sub_goals if g.replaced_by_follow_up_id == follow_up.id]
    assert [g.text for g in replaced] == ["Svenska B"]
    assert plan.follow_ups[0].attendees == "Samir, Maria, handläggare"


def test_a_follow_up_without_a_next_date_is_due_two_months_on(participant, supervisor):
    plan = _create(participant, supervisor)
    plans.record_follow_up(plan.id, plans.FollowUpNotes(notes="Kort möte"), by=supervisor)
    assert db.session.get(Plan, plan.id).follow_up_on == today() + timedelta(days=plans.DEFAULT_NEXT_DAYS)


@pytest.mark.parametrize("bad", [{"sub_goals_met": (7,)}, {"next_follow_up_on": today()},
                                 {"held_on": today() + timedelta(days=1)}])
def test_a_bad_follow_up_changes_nothing(participant, supervisor, bad):
    plan = _create(participant, supervisor)
    due = plan.follow_up_on
    with pytest.raises(ValidationFailed):
        plans.record_follow_up(plan.id, plans.FollowUpNotes(**bad), by=supervisor)
    db.session.rollback()
    plan = db.session.get(Plan, plan.id)
    assert plan.follow_ups == [] and plan.follow_up_on == due


def test_a_follow_up_of_another_shops_participant_is_forbidden(participant, supervisor, other_supervisor):
    plan = _create(participant, supervisor)
    with pytest.raises(Forbidden):
        plans.record_follow_up(plan.id, plans.FollowUpNotes(notes="x"), by=other_supervisor)
    db.session.rollback()
    assert db.session.get(Plan, plan.id).follow_ups == []


def test_the_due_list_has_overdue_first_then_the_next_days_only_in_the_readers_shop(
        participant, supervisor, other_supervisor, make_person, make_plan):
    soon = make_person("counter", display_name="Amina", kind="participant")
    later = make_person("counter", display_name="Bo", kind="participant")
    exited = make_person("counter", display_name="Cilla", kind="participant")
    make_plan(participant, due_in=-3)
    make_plan(soon, due_in=5)
    make_plan(later, due_in=40)
    make_plan(exited, due_in=-10)
    agreements.save_agreement(exited.id, terms(), by=supervisor, exit=(today(), "work"))
    due = plans.follow_ups_due(supervisor)
    assert [(row.person.display_name, row.overdue) for row in due] == [("Samir", True), ("Amina", False)]
    assert [row.person.display_name for row in plans.follow_ups_due(supervisor, 60)] == ["Samir", "Amina", "Bo"]
    assert plans.follow_ups_due(other_supervisor) == []


def test_only_the_current_plan_counts_in_the_due_list(participant, supervisor, make_plan):
    make_plan(participant, due_in=-3)
    make_plan(participant, due_in=50)
    assert plans.follow_ups_due(supervisor) == []


def test_the_advised_range_is_one_to_three_months():
    assert not plans.outside_advised_range(today() + timedelta(days=45))
    assert plans.outside_advised_range(today() + timedelta(days=7))
    assert plans.outside_advised_range(today() + timedelta(days=120))
