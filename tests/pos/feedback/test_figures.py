"""Sales feedback on known data: a student's three pieces, a participant's estimates, the shop's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask_babel import force_locale

from boutique.clock import frozen_at, shop_date
from boutique.db import db
from boutique.errors import Forbidden
from boutique.models import Person
from boutique.services import create_shop
from inventory.garments import categories as garment_categories
from inventory.garments import services as garment_services
from inventory.garments.models import Item
from inventory.workshop import services as workshop
from pos.campaigns import services as campaign_services
from pos.campaigns.prices import LineRequest, price_lines
from pos.feedback import services as feedback
from pos.feedback import shop as feedback_shop
from pos.models import Markdown
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def at(day: int, hour: int = 12) -> datetime:
    """A moment in March 2026."""
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


def sell(till_id: int, code: str, cashier: Person, when: datetime) -> None:
    """Ring one garment up, paid in cash, at `when`."""
    with frozen_at(when):
        sale_services.ring_up(till_id, [LineRequest(code=code)], [PaymentRequest("cash", 100000)], by=cashier)


@dataclass
class Shopfloor:
    """The known data: who made, valued and sold what."""

    student: Person
    participant: Person
    supervisor: Person
    pieces: list[Item]
    valued: list[Item]


def build_shopfloor(make_person: Any, make_item: Any, supervisor: Person, cashier: Person, till_id: int) -> Shopfloor:
    """Sara (a student) makes three pieces, Amina (a participant) values four shirts; some sell.

    Sara: a dress at 300 kr sold after 4 days for 300 kr; a skirt first at 150 kr, repriced to
    100 kr and sold after 14 days for 100 kr; a second dress at 250 kr still on the floor.
    Another dress of the shop at 220 kr sold after 2 days. Amina's estimates: 100, 50, 200 and
    60 kr; the first three sold for 80, 40 and 170 kr.
    """
    student = make_person("designer", username="sara", display_name="Sara", kind="student", language="en")
    participant = make_person("warehouse", username="amina", display_name="Amina", kind="participant",
                              language="en")
    pieces = []
    with frozen_at(MONDAY):
        for category, price in (("dresses", 30000), ("skirts", 15000), ("dresses", 25000)):
            source = make_item(route="redesign", category="shirts")
            project = workshop.create_project(title=f"From a shirt to {category}", source_codes=[source.code],
                                              motifs=["Tatreez"], by=student)
            pieces.append(workshop.finish_into_product(project.id, category=category, price=price, size="M",
                                                       by=student).item)
        other = make_item(price=22000, category="dresses")
        valued = [make_item(category="shirts") for _ in range(4)]
        for garment, estimate in zip(valued, (10000, 5000, 20000, 6000), strict=True):
            garment_services.value_item(garment.code, estimate=estimate, by=participant)
    with frozen_at(at(5)):
        garment_services.price_item(pieces[1].code, price=10000, by=supervisor)
        for garment, price in zip(valued, (8000, 4000, 17000, 6000), strict=True):
            garment_services.price_item(garment.code, price=price, by=supervisor)
    sell(till_id, other.code, cashier, at(4, 10))
    sell(till_id, pieces[0].code, cashier, MONDAY.replace(day=6))
    sell(till_id, valued[0].code, cashier, at(6))
    sell(till_id, valued[1].code, cashier, at(7))
    sell(till_id, valued[2].code, cashier, at(10))
    sell(till_id, pieces[1].code, cashier, MONDAY.replace(day=16))
    return Shopfloor(student, participant, supervisor, pieces, valued)


@pytest.fixture
def shopfloor(make_person, make_item, supervisor, cashier, open_till) -> Shopfloor:
    return build_shopfloor(make_person, make_item, supervisor, cashier, open_till.id)


@pytest.fixture(autouse=True)
def messages_in_english(app):
    """These tests read the services' messages in English."""
    with force_locale("en"):
        yield


# --------------------------------------------------------------------------- a designer


def test_a_students_figures_count_her_three_pieces(shopfloor):
    report = feedback.designer_feedback(shopfloor.student.id, viewer=shopfloor.student)
    f = report.figures
    assert (f.listed, f.sold, f.sell_through) == (3, 2, 0.667)
    assert f.median_days_to_sell == 9.0
    assert f.revenue == 40000
    assert f.price_realisation == 0.889  # 400 kr paid of 450 kr first asked


def test_a_students_pieces_show_asked_and_paid_price_and_days_to_sell(shopfloor):
    report = feedback.designer_feedback(shopfloor.student.id, viewer=shopfloor.student)
    rows = {p.code: (p.category, p.status, p.asked, p.paid, p.days_to_sell) for p in report.pieces}
    assert rows == {shopfloor.pieces[0].code: ("dresses", "sold", 30000, 30000, 4),
                    shopfloor.pieces[1].code: ("skirts", "sold", 15000, 10000, 14),
                    shopfloor.pieces[2].code: ("dresses", "priced", 25000, None, None)}


