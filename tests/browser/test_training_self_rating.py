"""A participant who reads Arabic rates themself in Chromium: the page is right to left and in
Arabic, every face can be chosen with the keyboard alone, axe finds nothing serious, and the answers
reach the database."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from boutique.db import db
from boutique.training.ratings import services
from boutique.training.ratings.models import SelfRating
from tests.boutique.training.helpers import give_agreement
from tests.browser.conftest import open_tab, screenshot
from tests.browser.test_accessibility import axe_source, serious_violations
from tests.browser.test_arabic import ar, assert_right_to_left_in_arabic
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def arabic_tab(browser: Any, live_server: str):
    with open_tab(browser, live_server, "ar", viewport={"width": 412, "height": 915}) as (tab, blocked):
        yield tab
    assert blocked == [], "the page broke its Content-Security-Policy"


def test_a_participant_rates_themself_in_arabic_with_the_keyboard(arabic_tab, make_person):
    services.seed_default_questions()
    amal = make_person("counter", username="amal", display_name="Amal", kind="participant", language="ar")
    give_agreement(amal)
    page = arabic_tab
    page.goto("/login")
    page.locator("input[name=username]").fill("amal")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/")
    page.get_by_role("link", name=ar("How are you?")).click()
    assert_right_to_left_in_arabic(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(ar("How are you?"))
    wellbeing = page.get_by_role("group", name="كيف تشعر الآن؟")
    expect(wellbeing).to_be_visible()
    violations = serious_violations(page, axe_source())
    assert violations == [], violations

    faces = page.locator("fieldset.faces")
    assert faces.count() == 5
    first, second = (faces.nth(0).locator("label.face").nth(i).bounding_box() for i in (0, 1))
    assert first["x"] > second["x"], "the scale runs from the right in Arabic"
    assert first["height"] >= 56, "a face is big enough to tap"

    # Keyboard only: Tab to each question's faces, the arrow keys move along the scale.
    for index in range(5):
        radio = faces.nth(index).locator("input[type=radio]").first
        radio.focus()
        radio.press("Space")
        for _ in range(index % 3):
            page.keyboard.press("ArrowLeft")  # in a right-to-left group the left arrow moves on
    screenshot(page, "rtl-self-rating")
    page.get_by_role("button", name=ar("Save my answers")).press("Enter")
    expect(page.locator(".flash-success")).to_contain_text(ar("Thank you! Your answers are saved."))
    assert_right_to_left_in_arabic(page)

    db.session.expire_all()
    rating = db.session.scalar(select(SelfRating))
    assert rating is not None and rating.occasion == "intake"
    answers = {a.question.key: a.value for a in rating.answers}
    assert answers == {"wellbeing": 1, "health": 2, "confidence_at_work": 3, "confidence_in_swedish": 1,
                       "people_to_talk_to": 2}


def test_without_consent_the_page_says_so_in_arabic_and_asks_nothing(arabic_tab, make_person):
    services.seed_default_questions()
    make_person("counter", username="noor", kind="participant", language="ar")
    page = arabic_tab
    page.goto("/login")
    page.locator("input[name=username]").fill("noor")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/")
    page.goto("/self-rating")
    assert_right_to_left_in_arabic(page)
    expect(page.get_by_test_id("no-consent")).to_be_visible()
    assert page.locator("fieldset.faces").count() == 0
    assert serious_violations(page, axe_source()) == []


@pytest.mark.parametrize("lang", ["ar", "sv"])
def test_the_ladder_and_rating_pages_have_no_serious_axe_violation(browser, live_server, make_person, supervisor,
                                                                   lang):
    from boutique.training.skills import services as skills

    skills.seed_default_skills()
    services.seed_default_questions()
    amal = make_person("counter", username="amal", display_name="Amal", kind="participant", language=lang)
    give_agreement(amal)
    services.record_self_rating(amal.id, occasion="intake", answers={"wellbeing": 2, "health": 4}, by=amal)
    skills.sign_off(amal.id, skills.skills()[0].id, by=supervisor)
    supervisor.language = lang
    db.session.commit()
    source = axe_source()
    problems = []
    with open_tab(browser, live_server, lang) as (page, blocked):
        for username, paths in (("amal", ["/my-skills", "/self-rating", f"/participants/{amal.id}/self-ratings"]),
                                ("handledare", ["/skills", f"/participants/{amal.id}/skills", "/self-rating/questions",
                                                f"/participants/{amal.id}/self-ratings"])):
            page.context.clear_cookies()
            page.goto("/login")
            page.locator("input[name=username]").fill(username)
            page.locator("input[name=password]").fill(PASSWORD)
            page.locator("input[name=password]").press("Enter")
            page.wait_for_url("**/")
            for path in paths:
                response = page.goto(path)
                assert response.ok, path
                assert page.evaluate("document.documentElement.lang") == lang
                if path.endswith("/self-ratings"):
                    page.locator("form button[type=submit].btn-primary").click()
                    expect(page.get_by_test_id("ratings")).to_be_visible()
                problems += [f"{username} {path}: {v['id']} {v['help']}" for v in serious_violations(page, source)]
                if lang == "ar":
                    screenshot(page, "rtl-training" + path.replace("/", "-"))
        assert blocked == []
    assert problems == [], "\n".join(problems)
