"""A donation's path as service calls: intake, stages, sorting garments out of it and closing, each step with its event."""

from __future__ import annotations

import pytest

from boutique.errors import ValidationFailed
from inventory.codes import normalise_code
from inventory.donations import services as donation_services
from inventory.errors import WrongStage


def test_receiving_a_donation_records_who_received_it(shop, warehouse):
    donation = donation_services.receive_donation(shop_id=shop.id, channel="collection", weight_grams=12500, bags=3,
                                         by=warehouse)
    history = donation_services.donation_history(donation)
    assert donation.stage == "received"
    assert [(e.kind, e.person_id) for e in history] == [("donation.received", warehouse.id)]
    assert history[0].data["weight_grams"] == 12500


@pytest.mark.parametrize("grams", [0, -5])
def test_a_donation_without_weight_is_refused(shop, warehouse, grams):
    with pytest.raises(ValidationFailed) as caught:
        donation_services.receive_donation(shop_id=shop.id, channel="drop_off", weight_grams=grams, by=warehouse)
    assert caught.value.details == {"field": "weight_grams"}


def test_donation_stages_only_move_one_step_forward(make_donation, warehouse):
    donation = make_donation(stage="received")
    with pytest.raises(WrongStage):
        donation_services.advance_donation(donation.id, "washed", by=warehouse)
    donation_services.advance_donation(donation.id, "unpacked", by=warehouse)
    with pytest.raises(WrongStage):
        donation_services.advance_donation(donation.id, "unpacked", by=warehouse)
    assert donation_services.get_donation(donation.id).stage == "unpacked"


def test_sorting_gives_each_garment_its_own_valid_code(make_donation, warehouse):
    donation = make_donation()
    first = donation_services.sort_item(donation_id=donation.id, category="jeans", condition=4, by=warehouse)
    second = donation_services.sort_item(donation_id=donation.id, category="knitwear", condition=3, by=warehouse)
    assert first.code != second.code
    assert first.code.startswith("04") and len(first.code) == 13
    assert normalise_code(first.code) == first.code
    assert donation_services.get_donation(donation.id).stage == "sorted"


def test_sorting_refuses_an_unwashed_donation_and_bad_fields(make_donation, warehouse):
    with pytest.raises(WrongStage):
        donation_services.sort_item(donation_id=make_donation(stage="unpacked").id, category="jeans", condition=3,
                           by=warehouse)
    washed = make_donation()
    with pytest.raises(ValidationFailed):
        donation_services.sort_item(donation_id=washed.id, category="no-such-category", condition=3, by=warehouse)
    with pytest.raises(ValidationFailed):
        donation_services.sort_item(donation_id=washed.id, category="jeans", condition=6, by=warehouse)
    assert donation_services.get_donation(washed.id).items == []


def test_closing_a_donation_records_recycling_and_waste(make_donation, warehouse):
    donation = make_donation()
    donation_services.sort_item(donation_id=donation.id, category="jeans", condition=4, weight_grams=700, by=warehouse)
    closed = donation_services.advance_donation(donation.id, "closed", recycled_grams=3000, discarded_grams=500,
                                       by=warehouse)
    assert (closed.stage, closed.recycled_grams, closed.discarded_grams) == ("closed", 3000, 500)
    assert closed.closed_at is not None
