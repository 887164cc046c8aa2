"""Attendance as a participant and a supervisor meet it: checking in and out, refusals that change nothing,
corrections kept, the closing time's close, absences, cards and the monthly figures across a DST change."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from boutique.clock import SHOP_TZ, frozen_at
from boutique.db import db
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Event, Person
from boutique.services import create_shop
from boutique.training import daily
from boutique.training.attendance import services
from boutique.training.attendance.errors import (AlreadyCheckedIn, JustCheckedIn, NotAParticipant, NotCheckedIn,
                                                 OverlappingStay, UnknownCard)
from boutique.training.attendance.models import Absence, Attendance, AttendanceCorrection
from boutique.training.attendance.timesheet import agreed_minutes, month_of, parse_month, timesheet_for


def local(day: date, hours: int, minutes: int = 0) -> datetime:
    """A moment on the shop's clock, as aware UTC."""
    return datetime.combine(day, time(hours, minutes), SHOP_TZ).astimezone(UTC)


MONDAY = date(2026, 3, 2)


def stays_of(person: Person) -> list[Attendance]:
    return list(db.session.scalars(select(Attendance).where(Attendance.person_id == person.id)
                                   .order_by(Attendance.in_at)))


def stay(person: Person, start: datetime, end: datetime, by: Person) -> Attendance:
    with frozen_at(start):
        services.check_in(person.id, by=by)
    with frozen_at(end):
        return services.check_out(person.id, by=by)


# --------------------------------------------------------------------------- in and out


def test_a_participant_checks_in_and_out_and_the_minutes_count(participant):
    done = stay(participant, local(MONDAY, 9), local(MONDAY, 15, 30), participant)
    assert done.minutes == 390
    assert services.attended_minutes(participant.id, MONDAY, MONDAY) == 390
    kinds = db.session.scalars(select(Event.kind).where(Event.subject_type == "attendance")).all()
    assert kinds == ["attendance.checked_in", "attendance.checked_out"]


def test_checking_in_twice_is_refused_and_keeps_one_stay(participant):
    with frozen_at(local(MONDAY, 9)):
        services.check_in(participant.id, by=participant)
    with frozen_at(local(MONDAY, 9, 5)), pytest.raises(AlreadyCheckedIn):
        services.check_in(participant.id, by=participant)
    assert len(stays_of(participant)) == 1
    assert stays_of(participant)[0].in_at == local(MONDAY, 9)


def test_checking_out_without_checking_in_is_refused(participant):
    with pytest.raises(NotCheckedIn):
        services.check_out(participant.id, by=participant)
    assert stays_of(participant) == []


def test_a_supervisor_checks_anyone_in_but_a_participant_only_themself(participant, supervisor, make_person):
    other = make_person("warehouse", kind="participant", display_name="Yonas")
    services.check_in(participant.id, by=supervisor)
    assert stays_of(participant)[0].checked_in_by_id == supervisor.id
    with pytest.raises(Forbidden):
        services.check_in(other.id, by=participant)
    assert stays_of(other) == []


def test_a_supervisor_of_another_shop_may_not_check_someone_in(participant):
    elsewhere = create_shop("Annan butik")
    from boutique.services import create_person

    stranger = create_person("annan", role="supervisor", password="secret-pw-2", shop_id=elsewhere.id)
    with pytest.raises(Forbidden):
        services.check_in(participant.id, by=stranger)


def test_staff_have_no_attendance(supervisor):
    with pytest.raises(NotAParticipant):
        services.check_in(supervisor.id, by=supervisor)


def test_two_check_ins_at_the_same_moment_make_one_stay(app, participant):
    person_id = participant.id
    db.session.remove()
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def attempt() -> None:
        with app.app_context():
            person = db.session.get(Person, person_id)
            barrier.wait()
            try:
                services.check_in(person_id, by=person)
                result = "in"
            except AlreadyCheckedIn:
                result = "refused"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["in", "refused"]
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 1


# --------------------------------------------------------------------------- the kiosk's card


def test_a_card_code_is_ten_random_digits_made_once(participant, make_agreement):
    agreement = make_agreement(participant)
    code = services.issue_card(participant.id, by=participant).card_code
    assert code is not None and len(code) == 10 and code.isdigit()
    assert services.issue_card(participant.id, by=participant).card_code == code
    assert services.ensure_card_code(agreement) == code
    assert services.participant_by_card(f"  {code}\n").id == participant.id
    with pytest.raises(UnknownCard):
        services.participant_by_card("0000000000" if code != "0000000000" else "1111111111")


