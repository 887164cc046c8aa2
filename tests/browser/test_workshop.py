"""A student and a participant take three donated shirts to a finished, labelled piece on their phones;
a customer reads its story signed out, and a supervisor follows it back to the donations."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.browser.conftest import screenshot, sign_in
from tests.inventory.workshop.test_photos import phone_photo

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, live_server: str) -> Iterator[Callable[[], Any]]:
    """Open a fresh phone-sized page (its own cookies), English, as many as a test needs."""
    contexts: list[Any] = []

    def open_phone() -> Any:
        context = browser.new_context(base_url=live_server, viewport=PHONE, locale="en-GB", is_mobile=True,
                                      has_touch=True)
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


@pytest.fixture
def media(app: Any, tmp_path: Any) -> None:
    app.config["MEDIA_FOLDER"] = str(tmp_path)


def fits_the_screen(page: Any) -> bool:
    """Nothing sticks out sideways: no horizontal scrolling on the phone."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def shows(image: Any) -> bool:
    """The image has loaded and has pixels (waits for it; a broken image is False)."""
    return image.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")


def upload(page: Any, kind: str, name: str, data: bytes) -> None:
    photos = page.locator("#photos")
    photos.get_by_role("radio", name=kind).check()
    photos.locator("input[type=file]").set_input_files({"name": name, "mimeType": "image/jpeg", "buffer": data})
    photos.get_by_role("button", name="Upload the photo").click()
    page.get_by_role("status").filter(has_text="Photo added.").wait_for()


