"""Categories carry names in further languages: Arabic for the standard ones, editable by an admin."""

from __future__ import annotations

from inventory.garments import categories as garment_categories


def test_the_standard_categories_have_arabic_names_and_fall_back_to_english(app):
    dresses = garment_categories.find_category("dresses")
    assert (dresses.name("sv"), dresses.name("en"), dresses.name("ar")) == ("Klänningar", "Dresses", "فساتين")
    assert dresses.name("so") == "Dresses"  # a language without a name shows the English one


def test_an_admin_names_a_category_in_arabic_on_its_page(make_person, login):
    admin = make_person("admin", username="boss")
    client = login(admin)
    page = client.get("/categories/dresses").get_data(as_text=True)
    assert 'value="فساتين"' in page
    form = {"key": "dresses", "name_sv": "Klänningar", "name_en": "Dresses", "name_ar": "فساتين سهرة", "pictogram": "dress",
            "default_price": "90", "typical_weight": "0,4", "co2e_grams_per_kg": "0", "co2e_source": "",
            "size_scale": "letters", "active": "y"}
    assert client.post("/categories/dresses", data=form).status_code == 302
    assert garment_categories.find_category("dresses").other_names == {"ar": "فساتين سهرة"}
    form["name_ar"] = ""
    client.post("/categories/dresses", data=form)
    assert garment_categories.find_category("dresses").name("ar") == "Dresses"
