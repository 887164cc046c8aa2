"""Feedback pages, CSV exports and the feedback API, read as the people they are for."""

from __future__ import annotations

import csv
import io

import pytest

from tests.pos.feedback.test_figures import build_shopfloor


@pytest.fixture
def shopfloor(make_person, make_item, supervisor, cashier, open_till):
    return build_shopfloor(make_person, make_item, supervisor, cashier, open_till.id)


def test_a_student_reads_her_own_pieces_with_asked_and_paid_price(shopfloor, login):
    page = login(shopfloor.student).get(f"/feedback/designers/{shopfloor.student.id}").get_data(as_text=True)
    assert "How the pieces of Sara sell" in page
    assert "67 %" in page and "89 %" in page  # sell-through; paid of first asked
    assert "Asked: 150\u00a0kr · Paid: 100\u00a0kr" in page  # money keeps its number and "kr" on one line
    assert "Sold after 14 days" in page
    assert 'aria-label="Days from pricing to sale"' in page and "<script" not in page.split("<main", 1)[1]


def test_a_student_is_refused_another_students_page(shopfloor, make_person, login):
    other = make_person("designer", username="leo", kind="student", language="en")
    assert login(other).get(f"/feedback/designers/{shopfloor.student.id}").status_code == 403


def test_a_participant_reads_kindly_how_her_estimates_compare(shopfloor, login):
    page = login(shopfloor.participant).get(f"/feedback/valuers/{shopfloor.participant.id}").get_data(as_text=True)
    assert "Your estimates were on average 20 kr above what garments sold for." in page


def test_the_shop_page_shows_aggregates_and_says_when_no_climate_factor_is_set(shopfloor, login):
    client = login(shopfloor.student)
    page = client.get("/feedback/shop").get_data(as_text=True)
    assert "Dresses" in page and "factor not set" in page
    assert "Tatreez" in client.get("/feedback/shop?by=motif").get_data(as_text=True)
    assert "200–399 kr" in client.get("/feedback/shop?by=price_band").get_data(as_text=True)
    assert shopfloor.pieces[0].code not in page  # nobody's own pieces on the shop page


def test_a_designers_pieces_export_to_csv_with_prices_in_kronor(shopfloor, login):
    response = login(shopfloor.student).get(f"/feedback/designers/{shopfloor.student.id}/pieces.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert response.mimetype == "text/csv"
    assert rows[0] == ["Code", "Category", "Size", "Status", "Asked (kr)", "Paid (kr)", "Days to sell"]
    assert [shopfloor.pieces[1].code, "Skirts", "M", "sold", "150", "100", "14"] in rows


def test_the_designer_api_gives_the_figures_to_the_designer_and_a_supervisor(shopfloor, api_as):
    body = api_as(shopfloor.student).get(f"/feedback/designers/{shopfloor.student.id}").get_json()
    assert {k: body[k] for k in ("listed", "sold", "sell_through", "median_days_to_sell", "revenue",
                                 "price_realisation")} == {"listed": 3, "sold": 2, "sell_through": 0.667,
                                                           "median_days_to_sell": 9.0, "revenue": 40000,
                                                           "price_realisation": 0.889}
    assert len(body["items"]) == 3
    assert body["category_average"]["dresses"]["listed"] == 3
    assert api_as(shopfloor.supervisor).get(f"/feedback/designers/{shopfloor.student.id}").status_code == 200


def test_the_designer_api_refuses_anyone_else(shopfloor, make_person, api_as):
    other = make_person("designer", username="leo", kind="student", language="en")
    response = api_as(other).get(f"/feedback/designers/{shopfloor.student.id}")
    assert response.status_code == 403


def test_the_impact_api_counts_sold_grams_with_no_factor_and_says_so(shopfloor, api_as):
    body = api_as(shopfloor.student).get("/impact?from=2026-03-01&to=2026-03-31").get_json()
    assert body["co2e_saved_kg"] == 0 and body["factor"] is None and body["factor_source"] == "factor not set"
    # Eight donations of 5 kg came in on 2 March.
    assert body["donated_grams"] == 40000


def test_the_impact_api_refuses_a_period_that_ends_before_it_starts(api_as, supervisor):
    response = api_as(supervisor).get("/impact?from=2026-03-31&to=2026-03-01")
    assert response.status_code == 422
    assert api_as(supervisor).get("/impact?from=soon").status_code == 422
