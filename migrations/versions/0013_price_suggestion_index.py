"""The price suggestion reads a category's sales of the last year from an index alone.

ix_items_status_category (status, category_id, sold_days, sold_price, first_price) becomes
(status, category_id, sold_at, brand, condition, sold_price, sold_days, first_price): a
suggestion counts the sales of one category since a date, by brand and condition, per price
and per days to sell; at a million garments it visited every sold garment of the category's
year in the table. Widening the index it already had, rather than adding one, leaves the sale
with as many indexes to write as before; the index still covers every shop's figures by
category (status and category first, the sums' columns in it).

Revision ID: 0013
Revises: 0012
"""
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

BEFORE = ['status', 'category_id', 'sold_days', 'sold_price', 'first_price']
AFTER = ['status', 'category_id', 'sold_at', 'brand', 'condition', 'sold_price', 'sold_days', 'first_price']


def _replace(columns: list[str]) -> None:
    # Plain DROP INDEX / CREATE INDEX: no table rebuild on SQLite, so the tally triggers stay.
    op.drop_index('ix_items_status_category', table_name='items')
    op.create_index('ix_items_status_category', 'items', columns, unique=False)


def upgrade():
    _replace(AFTER)


def downgrade():
    _replace(BEFORE)
