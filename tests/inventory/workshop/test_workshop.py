"""The redesign workshop: projects take garments from the redesign route, designers change only their own
projects, and a finished piece carries its story, label and provenance back to each donation."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Event
from inventory.errors import WrongStage
from inventory.garments import services as garment_services
from inventory.labels.data import label_data_for
from inventory.workshop import cookbook, errors
from inventory.workshop import services as workshop
from tests.inventory.workshop.test_photos import phone_photo


@pytest.fixture(autouse=True)
def messages_in_english(app):
    """These tests read the services' messages in English."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield

@pytest.fixture
def student(make_person):
    return make_person("designer", username="sara", display_name="Sara Lind", kind="student", language="en")


@pytest.fixture
def participant(make_person):
    return make_person("designer", username="amina", display_name="Amina Yusuf", kind="participant", language="en")


@pytest.fixture
def outsider(make_person):
    return make_person("designer", username="leo", display_name="Leo", kind="student", language="en")


@pytest.fixture
def shirts(make_item):
    """Three donated shirts sorted for redesign, each from its own donation."""
    return [make_item(route="redesign", category="shirts", colour=colour) for colour in ("blue", "white", "red")]


@pytest.fixture
def project(student, participant, shirts):
    return workshop.create_project(title="Three-shirt dress", designer_ids=[student.id, participant.id],
                                   source_codes=[s.code for s in shirts], motifs=["Tatreez cross-stitch"],
                                   by=student)


def kinds(events: list[Event]) -> list[str]:
    return [e.kind for e in events]


# --------------------------------------------------------------------------- garments


def test_garments_scanned_into_a_project_are_in_redesign_and_remember_the_project(project, shirts):
    for shirt in shirts:
        item = garment_services.get_item(shirt.code)
        assert item.status == "in_redesign"
        assert garment_services.item_history(item)[-1].data == {"project_id": project.id}
    assert [s.item.code for s in project.sources] == [s.code for s in shirts]


def test_a_garment_for_the_shop_floor_cannot_be_used(project, student, make_item):
    for_the_shop = make_item(category="shirts")
    with pytest.raises(errors.GarmentNotForRedesign) as refused:
        workshop.add_source(project.id, for_the_shop.code, by=student)
    assert refused.value.status == 409 and "shop floor" in str(refused.value.message)
    assert garment_services.get_item(for_the_shop.code).status == "sorted"


def test_a_garment_already_in_one_project_cannot_join_another(project, shirts, participant):
    other = workshop.create_project(title="Bag", by=participant)
    with pytest.raises(errors.GarmentNotForRedesign) as refused:
        workshop.add_source(other.id, shirts[0].code, by=participant)
    assert "already in a redesign project" in str(refused.value.message)
    assert other.sources == []


def test_giving_a_garment_back_returns_it_to_where_it_was_and_is_recorded(student, make_item, supervisor):
    valued = make_item(route="redesign", category="shirts")
    garment_services.value_item(valued.code, estimate=4000, by=supervisor)
    project = workshop.create_project(title="Vest", source_codes=[valued.code], by=student)
    workshop.remove_source(project.id, valued.code, by=student)
    assert garment_services.get_item(valued.code).status == "valued"
    assert project.sources == []
    assert kinds(workshop.project_history(project))[-1] == "redesign.source_removed"
    assert kinds(garment_services.item_history(valued))[-1] == "item.redesign_removed"


def test_a_consumed_garment_is_never_sold(project, student, shirts, api_as, cashier, open_till):
    workshop.finish_into_product(project.id, category="dresses", price=59900, by=student)
    response = api_as(cashier).post("/sales", json={"till_id": open_till.id, "lines": [{"code": shirts[0].code}],
                                                    "payments": [{"method": "cash", "amount": 10000}]})
    assert response.status_code == 409
    assert response.get_json()["details"] == {"code": shirts[0].code, "status": "consumed"}
    with pytest.raises(WrongStage):
        garment_services.price_item(shirts[0].code, price=5000, by=garment_services.get_item(shirts[0].code).sorted_by)


