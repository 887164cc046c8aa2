"""The programme report: head counts, hours, referrals, outcomes and self-rating change; no group under 5."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pypdfium2
import pytest

from boutique.db import db
from boutique.services import create_person, create_shop
from boutique.training.agreements.models import Agreement
from boutique.training.attendance.models import Attendance
from boutique.training.ratings.models import RatingQuestion, SelfRating, SelfRatingAnswer
from boutique.training.report import services as report

FIRST, LAST = date(2026, 1, 1), date(2026, 6, 30)


@pytest.fixture
def questions(app):
    """Two questions of the self-rating."""
    rows = [RatingQuestion(key="wellbeing", position=1, texts={"sv": "Hur mår du?", "en": "How are you?"}),
            RatingQuestion(key="swedish", position=2, texts={"sv": "Svenska", "en": "Swedish"})]
    db.session.add_all(rows)
    db.session.commit()
    return rows


@pytest.fixture
def enrol(make_person, shop):
    """A participant with an agreement; `exited_on`, `outcome`, `referral` as told."""

    def make(starts_on=date(2026, 2, 1), exited_on=None, outcome=None, referral="employment_service",
             shop_id=None, **kwargs):
        person = make_person("warehouse", kind="participant")
        db.session.add(Agreement(person_id=person.id, shop_id=shop_id or shop.id, minutes_per_week=1200,
                                 starts_on=starts_on, exited_on=exited_on, outcome=outcome, referral=referral,
                                 **kwargs))
        db.session.commit()
        return person

    return make


def stay(person, day, minutes):
    """A finished stay in the shop on `day`, from 09:00 UTC."""
    start = datetime.combine(day, datetime.min.time(), UTC).replace(hour=9)
    db.session.add(Attendance(person_id=person.id, shop_id=person.shop_id, in_at=start,
                              out_at=start + timedelta(minutes=minutes)))
    db.session.commit()


def rate(person, occasion, at, **answers):
    """A self-rating on `occasion` at `at` with answers by question key."""
    ids = {q.key: q.id for q in db.session.query(RatingQuestion)}
    rating = SelfRating(person_id=person.id, occasion=occasion, at=at,
                        answers=[SelfRatingAnswer(question_id=ids[k], value=v) for k, v in answers.items()])
    db.session.add(rating)
    db.session.commit()


def test_four_people_are_a_group_too_small_to_count_and_five_are_counted(enrol, supervisor):
    for _ in range(4):
        enrol(exited_on=date(2026, 5, 1), outcome="work")
    small = report.programme_report(FIRST, LAST, reader=supervisor)
    assert (small.participants, small.started, small.ended) == (None, None, None)
    assert small.outcomes["work"] is None and small.by_referral["employment_service"] is None
    enrol(exited_on=date(2026, 5, 1), outcome="work")
    five = report.programme_report(FIRST, LAST, reader=supervisor)
    assert (five.participants, five.started, five.ended) == (5, 5, 5)
    assert five.outcomes == {"work": 5, "studies": None, "other_programme": None, "none": None, "unknown": None}
    assert five.by_referral["employment_service"] == 5 and five.by_referral["self"] is None


def test_the_period_counts_who_overlaps_it_started_in_it_and_ended_in_it(enrol, supervisor):
    for _ in range(5):
        enrol(starts_on=date(2025, 10, 1))  # began before the period, still there
    for _ in range(5):
        enrol(starts_on=date(2025, 6, 1), exited_on=date(2025, 12, 31))  # left the day before it began
    for _ in range(5):
        enrol(starts_on=date(2026, 7, 1))  # begins the day after it ends
    for _ in range(5):
        enrol(starts_on=FIRST, exited_on=LAST)  # both bounds are in the period
    result = report.programme_report(FIRST, LAST, reader=supervisor)
    assert (result.participants, result.started, result.ended) == (10, 5, 5)


def test_an_exit_without_a_recorded_outcome_counts_as_unknown(enrol, supervisor):
    for _ in range(5):
        enrol(exited_on=date(2026, 3, 1))
    assert report.programme_report(FIRST, LAST, reader=supervisor).outcomes["unknown"] == 5


def test_attended_hours_need_five_people_who_attended(enrol, supervisor):
    people = [enrol() for _ in range(6)]
    for person in people[:4]:
        stay(person, date(2026, 3, 2), 120)
    stay(people[4], date(2025, 12, 30), 600)  # before the period
    assert report.programme_report(FIRST, LAST, reader=supervisor).attended_minutes is None
    stay(people[5], date(2026, 6, 30), 60)  # the period's last day counts
    assert report.programme_report(FIRST, LAST, reader=supervisor).attended_minutes == 4 * 120 + 60


def test_the_mean_change_is_exit_less_intake_over_people_who_answered_both(enrol, supervisor, questions):
    intake, exit_at = datetime(2025, 11, 3, 10, tzinfo=UTC), datetime(2026, 4, 1, 10, tzinfo=UTC)
    changes = [2, 1, 1, 0, -1]
    for change in changes:
        person = enrol(starts_on=date(2025, 11, 1))
        rate(person, "intake", intake, wellbeing=2, swedish=3)
        rate(person, "exit", exit_at, wellbeing=2 + change, swedish=3)
    lone = enrol(starts_on=date(2025, 11, 1))
    rate(lone, "exit", exit_at, wellbeing=5)  # no intake: no change to count
    result = report.programme_report(FIRST, LAST, reader=supervisor)
    assert result.self_rating_change == {"wellbeing": round(sum(changes) / 5, 2), "swedish": 0.0}
    assert result.rated == {"wellbeing": 5, "swedish": 5}


def test_a_mean_change_of_four_people_is_not_shown(enrol, supervisor, questions):
    for _ in range(4):
        person = enrol(starts_on=date(2025, 11, 1))
        rate(person, "intake", datetime(2025, 11, 3, tzinfo=UTC), wellbeing=1)
        rate(person, "exit", datetime(2026, 4, 1, tzinfo=UTC), wellbeing=4)
    assert report.programme_report(FIRST, LAST, reader=supervisor).self_rating_change == {
        "wellbeing": None, "swedish": None}


def test_an_exit_rating_outside_the_period_is_not_counted(enrol, supervisor, questions):
    for _ in range(5):
        person = enrol(starts_on=date(2025, 11, 1))
        rate(person, "intake", datetime(2025, 11, 3, tzinfo=UTC), wellbeing=1)
        rate(person, "exit", datetime(2026, 7, 1, 8, tzinfo=UTC), wellbeing=4)  # 10:00 on 1 July in Stockholm
    assert report.programme_report(FIRST, LAST, reader=supervisor).self_rating_change["wellbeing"] is None


def test_a_supervisor_sees_only_their_own_shops_participants(enrol, supervisor, make_person):
    other = create_shop("Andra butiken")
    for _ in range(5):
        enrol(shop_id=other.id)
    assert report.programme_report(FIRST, LAST, reader=supervisor).participants is None
    everywhere = create_person("overall", role="admin", password="x" * 12)
    assert report.programme_report(FIRST, LAST, reader=everywhere).participants == 5


def test_the_period_defaults_to_a_year_and_refuses_bad_dates():
    first, last = report.parse_period(None, "2026-06-30")
    assert (first, last) == (date(2025, 7, 1), date(2026, 6, 30))
    with pytest.raises(report.ValidationFailed):
        report.parse_period("2026-07-01", "2026-06-30")
    with pytest.raises(report.ValidationFailed):
        report.parse_period("1 July", None)


# --------------------------------------------------------------------------- API


def test_the_api_answers_with_null_for_small_groups_and_numbers_for_five(api_as, enrol, supervisor):
    for _ in range(4):
        enrol(exited_on=date(2026, 5, 1), outcome="studies", referral="social_services")
    api = api_as(supervisor)
    body = api.get("/work-training/report?from=2026-01-01&to=2026-06-30").get_json()
    assert body["participants"] is None and body["outcomes"]["studies"] is None
    assert body["by_referral"]["social_services"] is None
    enrol(exited_on=date(2026, 5, 1), outcome="studies", referral="social_services")
    body = api.get("/work-training/report?from=2026-01-01&to=2026-06-30").get_json()
    assert body["participants"] == 5 and body["ended"] == 5 and body["outcomes"]["studies"] == 5
    assert body["by_referral"]["social_services"] == 5 and body["attended_minutes"] is None
    assert set(body) >= {"participants", "started", "ended", "attended_minutes", "by_referral", "outcomes",
                         "self_rating_change"}


def test_the_api_is_for_supervisors_and_refuses_a_bad_period(api_as, supervisor, make_person):
    participant = make_person("warehouse", kind="participant")
    assert api_as(participant).get("/work-training/report").status_code == 403
    api = api_as(supervisor)
    assert api.get("/work-training/report?from=2026-07-01&to=2026-06-01").status_code == 422
    assert api.get("/work-training/report?from=yesterday").status_code == 422
    assert api.get("/work-training/report").status_code == 200


# --------------------------------------------------------------------------- page, CSV, PDF


def test_the_page_says_fewer_than_5_instead_of_a_number(login, enrol, supervisor):
    for _ in range(3):
        enrol(exited_on=date(2026, 5, 1), outcome="work")
    html = login(supervisor).get("/work-training/report?from=2026-01-01&to=2026-06-30").get_data(as_text=True)
    assert "färre än 5" in html
    assert "2026-01-01" in html and "report.csv" in html and "report.pdf" in html


def test_the_csv_and_pdf_show_fewer_than_5_and_the_counts_of_five(login, enrol, supervisor):
    for _ in range(5):
        enrol(exited_on=date(2026, 5, 1), outcome="work")
    client = login(supervisor)
    rows = list(csv.reader(io.StringIO(client.get("/work-training/report.csv?from=2026-01-01&to=2026-06-30")
                                       .get_data(as_text=True))))
    values = {row[1]: row[2] for row in rows[2:]}
    assert values["Deltagare under perioden"] == "5" and values["Arbete"] == "5" and values["Studier"] == "färre än 5"
    response = client.get("/work-training/report.pdf?from=2026-01-01&to=2026-06-30")
    assert response.mimetype == "application/pdf"
    text = pypdfium2.PdfDocument(response.data)[0].get_textpage().get_text_range()
    assert "färre än 5" in text and "Deltagare under perioden" in text


def test_the_page_is_for_supervisors_only(login, make_person):
    participant = make_person("warehouse", kind="participant")
    assert login(participant).get("/work-training/report").status_code == 403
