"""A supervisor sees an overdue follow-up on the start page, records the meeting in the pages, and the
participant's page shows it: the sub-goal met, the notes, and the next date."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from boutique.training.agreements import services as agreements
from tests.boutique.training.plans_fixtures import make_plan, participant, terms, today  # noqa: F401, F811 (fixtures)
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_supervisor_records_a_follow_up_from_the_start_page(page: Any, supervisor, participant,
                                                               make_plan):
    agreements.save_agreement(participant.id, terms(), by=supervisor)
    plan = make_plan(participant, due_in=-2)
    sign_in(page, supervisor.username)

    due = page.get_by_role("region", name="Uppföljningar att göra")
    screenshot(page, "training-home-follow-ups-due")
    overdue = due.locator("li.overdue")
    assert overdue.count() == 1 and "Samir" in overdue.inner_text() and "Försenad" in overdue.inner_text()
    assert overdue.evaluate("li => getComputedStyle(li).borderInlineStartColor") == "rgb(176, 0, 0)"
    due.get_by_role("link", name="Samir").click()
    page.wait_for_url(re.compile(rf"/plans/{plan.id}/follow-up$"))

    page.get_by_label("Uppnått: Komma i tid").check()
    page.get_by_label("Vilka som träffades").fill("Samir, Maria och handläggaren Eva")
    page.get_by_label("Anteckningar").fill("Samir kommer i tid varje dag.")
    page.get_by_label("Nytt delmål").first.fill("Öppna kassan själv")
    next_on = today() + timedelta(days=45)
    page.get_by_label("Nästa uppföljning").fill(next_on.isoformat())
    page.get_by_label("Nästa uppföljning").press("Enter")

    page.wait_for_url(re.compile(rf"/participants/{participant.id}$"))
    assert "Uppföljningen är sparad" in page.get_by_role("status").first.inner_text()
    plan_section = page.locator("#plan")
    met = plan_section.locator(".goal-list li.met")
    assert met.count() == 1 and "Komma i tid" in met.inner_text()
    assert "Öppna kassan själv" in plan_section.inner_text()
    assert "Samir kommer i tid varje dag." in page.locator("#follow-ups").inner_text()
    screenshot(page, "training-follow-up")

    page.goto("/")
    assert "Samir" not in page.get_by_role("region", name="Uppföljningar att göra").inner_text()


def test_the_programme_pages_read_right_to_left_in_arabic_with_no_serious_axe_violation(
        browser: Any, live_server: str, make_person, participant, make_plan):
    from tests.browser.conftest import open_tab
    from tests.browser.test_accessibility import axe_source, serious_violations, sign_in_by_field_names

    source = axe_source()
    leader = make_person("supervisor", username="mushrif", display_name="Nour", language="ar")
    agreements.save_agreement(participant.id, terms(referral="self"), by=leader, consent=True)
    plan = make_plan(participant, due_in=-1)
    problems = []
    with open_tab(browser, live_server, "ar") as (tab, blocked):
        sign_in_by_field_names(tab, leader.username)
        for path in ("/", "/participants", f"/participants/{participant.id}",
                     f"/participants/{participant.id}/agreement", f"/participants/{participant.id}/plans/new",
                     f"/plans/{plan.id}/follow-up"):
            assert tab.goto(path).ok, path
            assert tab.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
            problems += [f"{path}: {v['id']} {v['help']}" for v in serious_violations(tab, source)]
        screenshot(tab, "rtl-training-follow-up")
        assert blocked == []
    assert problems == []