def test_three_donated_shirts_become_a_labelled_piece_with_a_public_story(phone, media, make_person, make_item,
                                                                          supervisor):
    make_person("designer", username="sara", display_name="Sara Lind", kind="student", language="en")
    make_person("designer", username="amina", display_name="Amina Yusuf", kind="participant", language="en")
    shirts = [make_item(route="redesign", category="shirts", colour=c) for c in ("blue", "white", "red")]

    # Sara, the student, starts the project with Amina and scans in the three shirts.
    sara = phone()
    sign_in(sara, "sara")
    sara.goto("/workshop")
    sara.get_by_role("link", name="Start a new project").click()
    sara.get_by_label("What are you making?").fill("Three-shirt dress")
    sara.get_by_label("Amina Yusuf").check()
    sara.get_by_role("button", name="Start the project").click()
    sara.get_by_role("status").filter(has_text="Project started").wait_for()
    scan = sara.get_by_label("Scan a garment for this project")
    for shirt in shirts:
        scan.fill(shirt.code)
        scan.press("Enter")
        sara.get_by_role("status").filter(has_text="Garment added").wait_for()
        scan = sara.get_by_label("Scan a garment for this project")
    assert sara.get_by_test_id("garments").get_by_role("listitem").count() == 3
    upload(sara, "Before", "IMG_0001.JPG", phone_photo())
    tags = sara.locator("#tags")
    tags.get_by_role("radio", name="Motif").check()
    tags.get_by_label("Name").fill("Tatreez cross-stitch")
    tags.get_by_role("button", name="Add").click()
    sara.get_by_test_id("tags-motif").filter(has_text="Tatreez cross-stitch").wait_for()
    assert fits_the_screen(sara)
    screenshot(sara, "workshop-project-phone")

    # Amina, the participant, opens it on her own phone, chooses her name, works, photographs and finishes.
    amina = phone()
    sign_in(amina, "amina")
    amina.goto("/workshop")
    amina.get_by_role("link", name="Three-shirt dress").click()
    amina.get_by_label("Your name on the label and the public page").fill("Amina")
    amina.get_by_role("button", name="Save my name").click()
    amina.get_by_role("status").filter(has_text="Your name is saved.").wait_for()
    amina.get_by_label("What did you do?").fill("Cut the shirts into panels and cross-stitched the yoke.")
    amina.get_by_label("Hours").fill("2,5")
    amina.get_by_label("Techniques (separate with commas)").fill("Cross-stitch, Patchwork")
    amina.get_by_role("button", name="Save the step").click()
    amina.get_by_test_id("steps").filter(has_text="cross-stitched the yoke").wait_for()
    upload(amina, "After", "IMG_0002.JPG", phone_photo(1200, 1600, orientation=1))
    amina.get_by_label("What is the finished piece?").select_option(label="Dresses")
    amina.get_by_label("Size").fill("M")
    amina.get_by_label("Price (kr)").fill("599")
    amina.get_by_label("The story of the piece").fill(
        "Three shirts from the neighbourhood became one dress. Amina's grandmother taught her the stitches.")
    finish = amina.get_by_role("button", name="Finish the piece")
    assert finish.bounding_box()["height"] >= 44
    finish.click()
    saved = amina.get_by_role("status").filter(has_text="Finished!").inner_text()
    code = re.search(r"\d{13}", saved).group(0)
    label = amina.get_by_role("img", name=f"Label for {code}")
    assert shows(label)
    assert fits_the_screen(amina)
    screenshot(amina, "workshop-finished-phone")

    amina.goto("/workshop")
    pieces = amina.get_by_test_id("my-pieces")
    assert "Available" in pieces.inner_text() and "599" in pieces.inner_text()
    amina.get_by_role("link", name="How my pieces sell").wait_for()
    screenshot(amina, "workshop-home-phone")

    # A customer scans the label's QR code: the public page, signed out, on a phone.
    customer = phone()
    customer.goto(f"/p/{code}")
    customer.get_by_role("heading", name="Three-shirt dress").wait_for()
    assert customer.get_by_test_id("designers").inner_text() == "Redesign: Sara Lind & Amina"
    assert "Amina's grandmother taught her the stitches." in customer.get_by_test_id("story").inner_text()
    assert "599" in customer.get_by_test_id("price").inner_text()
    assert customer.get_by_test_id("availability").inner_text() == "Available in the shop"
    assert "Tatreez cross-stitch" in customer.get_by_test_id("tags-motif").inner_text()
    photo = customer.get_by_role("img", name="The piece")
    assert shows(photo)
    made_from = customer.get_by_test_id("made-from").inner_text()
    assert "Shirts" in made_from and not any(s.code in made_from for s in shirts)
    assert "Donation" not in customer.content() and "Sign out" not in customer.content()
    assert fits_the_screen(customer)
    screenshot(customer, "workshop-public-page-phone")

    # The supervisor (who works in Swedish) follows the piece back to each donation.
    maria = phone()
    sign_in(maria, "handledare")
    maria.goto(f"/p/{code}")
    for shirt in shirts:
        maria.get_by_role("link", name=f"Gåva {shirt.donation_id}").wait_for()
    maria.get_by_role("link", name=shirts[0].code).click()
    maria.get_by_test_id("item-code").filter(has_text=shirts[0].code).wait_for()
    maria.go_back()
    maria.get_by_role("link", name=f"Gåva {shirts[2].donation_id}").click()
    maria.wait_for_url(re.compile(rf"/donations/{shirts[2].donation_id}$"))
    screenshot(maria, "workshop-provenance-donation")


def test_a_garment_for_the_shop_floor_is_refused_with_a_reason_on_the_phone(phone, make_person, make_item):
    make_person("designer", username="sara", display_name="Sara Lind", kind="student", language="en")
    for_the_shop = make_item(category="shirts")
    sara = phone()
    sign_in(sara, "sara")
    sara.goto("/workshop/projects/new")
    sara.get_by_label("What are you making?").fill("Tote bag")
    sara.get_by_role("button", name="Start the project").click()
    scan = sara.get_by_label("Scan a garment for this project")
    scan.fill(for_the_shop.code)
    scan.press("Enter")
    assert "for the shop floor, not for redesign" in sara.get_by_role("alert").inner_text()
    assert sara.get_by_test_id("garments").inner_text().strip() == "No garments yet."
