"""A supervisor walks one garment from donation to sales feedback in Chromium, keyboard and scanner style."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_one_garment_from_donation_to_receipt_and_feedback(page, supervisor):
    sign_in(page, "handledare")
    page.get_by_role("link", name="Ta emot en gåva").first.click()
    page.get_by_label("Vikt (kg)").fill("4,5")
    page.get_by_role("button", name="Spara gåvan").click()
    page.get_by_text("Gåva 1 mottagen.").wait_for()

    page.get_by_role("button", name="Markera som uppackad").click()
    page.get_by_role("button", name="Markera som tvättad").click()
    page.get_by_role("link", name="Sortera plagg").click()

    page.get_by_role("radio", name="Jeans").check()
    page.get_by_role("textbox", name="Storlek").fill("W32")
    page.get_by_label("Märke").fill("Levi's")
    page.get_by_role("button", name="Spara plagget").click()
    saved = page.get_by_role("status").inner_text()
    code = re.search(r"\d{13}", saved).group(0)

    page.goto(f"/items/{code}")
    page.get_by_label("Värdering (kr)").fill("90")
    page.get_by_role("button", name="Spara värderingen").click()
    page.get_by_label("Pris (kr)").fill("99")
    page.get_by_label("Pris (kr)").press("Enter")
    page.get_by_test_id("item-price").filter(has_text="99 kr").wait_for()
    label = page.get_by_role("img", name=re.compile(code))
    assert label.evaluate("img => img.complete && img.naturalWidth > 0")

    page.goto("/till")
    page.get_by_label("Växelkassa (kr)").fill("500")
    page.get_by_role("button", name="Öppna kassan").click()
    scan = page.get_by_label("Skanna plagget")
    scan.type(code)  # what a USB scanner does: the digits, then Enter
    scan.press("Enter")
    page.get_by_test_id("total").filter(has_text="99 kr").wait_for()
    page.get_by_label("Mottaget belopp (kr)").fill("100")
    page.get_by_role("button", name="Betala kontant").click()

    receipt = page.get_by_test_id("receipt")
    receipt.wait_for()
    text = receipt.inner_text()
    assert "Kvittonr 1" in text and "99\u00a0kr" in text and "Växel" in text and "1\u00a0kr" in text
    assert "KOPIA" not in text
    screenshot(page, "receipt")

    page.goto("/feedback")
    row = page.get_by_test_id("recent-sales").get_by_role("row").filter(has_text=code)
    assert "99\u00a0kr" in row.inner_text()
    assert re.search(r"\b0\b", row.inner_text())  # sold the same day it was priced


def test_a_scan_with_a_wrong_check_digit_says_scan_again(page, supervisor, make_item, open_till):
    item = make_item(price=5000)
    wrong = item.code[:-1] + str((int(item.code[-1]) + 1) % 10)
    sign_in(page, "handledare")
    page.goto(f"/till/{open_till.id}")
    scan = page.get_by_label("Skanna plagget")
    scan.type(wrong)
    scan.press("Enter")
    assert "Skanna igen" in page.get_by_role("alert").inner_text()
    assert page.get_by_test_id("total").inner_text().strip() == "0\u00a0kr"