def test_a_scan_checks_in_then_out_but_a_double_read_is_not_a_check_out(participant, supervisor):
    with frozen_at(local(MONDAY, 9)):
        _stay, checked_in = services.check_in_or_out(participant.id, by=supervisor)
    assert checked_in
    with frozen_at(local(MONDAY, 9, 0) + timedelta(seconds=20)), pytest.raises(JustCheckedIn):
        services.check_in_or_out(participant.id, by=supervisor)
    with frozen_at(local(MONDAY, 14)):
        done, checked_in = services.check_in_or_out(participant.id, by=supervisor)
    assert not checked_in and done.minutes == 300


# --------------------------------------------------------------------------- corrections


def test_a_correction_is_kept_with_who_when_before_after_and_why(participant, supervisor):
    original = stay(participant, local(MONDAY, 9), local(MONDAY, 12), participant)
    with frozen_at(local(MONDAY, 16)):
        services.correct_stay(original.id, in_at=local(MONDAY, 8, 30), out_at=local(MONDAY, 15),
                              reason="Forgot to check out", by=supervisor)
    assert services.attended_minutes(participant.id, MONDAY, MONDAY) == 390
    correction = db.session.scalars(select(AttendanceCorrection)).one()
    assert correction.by_id == supervisor.id and correction.at == local(MONDAY, 16)
    assert correction.before == {"in_at": local(MONDAY, 9).isoformat(), "out_at": local(MONDAY, 12).isoformat()}
    assert correction.after == {"in_at": local(MONDAY, 8, 30).isoformat(), "out_at": local(MONDAY, 15).isoformat()}
    assert correction.reason == "Forgot to check out"


def test_a_correction_that_overlaps_another_stay_is_refused_and_changes_nothing(participant, supervisor):
    morning = stay(participant, local(MONDAY, 9), local(MONDAY, 12), participant)
    stay(participant, local(MONDAY, 13), local(MONDAY, 15), participant)
    with frozen_at(local(MONDAY, 16)), pytest.raises(OverlappingStay):
        services.correct_stay(morning.id, in_at=local(MONDAY, 9), out_at=local(MONDAY, 14), reason="x", by=supervisor)
    assert [s.minutes for s in stays_of(participant)] == [180, 120]
    assert db.session.scalars(select(AttendanceCorrection)).all() == []


def test_a_correction_needs_a_reason_and_a_supervisor(participant, supervisor):
    done = stay(participant, local(MONDAY, 9), local(MONDAY, 12), participant)
    with frozen_at(local(MONDAY, 16)):
        with pytest.raises(ValidationFailed):
            services.correct_stay(done.id, in_at=local(MONDAY, 8), out_at=local(MONDAY, 12), reason=" ", by=supervisor)
        with pytest.raises(Forbidden):
            services.correct_stay(done.id, in_at=local(MONDAY, 8), out_at=local(MONDAY, 12), reason="more",
                                  by=participant)
    assert stays_of(participant)[0].in_at == local(MONDAY, 9)


def test_a_supervisor_adds_a_forgotten_stay_but_not_one_over_another(participant, supervisor):
    stay(participant, local(MONDAY, 9), local(MONDAY, 12), participant)
    with frozen_at(local(MONDAY + timedelta(days=1), 8)):
        added = services.add_stay(participant.id, in_at=local(MONDAY, 13), out_at=local(MONDAY, 16),
                                  reason="Worked at the sorting station", by=supervisor)
        with pytest.raises(OverlappingStay):
            services.add_stay(participant.id, in_at=local(MONDAY, 11), out_at=local(MONDAY, 13, 30), reason="x",
                              by=supervisor)
    assert added.corrections[0].before == {}
    assert services.attended_minutes(participant.id, MONDAY, MONDAY) == 360


# --------------------------------------------------------------------------- closing time


def test_a_check_in_left_open_is_closed_at_closing_time_and_flagged(participant, supervisor, shop):
    with frozen_at(local(MONDAY, 10)):
        services.check_in(participant.id, by=participant)
    assert services.close_open_stays(local(MONDAY, 17, 59)) == []
    closed = services.close_open_stays(local(MONDAY, 23))
    assert [s.id for s in closed] == [stays_of(participant)[0].id]
    closed_stay = stays_of(participant)[0]
    assert closed_stay.out_at == local(MONDAY, 18) and closed_stay.closed_by_shop
    assert services.flagged_stays(shop.id) == [closed_stay]
    assert services.close_open_stays(local(MONDAY, 23, 30)) == []  # once only
    with frozen_at(local(MONDAY + timedelta(days=1), 9)):
        services.correct_stay(closed_stay.id, in_at=local(MONDAY, 10), out_at=local(MONDAY, 16), reason="Left at 4",
                              by=supervisor)
    assert services.flagged_stays(shop.id) == []


