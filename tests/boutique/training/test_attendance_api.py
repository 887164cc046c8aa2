"""Attendance through the JSON API and the pages: the contract's status codes, who may do what, and what a
supervisor sees (corrections on the day, check-ins the closing time closed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from boutique.clock import SHOP_TZ, frozen_at
from boutique.db import db
from boutique.services import create_person, create_shop
from boutique.training.attendance import services
from boutique.training.attendance.models import Absence, Attendance

MONDAY = date(2026, 3, 2)


def local(day: date, hours: int, minutes: int = 0) -> datetime:
    return datetime.combine(day, time(hours, minutes), SHOP_TZ).astimezone(UTC)


def stays() -> int:
    return db.session.scalar(select(func.count()).select_from(Attendance))


def test_checking_oneself_in_and_out(api_as, participant):
    api = api_as(participant)
    response = api.post("/attendance/check-in", json={})
    assert response.status_code == 201
    body = response.get_json()
    assert body["person_id"] == participant.id and body["in_at"].endswith("+00:00")
    again = api.post("/attendance/check-in", json={})
    assert again.status_code == 409 and again.get_json()["error"] == "already_checked_in"
    out = api.post("/attendance/check-out", json={})
    assert out.status_code == 200
    assert out.get_json()["id"] == body["id"] and out.get_json()["minutes"] == 0 and out.get_json()["out_at"]
    twice = api.post("/attendance/check-out", json={})
    assert twice.status_code == 409 and twice.get_json()["error"] == "not_checked_in"
    assert stays() == 1


def test_a_check_in_without_a_body_is_for_oneself(api_as, participant):
    response = api_as(participant).post("/attendance/check-in")  # no body at all, as a kiosk script might send
    assert response.status_code == 201 and response.get_json()["person_id"] == participant.id


def test_a_supervisor_checks_a_participant_in_but_a_participant_no_one_else(api_as, participant, supervisor,
                                                                             make_person):
    other = make_person("counter", kind="participant", display_name="Leila")
    assert api_as(supervisor).post("/attendance/check-in", json={"person_id": participant.id}).status_code == 201
    refused = api_as(participant).post("/attendance/check-in", json={"person_id": other.id})
    assert refused.status_code == 403 and refused.get_json()["error"] == "forbidden"
    assert api_as(participant).post("/attendance/check-out", json={"person_id": other.id}).status_code == 403
    assert stays() == 1


def test_a_supervisor_of_another_shop_is_refused(api_as, participant):
    other_shop = create_shop("Annan butik")
    stranger = create_person("annan", role="supervisor", password="secret-pw", shop_id=other_shop.id)
    assert api_as(stranger).post("/attendance/check-in", json={"person_id": participant.id}).status_code == 403
    assert stays() == 0


def test_bad_input_changes_nothing(api_as, participant, supervisor):
    api = api_as(supervisor)
    assert api.post("/attendance/check-in", json={"person_id": "7"}).status_code == 422
    assert api.post("/attendance/check-in", json={"person_id": 99999}).status_code == 404
    assert api.post("/attendance/check-in", json={}).get_json()["error"] == "not_a_participant"
    assert stays() == 0


def test_the_timesheet_as_json_and_as_a_pdf_to_sign(api_as, participant, supervisor, make_agreement, make_person):
    make_agreement(participant)
    with frozen_at(local(MONDAY, 9)):
        services.check_in(participant.id, by=participant)
    with frozen_at(local(MONDAY, 14, 30)):
        services.check_out(participant.id, by=participant)
        services.record_absence(participant.id, on=date(2026, 3, 3), reason="sick", by=supervisor)
    response = api_as(participant).get(f"/participants/{participant.id}/timesheet?month=2026-03")
    assert response.status_code == 200
    assert response.get_json() == {"person_id": participant.id, "month": "2026-03", "agreed_minutes": 5280,
                                   "attended_minutes": 330, "days": [{"date": "2026-03-02", "minutes": 330}],
                                   "absences": [{"date": "2026-03-03", "reason": "sick", "note": ""}]}
    as_supervisor = api_as(supervisor)
    pdf = as_supervisor.client.get(f"/api/v1/participants/{participant.id}/timesheet?month=2026-03",
                                   headers={**as_supervisor.headers, "Accept": "application/pdf"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_another_participant_may_not_read_the_timesheet(api_as, participant, make_person):
    other = make_person("warehouse", kind="participant")
    response = api_as(other).get(f"/participants/{participant.id}/timesheet?month=2026-03")
    assert response.status_code == 403
    assert api_as(participant).get(f"/participants/{participant.id}/timesheet?month=26-3").status_code == 422


def test_the_start_page_has_the_button_and_checks_in(login, participant):
    client = login(participant)
    page = client.get("/").get_data(as_text=True)
    assert f'/training/attendance/{participant.id}/check-in' in page
    response = client.post(f"/training/attendance/{participant.id}/check-in", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert f'/training/attendance/{participant.id}/check-out' in text
    assert stays() == 1


def test_the_start_page_of_staff_has_no_check_in_button(login, supervisor):
    assert "/check-in" not in login(supervisor).get("/").get_data(as_text=True)


def test_a_correction_is_shown_on_the_day(login, participant, supervisor):
    with frozen_at(local(MONDAY, 9)):
        services.check_in(participant.id, by=participant)
    with frozen_at(local(MONDAY, 12)):
        done = services.check_out(participant.id, by=participant)
    client = login(supervisor)
    response = client.post(f"/training/attendance/stays/{done.id}/correct",
                           data={"in_time": "08:30", "out_time": "15:00", "reason": "Glömde checka ut"},
                           follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "09:00–12:00 → 08:30–15:00" in text and "Glömde checka ut" in text
    assert services.attended_minutes(participant.id, MONDAY, MONDAY) == 390


def test_the_supervisors_page_lists_what_closing_time_closed(login, participant, supervisor):
    with frozen_at(local(MONDAY, 10)):
        services.check_in(participant.id, by=participant)
    services.close_open_stays(local(MONDAY, 23))
    text = login(supervisor).get("/training/attendance").get_data(as_text=True)
    assert f"#stay-{services.flagged_stays(None)[0].id}" in text and "Ahmed" in text


def test_the_kiosk_checks_in_by_a_tap_and_by_a_card(login, participant, supervisor, make_agreement):
    make_agreement(participant)
    code = services.issue_card(participant.id, by=supervisor).card_code
    client = login(supervisor)
    assert "Ahmed" in client.get("/kiosk/attendance").get_data(as_text=True)
    client.post(f"/kiosk/attendance/{participant.id}", data={"action": "in"})
    assert services.open_stay(participant.id) is not None
    with frozen_at(datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)):
        text = client.post("/kiosk/attendance/scan", data={"code": f"{code}"}, follow_redirects=True
                           ).get_data(as_text=True)
    assert services.open_stay(participant.id) is None and "Ahmed" in text
    unknown = client.post("/kiosk/attendance/scan", data={"code": "12"}, follow_redirects=True)
    assert stays() == 1 and unknown.status_code == 200


def test_a_supervisor_records_an_absence_on_the_page_and_the_participant_cannot(login, participant, supervisor,
                                                                                 client):
    login(participant)
    client.post(f"/training/attendance/{participant.id}/absences", data={"on": "2026-03-02", "reason": "sick"})
    assert db.session.scalar(select(func.count()).select_from(Absence)) == 0
    client.post("/logout")
    login(supervisor)
    client.post(f"/training/attendance/{participant.id}/absences", data={"on": "2026-03-02", "reason": "sick"})
    assert db.session.scalars(select(Absence.reason)).all() == ["sick"]


def test_the_card_and_the_timesheet_print(login, participant, make_agreement):
    make_agreement(participant)
    client = login(participant)
    card = client.post(f"/training/attendance/{participant.id}/card")
    assert card.mimetype == "application/pdf" and card.data.startswith(b"%PDF")
    sheet = client.get(f"/training/attendance/{participant.id}/timesheet.pdf?month=2026-03")
    assert sheet.mimetype == "application/pdf"
    assert "2026-03" in client.get(f"/training/attendance/{participant.id}/timesheet?month=2026-03"
                                   ).get_data(as_text=True)


def test_a_supervisor_sets_the_closing_time_and_bad_input_changes_nothing(login, supervisor, participant, shop):
    client = login(supervisor)
    client.post("/training/attendance/closing-time", data={"closes_at": "16:30"})
    db.session.refresh(shop)
    assert shop.closes_at == "16:30"
    client.post("/training/attendance/closing-time", data={"closes_at": "25:99"})
    db.session.refresh(shop)
    assert shop.closes_at == "16:30"
    assert 'value="16:30"' in client.get("/training/attendance").get_data(as_text=True)


def test_a_participant_may_not_set_the_closing_time(participant, shop):
    import pytest

    from boutique.errors import Forbidden, ValidationFailed

    with pytest.raises(Forbidden):
        services.set_closing_time(shop.id, "15:00", by=participant)
    admin = create_person("chef", role="admin", password="secret-pw")
    with pytest.raises(ValidationFailed):
        services.set_closing_time(shop.id, "7 pm", by=admin)
    assert services.set_closing_time(shop.id, "19:00", by=admin).closes_at == "19:00"