# --------------------------------------------------------------------------- designers


def test_a_designer_who_starts_a_project_is_always_on_it(participant):
    project = workshop.create_project(title="Scarf", by=participant)
    assert [d.person_id for d in project.designers] == [participant.id]


def test_a_designer_changes_only_projects_they_are_on(project, outsider, make_item):
    spare = make_item(route="redesign")
    for attempt in (lambda: workshop.add_source(project.id, spare.code, by=outsider),
                    lambda: workshop.log_step(project.id, minutes=60, note="Cut", by=outsider),
                    lambda: workshop.add_tag(project.id, "motif", "Paisley", by=outsider),
                    lambda: workshop.finish_into_product(project.id, category="dresses", by=outsider)):
        with pytest.raises(Forbidden):
            attempt()
    assert garment_services.get_item(spare.code).status == "sorted"


def test_a_supervisor_may_change_any_project(project, supervisor, make_item):
    spare = make_item(route="redesign")
    workshop.add_source(project.id, spare.code, by=supervisor)
    assert garment_services.get_item(spare.code).status == "in_redesign"


def test_removing_a_designer_from_an_open_project_is_recorded(project, student, participant):
    workshop.remove_designer(project.id, participant.id, by=student)
    assert [d.person_id for d in project.designers] == [student.id]
    removal = workshop.project_history(project)[-1]
    assert (removal.kind, removal.person_id, removal.data["person_id"]) == (
        "redesign.designer_removed", student.id, participant.id)


def test_the_last_designer_stays_on_the_project(student):
    project = workshop.create_project(title="Cap", by=student)
    with pytest.raises(ValidationFailed):
        workshop.remove_designer(project.id, student.id, by=student)


def test_a_designer_chooses_the_name_their_work_is_credited_with(project, participant):
    workshop.set_credit_name(project.id, name="Amina", by=participant)
    assert project.credit == "Sara Lind & Amina"


def test_a_pseudonymised_designer_leaves_no_name_in_the_workshop(app, project, participant, supervisor, client,
                                                                 login):
    from sqlalchemy import select

    from boutique import services as people
    from boutique.db import db

    workshop.set_credit_name(project.id, name="Amina Y.", by=participant)
    exported = people.export_person(participant.id)["workshop_credits"]
    assert exported == [{"project": project.id, "title": "Three-shirt dress", "credit_name": "Amina Y."}]
    client.post("/login", data={"username": "amina", "password": "wrong"})  # a failed sign-in keeps "amina"
    people.update_person(participant.id, by=supervisor, display_name="Amina Yusuf-Berg", role="designer",
                         kind="participant", language="en", active=True)

    pseudonym = people.pseudonymise_person(participant.id, by=supervisor).display_name
    assert pseudonym.endswith(f" {participant.id}") and "Amina" not in pseudonym  # "Former participant 2"
    assert project.credit == f"Sara Lind & {pseudonym}"
    page = login(supervisor).get(f"/workshop/projects/{project.id}").get_data(as_text=True)
    assert pseudonym in page and "Amina" not in page
    for event in db.session.scalars(select(Event)):
        assert "amina" not in f"{event.station} {event.data}".lower(), (event.kind, event.station, event.data)


# --------------------------------------------------------------------------- the story as it grows


def test_steps_add_up_the_hours_and_their_techniques_join_the_project(project, participant):
    workshop.log_step(project.id, minutes=90, note="Unpicked the collars.", techniques=["Unpicking"],
                      by=participant)
    workshop.log_step(project.id, minutes=120, note="Cross-stitched the yoke.",
                      techniques=["Cross-stitch", "unpicking"], by=participant)
    assert project.minutes == 210
    assert project.tag_names("technique") == ["Unpicking", "Cross-stitch"]
    assert cookbook.hours_text(project.minutes) in ("3.5\u00a0h", "3,5\u00a0h")


