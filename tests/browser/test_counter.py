"""The counter in Chromium, as a participant and a supervisor use it: keyboard and scanner first."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from PIL import Image

from boutique.db import db
from inventory.garments import services as garment_services
from pos.campaigns import prices
from pos.sales import services as sale_services
from pos.tills import services as till_services
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def participant(make_person):
    """A counter participant who reads English."""
    return make_person("counter", username="amira", display_name="Amira", kind="participant", language="en")


@pytest.fixture
def boss(make_person):
    """A supervisor who reads English."""
    return make_person("supervisor", username="maria", display_name="Maria", language="en")


def status_of(code):
    """The garment's status as the database has it now (the server changed it in another session)."""
    db.session.commit()  # end this thread's read transaction and forget what it loaded
    return garment_services.get_item(code).status


def sell(till, person, item):
    """A cash sale made before the browser arrives."""
    return sale_services.ring_up(till.id, [prices.LineRequest(code=item.code)],
                            [sale_services.PaymentRequest("cash", item.price)], by=person)


def scan(page, code):
    """What a USB scanner does: the digits, fast, then Enter."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def test_a_cash_sale_with_change_by_scanner_and_keyboard_alone(page, participant, make_item, open_till):
    first, second = make_item(price=14900, category="jeans"), make_item(price=4000, category="tops")
    sign_in(page, "amira")
    page.goto(f"/till/{open_till.id}")
    scan(page, first.code)
    page.get_by_test_id("total").filter(has_text="149\u00a0kr").wait_for()
    scan(page, second.code)
    page.get_by_test_id("total").filter(has_text="189\u00a0kr").wait_for()
    screenshot(page, "counter-cart")
    page.keyboard.press("F2")
    assert page.evaluate("document.activeElement.id") == "cash-amount"
    page.keyboard.type("200")
    page.keyboard.press("Enter")
    page.get_by_test_id("change").filter(has_text="11\u00a0kr").wait_for()
    receipt = page.get_by_test_id("receipt").inner_text()
    assert "Kvittonr 1" in receipt and "Växel" in receipt and "Kontant" in receipt
    screenshot(page, "counter-receipt")
    page.keyboard.press("Enter")  # "New sale" has the focus
    page.get_by_label("Scan the garment").wait_for()
    assert page.get_by_test_id("total").inner_text().strip() == "0\u00a0kr"
    assert status_of(first.code) == "sold"


def test_a_split_payment_card_first_then_cash(page, participant, make_item, open_till):
    item = make_item(price=25000)
    sign_in(page, "amira")
    page.goto(f"/till/{open_till.id}")
    scan(page, item.code)
    page.get_by_label("Card amount (kr)").fill("100")
    page.get_by_label("Card terminal reference").fill("T-4711")
    page.get_by_role("button", name="Paid by card").click()
    page.get_by_test_id("due").filter(has_text="150\u00a0kr").wait_for()
    screenshot(page, "counter-split")
    page.get_by_label("Amount received (kr)").fill("150")
    page.get_by_role("button", name="Pay with cash").click()
    receipt = page.get_by_test_id("receipt").inner_text()
    assert "Kort (T-4711)" in receipt and "100\u00a0kr" in receipt and "150\u00a0kr" in receipt


def test_a_swish_sale_shows_the_qr_code_to_the_customer_and_waits_for_the_participant(page, participant, make_item,
                                                                                        open_till, shop):
    shop.swish_number = "1231234567"
    db.session.commit()
    item = make_item(price=14900)
    sign_in(page, "amira")
    page.goto(f"/till/{open_till.id}")
    scan(page, item.code)
    page.get_by_role("button", name="Swish").click()
    qr = page.get_by_test_id("swish-qr")
    qr.wait_for()
    screenshot(page, "counter-swish")
    path = ARTIFACTS / "swish-qr.png"
    qr.locator("svg").screenshot(path=str(path))
    decoded = [d.text for d in zxingcpp.read_barcodes(Image.open(path))]
    assert decoded == ["C1231234567;149,00;1;0"]

    customer = page.context.new_page()
    customer.goto(f"/till/{open_till.id}/customer")
    customer.get_by_test_id("customer-qr").wait_for()
    screenshot(customer, "counter-customer-screen")
    customer.close()
    assert status_of(item.code) == "priced"

    page.get_by_role("button", name="The payment has arrived").click()
    receipt = page.get_by_test_id("receipt").inner_text()
    assert "Swish" in receipt and "149\u00a0kr" in receipt
    assert status_of(item.code) == "sold"


def test_a_return_scans_the_receipt_and_puts_the_garment_back(page, boss, cashier, make_item, open_till):
    item = make_item(price=8000)
    sale = sell(open_till, cashier, item)
    sign_in(page, "maria")
    page.goto(f"/till/{open_till.id}")
    page.get_by_role("link", name="Return").click()
    field = page.get_by_label("Scan the receipt or type its number")
    field.type(f"R{open_till.id}-{sale.receipt_no}")
    field.press("Enter")
    page.get_by_role("checkbox", name=re.compile("Skjortor")).check()
    screenshot(page, "counter-return")
    page.get_by_role("button", name="Refund and print the return receipt").click()
    receipt = page.get_by_test_id("receipt").inner_text()
    assert "Returkvitto" in receipt and "-80\u00a0kr" in receipt and f"{sale.receipt_no}" in receipt
    assert status_of(item.code) == "priced"
    page.goto(f"/till/{open_till.id}/returns/{sale.id}")
    assert "already returned" in page.get_by_role("group", name="Which garments come back?").inner_text()
    assert page.get_by_role("checkbox").count() == 0


def test_a_training_sale_says_so_everywhere_and_counts_only_as_training(page, boss, participant, make_item,
                                                                        open_till):
    item = make_item(price=5000)
    sign_in(page, "maria")
    page.goto("/counter/settings")
    page.get_by_role("button", name="Switch on Amira").click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "amira")
    page.goto(f"/till/{open_till.id}")
    assert "Training mode" in page.get_by_test_id("training-banner").inner_text()
    scan(page, item.code)
    page.get_by_label("Amount received (kr)").fill("50")
    page.get_by_role("button", name="Pay with cash").click()
    receipt = page.get_by_test_id("receipt").inner_text()
    assert receipt.count("ÖVNINGSKVITTO") == 2
    screenshot(page, "counter-training-receipt")
    assert status_of(item.code) == "priced"
    page.goto(f"/till/{open_till.id}/x-report")
    assert page.get_by_test_id("training").inner_text().startswith("1 /")
    assert page.get_by_test_id("total-sales").inner_text().strip() == "0\u00a0kr"


def test_closing_the_day_counts_the_drawer_and_prints_a_z_report(page, boss, cashier, make_item, open_till):
    sell(open_till, cashier, make_item(price=14900))
    till_services.move_cash(open_till.id, "no_sale", by=cashier)
    sign_in(page, "maria")
    page.goto("/till")
    page.get_by_role("link", name="Close the day").click()
    assert page.get_by_test_id("expected-cash").inner_text().strip() == "649\u00a0kr"
    page.get_by_label("500 kr").fill("1")
    page.get_by_label("100 kr").fill("1")
    page.get_by_label("20 kr").fill("2")
    page.get_by_label("5 kr").fill("1")
    assert "645" in page.locator("[data-count-total]").inner_text()
    screenshot(page, "counter-close")
    page.get_by_role("button", name="Take the Z report and close").click()
    report = page.get_by_test_id("report")
    assert re.search(r"Z report 1", report.inner_text())
    assert page.get_by_test_id("difference").inner_text().strip() == "-4\u00a0kr"
    assert page.get_by_role("button", name="Print").is_visible()
    screenshot(page, "counter-z-report")
    assert till_services.open_session(open_till.id) is None
