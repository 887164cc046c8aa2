"""The donations' pages, as a sorter reading English sees them: intake, wash loads, the sorting station, closing, the kilo page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from boutique.db import db
from inventory.donations import services as donation_services
from inventory.donations.cards import donation_code
from inventory.donations.models import Donation


def _flash(html: str) -> str:
    return " ".join(re.findall(r'class="flash[^"]*"[^>]*>([^<]*)<', html))


@pytest.fixture
def signed_in(client, login, sorter):
    return login(sorter)


@pytest.mark.parametrize("weight, message", [("0", "The weight must be more than zero."),
                                             ("-3", "The weight must be more than zero."),
                                             ("heavy", "Write the weight in kilos, for example 3,5.")])
def test_intake_refuses_a_weight_that_is_not_above_zero(signed_in, weight, message):
    page = signed_in.post("/donations/new", data={"channel": "drop_off", "weight": weight, "bags": "1"})
    assert message in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Donation.id))) == 0


def test_a_received_donation_gets_a_card_with_its_barcode(signed_in):
    page = signed_in.post("/donations/new", data={"channel": "collection", "weight": "12,5", "bags": "3",
                                                  "note": "Container 4"}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Donation 1 received." in _flash(html) and "12.5\u00a0kg" in html
    card = signed_in.get("/donations/1/card").get_data(as_text=True)
    assert donation_code(1) in card and "<svg" in card


@pytest.mark.parametrize("language, weight", [("sv", "12,5\u00a0kg"), ("en", "12.5\u00a0kg"), ("ar", "12.5\u00a0كغم")])
def test_a_donations_weight_is_written_with_the_unit_of_the_readers_language(client, login, make_person,
                                                                             make_donation, language, weight):
    reader = make_person("warehouse", username=f"vikt-{language}", display_name="Reader", language=language)
    donation = make_donation(weight_grams=12500)
    assert weight in login(reader).get(f"/donations/{donation.id}").get_data(as_text=True)


def test_a_wash_load_is_marked_washed_with_one_button(signed_in, make_donation):
    first, second = make_donation(stage="unpacked"), make_donation(stage="unpacked")
    page = signed_in.post("/donations/stage", data={"stage": "washed", "donation_ids": [first.id, second.id]},
                          follow_redirects=True)
    assert "2 donations are now washed." in _flash(page.get_data(as_text=True))


def test_a_wash_load_with_a_donation_out_of_order_says_which_and_moves_none(signed_in, make_donation):
    ready, behind = make_donation(stage="unpacked"), make_donation(stage="received")
    page = signed_in.post("/donations/stage", data={"stage": "washed", "donation_ids": [ready.id, behind.id]},
                          follow_redirects=True)
    assert "This donation is received; it cannot be marked washed now." in _flash(page.get_data(as_text=True))
    assert donation_services.get_donation(ready.id).stage == "unpacked"


def test_scanning_the_card_opens_the_sorting_station_of_that_donation(signed_in, make_donation):
    donation = make_donation()
    response = signed_in.post("/sort", data={"code": donation_code(donation.id)})
    assert response.headers["Location"].endswith(f"/donations/{donation.id}/sort")


def test_a_misread_card_says_scan_again(signed_in, make_donation):
    code = donation_code(make_donation().id)
    page = signed_in.post("/sort", data={"code": code[:-1] + str((int(code[-1]) + 1) % 10)})
    assert "The check digit is wrong. Please scan again." in _flash(page.get_data(as_text=True))


def test_the_sorting_station_saves_a_garment_and_keeps_the_choices_for_the_next(signed_in, make_donation):
    donation = make_donation()
    page = signed_in.post(f"/donations/{donation.id}/sort", data={
        "category": "children", "size_children": "110", "size_letters": "M", "colour": "green", "condition": "4",
        "route": "shop", "brand": "Polarn O. Pyret", "weight": "0,2"}, follow_redirects=True)
    item = donation_services.get_donation(donation.id).items[0]
    assert (item.category.key, item.size, item.colour, item.brand, item.weight_grams) == (
        "children", "110", "green", "Polarn O. Pyret", 200)
    html = page.get_data(as_text=True)
    assert f"Saved garment {item.code}." in _flash(html)
    assert re.search(r'value="children" data-size-scale="children"\s+checked', html)
    assert re.search(r'name="size_children" value="110" checked', html)
    assert re.search(r'id="brand"[^>]*value=""', html)  # the brand is typed for each garment, not kept


def test_a_save_in_place_answers_with_the_station_part_alone(signed_in, make_donation):
    donation = make_donation()
    page = signed_in.post(f"/donations/{donation.id}/sort", data={"category": "tops", "condition": "3", "route": "shop"},
                          headers={"HX-Request": "true"})
    assert page.status_code == 200 and page.headers["X-Page"] == f"/donations/{donation.id}/sort"  # no redirect
    html = page.get_data(as_text=True)
    item = donation_services.get_donation(donation.id).items[0]
    assert html.lstrip().startswith("<div id=\"sort-live\"") and f"Saved garment {item.code}." in html
    assert 'data-testid="recent-garments"' in html and 'name="category"' in html
    assert "<html" not in html and 'class="room-nav"' not in html and "<datalist" not in html  # they stay on the page


@pytest.mark.parametrize("data, message", [
    ({"category": "spaceships"}, "Not a valid choice."),
    ({"condition": "7"}, "Not a valid choice."),
    ({"weight": "0"}, "The weight must be more than zero."),
])
def test_the_sorting_station_refuses_bad_input_and_creates_nothing(signed_in, make_donation, data, message):
    donation = make_donation()
    page = signed_in.post(f"/donations/{donation.id}/sort",
                          data={"category": "jeans", "condition": "3", "route": "shop", **data})
    assert message in page.get_data(as_text=True)
    assert donation_services.get_donation(donation.id).items == []


def test_the_sorting_station_of_an_unwashed_donation_says_what_to_do(signed_in, make_donation):
    donation = make_donation(stage="unpacked")
    html = signed_in.get(f"/donations/{donation.id}/sort").get_data(as_text=True)
    assert "This donation is unpacked. Garments are sorted from a washed donation." in html
    assert "Save the garment" not in html


def test_closing_a_donation_shows_its_kilo_balance(signed_in, make_donation, sorter):
    donation = make_donation(weight_grams=5000)
    donation_services.sort_item(donation_id=donation.id, category="jeans", condition=4, weight_grams=1000, by=sorter)
    page = signed_in.post(f"/donations/{donation.id}/stage", data={"stage": "closed", "recycled": "3,5"},
                          follow_redirects=True)
    html = page.get_data(as_text=True)
    balance = html[html.index('data-testid="kilo-balance"'):]
    assert re.search(r"Textile recycling</th><td class=\"num\">3.5\xa0kg", balance)
    assert re.search(r"Waste</th><td class=\"num\">0.5\xa0kg", balance)
    assert re.search(r"Still in stock</th><td class=\"num\">1\xa0kg", balance)


def test_the_shops_kilo_page_adds_up(signed_in, make_donation):
    make_donation(weight_grams=2500)
    make_donation(weight_grams=4000)
    html = signed_in.get("/kilos").get_data(as_text=True)
    assert "2 donations received." in html and re.search(r"In \(donated\)</th><td class=\"num\">6.5\xa0kg", html)


def test_a_scanned_donation_card_on_the_find_page_opens_the_donation(signed_in, make_donation):
    donation = make_donation()
    response = signed_in.post("/find", data={"code": donation_code(donation.id)})
    assert response.headers["Location"].endswith(f"/donations/{donation.id}")
