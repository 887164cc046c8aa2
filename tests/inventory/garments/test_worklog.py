"""The work log: what a participant did, counted from the event log, seen only by them and supervisors."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from boutique.clock import frozen_at
from boutique.errors import ValidationFailed
from inventory.donations import services as donation_services
from inventory.garments import services as garment_services
from inventory.garments import worklog

# Wednesday 4 March 2026; 23:30 UTC is already Thursday in Stockholm.
WEDNESDAY = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def a_days_work(sorter, make_donation, supervisor, warehouse):
    """The sorter receives a donation, sorts three garments from a washed one, values one twice, prices one."""
    with frozen_at(WEDNESDAY):
        donation_services.receive_donation(shop_id=supervisor.shop_id, channel="drop_off", weight_grams=3000, by=sorter)
        donation = make_donation()
        codes = [donation_services.sort_item(donation_id=donation.id, category="tops", condition=3, by=sorter).code
                 for _ in range(3)]
        garment_services.value_item(codes[0], estimate=4000, by=sorter)
        garment_services.value_item(codes[0], estimate=4500, by=sorter)
        garment_services.price_item(codes[1], price=4000, by=sorter)
        donation_services.sort_item(donation_id=donation.id, category="tops", condition=3, by=warehouse)
    with frozen_at(WEDNESDAY.replace(hour=23, minute=30)):
        donation_services.sort_item(donation_id=donation.id, category="jeans", condition=3, by=sorter)
    return codes


def test_a_day_counts_each_garment_once_per_kind_of_work_and_only_the_persons_own(a_days_work, sorter):
    log = worklog.work_log(sorter.id, date(2026, 3, 4), date(2026, 3, 4))
    assert log.totals == {"sorted": 3, "valued": 1, "priced": 1, "withdrawn": 0, "donations": 1}


def test_the_day_is_the_shops_day_in_stockholm(a_days_work, sorter):
    thursday = worklog.work_log(sorter.id, date(2026, 3, 5), date(2026, 3, 5))
    assert thursday.totals["sorted"] == 1


def test_a_range_lists_the_days_with_work(a_days_work, sorter):
    log = worklog.work_log(sorter.id, date(2026, 3, 2), date(2026, 3, 8))
    assert [(day.isoformat(), counts["sorted"]) for day, counts in log.days] == [("2026-03-04", 3), ("2026-03-05", 1)]
    assert log.totals["sorted"] == 4


def test_the_week_runs_monday_to_sunday():
    assert worklog.this_week(date(2026, 3, 4)) == (date(2026, 3, 2), date(2026, 3, 8))


def test_a_range_that_ends_before_it_starts_is_refused(sorter):
    with pytest.raises(ValidationFailed):
        worklog.work_log(sorter.id, date(2026, 3, 4), date(2026, 3, 1))


def test_my_work_page_shows_today_and_this_week(client, login, sorter, make_donation):
    donation = make_donation()
    for _ in range(2):
        donation_services.sort_item(donation_id=donation.id, category="tops", condition=3, by=sorter)
    html = login(sorter).get("/work").get_data(as_text=True)
    today = html[html.index('data-testid="work-today"'):html.index('data-testid="work-week"')]
    assert "Garments sorted" in today and '<span class="big-number">2</span>' in today


def test_a_participant_cannot_see_another_persons_work_but_a_supervisor_can(client, login, sorter, warehouse,
                                                                          supervisor, a_days_work):
    login(sorter)
    assert client.get(f"/work/{warehouse.id}").status_code == 403
    assert client.get(f"/work/{sorter.id}?start=2026-03-02&end=2026-03-08").status_code == 200
    client.post("/logout")
    login(supervisor)
    page = client.get(f"/work/person?person_id={sorter.id}&start=2026-03-02&end=2026-03-08")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Amal" in html and "2026-03-04" in html and "2026-03-05" in html


def test_the_work_log_api_answers_the_person_and_supervisors_only(api_as, sorter, warehouse, supervisor,
                                                                 a_days_work):
    assert api_as(warehouse).get(f"/work-log/{sorter.id}?from=2026-03-04").status_code == 403
    mine = api_as(sorter).get(f"/work-log/{sorter.id}?from=2026-03-04&to=2026-03-05").get_json()
    assert mine["totals"] == {"sorted": 4, "valued": 1, "priced": 1, "withdrawn": 0, "donations": 1}
    followed = api_as(supervisor).get(f"/work-log/{sorter.id}?from=2026-03-04")
    assert followed.get_json()["days"][0]["date"] == "2026-03-04"
    bad = api_as(supervisor).get(f"/work-log/{sorter.id}?from=4 March")
    assert bad.status_code == 422 and bad.get_json()["details"] == {"field": "from"}

