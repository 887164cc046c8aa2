"""The demo has enough participants that the programme report shows figures, not only "fewer than 5"."""

from __future__ import annotations

from sqlalchemy import select

from boutique.db import db
from boutique.models import Person
from boutique.training.report import services as report


def test_the_demo_report_counts_participants_exits_and_hours(runner):
    assert runner.invoke(args=["demo", "--days", "8"]).exit_code == 0
    supervisor = db.session.scalars(select(Person).where(Person.username == "handledare")).one()
    first, last = report.parse_period(None, None)
    figures = report.programme_report(first, last, reader=supervisor)
    assert figures.participants is not None and figures.participants >= 15
    assert figures.ended == 10 and figures.outcomes["work"] == 5 and figures.outcomes["none"] is None
    assert figures.attended_minutes is not None and figures.by_referral["employment_service"] is not None
