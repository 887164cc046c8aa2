"""The participants' pages: the list, a participant's page, the agreement, a plan, a follow-up, My plan, home."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from boutique.db import db
from boutique.training.agreements import services as agreements
from boutique.training.plans import services as plans
from boutique.training.plans.models import FollowUp, Plan

from .plans_fixtures import make_plan, other_supervisor, participant, terms, today  # noqa: F401, F811 (fixtures)


def test_the_supervisor_lists_participants_and_opens_one(login, participant, supervisor, make_plan):
    agreements.save_agreement(participant.id, terms(referral="social_services"), by=supervisor)
    make_plan(participant, due_in=-1)
    page = login(supervisor).get("/participants").get_data(as_text=True)
    assert "Samir" in page and "Socialtjänsten" in page and "försenad" in page
    page = login(supervisor).get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "Ett jobb i en butik" in page and "Ta betalt i kassan" in page
    assert f"/participants/{participant.id}/agreement" in page and "Registrera en uppföljning" in page


def test_the_agreement_form_saves_hours_with_a_comma(login, participant, supervisor):
    client = login(supervisor)
    assert client.get(f"/participants/{participant.id}/agreement").status_code == 200
    response = client.post(f"/participants/{participant.id}/agreement", data={
        "hours_per_week": "12,5", "starts_on": today().isoformat(), "referral": "self",
        "referral_contact_name": "", "supervisor_id": str(supervisor.id), "self_rating_consent": "y"})
    assert response.status_code == 302
    agreement = agreements.agreement_of(participant.id)
    assert agreement.minutes_per_week == 750 and agreement.self_rating_consent and agreement.referral == "self"
    bad = client.post(f"/participants/{participant.id}/agreement", data={
        "hours_per_week": "70", "starts_on": today().isoformat(), "referral": "self"})
    assert bad.status_code == 422 and agreements.agreement_of(participant.id).minutes_per_week == 750


def test_a_new_plan_needs_three_sub_goals_and_warns_about_a_date_too_soon(login, participant, supervisor):
    client = login(supervisor)
    form = client.get(f"/participants/{participant.id}/plans/new").get_data(as_text=True)
    assert form.count('name="sub_goal"') >= 3
    data = {"long_term_goal": "Jobba i butik", "sub_goal": ["Ett", "Två"],
            "follow_up_on": (today() + timedelta(days=45)).isoformat()}
    too_few = client.post(f"/participants/{participant.id}/plans/new", data=data)
    assert too_few.status_code == 422 and "minst tre delmål" in too_few.get_data(as_text=True)
    assert db.session.scalar(select(Plan.id)) is None
    soon = data | {"sub_goal": ["Ett", "Två", "Tre"], "follow_up_on": (today() + timedelta(days=7)).isoformat()}
    warned = client.post(f"/participants/{participant.id}/plans/new", data=soon)
    assert warned.status_code == 200 and "inte en till tre månader" in warned.get_data(as_text=True)
    assert db.session.scalar(select(Plan.id)) is None
    kept = client.post(f"/participants/{participant.id}/plans/new", data=soon | {"keep_date": "y"})
    assert kept.status_code == 302
    assert plans.current_plan(participant.id).follow_up_on == today() + timedelta(days=7)


def test_a_follow_up_in_the_page_ticks_goals_and_moves_the_date(login, participant, supervisor, make_plan):
    plan = make_plan(participant, due_in=3)
    client = login(supervisor)
    page = client.get(f"/plans/{plan.id}/follow-up").get_data(as_text=True)
    assert 'name="met"' in page and "Komma i tid" in page
    assert 'value="Samir, Maria"' in page  # who met: the participant and the supervisor, to begin with
    next_on = today() + timedelta(days=50)
    response = client.post(f"/plans/{plan.id}/follow-up", data={
        "held_on": today().isoformat(), "attendees": "Samir, Maria", "notes": "Bra jobbat",
        "met": ["0"], "goal_0": "Komma i tid", "goal_1": "Ta betalt i kassan", "goal_2": "Prata med kunder",
        "new_sub_goal": ["Öppna kassan", ""], "next_follow_up_on": next_on.isoformat()})
    assert response.status_code == 302
    plan = db.session.get(Plan, plan.id)
    assert plan.follow_up_on == next_on and plan.sub_goals[0].met_on == today()
    assert [g.text for g in plans.current_sub_goals(plan)][-1] == "Öppna kassan"
    page = client.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "Bra jobbat" in page


def test_another_shops_supervisor_and_a_colleague_cannot_reach_the_pages(login, client, participant, supervisor,
                                                                         other_supervisor, cashier, make_plan):
    plan = make_plan(participant)
    login(other_supervisor)
    assert client.get(f"/participants/{participant.id}").status_code == 403
    assert client.post(f"/plans/{plan.id}/follow-up", data={"held_on": today().isoformat(),
                       "next_follow_up_on": (today() + timedelta(days=40)).isoformat()}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 0
    client.post("/logout")
    login(cashier)
    assert client.get(f"/participants/{participant.id}").status_code == 403
    assert client.get("/participants").status_code == 403


def test_the_participant_sees_my_plan_with_met_goals(login, participant, supervisor, make_plan):
    plan = make_plan(participant)
    plans.record_follow_up(plan.id, plans.FollowUpNotes(sub_goals_met=(1,)), by=supervisor)
    client = login(participant)
    home = client.get("/").get_data(as_text=True)
    assert "/my-plan" in home and "Uppföljningar att göra" not in home
    page = client.get("/my-plan").get_data(as_text=True)
    assert "Ett jobb i en butik" in page and "Uppnått" in page and "check.svg" in page


def test_the_start_page_lists_follow_ups_due_with_overdue_first_in_red(login, participant, supervisor,
                                                                       make_person, make_plan):
    later = make_person("counter", display_name="Amina", kind="participant")
    make_plan(later, due_in=6)
    make_plan(participant, due_in=-4)
    page = login(supervisor).get("/").get_data(as_text=True)
    block = page[page.index("Uppföljningar att göra"):]
    assert block.index("Samir") < block.index("Amina")
    assert '<li class="overdue">' in block and block.count('<li class="overdue">') == 1
