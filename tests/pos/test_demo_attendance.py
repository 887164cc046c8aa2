"""The demo gives the attendance pages something to show: weeks of stays, absences, a flag and a correction."""

from __future__ import annotations

from sqlalchemy import func, select

from boutique.db import db
from boutique.models import Person
from boutique.training.attendance import services
from boutique.training.attendance.models import Absence, Attendance, AttendanceCorrection


def test_the_demo_participants_have_weeks_of_attendance(runner):
    assert runner.invoke(args=["demo", "--days", "8"]).exit_code == 0
    participants = db.session.scalars(select(Person).where(Person.kind == "participant")).all()
    assert participants
    for person in participants:
        stays = db.session.scalar(select(func.count()).select_from(Attendance).where(Attendance.person_id == person.id))
        assert stays >= 10, person.username
    assert len(services.flagged_stays(None)) == 1
    assert db.session.scalar(select(func.count()).select_from(AttendanceCorrection)) == 1
    assert db.session.scalar(select(func.count()).select_from(Absence)) >= 1
