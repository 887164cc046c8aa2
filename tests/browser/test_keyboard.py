"""The warehouse with the keyboard alone: sign in, receive a donation, take it through unpacking and
washing, and sort a garment, with Tab, Enter, Space, the arrow keys and typing. Wherever the focus
lands it must be plain to see."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# What the focused control shows: its own outline, or for a radio button drawn as a card
# (the input itself is transparent) the outline of the card beside it.
FOCUS_RING = """() => {
  const focused = document.activeElement;
  const shown = getComputedStyle(focused).opacity === "0" ? focused.nextElementSibling : focused;
  const style = getComputedStyle(shown);
  const name = (focused.labels && focused.labels[0] ? focused.labels[0].innerText : "")
    || focused.innerText || focused.value || focused.tagName;
  return {name: name.trim(), style: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def assert_focus_is_visible(page: Any) -> str:
    """The focused control has a solid ring at least 3 px wide; returns its name."""
    ring = page.evaluate(FOCUS_RING)
    assert ring["style"] != "none" and ring["width"] >= 3, f"no visible focus on {ring['name']!r}: {ring}"
    return ring["name"]


def tab_to(page: Any, name: str, limit: int = 80) -> None:
    """Press Tab until the control called `name` has the focus, checking the ring at every stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if name in assert_focus_is_visible(page):
            return
    pytest.fail(f"{name!r} cannot be reached with Tab")


def press(page: Any, *keys: str) -> None:
    """Press keys one after another, checking the focus is still visible after each."""
    for key in keys:
        page.keyboard.press(key)
        assert_focus_is_visible(page)


def test_a_donation_is_received_and_a_garment_sorted_with_the_keyboard_alone(page, make_person):
    make_person("warehouse", username="amal", display_name="Amal", language="en")
    page.goto("/login")
    # The username field has the focus when the page opens (autofocus); wait for it rather
    # than type into a page that is still settling and lose the first letters.
    expect(page.locator("input[name=username]")).to_be_focused()
    page.keyboard.type("amal")
    press(page, "Tab")
    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/")

    tab_to(page, "Receive a donation")
    page.keyboard.press("Enter")
    page.wait_for_url("**/donations/new")
    assert assert_focus_is_visible(page).startswith("Weight")
    page.keyboard.type("4,5")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Donation 1 received")

    for step in ("Mark as unpacked", "Mark as washed"):
        tab_to(page, step)
        page.keyboard.press("Enter")
        expect(page.locator("[aria-current=step]")).to_have_text(step.removeprefix("Mark as "))
    tab_to(page, "Sort garments")
    page.keyboard.press("Enter")
    page.wait_for_url("**/donations/1/sort")

    expect(page.locator("input[name=category]:focus")).to_have_count(1)  # the sorter starts at "What is it?"
    press(page, "Space", "ArrowRight")  # the second category
    press(page, "Tab", "ArrowRight")  # the first size after "No size"
    press(page, "Tab", "Tab", "ArrowRight")  # past the written size, to the second colour
    screenshot(page, "keyboard-sorting")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("recent-garments").locator("tbody tr")).to_have_count(1)
    expect(page.locator("input[name=category]:focus")).to_have_count(1)  # ready for the next garment
