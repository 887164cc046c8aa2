"""A participant's "My work": sorting, the till, the workshop, attendance, valuations; for them and their supervisor."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pypdfium2
import pytest

from boutique.clock import frozen_at, shop_date
from boutique.db import db
from boutique.errors import Forbidden, ValidationFailed
from boutique.services import create_person, create_shop
from boutique.training.agreements.models import Agreement
from boutique.training.attendance.models import Attendance
from boutique.training.plans.models import FollowUp, Plan, SubGoal
from boutique.training.skills.models import Skill, SkillSignOff
from inventory.donations import services as donation_services
from inventory.garments import services as garment_services
from inventory.workshop.models import ProjectStep, RedesignProject
from pos.mywork import services as mywork
from tests.conftest import PASSWORD

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PERIOD = {"start": date(2026, 3, 2), "end": date(2026, 3, 8)}


@pytest.fixture
def participant(make_person):
    return make_person("counter", username="deltagare", display_name="Leila", kind="participant")


@pytest.fixture
def other_participant(make_person):
    return make_person("warehouse", username="annan", display_name="Yonas", kind="participant")


@pytest.fixture
def a_week(participant, make_donation, open_till, sell, supervisor):
    """In one week the participant sorts three garments, values and prices one, sells it, works in the workshop."""
    db.session.add(Agreement(person_id=participant.id, shop_id=participant.shop_id, minutes_per_week=600,
                             starts_on=date(2026, 1, 5), referral="employment_service"))
    with frozen_at(MONDAY):
        donation = make_donation()
        codes = [donation_services.sort_item(donation_id=donation.id, category="tops", condition=3,
                                             by=participant).code for _ in range(3)]
        garment_services.value_item(codes[0], estimate=6000, by=participant)
        garment_services.price_item(codes[0], price=5000, by=supervisor)
    with frozen_at(MONDAY + timedelta(days=1)):
        sell(garment_services.get_item(codes[0]), by=participant)
    with frozen_at(MONDAY + timedelta(days=9)):  # the Wednesday after: outside the week
        garment_services.price_item(codes[1], price=3000, by=supervisor)
        sell(garment_services.get_item(codes[1]), by=participant)
    project = RedesignProject(title="Lapptäcksjacka", shop_id=participant.shop_id)
    db.session.add(project)
    db.session.flush()
    db.session.add_all([
        ProjectStep(project_id=project.id, person_id=participant.id, at=MONDAY + timedelta(days=2), minutes=90),
        ProjectStep(project_id=project.id, person_id=participant.id, at=MONDAY - timedelta(days=1), minutes=600),
        Attendance(person_id=participant.id, shop_id=participant.shop_id, in_at=MONDAY,
                   out_at=MONDAY + timedelta(hours=4)),
        Attendance(person_id=participant.id, shop_id=participant.shop_id, in_at=MONDAY + timedelta(days=1),
                   out_at=MONDAY + timedelta(days=1, hours=3)),
    ])
    db.session.commit()
    return codes


def test_the_week_counts_sorting_sales_workshop_and_attendance(a_week, participant):
    work = mywork.participant_work(participant.id, reader=participant, **PERIOD)
    assert (work.work["sorted"], work.work["valued"], work.work["priced"]) == (3, 1, 0)
    assert (work.sales, work.garments_sold, work.sales_total) == (1, 1, 5000)
    assert work.workshop_minutes == 90 and [p.title for p in work.projects] == ["Lapptäcksjacka"]
    assert (work.attended_minutes, work.days_attended, work.agreed_minutes) == (7 * 60, 2, 600)


def test_the_estimates_are_compared_with_what_customers_paid(a_week, participant):
    work = mywork.participant_work(participant.id, reader=participant, **PERIOD)
    assert (work.estimates.sold, work.estimates.average_difference, work.estimates.average_miss) == (1, 1000, 1000)
    assert work.estimates.garments[0].code == a_week[0]
    assert work.prices.sold == 0  # the supervisor priced it, not the participant


def test_a_sale_the_day_after_the_period_is_not_counted(a_week, participant):
    later = mywork.participant_work(participant.id, reader=participant, start=date(2026, 3, 9),
                                    end=date(2026, 3, 11))
    assert (later.sales, later.work["sorted"], later.workshop_minutes, later.attended_minutes) == (1, 0, 0, 0)


def test_the_chart_weeks_cover_the_whole_period(a_week, participant):
    work = mywork.participant_work(participant.id, reader=participant, start=date(2026, 3, 2), end=date(2026, 3, 15))
    assert [(monday.isoformat(), *counts) for monday, *counts in work.weeks] == [
        ("2026-03-02", 3, 0, 1), ("2026-03-09", 0, 0, 1)]


def test_the_default_period_runs_from_the_last_follow_up(participant, supervisor):
    assert mywork.default_period(participant.id, today=date(2026, 5, 31)) == (date(2026, 2, 28), date(2026, 5, 31))
    plan = Plan(person_id=participant.id, shop_id=participant.shop_id, long_term_goal="Arbete i butik",
                follow_up_on=date(2026, 6, 15))
    db.session.add(plan)
    db.session.commit()
    made = shop_date(plan.created_at)
    assert mywork.default_period(participant.id, today=made + timedelta(days=10)) == (made, made + timedelta(days=10))
    db.session.add(FollowUp(plan_id=plan.id, held_on=date(2026, 4, 20)))
    db.session.commit()
    assert mywork.default_period(participant.id, today=date(2026, 5, 31)) == (date(2026, 4, 20), date(2026, 5, 31))


def test_the_agreed_hours_count_only_the_days_of_the_participation(a_week, participant):
    agreement = db.session.query(Agreement).filter_by(person_id=participant.id).one()
    agreement.starts_on = date(2026, 3, 5)  # Thursday: four days of the week, at 600 minutes a week
    db.session.commit()
    assert mywork.participant_work(participant.id, reader=participant, **PERIOD).agreed_minutes == round(600 * 4 / 7)


def test_another_participant_may_not_read_someones_work(a_week, participant, other_participant):
    with pytest.raises(Forbidden):
        mywork.participant_work(participant.id, reader=other_participant, **PERIOD)


def test_a_period_that_ends_before_it_starts_is_refused(participant):
    with pytest.raises(ValidationFailed):
        mywork.participant_work(participant.id, reader=participant, start=date(2026, 3, 8), end=date(2026, 3, 1))


# --------------------------------------------------------------------------- pages


def test_my_work_shows_the_figures_with_charts(a_week, login, participant):
    client = login(participant)
    html = client.get("/my-work?from=2026-03-02&to=2026-03-08").get_data(as_text=True)
    assert 'data-testid="tile-sorted"' in html and "Lapptäcksjacka" in html
    chart = client.get(f"/participants/{participant.id}/work/weeks.svg?from=2026-03-02&to=2026-03-08")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert b"<svg" in chart.data and b"<script" not in chart.data
    for name in ("hours", "estimates", "prices"):
        assert client.get(f"/participants/{participant.id}/work/{name}.svg").status_code == 200


def test_a_supervisor_reads_a_participants_work_and_another_participant_gets_403(
        a_week, login, participant, other_participant, supervisor, client):
    assert login(supervisor).get(f"/participants/{participant.id}/work").status_code == 200
    client.post("/logout")
    login(other_participant)
    assert client.get(f"/participants/{participant.id}/work").status_code == 403
    assert client.get(f"/participants/{participant.id}/work/weeks.svg").status_code == 403


def test_a_supervisor_of_another_shop_gets_403(a_week, login, participant):
    elsewhere = create_person("annanhandledare", role="supervisor", password=PASSWORD,
                              shop_id=create_shop("Andra butiken").id)
    response = login(elsewhere).get(f"/participants/{participant.id}/work")
    assert response.status_code == 403


# --------------------------------------------------------------------------- the follow-up PDF and API


@pytest.fixture
def plan(participant, supervisor):
    """A plan with three sub-goals, one met, one skill signed off."""
    plan = Plan(person_id=participant.id, shop_id=participant.shop_id, long_term_goal="Jobba i en butik",
                follow_up_on=date(2026, 6, 1))
    db.session.add(plan)
    db.session.flush()
    db.session.add_all([SubGoal(plan_id=plan.id, position=1, text="Ta betalt i kassan", met_on=date(2026, 3, 1)),
                        SubGoal(plan_id=plan.id, position=2, text="Prissätta kläder"),
                        SubGoal(plan_id=plan.id, position=3, text="Komma i tid")])
    skill = Skill(key="count_drawer", station="counter", names={"sv": "Räkna kassalådan", "en": "Count the drawer"})
    db.session.add(skill)
    db.session.flush()
    db.session.add(SkillSignOff(person_id=participant.id, skill_id=skill.id, signed_on=date(2026, 3, 3),
                                signed_by_id=supervisor.id))
    db.session.commit()
    return plan


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    assert len(document) == 1  # one page for the meeting
    return document[0].get_textpage().get_text_range()


def test_the_meeting_pdf_has_the_plan_hours_skills_and_work(a_week, plan, api_as, supervisor):
    response = api_as(supervisor).get(f"/plans/{plan.id}/meeting.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    for words in ("Jobba i en butik", "Ta betalt i kassan", "Prissätta kläder", "Räkna kassalådan", "Leila"):
        assert words in text


def test_the_meeting_pdf_is_for_the_person_and_their_supervisor_only(plan, api_as, participant, other_participant,
                                                                     login):
    assert api_as(participant).get(f"/plans/{plan.id}/meeting.pdf").status_code == 200
    assert api_as(other_participant).get(f"/plans/{plan.id}/meeting.pdf").status_code == 403
    assert api_as(participant).get("/plans/999999/meeting.pdf").status_code == 404
    page = login(participant).get("/my-work").get_data(as_text=True)
    assert f"/plans/{plan.id}/meeting.pdf" in page
    assert login(participant).get(f"/plans/{plan.id}/meeting.pdf").mimetype == "application/pdf"


def test_the_work_api_answers_the_person_and_refuses_others(a_week, api_as, participant, other_participant):
    body = api_as(participant).get(f"/participants/{participant.id}/work?from=2026-03-02&to=2026-03-08").get_json()
    assert body["garments"]["sorted"] == 3 and body["sales"]["sales"] == 1 and body["workshop_minutes"] == 90
    assert body["attendance"] == {"attended_minutes": 420, "days": 2, "agreed_minutes": 600}
    assert api_as(other_participant).get(f"/participants/{participant.id}/work").status_code == 403
    assert api_as(participant).get(f"/participants/{participant.id}/work?from=3 March").status_code == 422
