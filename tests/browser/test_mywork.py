"""My work in a real browser: the page shows its figures and charts, prints, and axe finds nothing serious."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from boutique.clock import shop_date, utcnow
from boutique.db import db
from boutique.training.agreements.models import Agreement
from boutique.training.attendance.models import Attendance
from inventory.donations import services as donation_services
from inventory.garments import services as garment_services
from tests.browser.conftest import open_tab, screenshot, sign_in
from tests.browser.test_accessibility import axe_source, serious_violations, sign_in_by_field_names


@pytest.fixture
def worked(make_person, make_donation, supervisor, request):
    """A participant who sorted and valued garments and was in the shop today (in their language)."""
    person = make_person("warehouse", username="deltagare", display_name="Leila", kind="participant",
                         language=getattr(request, "param", "sv"))
    db.session.add(Agreement(person_id=person.id, shop_id=person.shop_id, minutes_per_week=900,
                             starts_on=date(2026, 1, 5), referral="self"))
    donation = make_donation()
    for _ in range(3):
        item = donation_services.sort_item(donation_id=donation.id, category="tops", condition=3, by=person)
        garment_services.value_item(item.code, estimate=5000, by=person)
    now = utcnow()
    db.session.add(Attendance(person_id=person.id, shop_id=person.shop_id, in_at=now - timedelta(hours=3),
                              out_at=now - timedelta(minutes=5)))
    db.session.commit()
    return person


@pytest.mark.parametrize(("worked", "locale"), [("sv", "sv-SE"), ("ar", "ar")], indirect=["worked"])
def test_my_work_shows_figures_and_charts_and_is_accessible(browser, live_server, worked, locale):
    with open_tab(browser, live_server, locale) as (tab, blocked):
        sign_in_by_field_names(tab, "deltagare")
        tab.goto("/my-work")
        assert tab.get_by_test_id("tile-sorted").inner_text().startswith("3")
        assert tab.get_by_test_id("work-period").inner_text().endswith(shop_date(utcnow()).isoformat())
        chart = tab.get_by_test_id("chart-weeks").locator("img")
        chart.wait_for()
        tab.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
        assert serious_violations(tab, axe_source()) == []
        screenshot(tab, f"mywork-{locale}")
        assert blocked == []


def test_the_programme_report_page_is_accessible(browser, live_server, supervisor):
    with open_tab(browser, live_server, "sv-SE") as (tab, blocked):
        sign_in(tab, "handledare")
        tab.goto("/work-training/report")
        assert "färre än 5" in tab.get_by_test_id("report-section-1").inner_text()
        assert serious_violations(tab, axe_source()) == []
        screenshot(tab, "programme-report")
        assert blocked == []
