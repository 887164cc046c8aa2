"""A plain USB scanner in Chromium: it types the digits fast and presses Enter or Tab; nothing else is installed."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def maria(make_person):
    """A supervisor who reads the pages in English."""
    return make_person("supervisor", username="maria", display_name="Maria", language="en")


def test_the_find_page_has_the_scan_field_focused_and_tab_opens_the_garment(page, maria, make_item):
    item = make_item(price=14900)
    sign_in(page, "maria")
    page.goto("/find")
    scan = page.locator("[data-scan-input]")
    assert scan.evaluate("input => input === document.activeElement")
    page.keyboard.type(item.code)
    page.keyboard.press("Tab")  # a scanner set to send Tab after the code
    page.wait_for_url(re.compile(f"/items/{item.code}$"))
    assert page.get_by_test_id("item-code").inner_text() == item.code


def test_the_12_digit_upc_a_form_typed_into_a_scan_field_finds_the_garment(page, maria, make_item):
    item = make_item(price=14900)
    sign_in(page, "maria")
    page.goto("/find")
    page.keyboard.type(item.code[1:])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"/items/{item.code}$"))


def test_a_scan_at_the_counter_lands_in_the_cart_wherever_the_focus_is(page, maria, make_item, open_till):
    item = make_item(price=14900)
    sign_in(page, "maria")
    page.goto(f"/till/{open_till.id}")
    page.evaluate("document.activeElement.blur()")
    assert page.evaluate("document.activeElement === document.body")
    page.keyboard.type(item.code)
    page.keyboard.press("Enter")
    page.get_by_test_id("total").filter(has_text="149\u00a0kr").wait_for()
    screenshot(page, "scan-counter-after-body-scan")


def test_typing_in_another_field_at_the_counter_is_not_taken_for_a_scan(page, maria, make_item, open_till):
    item, other = make_item(price=14900), make_item(price=5000)
    sign_in(page, "maria")
    page.goto(f"/till/{open_till.id}")
    page.locator("[data-scan-input]").fill(item.code)
    page.locator("[data-scan-input]").press("Enter")
    page.get_by_test_id("total").filter(has_text="149\u00a0kr").wait_for()
    field = page.locator("input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not([data-scan-input])"
                         ":visible").first
    field.click()
    page.keyboard.type(other.code)  # as fast as a scanner, but into a field someone chose
    assert field.input_value() == other.code
    assert page.locator("[data-scan-input]").input_value() == ""
    assert page.get_by_test_id("total").inner_text().strip() == "149\u00a0kr"


def test_a_scan_while_a_checkbox_in_the_print_queue_has_focus_opens_that_garments_label(page, maria, make_item):
    waiting = [make_item(price=14900, size="M"), make_item(price=9900, size="38")]
    sign_in(page, "maria")
    page.goto("/labels/pricing")
    assert page.locator("[data-scan-input]").evaluate("input => input === document.activeElement")
    screenshot(page, "label-queue")
    page.get_by_role("checkbox", name=re.compile(waiting[1].code)).focus()
    page.keyboard.type(waiting[0].code)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"/items/{waiting[0].code}/label$"))
    page.get_by_role("heading", name="Print the label").wait_for()
    screenshot(page, "label-item-page")
