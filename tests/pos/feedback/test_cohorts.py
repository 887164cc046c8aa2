"""A teacher's cohort view, the shop a page is about, fresh shop-wide counts, medians from counts."""

from __future__ import annotations

import statistics

import pytest
from flask_babel import force_locale
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from boutique import services as people
from boutique.clock import utcnow
from boutique.db import db
from boutique.errors import Forbidden
from inventory.donations import services as donation_services
from inventory.garments import services as garment_services
from inventory.garments.models import Item
from pos.feedback import services as feedback
from pos.feedback import shop as feedback_shop
from pos.models import SaleLine
from pos.sales import returns as sale_returns

from .test_figures import build_shopfloor, sell


@pytest.fixture
def shopfloor(make_person, make_item, supervisor, cashier, open_till):
    return build_shopfloor(make_person, make_item, supervisor, cashier, open_till.id)


@pytest.fixture(autouse=True)
def messages_in_english(app):
    with force_locale("en"):
        yield


# --------------------------------------------------------------------------- medians from counts


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60))
def test_the_median_of_counted_values_is_the_median_of_the_values(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    assert feedback.histogram_median(counts.items()) == round(float(statistics.median(values)), 1)


def test_no_values_have_no_median():
    assert feedback.histogram_median([]) is None
    assert feedback.histogram_median([(None, 4), (3, 0)]) is None


# --------------------------------------------------------------------------- the cohort


@pytest.fixture
def cohort(shopfloor, make_person, supervisor):
    teacher = make_person("designer", username="teacher", display_name="Karin", kind="staff", language="en")
    course = people.create_cohort("Beckmans HT26", teacher_id=teacher.id, by=supervisor)
    student = shopfloor.student
    people.update_person(student.id, by=supervisor, display_name=student.display_name, role=student.role,
                         kind=student.kind, language=student.language, active=True, cohort_id=course.id)
    return course, teacher


def test_a_teacher_sees_the_pieces_of_her_cohorts_students(shopfloor, cohort):
    course, teacher = cohort
    report = feedback.cohort_feedback(course.id, viewer=teacher)
    assert [(m.person.display_name, m.figures.listed, m.figures.sold, m.figures.median_days_to_sell)
            for m in report.members] == [("Sara", 3, 2, 9.0)]
    assert sorted((p.makers, p.piece.code) for p in report.pieces) == sorted(
        ("Sara", piece.code) for piece in shopfloor.pieces)
    assert (report.figures.sold, report.figures.revenue) == (2, 40000)
    # ... and each student's own page in detail.
    assert len(feedback.designer_feedback(shopfloor.student.id, viewer=teacher).pieces) == 3


def test_another_teacher_and_the_students_themselves_do_not_see_the_cohort(shopfloor, cohort, make_person):
    course, _teacher = cohort
    other = make_person("designer", username="other-teacher", language="en")
    for viewer in (other, shopfloor.student):
        with pytest.raises(Forbidden):
            feedback.cohort_feedback(course.id, viewer=viewer)
    with pytest.raises(Forbidden):
        feedback.designer_feedback(shopfloor.student.id, viewer=other)


def test_the_cohort_page_and_its_csv_show_who_made_each_piece(shopfloor, cohort, login):
    course, teacher = cohort
    client = login(teacher)
    assert f"Cohort: {course.name}" in client.get("/feedback").get_data(as_text=True)
    page = client.get(f"/feedback/cohorts/{course.id}").get_data(as_text=True)
    assert "Made by Sara" in page and shopfloor.pieces[0].code in page
    csv = client.get(f"/feedback/cohorts/{course.id}/pieces.csv").get_data(as_text=True)
    assert f"Sara,{shopfloor.pieces[1].code},Skirts,M,sold,150,100,14" in csv


def test_a_supervisor_makes_a_cohort_and_puts_a_student_in_it_on_the_pages(shopfloor, supervisor, login, make_person):
    teacher = make_person("designer", username="karin", display_name="Karin", language="en")
    client = login(supervisor)
    response = client.post("/cohorts", data={"name": "Beckmans VT27", "teacher": str(teacher.id)})
    assert response.status_code == 302
    listing = client.get("/cohorts").get_data(as_text=True)
    assert "Beckmans VT27" in listing and "Karin" in listing
    course = people.list_cohorts()[0]
    student = shopfloor.student
    response = client.post(f"/people/{student.id}", data={
        "display_name": student.display_name, "role": student.role, "kind": student.kind,
        "language": student.language, "active": "y", "cohort": str(course.id)})
    assert response.status_code == 302
    assert people.cohort_sizes() == {course.id: 1}


def test_a_cohort_needs_a_new_name(supervisor):
    people.create_cohort("Beckmans HT26", teacher_id=None, by=supervisor)
    with pytest.raises(Exception, match="exists already"):
        people.create_cohort(" Beckmans HT26 ", teacher_id=None, by=supervisor)
    assert len(people.list_cohorts()) == 1


# --------------------------------------------------------------------------- one shop or all


def test_the_figures_are_for_the_shop_asked_for(shopfloor, supervisor, make_item, login):
    other_shop = people.create_shop("Butiken på Söder", by=supervisor)
    garment_services.price_item(make_item(category="dresses").code, price=5000, by=supervisor, shop_id=other_shop.id)
    everywhere = {r.label: r.figures.listed for r in feedback_shop.shop_insights("category")}
    here = {r.label: r.figures.listed for r in feedback_shop.shop_insights("category", shop_id=shopfloor.pieces[0].shop_id)}
    there = {r.label: r.figures.listed for r in feedback_shop.shop_insights("category", shop_id=other_shop.id)}
    assert (everywhere["Dresses"], here["Dresses"], there) == (4, 3, {"Dresses": 1})
    client = login(shopfloor.student)
    assert "Butiken på Söder" in client.get("/feedback/shop").get_data(as_text=True)  # the shop picker
    csv = client.get(f"/feedback/shop/category.csv?shop={other_shop.id}").get_data(as_text=True)
    assert "Dresses,1,0" in csv and "Skirts" not in csv


# --------------------------------------------------------------------------- fresh figures


def test_the_impact_api_right_after_a_new_donation_of_3_kg_shows_3000_more_grams(shopfloor, api_as, supervisor):
    client = api_as(supervisor)
    before = client.get("/impact").get_json()["donated_grams"]
    shop_id = shopfloor.student.shop_id
    donation_services.receive_donation(shop_id=shop_id, channel="drop_off", weight_grams=3000, by=supervisor)
    assert client.get("/impact").get_json()["donated_grams"] == before + 3000


def test_every_page_counts_afresh(shopfloor, make_item, cashier, open_till):
    before = {r.label: r.figures.sold for r in feedback_shop.shop_insights("category")}["Dresses"]
    extra = make_item(price=9000, category="dresses")
    sell(open_till.id, extra.code, cashier, utcnow())
    assert {r.label: r.figures.sold for r in feedback_shop.shop_insights("category")}["Dresses"] == before + 1


def test_a_return_takes_the_sale_out_of_the_figures(shopfloor, supervisor, open_till):
    dress = shopfloor.pieces[0]
    line = db.session.scalar(select(SaleLine).where(SaleLine.item_id == dress.id))
    sale_returns.return_items(line.sale_id, [dress.code], method="cash", by=supervisor)
    item = db.session.get(Item, dress.id)
    assert (item.status, item.sold_price, item.sold_days) == ("priced", None, None)
    report = feedback.designer_feedback(shopfloor.student.id, viewer=shopfloor.student)
    assert (report.figures.sold, report.figures.revenue) == (1, 10000)
