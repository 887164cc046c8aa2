"""Feedback in a real browser: a student opens her pieces on a phone; the shop page on a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import open_tab, screenshot, sign_in
from tests.pos.feedback.test_figures import build_shopfloor


@pytest.fixture
def shopfloor(make_person, make_item, supervisor, cashier, open_till):
    return build_shopfloor(make_person, make_item, supervisor, cashier, open_till.id)


@pytest.fixture
def phone(browser: Any, live_server: str) -> Iterator[tuple[Any, list[str]]]:
    """A phone-sized page in English, and the Content-Security-Policy errors it collects."""
    with open_tab(browser, live_server, "en-GB", viewport={"width": 390, "height": 844}) as opened:
        yield opened


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


def test_the_shop_page_groups_by_another_dimension_from_its_tabs(shopfloor, page):
    sign_in(page, "sara")
    page.goto("/feedback/shop")
    page.get_by_role("navigation", name="Group the garments by").get_by_role("link", name="Price band").click()
    table = page.get_by_test_id("insight-price_band")
    assert "200–399 kr" in table.inner_text()
    assert page.get_by_role("link", name="Price band").get_attribute("aria-current") == "page"


def test_a_teacher_follows_her_cohort_from_the_feedback_page(shopfloor, page, make_person, supervisor):
    from boutique import services as people

    teacher = make_person("designer", username="karin", display_name="Karin", language="en")
    course = people.create_cohort("Beckmans HT26", teacher_id=teacher.id, by=supervisor)
    student = shopfloor.student
    people.update_person(student.id, by=supervisor, display_name=student.display_name, role=student.role,
                         kind=student.kind, language=student.language, active=True, cohort_id=course.id)
    sign_in(page, "karin")
    page.goto("/feedback")
    page.get_by_role("link", name="Cohort: Beckmans HT26").click()
    students = page.get_by_test_id("cohort-students")
    assert "Sara" in students.inner_text() and "67 %" in students.inner_text()
    assert page.get_by_test_id("cohort-pieces").locator("li").count() == 3
    screenshot(page, "feedback-cohort")


def test_a_participant_who_priced_fifty_garments_reads_how_her_prices_held_on_a_phone(
        make_person, make_item, cashier, open_till, phone):
    from inventory.garments import services as garment_services
    from tests.pos.feedback.test_figures import at, sell

    amina = make_person("warehouse", username="amina", display_name="Amina", kind="participant", language="en")
    garments = [make_item(category="shirts") for _ in range(50)]
    for garment in garments:
        garment_services.price_item(garment.code, price=6000, by=amina)
    for day, garment in enumerate(garments[:30]):
        sell(open_till.id, garment.code, cashier, at(1 + day % 28))
    tab, blocked = phone
    sign_in(tab, "amina")
    tab.goto("/feedback")
    tab.get_by_role("link", name="How my prices compare").click()
    assert "Your prices were on average within 5 kr of what garments sold for." in \
        tab.get_by_test_id("valuation-summary").inner_text()
    assert tab.get_by_test_id("valued-garments").locator("tbody tr").count() == 30
    width = tab.evaluate("document.documentElement.scrollWidth")
    screenshot(tab, "feedback-valuation-phone")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert blocked == []
