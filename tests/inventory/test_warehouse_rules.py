"""The sorting room's rules as service calls: wash loads, donation cards, closing, withdrawals, roles, categories."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from boutique.db import db
from boutique.errors import Forbidden, InvalidCheckDigit, ValidationFailed
from boutique.models import Event
from boutique.services import create_shop
from inventory import services
from inventory.garments import categories as garment_categories
from inventory.codes import normalise_code
from inventory.donations.cards import donation_code, donation_id_from_scan
from inventory.errors import NotADonationCard, WrongStage
from inventory.models import Donation


def test_a_wash_load_of_several_donations_moves_together(make_donation, warehouse):
    first, second = make_donation(stage="received"), make_donation(stage="received")
    moved = services.advance_donations([first.id, second.id], "unpacked", by=warehouse)
    assert [d.stage for d in moved] == ["unpacked", "unpacked"]
    services.advance_donations([first.id, second.id], "washed", by=warehouse)
    assert {services.get_donation(d.id).stage for d in (first, second)} == {"washed"}


def test_a_wash_load_with_one_donation_out_of_order_moves_none_of_them(make_donation, warehouse):
    ready, behind = make_donation(stage="unpacked"), make_donation(stage="received")
    with pytest.raises(WrongStage) as caught:
        services.advance_donations([ready.id, behind.id], "washed", by=warehouse)
    assert caught.value.details == {"current": "received", "requested": "washed"}
    assert [services.get_donation(d.id).stage for d in (ready, behind)] == ["unpacked", "received"]


def test_sorting_and_closing_cannot_be_done_for_a_whole_wash_load(make_donation, warehouse):
    with pytest.raises(ValidationFailed):
        services.advance_donations([make_donation().id], "closed", by=warehouse)


def test_a_stage_backwards_is_refused_with_the_stage_names(make_donation, warehouse):
    donation = make_donation(stage="washed")
    with force_locale("en"), pytest.raises(WrongStage) as caught:
        services.advance_donation(donation.id, "unpacked", by=warehouse)
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
    assert services.find_scanned(item.code).id == item.id
    assert isinstance(services.find_scanned(donation_code(item.donation_id)), Donation)


def test_closing_without_weighing_the_waste_makes_it_what_is_left(make_donation, warehouse):
    donation = make_donation(weight_grams=6000)
    services.sort_item(donation_id=donation.id, category="jeans", condition=4, weight_grams=700, by=warehouse)
    services.sort_item(donation_id=donation.id, category="tops", condition=3, by=warehouse)  # typical 200 g
    closed = services.advance_donation(donation.id, "closed", recycled_grams=4000, by=warehouse)
    assert (closed.recycled_grams, closed.discarded_grams) == (4000, 1100)


def test_sorting_after_closing_is_refused(make_donation, warehouse):
    donation = make_donation()
    services.advance_donation(donation.id, "sorted", by=warehouse)
    services.advance_donation(donation.id, "closed", recycled_grams=1000, by=warehouse)
    with pytest.raises(WrongStage):
        services.sort_item(donation_id=donation.id, category="jeans", condition=3, by=warehouse)


def test_a_withdrawal_records_its_weight_and_reason(make_item, warehouse):
    item = make_item(price=4000, category="knitwear")
    gone = services.withdraw_item(item.code, reason="given_away", weight_grams=520, note="To the shelter",
                                  by=warehouse)
    assert (gone.status, gone.withdraw_reason, gone.withdraw_note, gone.weight_grams) == (
        "withdrawn", "given_away", "To the shelter", 520)
    assert gone.withdrawn_at is not None
    event = services.item_history(gone)[-1]
    assert (event.kind, event.data["reason"], event.data["weight_grams"]) == ("item.withdrawn", "given_away", 520)


def test_a_withdrawal_without_a_weight_counts_the_categorys_typical_weight(make_item, warehouse):
    item = make_item(category="jackets")
    services.withdraw_item(item.code, reason="recycling", by=warehouse)
    assert services.item_history(item)[-1].data["weight_grams"] == 1200


def test_a_garment_moves_to_another_shop_but_not_to_its_own(make_item, warehouse, shop):
    other = create_shop("Röda Korset Söder")
    item = make_item(price=5000)
    with pytest.raises(ValidationFailed):
        services.withdraw_item(item.code, reason="transfer", shop_id=shop.id, by=warehouse)
    moved = services.withdraw_item(item.code, reason="transfer", shop_id=other.id, by=warehouse)
    assert (moved.shop_id, moved.status) == (other.id, "priced")


def test_a_zero_withdrawal_weight_is_refused_and_changes_nothing(make_item, warehouse):
    item = make_item(price=5000)
    with pytest.raises(ValidationFailed):
        services.withdraw_item(item.code, reason="waste", weight_grams=0, by=warehouse)
    assert services.get_item(item.code).status == "priced"


def test_who_may_price_is_the_shops_role_decision(app, make_item, warehouse, supervisor):
    item = make_item()
    app.config["PRICING_ROLES"] = ("supervisor", "admin")
    with pytest.raises(Forbidden):
        services.price_item(item.code, price=5000, by=warehouse)
    assert services.get_item(item.code).price is None
    assert services.price_item(item.code, price=5000, by=supervisor).status == "priced"


def test_an_admin_creates_and_changes_a_category_with_its_climate_factor(make_person, new_categories_allowed):
    admin = make_person("admin")
    created = garment_categories.save_category("linen_sets", name_sv="Linneset", name_en="Linen sets", default_price=12000,
                                     typical_weight_grams=900, pictogram="home", size_scale="none", by=admin)
    assert garment_categories.get_category("linen_sets").name("en") == "Linen sets"
    changed = garment_categories.save_category("linen_sets", name_sv="Linneset", name_en="Linen sets", default_price=15000,
                                     typical_weight_grams=900, pictogram="home", size_scale="none",
                                     co2e_grams_per_kg=15000, co2e_source="A study, 2020", by=admin)
    assert (changed.id, changed.default_price, changed.co2e_grams_per_kg) == (created.id, 15000, 15000)
    kinds = [(e.kind, sorted(e.data["changed"])) for e in db.session.scalars(
        select(Event).where(Event.subject_type == "category", Event.subject_id == created.id))]
    assert kinds[-1] == ("category.changed", ["co2e_grams_per_kg", "co2e_source", "default_price"])


@pytest.mark.parametrize("change, field", [
    ({"typical_weight_grams": 0}, "typical_weight_grams"),
    ({"co2e_grams_per_kg": 20000, "co2e_source": ""}, "co2e_source"),
    ({"pictogram": "no-such-picture"}, "pictogram"),
    ({"name_en": " "}, "name_en"),
])
def test_a_category_with_a_bad_field_is_refused(make_person, change, field):
    values = {"name_sv": "Mössor", "name_en": "Hats", "default_price": 3000, "typical_weight_grams": 100,
              "pictogram": "scarf", **change}
    with pytest.raises(ValidationFailed) as caught:
        garment_categories.save_category("hats", by=make_person("admin"), **values)
    assert caught.value.details == {"field": field}
    assert garment_categories.find_category("hats") is None


def test_retiring_a_category_takes_it_off_the_sorting_station(make_person, make_donation, warehouse):
    admin = make_person("admin")
    garment_categories.save_category("suits", name_sv="Kostymer", name_en="Suits", default_price=20000,
                           typical_weight_grams=1300, pictogram="suit", active=False, by=admin)
    assert "suits" not in [c.key for c in garment_categories.list_categories()]
    with pytest.raises(ValidationFailed):
        services.sort_item(donation_id=make_donation().id, category="suits", condition=3, by=warehouse)


def test_brands_already_seen_are_suggested_most_used_first(make_donation, warehouse):
    donation = make_donation()
    for brand in ("Lindex", "H&M", "H&M", ""):
        services.sort_item(donation_id=donation.id, category="tops", condition=3, brand=brand, by=warehouse)
    assert services.known_brands() == ["H&M", "Lindex"]