def test_a_students_dresses_are_compared_with_the_shops_dresses_of_the_same_price_band(shopfloor):
    report = feedback.designer_feedback(shopfloor.student.id, viewer=shopfloor.student)
    dresses = next(c for c in report.comparisons if c.category_name == "Dresses")
    assert dresses.band == "200–399 kr"
    assert (dresses.mine.listed, dresses.mine.sold, dresses.mine.median_days_to_sell) == (2, 1, 4.0)
    assert (dresses.shop.listed, dresses.shop.sold, dresses.shop.median_days_to_sell) == (3, 2, 3.0)


def test_a_students_sales_are_counted_per_week_and_by_days_to_sell(shopfloor):
    report = feedback.designer_feedback(shopfloor.student.id, viewer=shopfloor.student)
    assert report.sales_by_week == [("2026-03-02", 1), ("2026-03-16", 1)]
    assert report.days_histogram == [("0–6 days", 1), ("7–13 days", 0), ("14–27 days", 1), ("28+ days", 0)]


def test_another_designer_may_not_see_a_students_pieces(shopfloor, make_person):
    other = make_person("designer", username="leo", kind="student", language="en")
    with pytest.raises(Forbidden):
        feedback.designer_feedback(shopfloor.student.id, viewer=other)


def test_a_supervisor_sees_any_designers_pieces(shopfloor):
    assert len(feedback.designer_feedback(shopfloor.student.id, viewer=shopfloor.supervisor).pieces) == 3


# --------------------------------------------------------------------------- valuation


def test_a_participants_estimates_are_compared_with_what_the_garments_sold_for(shopfloor):
    report = feedback.valuation_feedback(shopfloor.participant.id, viewer=shopfloor.participant)
    assert (report.judged, report.sold, report.average_difference, report.typical_miss) == (4, 3, 2000, 2000)
    assert report.summary == "Your estimates were on average 20 kr above what garments sold for."


def test_a_participants_estimates_are_followed_week_by_week(shopfloor):
    report = feedback.valuation_feedback(shopfloor.participant.id, viewer=shopfloor.participant)
    assert [(w.week, w.sold, w.average_difference) for w in report.weeks] == [("2026-03-02", 2, 1500),
                                                                             ("2026-03-09", 1, 3000)]


def test_prices_are_compared_with_what_was_paid(shopfloor):
    report = feedback.valuation_feedback(shopfloor.supervisor.id, viewer=shopfloor.supervisor, kind="price")
    # The supervisor priced the four shirts and the other dress, and repriced the skirt last;
    # all sold at the price on their tag.
    assert (report.judged, report.sold, report.average_difference) == (6, 5, 0)
    assert report.summary == "Your prices were on average within 5 kr of what garments sold for. Well judged!"


def test_valuation_feedback_is_kind_before_anything_has_sold(make_person):
    person = make_person("warehouse", username="new", language="en")
    report = feedback.valuation_feedback(person.id, viewer=person)
    assert report.summary == "None of the garments you valued has sold yet. Come back when some have."


# --------------------------------------------------------------------------- the shop


def test_the_shop_insights_group_sales_by_category(shopfloor):
    rows = {r.label: (r.figures.listed, r.figures.sold, r.figures.median_days_to_sell)
            for r in feedback_shop.shop_insights("category")}
    assert rows == {"Dresses": (3, 2, 3.0), "Skirts": (1, 1, 14.0), "Shirts and blouses": (4, 3, 2.0)}


def test_the_shop_insights_group_sales_by_motif_and_price_band(shopfloor):
    motifs = {r.label: (r.figures.listed, r.figures.sold) for r in feedback_shop.shop_insights("motif")}
    assert motifs == {"Tatreez": (3, 2)}
    bands = {r.label: (r.figures.listed, r.figures.sold) for r in feedback_shop.shop_insights("price_band")}
    assert bands == {"0–99 kr": (3, 2), "100–199 kr": (2, 2), "200–399 kr": (3, 2)}


def test_ageing_stock_counts_garments_on_the_floor_by_tag_colour_and_weeks_with_the_markdown_due(shopfloor, shop):
    campaign_services.set_markdowns(shop.id, {4: 20, 8: 50}, by=shopfloor.supervisor)
    rows = [(r.tag_colour, r.weeks, r.garments, r.markdown_percent) for r in feedback_shop.ageing_stock(at(31))]
    # The second dress (priced 2 March) and the fourth shirt (5 March) are still on the floor, blue tags.
    assert rows == [("blue", 4, 1, 20), ("blue", 3, 1, None)]


