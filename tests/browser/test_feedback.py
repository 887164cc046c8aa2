"""Feedback in a real browser: a student opens her pieces on a phone; the shop page on a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import screenshot, sign_in, watch_policy_violations
from tests.pos.test_feedback import build_shopfloor


@pytest.fixture
def shopfloor(make_person, make_item, supervisor, cashier, open_till):
    return build_shopfloor(make_person, make_item, supervisor, cashier, open_till.id)


@pytest.fixture
def phone(browser: Any, live_server: str) -> Iterator[tuple[Any, list[str]]]:
    """A phone-sized page in English, and the Content-Security-Policy errors it collects."""
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(15000)
    tab = context.new_page()
    blocked = watch_policy_violations(tab)
    yield tab, blocked
    context.close()


def test_a_student_reads_how_her_three_pieces_sold_on_a_phone(shopfloor, phone):
    tab, blocked = phone
    sign_in(tab, "sara")
    tab.goto(f"/feedback/designers/{shopfloor.student.id}")
    figures = tab.get_by_test_id("designer-figures")
    assert "67 %" in figures.inner_text() and "9.0" in figures.inner_text()
    assert tab.get_by_test_id("pieces").locator("li").count() == 3
    assert tab.get_by_role("img", name="Days from pricing to sale").is_visible()
    width = tab.evaluate("document.documentElement.scrollWidth")
    screenshot(tab, "feedback-designer-phone")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert blocked == []


def test_the_shop_page_shows_what_sells_by_category_with_a_chart(shopfloor, page):
    sign_in(page, "sara")
    page.goto("/feedback/shop")
    table = page.get_by_test_id("insight-category")
    assert "Dresses" in table.inner_text() and "67 %" in table.inner_text()
    assert page.get_by_role("img", name="Sell-through by category").is_visible()
    assert "factor not set" in page.get_by_test_id("climate").inner_text()
    screenshot(page, "feedback-shop")