def test_the_closing_time_is_the_shops_own(participant, shop):
    shop.closes_at = "16:00"
    db.session.commit()
    with frozen_at(local(MONDAY, 10)):
        services.check_in(participant.id, by=participant)
    services.close_open_stays(local(MONDAY, 16, 1))
    assert stays_of(participant)[0].minutes == 360


def test_a_check_in_after_closing_time_is_closed_at_once_for_the_supervisor(participant):
    with frozen_at(local(MONDAY, 19)):
        services.check_in(participant.id, by=participant)
    services.close_open_stays(local(MONDAY, 23))
    closed = stays_of(participant)[0]
    assert closed.out_at == local(MONDAY, 19) and closed.closed_by_shop and closed.minutes == 0


def test_close_day_runs_from_the_command_line(runner, participant):
    services.check_in(participant.id, by=participant)
    with frozen_at(datetime.now(UTC) + timedelta(days=1)):
        result = runner.invoke(args=["training", "close-day"])
    assert result.exit_code == 0 and "Closed 1 " in result.output


def test_closing_time_is_a_daily_job_and_a_failing_job_stops_no_other(app):
    assert daily.JOBS["boutique.training.attendance.services.close_open_stays"] is services.close_open_stays
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    def fine() -> None:
        ran.append("fine")

    saved = dict(daily.JOBS)
    try:
        daily.JOBS.clear()
        daily.register(broken)
        daily.register(fine)
        daily.register(fine)
        assert len(daily.JOBS) == 2
        assert daily.run_jobs() == [f"{__name__}.{broken.__qualname__}"]
        assert ran == ["fine"]
    finally:
        daily.JOBS.clear()
        daily.JOBS.update(saved)


def test_the_daily_jobs_run_at_the_shops_hour_across_a_dst_change():
    at = time(23, 0)
    assert daily.next_run(local(date(2026, 3, 28), 23, 30), at) == local(date(2026, 3, 29), 23)
    assert daily.next_run(local(date(2026, 3, 29), 12), at) == datetime(2026, 3, 29, 21, tzinfo=UTC)
    assert daily.next_run(local(date(2026, 10, 25), 12), at) == datetime(2026, 10, 25, 22, tzinfo=UTC)


def test_no_daily_thread_in_tests(app):
    assert daily.start(app) is None


# --------------------------------------------------------------------------- absences


def test_a_supervisor_records_an_absence_and_a_second_replaces_it(participant, supervisor):
    services.record_absence(participant.id, on=MONDAY, reason="sick", by=supervisor)
    services.record_absence(participant.id, on=MONDAY, reason="leave", note="Dentist", by=supervisor)
    absence = db.session.scalars(select(Absence)).one()
    assert (absence.reason, absence.note) == ("leave", "Dentist")
    with pytest.raises(ValidationFailed):
        services.record_absence(participant.id, on=MONDAY, reason="holiday", by=supervisor)
    with pytest.raises(Forbidden):
        services.record_absence(participant.id, on=MONDAY, reason="sick", by=participant)
    assert db.session.scalars(select(Absence.reason)).all() == ["leave"]


# --------------------------------------------------------------------------- the month


def test_agreed_minutes_spread_the_week_over_its_working_days(participant, make_agreement):
    agreement = make_agreement(participant)  # 20 h a week from 1 January 2026
    # March 2026 has 22 weekdays: 20 h / 5 × 22 = 88 h.
    assert agreed_minutes(agreement, date(2026, 3, 1), date(2026, 3, 31)) == 88 * 60
    agreement.starts_on = date(2026, 3, 16)  # starting mid-month: 12 weekdays
    agreement.ends_on = date(2026, 3, 27)  # and ending two weeks later: 10
    assert agreed_minutes(agreement, date(2026, 3, 1), date(2026, 3, 31)) == 40 * 60
    assert agreed_minutes(None, date(2026, 3, 1), date(2026, 3, 31)) == 0