def test_an_empty_step_is_refused(project, student):
    with pytest.raises(ValidationFailed):
        workshop.log_step(project.id, minutes=0, note="  ", by=student)


# --------------------------------------------------------------------------- finishing


def test_finishing_makes_a_priced_piece_with_its_own_code_from_every_garment(project, student, shirts):
    product = workshop.finish_into_product(project.id, category="dresses", size="M", price=59900,
                                           story="Three shirts became one dress.", by=student)
    item = product.item
    assert item.code not in {s.code for s in shirts} and garment_services.get_item(item.code) is item
    assert (item.status, item.price, item.size, item.category.key) == ("priced", 59900, "M", "dresses")
    assert item.tag_colour == garment_services.tag_colour_for(item.priced_at)
    assert [i.code for i in product.made_from] == [s.code for s in shirts]
    assert all(garment_services.get_item(s.code).status == "consumed" for s in shirts)
    assert project.status == "finished"
    assert kinds(garment_services.item_history(item)) == ["item.made", "item.priced"]
    assert kinds(garment_services.item_history(shirts[0]))[-1] == "item.consumed"


def test_a_piece_without_a_price_waits_for_the_shop_to_price_it(project, student, supervisor):
    product = workshop.finish_into_product(project.id, category="dresses", by=student)
    assert product.item.status == "sorted" and product.item.price is None
    garment_services.price_item(product.item.code, price=45000, by=supervisor)
    assert product.item.status == "priced"


def test_a_finished_project_keeps_its_designers_and_garments(project, student, participant, make_item):
    workshop.finish_into_product(project.id, category="dresses", by=student)
    with pytest.raises(errors.ProjectFinished):
        workshop.remove_designer(project.id, participant.id, by=student)
    with pytest.raises(errors.ProjectFinished):
        workshop.add_source(project.id, make_item(route="redesign").code, by=student)


def test_a_second_piece_from_the_same_project_is_made_from_the_same_garments(project, student, shirts):
    workshop.finish_into_product(project.id, category="dresses", by=student)
    bag = workshop.finish_into_product(project.id, category="bags", story="From the offcuts.", by=student)
    assert [i.code for i in bag.made_from] == [s.code for s in shirts]
    assert len(project.products) == 2


def test_a_project_without_garments_cannot_be_finished(student):
    project = workshop.create_project(title="Nothing yet", by=student)
    with pytest.raises(ValidationFailed):
        workshop.finish_into_product(project.id, category="dresses", by=student)


# --------------------------------------------------------------------------- label, public page, cookbook


def decoded(png: bytes, fmt: zxingcpp.BarcodeFormat) -> list[str]:
    with Image.open(io.BytesIO(png)) as image:
        return [r.text for r in zxingcpp.read_barcodes(image.convert("L")) if r.format == fmt]


def test_the_label_says_redesign_with_the_names_and_its_qr_code_opens_the_public_page(
        app, project, student, participant, login):
    workshop.set_credit_name(project.id, name="Amina", by=participant)
    product = workshop.finish_into_product(project.id, category="dresses", price=59900, by=student)
    code = product.item.code
    png = login(student).get(f"/workshop/pieces/{code}/label.png")
    assert png.status_code == 200
    url = decoded(png.data, zxingcpp.BarcodeFormat.QRCode)[0]
    assert url == f"http://localhost/p/{code}"
    assert decoded(png.data, zxingcpp.BarcodeFormat.EAN13) == [code]
    with app.test_request_context():
        assert label_data_for(product.item).designers == "Redesign: Sara Lind & Amina"


def test_printed_labels_use_the_shops_public_address_when_one_is_set(app, project, student):
    product = workshop.finish_into_product(project.id, category="dresses", by=student)
    app.config["PUBLIC_BASE_URL"] = "https://redesign.example.org/butik"
    assert label_data_for(product.item).qr_url == f"https://redesign.example.org/butik/p/{product.item.code}"