def test_the_impact_says_honestly_that_no_climate_factor_is_set(shopfloor):
    result = feedback_shop.impact(datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date())
    assert result.sold_grams == sum(c["sold_grams"] for c in result.per_category) > 0
    assert (result.co2e_saved_kg, result.factor, result.factor_source) == (0, None, "factor not set")


def test_the_impact_weighs_what_was_sold_and_withdrawn_in_the_period_and_shop(app, make_item, supervisor,
                                                                            warehouse, cashier, open_till):
    """Weighed garments count their weight, the others their category's typical weight; the
    period and the shop decide what counts; given away is not recycling."""
    jackets, shirts = garment_categories.find_category("jackets"), garment_categories.find_category("shirts")
    jackets.co2e_grams_per_kg, jackets.co2e_source = 20000, "Test factor"
    db.session.commit()
    typical_jacket, typical_shirt = jackets.typical_weight_grams, shirts.typical_weight_grams
    other_shop = create_shop("Röda Korset Söder")
    with frozen_at(at(2)):
        weighed = make_item(price=30000, category="jackets", weight_grams=800)
        unweighed = make_item(price=20000, category="jackets")
        early = make_item(price=10000, category="shirts", weight_grams=250)
        recycled, wasted, given = (make_item(category="shirts") for _ in range(3))
        elsewhere = make_item(price=9000, category="shirts", weight_grams=400)
    sell(open_till.id, early.code, cashier, datetime(2026, 2, 27, 12, tzinfo=UTC))
    sell(open_till.id, weighed.code, cashier, at(10))
    sell(open_till.id, unweighed.code, cashier, at(11))
    with frozen_at(at(12)):
        garment_services.withdraw_item(recycled.code, reason="recycling", by=warehouse)
        garment_services.withdraw_item(wasted.code, reason="waste", weight_grams=300, by=warehouse)
        garment_services.withdraw_item(given.code, reason="given_away", by=warehouse)
        garment_services.withdraw_item(elsewhere.code, reason="transfer", shop_id=other_shop.id, by=warehouse)
        garment_services.withdraw_item(elsewhere.code, reason="recycling", by=warehouse)

    march = (datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date())
    here = feedback_shop.impact(*march, shop_id=weighed.shop_id)
    assert here.per_category == [{"category": "jackets", "sold_grams": 800 + typical_jacket, "factor": 20000,
                                  "factor_source": "Test factor",
                                  "co2e_saved_kg": round((800 + typical_jacket) * 20 / 1000, 3)}]
    assert here.sold_grams == 800 + typical_jacket
    # The shirt sold in February is outside the period.
    assert here.recycled_grams == typical_shirt
    assert here.discarded_grams == 300
    everywhere = feedback_shop.impact(*march)
    assert everywhere.recycled_grams == typical_shirt + 400
    assert feedback_shop.impact(datetime(2026, 2, 1).date(), datetime(2026, 2, 28).date()).per_category == [
        {"category": "shirts", "sold_grams": 250, "factor": None, "factor_source": "factor not set",
         "co2e_saved_kg": 0.0}]


def test_a_cell_that_would_run_as_a_formula_is_neutralised():
    text = feedback_shop.csv_text(["Brand"], [["=HYPERLINK(\"x\")"], ["+1"], ["-2"], ["@SUM(A1)"], [-12], ["Lindex"]])
    assert text.splitlines()[1:] == ["\"'=HYPERLINK(\"\"x\"\")\"", "'+1", "'-2", "'@SUM(A1)", "-12", "Lindex"]


def test_the_ageing_stock_counts_weeks_in_shop_days_as_the_counter_does_for_its_markdown(make_item, supervisor, shop):
    """Priced at 23:30 in Stockholm on a Monday (22:30 UTC), the garment is one week on the floor from the
    next Monday's first hour, for the counter's markdown and the ageing page alike."""
    db.session.add(Markdown(shop_id=shop.id, after_weeks=1, percent=25))
    db.session.commit()
    with frozen_at(datetime(2026, 3, 2, 22, 30, tzinfo=UTC)):
        garment = make_item(price=10000)
    next_monday_early = datetime(2026, 3, 8, 23, 30, tzinfo=UTC)  # 00:30 on Monday 9 March in Stockholm
    [row] = feedback_shop.ageing_stock(next_monday_early, shop_id=shop.id)
    assert (row.weeks, row.garments, row.markdown_percent) == (1, 1, 25)
    with frozen_at(next_monday_early):
        [line] = price_lines(shop, [LineRequest(code=garment.code)], day=shop_date(next_monday_early))
    assert line.markdown == 2500
    [row] = feedback_shop.ageing_stock(next_monday_early - timedelta(hours=1), shop_id=shop.id)  # Sunday, 23:30
    assert (row.weeks, row.markdown_percent) == (0, None)
