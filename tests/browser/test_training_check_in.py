"""A participant checks in and out with the big button on their start page, in Swedish, and the kiosk a
supervisor opens shows them as in; axe finds nothing serious on either page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from boutique.db import db
from boutique.training.attendance import services
from tests.browser.conftest import open_tab, screenshot, sign_in
from tests.browser.test_accessibility import axe_source, serious_violations, sign_in_by_field_names

pytestmark = pytest.mark.browser


def test_a_participant_checks_in_from_the_start_page(page: Any, browser: Any, live_server: str, make_person,
                                                      supervisor) -> None:
    participant = make_person("warehouse", username="ahmed", display_name="Ahmed", kind="participant")
    sign_in(page, "ahmed")
    assert page.get_by_text("Du är inte incheckad.").is_visible()
    assert serious_violations(page, axe_source()) == []
    page.get_by_role("button", name="Checka in").click()
    page.get_by_role("status").filter(has_text="Välkommen, Ahmed!").wait_for()
    assert page.get_by_text(re.compile(r"Du är incheckad sedan \d\d:\d\d\.")).is_visible()
    assert services.open_stay(participant.id) is not None
    screenshot(page, "training-check-in")

    kiosk = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    sign_in(kiosk, "handledare")
    kiosk.goto("/kiosk/attendance")
    assert kiosk.get_by_role("button", name=re.compile("Ahmed.*Inne sedan")).is_visible()
    assert serious_violations(kiosk, axe_source()) == []
    screenshot(kiosk, "training-kiosk")
    kiosk.goto(f"/training/attendance/{participant.id}")
    assert serious_violations(kiosk, axe_source()) == []
    screenshot(kiosk, "training-attendance-person")
    kiosk.context.close()

    page.get_by_role("button", name="Checka ut").click()
    page.get_by_role("status").filter(has_text="Hej då, Ahmed!").wait_for()
    assert page.get_by_role("button", name="Checka in").is_visible()
    db.session.rollback()  # end the test's own read, so it sees what the server committed since
    assert services.open_stay(participant.id) is None


def test_the_attendance_page_reads_right_to_left_in_arabic(browser: Any, live_server: str, make_person) -> None:
    participant = make_person("warehouse", username="yonas", display_name="Yonas", kind="participant",
                              language="ar")
    services.check_in(participant.id, by=participant)
    with open_tab(browser, live_server, "ar") as (tab, blocked):
        sign_in_by_field_names(tab, "yonas")
        assert tab.get_by_role("button", name="سجّل الانصراف").is_visible()
        tab.goto(f"/training/attendance/{participant.id}")
        assert tab.locator("html").get_attribute("dir") == "rtl"
        assert tab.get_by_role("heading", name="حضور Yonas").is_visible()
        assert serious_violations(tab, axe_source()) == []
        screenshot(tab, "training-attendance-arabic")
    assert blocked == []
