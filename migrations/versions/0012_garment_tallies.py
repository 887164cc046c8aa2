"""Running tallies of garments, kept by triggers on `items`: the shop-wide counts read a few
thousand groups instead of every garment a shop ever had (see inventory/tallies/services.py).

Six tallies, each a folded base and an append-only table of changes:
- tally_listed: listed garments by shop, category, status and whole days to sell;
- tally_sold_prices: sold garments by shop, category and price paid;
- tally_donation_weights: donated garments by the receiving shop, status, withdrawal reason
  and category, with their weighed grams and how many were never weighed;
- tally_sold_days: sold garments by shop, category and UTC day of sale, with their grams;
- tally_withdrawn_days: garments withdrawn for recycling or as waste by shop, reason,
  category and UTC day, with their grams;
- tally_ageing: garments on the floor by shop, tag colour and UTC hour of pricing.

The definitions and the trigger statements come from inventory.tallies.services, so that the
triggers this makes are the ones the app reads; a change to a tally's definition needs a
migration that drops and makes it again (0015 replaced the two day tallies by hour tallies:
the day tallies made here are services.UTC_DAY_TALLIES).

Revision ID: 0012
Revises: 0011
"""
from alembic import op
from sqlalchemy import MetaData

from inventory.tallies.services import (
    AGEING,
    DONATION_WEIGHTS,
    LISTED,
    SOLD_PRICES,
    UTC_DAY_TALLIES,
    create_triggers,
    define_tables,
    drop_ddl,
    rebuild,
)

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

TALLIES = (LISTED, SOLD_PRICES, DONATION_WEIGHTS, *UTC_DAY_TALLIES, AGEING)  # as they were at 0012


def upgrade():
    conn = op.get_bind()
    metadata = MetaData()
    for tally in TALLIES:
        for table in define_tables(tally, metadata):
            table.create(conn)
    create_triggers(conn, TALLIES)
    for tally in TALLIES:
        rebuild(conn, tally)


def downgrade():
    conn = op.get_bind()
    metadata = MetaData()
    for statement in drop_ddl(TALLIES, conn.dialect.name):
        conn.exec_driver_sql(statement)
    for tally in TALLIES:
        for table in reversed(define_tables(tally, metadata)):
            table.drop(conn)
