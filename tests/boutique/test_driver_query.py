"""`DriverQuery`: a statement run on the driver's cursor gives back what SQLAlchemy would have, value
for value, and one whose parameters need SQLAlchemy's conversion on the way in is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Select, bindparam, select

from boutique.db import DriverQuery, UTCDateTime, db
from boutique.models import Event, Person
from tests.conftest import statements


def history_query() -> Select[Any]:
    events, people = Event.__table__.c, Person.__table__.c
    return (select(events.kind, events.at, events.data, people.username, events.person_id)
            .select_from(Event.__table__.outerjoin(Person.__table__, people.id == events.person_id))
            .where(events.subject_type == "item", events.subject_id == bindparam("item_id"))
            .order_by(events.id))


def test_a_driver_query_gives_back_what_sqlalchemy_gives_back(make_item):
    item = make_item(price=9000)
    connection = db.session.connection()
    statement = history_query()
    expected = [tuple(row) for row in connection.execute(statement, {"item_id": item.id})]
    with statements() as sent:
        rows = DriverQuery.compile(statement, connection.dialect).rows(connection, {"item_id": item.id})
    assert rows == expected and len(rows) == 2
    assert [kind for kind, *_rest in rows] == ["item.sorted", "item.priced"]
    sorted_at = rows[0][1]
    assert isinstance(sorted_at, datetime) and sorted_at.tzinfo is UTC  # aware UTC, as UTCDateTime gives
    assert rows[1][2]["price"] == 9000  # JSON parsed, on SQLite (text) as on PostgreSQL
    assert len(sent) == 1 and sent[0].startswith("SELECT events.kind")  # seen like every other statement


def test_no_rows_is_an_empty_list(app):
    connection = db.session.connection()
    assert DriverQuery.compile(history_query(), connection.dialect).rows(connection, {"item_id": 999999}) == []


def test_a_parameter_sqlalchemy_would_convert_is_refused(app):
    events = Event.__table__.c
    since = select(events.kind).where(events.at > bindparam("since", type_=UTCDateTime))
    with pytest.raises(ValueError, match="since"):
        DriverQuery.compile(since, db.session.connection().dialect)
