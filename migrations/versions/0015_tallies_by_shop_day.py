"""Kilos in a period count the shop's (Stockholm) days: the sold and withdrawn tallies by UTC hour.

tally_sold_days and tally_withdrawn_days (0012) were keyed by UTC day, so a garment sold at
23:30 in Stockholm counted on the next day (and 00:30 on the day before, in summer).
tally_sold_hours and tally_withdrawn_hours replace them, keyed by UTC hour like tally_ageing:
each UTC hour falls on one shop day, so a period of shop days is a range of hours.

The triggers are made again (on PostgreSQL the one trigger function covers every tally) and
the new tallies counted from the garments; downgrade puts the day tallies back the same way.

Revision ID: 0015
Revises: 0014
"""
from alembic import op
from sqlalchemy import MetaData

from inventory.tallies.services import (
    SOLD_HOURS,
    TALLIES,
    UTC_DAY_TALLIES,
    WITHDRAWN_HOURS,
    create_triggers,
    define_tables,
    drop_ddl,
    rebuild,
)

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

BY_HOUR = (SOLD_HOURS, WITHDRAWN_HOURS)


def _replace(old, new, kept):
    """Drop the tallies `old` and make `new` in their place; `kept` is every tally there is afterwards."""
    conn = op.get_bind()
    for statement in drop_ddl(old, conn.dialect.name):  # SQLite: their triggers; PostgreSQL: the one function
        conn.exec_driver_sql(statement)
    metadata = MetaData()
    for tally in old:
        for table in reversed(define_tables(tally, metadata)):
            table.drop(conn)
    for tally in new:
        for table in define_tables(tally, metadata):
            table.create(conn)
    create_triggers(conn, kept)
    for tally in new:
        rebuild(conn, tally)


def upgrade():
    _replace(UTC_DAY_TALLIES, BY_HOUR, TALLIES)


def downgrade():
    by_day = dict(zip(BY_HOUR, UTC_DAY_TALLIES, strict=True))
    _replace(BY_HOUR, UTC_DAY_TALLIES, tuple(by_day.get(tally, tally) for tally in TALLIES))