def test_the_march_timesheet_counts_the_shops_days_across_the_spring_change(participant, supervisor,
                                                                             make_agreement):
    make_agreement(participant)
    stay(participant, local(date(2026, 3, 1), 0, 30), local(date(2026, 3, 1), 1, 30), participant)  # 23:30 UTC in Feb
    stay(participant, local(date(2026, 3, 27), 9), local(date(2026, 3, 27), 15), participant)  # winter time
    stay(participant, local(date(2026, 3, 30), 9), local(date(2026, 3, 30), 15), participant)  # summer time
    stay(participant, local(date(2026, 4, 1), 1), local(date(2026, 4, 1), 2), participant)  # 23:00 UTC on 31 March
    with frozen_at(local(date(2026, 4, 2), 9)):
        services.record_absence(participant.id, on=date(2026, 3, 31), reason="sick", by=supervisor)
    sheet = timesheet_for(participant.id, "2026-03", reader=participant).as_json()
    assert sheet["days"] == [{"date": "2026-03-01", "minutes": 60}, {"date": "2026-03-27", "minutes": 360},
                             {"date": "2026-03-30", "minutes": 360}]
    assert sheet["attended_minutes"] == 780 and sheet["agreed_minutes"] == 88 * 60
    assert sheet["absences"] == [{"date": "2026-03-31", "reason": "sick", "note": ""}]


def test_a_stay_over_the_autumn_change_counts_the_hour_that_came_twice(participant):
    night = date(2026, 10, 25)  # clocks go back from 03:00 to 02:00
    start, end = local(night, 1, 30), datetime(2026, 10, 25, 2, 30, tzinfo=UTC)  # 01:30 CEST to 03:30 CET
    stay(participant, start, end, participant)
    sheet = month_of(participant, parse_month("2026-10"))
    assert [(d.on, d.minutes) for d in sheet.days] == [(night, 180)]


def test_another_participant_may_not_read_a_timesheet(participant, make_person, supervisor):
    other = make_person("warehouse", kind="participant")
    with pytest.raises(Forbidden):
        timesheet_for(participant.id, "2026-03", reader=other)
    assert timesheet_for(participant.id, "2026-03", reader=supervisor).person.id == participant.id


def test_a_month_must_be_written_as_year_and_month():
    for bad in ("2026-13", "2026-3", "march", "", None, "1999-01"):
        with pytest.raises(ValidationFailed):
            parse_month(bad)


def test_a_data_request_holds_the_attendance_and_pseudonymising_drops_the_notes(participant, supervisor):
    from boutique.services import export_person, pseudonymise_person

    done = stay(participant, local(MONDAY, 9), local(MONDAY, 12), participant)
    with frozen_at(local(MONDAY, 16)):
        services.correct_stay(done.id, in_at=local(MONDAY, 9), out_at=local(MONDAY, 13), reason="Ahmed said 13",
                              by=supervisor)
        services.record_absence(participant.id, on=MONDAY + timedelta(days=1), reason="sick", note="Migraine",
                                by=supervisor)
    exported = export_person(participant.id)["attendance"]
    assert exported["absences"] == [{"on": "2026-03-03", "reason": "sick", "note": "Migraine"}]
    assert exported["stays"][0]["corrections"][0]["reason"] == "Ahmed said 13"
    pseudonymise_person(participant.id, by=supervisor)
    assert db.session.scalars(select(Absence.note)).all() == [""]
    assert db.session.scalars(select(AttendanceCorrection.reason)).all() == [""]
    assert services.attended_minutes(participant.id, MONDAY, MONDAY) == 240


def test_a_new_card_for_a_lost_one_makes_the_old_code_name_nobody(participant, supervisor, make_agreement):
    make_agreement(participant)
    old = services.issue_card(participant.id, by=participant).card_code
    with pytest.raises(Forbidden):
        services.issue_card(participant.id, by=participant, replace=True)
    new = services.issue_card(participant.id, by=supervisor, replace=True).card_code
    assert new != old and services.participant_by_card(new).id == participant.id
    with pytest.raises(UnknownCard):
        services.participant_by_card(old or "")


def test_the_daily_jobs_run_from_the_command_line(runner, participant):
    services.check_in(participant.id, by=participant)
    with frozen_at(datetime.now(UTC) + timedelta(days=1)):
        result = runner.invoke(args=["training", "daily"])
    assert result.exit_code == 0, result.output
    assert services.open_stay(participant.id) is None