def test_an_ordinary_garment_has_no_designers_or_qr_code_on_its_label(app, make_item):
    with app.test_request_context():
        data = label_data_for(make_item(price=9900))
    assert (data.designers, data.qr_url) == ("", None)


@pytest.fixture
def piece(app, project, student, participant, tmp_path):
    """The three shirts finished into a priced dress with a story, motifs and photos."""
    app.config["MEDIA_FOLDER"] = str(tmp_path)
    workshop.add_photo(project.id, kind="before", upload=io.BytesIO(phone_photo()), by=student)
    workshop.add_photo(project.id, kind="after", upload=io.BytesIO(phone_photo(1200, 1600, orientation=1)),
                       by=participant)
    workshop.add_tag(project.id, "culture", "Palestinian embroidery", by=participant)
    workshop.log_step(project.id, minutes=150, note="Private: Amina's phone number is 070-123", by=participant)
    return workshop.finish_into_product(project.id, category="dresses", size="M", price=59900,
                                        story="Amina's grandmother's cross-stitch on Sara's cut.", by=student)


def test_the_public_page_shows_the_piece_to_anyone_without_anything_private(app, piece, shirts):
    page = app.test_client().get(f"/p/{piece.item.code}").get_data(as_text=True)
    after_photo = piece.project.photos_of("after")[0]
    for shown in ("Three-shirt dress", "Sara Lind &amp; Amina Yusuf", "Amina&#39;s grandmother",
                  "Tatreez cross-stitch", "Palestinian embroidery", "599\u00a0kr", f"/photos/{after_photo.id}/"):
        assert shown in page, shown
    for private in ("sara", "amina@", "070-123", *[s.code for s in shirts], "/donations/", "/items/"):
        assert private not in page, private


