"""The rules for garments as service calls: withdrawals and their weights, moves between shops, who may price, categories."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from boutique.db import db
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Event
from boutique.services import create_shop
from inventory.garments import categories as garment_categories
from inventory.garments import services as garment_services


def test_a_withdrawal_records_its_weight_and_reason(make_item, warehouse):
    item = make_item(price=4000, category="knitwear")
    gone = garment_services.withdraw_item(item.code, reason="given_away", weight_grams=520, note="To the shelter",
                                  by=warehouse)
    assert (gone.status, gone.withdraw_reason, gone.withdraw_note, gone.weight_grams) == (
        "withdrawn", "given_away", "To the shelter", 520)
    assert gone.withdrawn_at is not None
    event = garment_services.item_history(gone)[-1]
    assert (event.kind, event.data["reason"], event.data["weight_grams"]) == ("item.withdrawn", "given_away", 520)


def test_a_withdrawal_without_a_weight_counts_the_categorys_typical_weight(make_item, warehouse):
    item = make_item(category="jackets")
    garment_services.withdraw_item(item.code, reason="recycling", by=warehouse)
    assert garment_services.item_history(item)[-1].data["weight_grams"] == 1200


def test_a_garment_moves_to_another_shop_but_not_to_its_own(make_item, warehouse, shop):
    other = create_shop("Röda Korset Söder")
    item = make_item(price=5000)
    with pytest.raises(ValidationFailed):
        garment_services.withdraw_item(item.code, reason="transfer", shop_id=shop.id, by=warehouse)
    moved = garment_services.withdraw_item(item.code, reason="transfer", shop_id=other.id, by=warehouse)
    assert (moved.shop_id, moved.status) == (other.id, "priced")


def test_a_zero_withdrawal_weight_is_refused_and_changes_nothing(make_item, warehouse):
    item = make_item(price=5000)
    with pytest.raises(ValidationFailed):
        garment_services.withdraw_item(item.code, reason="waste", weight_grams=0, by=warehouse)
    assert garment_services.get_item(item.code).status == "priced"


def test_who_may_price_is_the_shops_role_decision(app, make_item, warehouse, supervisor):
    item = make_item()
    app.config["PRICING_ROLES"] = ("supervisor", "admin")
    with pytest.raises(Forbidden):
        garment_services.price_item(item.code, price=5000, by=warehouse)
    assert garment_services.get_item(item.code).price is None
    assert garment_services.price_item(item.code, price=5000, by=supervisor).status == "priced"


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
