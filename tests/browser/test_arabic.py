"""A counter participant who reads Arabic makes a whole cash sale in Chromium: the pages are
right to left and in Arabic, the receipt stays Swedish.

The expected words come from the compiled catalogues (translations/<lang>/LC_MESSAGES/messages.mo,
which `make test` compiles), so the test follows the translators rather than hard-coding Arabic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from tests.browser.conftest import open_tab, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")


@cache
def catalogue(lang: str) -> Any:
    """The compiled catalogue of one language (a catalogue that is missing translates nothing)."""
    return Translations.load(str(TRANSLATIONS), [lang])


def translated(lang: str, msgid: str, **values: Any) -> str:
    """The catalogue's words for `msgid`; a failure when the catalogue has none yet."""
    text = catalogue(lang).gettext(msgid)
    assert text != msgid, f"{msgid!r} has no translation in translations/{lang}"
    return text % values if values else text


def ar(msgid: str, **values: Any) -> str:
    return translated("ar", msgid, **values)


def sv(msgid: str, **values: Any) -> str:
    return translated("sv", msgid, **values)


@pytest.fixture
def arabic_tab(browser: Any, live_server: str) -> Iterator[Any]:
    """A page whose browser asks for Arabic, as a participant's phone or the shop's PC set to it."""
    with open_tab(browser, live_server, "ar") as (tab, blocked):
        yield tab
    assert blocked == [], "a page broke its Content-Security-Policy"


def assert_right_to_left_in_arabic(page: Any) -> None:
    """The page says it is Arabic, written right to left, and lays itself out that way."""
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"


def test_a_participant_who_reads_arabic_sells_a_garment_for_cash(arabic_tab, make_person, make_item, till):
    page = arabic_tab
    make_person("counter", username="noor", display_name="Noor", kind="participant", language="ar")
    garment = make_item(price=14900, category="jeans")

    page.goto("/login")
    assert_right_to_left_in_arabic(page)
    page.get_by_label(ar("Username")).fill("noor")
    page.get_by_label(ar("Password")).fill(PASSWORD)
    page.get_by_role("button", name=ar("Sign in")).click()
    page.wait_for_url("**/")

    page.goto("/till")
    assert_right_to_left_in_arabic(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(ar("Tills"))
    page.get_by_label(ar("Cash float (kr)")).fill("500")
    page.get_by_role("button", name=ar("Open the till")).click()
    expect(page.get_by_role("status")).to_have_text(ar("The till is open."))

    assert_right_to_left_in_arabic(page)
    page.keyboard.type(garment.code)  # a scanner: the digits, then Enter
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("cart").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_role("heading", name=ar("Cart"))).to_be_visible()
    expect(page.locator(".total-label")).to_have_text(ar("Total"))
    cart = page.locator(".cart-card").bounding_box()
    pay = page.locator(".pay-card").bounding_box()
    assert cart["x"] > pay["x"], "the cart, first in reading order, stands on the right in Arabic"
    back = page.get_by_role("link", name=ar("Return")).locator("img")
    assert back.evaluate("img => getComputedStyle(img).transform").startswith("matrix(-1"), \
        "the return arrow points the Arabic way back"
    screenshot(page, "arabic-counter")

    page.get_by_label(ar("Amount received (kr)")).fill("200")
    page.get_by_role("button", name=ar("Pay with cash")).click()

    receipt = page.get_by_test_id("receipt")
    receipt.wait_for()
    assert_right_to_left_in_arabic(page)
    assert ar("Give back in change:") in page.get_by_role("status").inner_text()
    expect(page.get_by_role("link", name=ar("New sale"))).to_be_visible()
    expect(receipt).to_have_attribute("lang", "sv")
    expect(receipt).to_have_attribute("dir", "ltr")
    text = receipt.inner_text()
    for words in (sv("Receipt"), sv("Cash"), sv("Change"), "Kvittonr 1"):
        assert words in text, f"{words!r} is missing from the Swedish receipt"
    assert not ARABIC_LETTERS.search(text), "the receipt, a legal document, stays in Swedish"
    screenshot(page, "arabic-receipt")