def test_the_public_page_says_when_the_piece_is_sold(app, piece, make_person, open_till, api_as, cashier):
    api_as(cashier).post("/sales", json={"till_id": open_till.id, "lines": [{"code": piece.item.code}],
                                         "payments": [{"method": "cash", "amount": 59900}]})
    page = app.test_client().get(f"/p/{piece.item.code}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sold" in page and "599" not in page


def test_a_signed_in_supervisor_follows_the_provenance_back_to_each_donation(piece, shirts, supervisor, login):
    page = login(supervisor).get(f"/p/{piece.item.code}").get_data(as_text=True)
    for shirt in shirts:
        assert f'href="/items/{shirt.code}"' in page
        assert f'href="/donations/{shirt.donation_id}"' in page


def test_an_ordinary_garment_has_no_public_page(app, make_item):
    assert app.test_client().get(f"/p/{make_item(price=100).code}").status_code == 404


def test_the_cookbook_holds_the_photos_materials_techniques_steps_and_story(piece, participant, login):
    response = login(participant).get(f"/workshop/projects/{piece.project_id}/cookbook.pdf")
    assert response.mimetype == "application/pdf"
    document = pypdfium2.PdfDocument(response.data)
    text = "".join(page.get_textpage().get_text_bounded() for page in document)
    images = sum(1 for page in document for obj in page.get_objects() if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE)
    document.close()
    for shown in ("Three-shirt dress", "Shirts and blouses, blue", "Tatreez cross-stitch", "Palestinian embroidery",
                  "1. ", "Amina's grandmother's cross-stitch", "Before", "After"):
        assert shown in text, shown
    assert images == 2


# --------------------------------------------------------------------------- pages


def test_a_designers_home_lists_their_projects_and_pieces_with_status(piece, participant, login, student):
    workshop.create_project(title="Patchwork jacket", by=participant)
    page = login(participant).get("/workshop").get_data(as_text=True)
    assert "Three-shirt dress" in page and "Patchwork jacket" in page
    assert "Available" in page and "599\u00a0kr" in page and f"/p/{piece.item.code}" in page
    assert "/feedback" in page


def test_scanning_a_garment_for_the_shop_on_the_project_page_says_why_not(project, student, login, make_item):
    response = login(student).post(f"/workshop/projects/{project.id}/garments",
                                   data={"code": make_item().code}, follow_redirects=True)
    assert "This garment is for the shop floor, not for redesign." in response.get_data(as_text=True)


def test_a_designer_not_on_the_project_sees_it_but_cannot_change_it(project, outsider, login):
    client = login(outsider)
    page = client.get(f"/workshop/projects/{project.id}").get_data(as_text=True)
    assert "Three-shirt dress" in page and "Finish the piece" not in page and "Scan a garment" not in page
    response = client.post(f"/workshop/projects/{project.id}/steps", data={"note": "Sneaky"}, follow_redirects=True)
    assert "Only the project&#39;s designers" in response.get_data(as_text=True)
    assert project.steps == []


def test_starting_and_finishing_a_project_through_the_pages(student, participant, shirts, login):
    client = login(student)
    response = client.post("/workshop/projects/new", data={"title": "Shirt kimono",
                                                           "designer_ids": [str(participant.id)]})
    project_id = int(re.search(r"/workshop/projects/(\d+)", response.headers["Location"]).group(1))
    for shirt in shirts:
        client.post(f"/workshop/projects/{project_id}/garments", data={"code": shirt.code})
    response = client.post(f"/workshop/projects/{project_id}/finish", follow_redirects=True,
                           data={"category": "jackets", "size": "L", "price": "650", "story": "A kimono."})
    page = response.get_data(as_text=True)
    project = workshop.get_project(project_id)
    assert "Finished!" in page and project.products[0].item.price == 65000
    assert {d.person_id for d in project.designers} == {student.id, participant.id}


# --------------------------------------------------------------------------- API


def test_the_api_starts_a_project_and_finishes_it_into_a_product(api_as, student, participant, shirts):
    api = api_as(student)
    created = api.post("/redesigns", json={"title": "Dress", "designer_ids": [student.id, participant.id],
                                           "source_codes": [s.code for s in shirts], "motifs": ["Paisley"],
                                           "techniques": ["Patchwork"], "hours": 2.5})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert [s["status"] for s in body["sources"]] == ["in_redesign"] * 3 and body["hours"] == 2.5
    made = api.post(f"/redesigns/{body['id']}/products", json={"category": "dresses", "price": 59900,
                                                               "story": "Three shirts."})
    assert made.status_code == 201, made.get_json()
    product = made.get_json()
    assert product["made_from"] == [s.code for s in shirts] and product["status"] == "priced"
    assert [d["name"] for d in product["designers"]] == ["Sara Lind", "Amina Yusuf"]
    assert product["public_url"].endswith(f"/p/{product['code']}")
    again = api.get(f"/redesigns/{body['id']}").get_json()
    assert again["products"] == [product["code"]] and {s["status"] for s in again["sources"]} == {"consumed"}


def test_the_api_refuses_a_garment_that_is_not_for_redesign_with_409_and_changes_nothing(
        api_as, student, make_item, shirts):
    for_the_shop = make_item()
    response = api_as(student).post("/redesigns", json={"title": "Dress",
                                                        "source_codes": [shirts[0].code, for_the_shop.code]})
    assert response.status_code == 409
    assert response.get_json()["error"] == "not_for_redesign"
    assert garment_services.get_item(shirts[0].code).status == "sorted"  # all or nothing


def test_the_api_lets_a_designer_finish_only_their_own_projects(api_as, project, outsider, warehouse):
    response = api_as(outsider).post(f"/redesigns/{project.id}/products", json={"category": "dresses"})
    assert response.status_code == 403
    assert api_as(warehouse).post("/redesigns", json={"title": "Dress"}).status_code == 403


def test_the_api_names_the_fields_that_fail(api_as, student):
    response = api_as(student).post("/redesigns", json={"title": "", "hours": "two"})
    assert response.status_code == 422
    assert set(response.get_json()["details"]) == {"title", "hours"}


def test_an_unknown_project_is_404(api_as, student):
    assert api_as(student).get("/redesigns/999").status_code == 404
