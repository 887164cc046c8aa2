"""A sorter runs the sorting station with only a scanner and the keyboard, in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from boutique.db import db
from inventory.donations.cards import donation_code
from inventory.garments.models import Category, Item
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def _wait_for_the_category_grid(page) -> None:
    """The page has loaded and the focus is on the category grid, where a sorter starts."""
    expect(page.locator("input[name=category]:focus")).to_have_count(1)


def _press(page, key: str, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press(key)


def _category_steps(key_from: str | None, key_to: str) -> tuple[str, int]:
    """Which arrow key and how many presses move the category grid from one category to another."""
    keys = list(db.session.scalars(select(Category.key).where(Category.active.is_(True))
                                   .order_by(Category.sort_order, Category.key)))
    start = keys.index(key_from) if key_from else 0
    steps = keys.index(key_to) - start
    return ("ArrowRight" if steps >= 0 else "ArrowLeft"), abs(steps)


def test_a_sorter_sorts_a_donation_into_garments_with_one_scan_and_the_keyboard(page, make_person, make_donation):
    make_person("warehouse", username="amal", display_name="Amal", language="en")
    donation = make_donation()
    sign_in(page, "amal")
    page.goto("/sort")

    page.keyboard.type(donation_code(donation.id))  # a scanner types the card's digits, then Enter
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/donations/{donation.id}/sort")
    recent = page.get_by_test_id("recent-garments").locator("tbody tr")

    # Jeans, W32, blue, condition 4: the focus starts on the category grid.
    _wait_for_the_category_grid(page)
    key, times = _category_steps(None, "jeans")
    _press(page, "Space")
    _press(page, key, times)
    _press(page, "Tab")            # size buttons of the chosen category; "No size" is first
    _press(page, "ArrowRight", 7)  # W26 ... W32
    _press(page, "Tab")            # the written size, left empty
    _press(page, "Tab")            # colour swatches
    _press(page, "ArrowRight", 10)  # black ... blue
    _press(page, "Tab")            # condition, 3 by default
    _press(page, "ArrowLeft")      # 4 – very good
    screenshot(page, "sorting-station")
    _press(page, "Enter")
    expect(recent).to_have_count(1)
    _wait_for_the_category_grid(page)

    # Children's clothes, 62 cm, green: the last colour and condition are kept.
    key, times = _category_steps("jeans", "children")
    _press(page, key, times)
    _press(page, "Tab")
    _press(page, "ArrowRight", 3)  # 50, 56, 62
    _press(page, "Tab")
    _press(page, "Tab")
    _press(page, "ArrowLeft")      # blue -> green
    _press(page, "Enter")
    expect(recent).to_have_count(2)
    _wait_for_the_category_grid(page)

    # The same again: every choice is remembered, so one key saves it.
    _press(page, "Enter")
    expect(recent).to_have_count(3)
    screenshot(page, "sorting-station-after-three")

    db.session.rollback()  # end the test's read snapshot to see what the server wrote
    garments = db.session.scalars(select(Item).where(Item.donation_id == donation.id).order_by(Item.id)).all()
    assert [(g.category.key, g.size, g.colour, g.condition, g.route) for g in garments] == [
        ("jeans", "W32", "blue", 4, "shop"),
        ("children", "62", "green", 4, "shop"),
        ("children", "62", "green", 4, "shop"),
    ]
    assert "Children's clothes" in recent.first.inner_text()
