"""Pages that update in place: the counter's cart and the sorting station answer without a page load,
and the same forms still work as plain posts with JavaScript off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

TILL_SCREEN = {"width": 1366, "height": 768}


@pytest.fixture
def participant(make_person):
    return make_person("counter", username="amira", display_name="Amira", kind="participant", language="en")


def scan(page, code):
    """What a USB scanner does: the digits, fast, then Enter."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def mark_this_page(page):
    """A value that lives as long as this document: a full page load forgets it."""
    page.evaluate("window.sameDocument = 'yes'")


def still_the_same_page(page):
    return page.evaluate("window.sameDocument") == "yes"


def expect_the_focus_on_the_scan_field(page):
    expect(page.locator("[data-scan-input]")).to_be_focused()


def test_scan_quick_key_discount_and_removal_update_the_cart_in_place(page, participant, make_item, open_till):
    jeans = make_item(price=14900, category="jeans")
    sign_in(page, "amira")
    page.goto(f"/till/{open_till.id}")
    mark_this_page(page)
    page.evaluate("document.querySelector('.quick-card').dataset.kept = 'yes'")
    cart = page.get_by_test_id("cart")

    scan(page, jeans.code)
    expect(cart.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("total")).to_have_text("149\u00a0kr")
    expect_the_focus_on_the_scan_field(page)
    assert page.evaluate("document.querySelector('.quick-card').dataset.kept") == "yes", \
        "the quick keys were drawn again although a scan does not change them"

    page.locator(".quick-keys button").first.click()
    expect(cart.locator("tbody tr")).to_have_count(2)
    expect_the_focus_on_the_scan_field(page)

    before = page.get_by_test_id("total").inner_text()
    page.locator("summary.btn").filter(has_text="Discount on the whole sale").click()
    page.locator("#sale-discount").fill("10")
    page.locator("#sale-reason").select_option(index=1)
    page.locator("details.sale-discount button[type=submit]").click()
    expect(page.get_by_test_id("total")).not_to_have_text(before)
    expect(page.locator(".flash-error")).to_have_count(0)

    page.get_by_role("button", name=f"Remove {jeans.code}").click()
    expect(cart.locator("tbody tr")).to_have_count(1)
    assert jeans.code not in cart.inner_text()
    expect_the_focus_on_the_scan_field(page)

    scan(page, "12345678")  # a misread: the error shows in place too
    expect(page.locator(".flash-error")).to_have_count(1)
    assert still_the_same_page(page), "the counter was loaded again instead of updated in place"
    assert page.url.endswith(f"/till/{open_till.id}")


def test_the_counter_works_as_plain_posts_without_javascript(browser, live_server, participant, make_item, open_till):
    jeans = make_item(price=14900, category="jeans")
    context = browser.new_context(base_url=live_server, locale="en-GB", java_script_enabled=False)
    context.set_default_timeout(15000)
    try:
        page = context.new_page()
        sign_in(page, "amira")
        page.goto(f"/till/{open_till.id}")
        page.locator("[data-scan-input]").fill(jeans.code)
        page.locator("[data-scan-input]").press("Enter")
        page.wait_for_load_state()
        expect(page.get_by_test_id("total")).to_have_text("149\u00a0kr")
        page.get_by_role("button", name=f"Remove {jeans.code}").click()
        expect(page.get_by_test_id("total")).to_have_text("0\u00a0kr")
    finally:
        context.close()


def test_the_newest_line_is_in_view_on_a_till_screen_however_long_the_cart(
        browser, live_server, participant, make_item, open_till):
    newest = make_item(price=9900, category="jeans")
    context = browser.new_context(base_url=live_server, locale="en-GB", viewport=TILL_SCREEN)
    context.set_default_timeout(15000)
    try:
        page = context.new_page()
        sign_in(page, "amira")
        for _ in range(30):  # a long cart, filled without touching the page's scroll position
            page.request.post(f"/till/{open_till.id}/quick", form={"category": "tops"})
        page.goto(f"/till/{open_till.id}")
        scan(page, newest.code)
        row = page.get_by_test_id("cart").locator("tbody tr").filter(has_text=newest.code)
        expect(row).to_have_count(1)
        expect(page.get_by_test_id("cart").locator("tbody tr")).to_have_count(31)
        box = row.bounding_box()
        assert page.evaluate("window.scrollY") == 0
        assert box["y"] >= 0 and box["y"] + box["height"] <= TILL_SCREEN["height"], box
        screenshot(page, "counter-long-cart-1366x768")
    finally:
        context.close()


def test_the_sorting_station_saves_and_shows_the_next_garment_in_place(page, make_person, make_donation):
    make_person("warehouse", username="amal", display_name="Amal", language="en")
    donation = make_donation()
    sign_in(page, "amal")
    page.goto(f"/donations/{donation.id}/sort")
    expect(page.locator("input[name=category]:focus")).to_have_count(1)
    mark_this_page(page)
    page.evaluate("document.querySelector('.room-nav').dataset.kept = 'yes'")
    recent = page.get_by_test_id("recent-garments").locator("tbody tr")

    page.keyboard.press("Space")  # the first category
    page.keyboard.press("Enter")  # save
    expect(recent).to_have_count(1)
    expect(page.locator("input[name=category]:focus")).to_have_count(1)  # ready for the next garment
    page.keyboard.press("Enter")  # the same again: the choices are remembered
    expect(recent).to_have_count(2)
    assert still_the_same_page(page), "the sorting station was loaded again instead of updated in place"
    assert page.url.endswith(f"/donations/{donation.id}/sort")
    assert page.evaluate("document.querySelector('.room-nav').dataset.kept") == "yes", \
        "the station's navigation was drawn again although a save does not change it"


def test_paying_shows_the_receipt_in_place_once_and_back_returns_to_the_counter(
        page, participant, make_item, open_till):
    jeans = make_item(price=14900, category="jeans")
    sign_in(page, "amira")
    page.goto(f"/till/{open_till.id}")
    scan(page, jeans.code)
    expect(page.get_by_test_id("total")).to_have_text("149\u00a0kr")
    mark_this_page(page)

    page.get_by_role("button", name="Pay with cash").click()
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_be_visible()
    assert "KOPIA" not in receipt.inner_text(), "the receipt was fetched twice: the second print is a copy"
    assert still_the_same_page(page), "the receipt was opened as a new page load"
    assert "/receipt" in page.url  # a reload prints it again, as a copy, as the register must
    expect(page.get_by_role("link", name="New sale")).to_be_focused()

    page.go_back()
    expect(page.locator("[data-scan-input]")).to_be_visible()  # the counter again, its cart empty
    assert page.url.endswith(f"/till/{open_till.id}")
