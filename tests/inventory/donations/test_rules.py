"""The sorting room's rules for donations: wash loads, donation cards, closing, what a scan finds, brands suggested at sorting."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from boutique.errors import InvalidCheckDigit, ValidationFailed
from inventory.codes import normalise_code
from inventory.donations import services as donation_services
from inventory.donations.cards import donation_code, donation_id_from_scan
from inventory.donations.models import Donation
from inventory.errors import NotADonationCard, WrongStage
from inventory.garments import categories as garment_categories
from inventory.garments import services as garment_services


def test_a_wash_load_of_several_donations_moves_together(make_donation, warehouse):
    first, second = make_donation(stage="received"), make_donation(stage="received")
    moved = donation_services.advance_donations([first.id, second.id], "unpacked", by=warehouse)
    assert [d.stage for d in moved] == ["unpacked", "unpacked"]
    donation_services.advance_donations([first.id, second.id], "washed", by=warehouse)
    assert {donation_services.get_donation(d.id).stage for d in (first, second)} == {"washed"}


def test_a_wash_load_with_one_donation_out_of_order_moves_none_of_them(make_donation, warehouse):
    ready, behind = make_donation(stage="unpacked"), make_donation(stage="received")
    with pytest.raises(WrongStage) as caught:
        donation_services.advance_donations([ready.id, behind.id], "washed", by=warehouse)
    assert caught.value.details == {"current": "received", "requested": "washed"}
    assert [donation_services.get_donation(d.id).stage for d in (ready, behind)] == ["unpacked", "received"]


def test_sorting_and_closing_cannot_be_done_for_a_whole_wash_load(make_donation, warehouse):
    with pytest.raises(ValidationFailed):
        donation_services.advance_donations([make_donation().id], "closed", by=warehouse)


def test_a_stage_backwards_is_refused_with_the_stage_names(make_donation, warehouse):
    donation = make_donation(stage="washed")
    with force_locale("en"), pytest.raises(WrongStage) as caught:
        donation_services.advance_donation(donation.id, "unpacked", by=warehouse)
    with force_locale("en"):
        assert str(caught.value.message) == "This donation is washed; it cannot be marked unpacked now."


def test_the_donation_card_code_scans_back_to_its_donation(make_donation):
    donation = make_donation()
    code = donation_code(donation.id)
    assert len(code) == 13 and normalise_code(code) == code
    assert donation_id_from_scan(code) == donation.id
    assert donation_id_from_scan(" " + code[1:] + "\r\n") == donation.id  # UPC-A form, with scanner noise
    assert donation_id_from_scan(f"D{donation.id}") == donation.id
    assert donation_id_from_scan(str(donation.id)) == donation.id


def test_a_misread_card_or_a_garment_label_is_not_taken_for_a_donation(make_item):
    item = make_item()
    code = donation_code(item.donation_id)
    with pytest.raises(InvalidCheckDigit):
        donation_id_from_scan(code[:-1] + str((int(code[-1]) + 1) % 10))
    with pytest.raises(NotADonationCard):
        donation_id_from_scan(item.code)


def test_a_scan_finds_a_garment_or_a_donation(make_item):
    item = make_item()
    assert donation_services.find_scanned(item.code).id == item.id
    assert isinstance(donation_services.find_scanned(donation_code(item.donation_id)), Donation)


def test_closing_without_weighing_the_waste_makes_it_what_is_left(make_donation, warehouse):
    donation = make_donation(weight_grams=6000)
    donation_services.sort_item(donation_id=donation.id, category="jeans", condition=4, weight_grams=700, by=warehouse)
    donation_services.sort_item(donation_id=donation.id, category="tops", condition=3, by=warehouse)  # typical 200 g
    closed = donation_services.advance_donation(donation.id, "closed", recycled_grams=4000, by=warehouse)
    assert (closed.recycled_grams, closed.discarded_grams) == (4000, 1100)


def test_sorting_after_closing_is_refused(make_donation, warehouse):
    donation = make_donation()
    donation_services.advance_donation(donation.id, "sorted", by=warehouse)
    donation_services.advance_donation(donation.id, "closed", recycled_grams=1000, by=warehouse)
    with pytest.raises(WrongStage):
        donation_services.sort_item(donation_id=donation.id, category="jeans", condition=3, by=warehouse)


def test_retiring_a_category_takes_it_off_the_sorting_station(make_person, make_donation, warehouse):
    admin = make_person("admin")
    garment_categories.save_category("suits", name_sv="Kostymer", name_en="Suits", default_price=20000,
                           typical_weight_grams=1300, pictogram="suit", active=False, by=admin)
    assert "suits" not in [c.key for c in garment_categories.list_categories()]
    with pytest.raises(ValidationFailed):
        donation_services.sort_item(donation_id=make_donation().id, category="suits", condition=3, by=warehouse)


def test_brands_already_seen_are_suggested_most_used_first(make_donation, warehouse):
    donation = make_donation()
    for brand in ("Lindex", "H&M", "H&M", ""):
        donation_services.sort_item(donation_id=donation.id, category="tops", condition=3, brand=brand, by=warehouse)
    assert garment_services.known_brands() == ["H&M", "Lindex"]


def test_brands_are_suggested_from_the_garments_sorted_last(make_donation, warehouse, monkeypatch):
    donation = make_donation()
    for brand in ("Gant", "Gant", "Lindex", "H&M"):
        donation_services.sort_item(donation_id=donation.id, category="tops", condition=3, brand=brand, by=warehouse)
    monkeypatch.setattr(garment_services, "BRANDS_FROM_LAST", 2)
    assert garment_services.known_brands() == ["H&M", "Lindex"]  # Gant, the most used, was sorted before them
