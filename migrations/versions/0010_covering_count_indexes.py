"""Covering indexes for the shop-wide counts: the kilo balance, the climate effect and every shop's categories
are read from an index alone instead of visiting a million garment rows.

- ix_items_donation_id (donation_id) becomes ix_items_donation_weights (donation_id, status,
  withdraw_reason, category_id, weight_grams): a shop's kilo balance.
- ix_items_shop_sold gains category_id, weight_grams, withdrawn_at and withdraw_reason: one
  shop's kilos sold, recycled and discarded in a period.
- ix_items_sold_at gains status, category_id and weight_grams: every shop's kilos sold in a period.
- ix_items_status_category gains sold_days, sold_price and first_price: every shop's figures
  by category.

Revision ID: 0010
Revises: 0009
"""
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

BEFORE = {
    'ix_items_donation_id': ['donation_id'],
    'ix_items_shop_sold': ['shop_id', 'status', 'sold_at'],
    'ix_items_sold_at': ['sold_at'],
    'ix_items_status_category': ['status', 'category_id'],
}
AFTER = {
    'ix_items_donation_weights': ['donation_id', 'status', 'withdraw_reason', 'category_id', 'weight_grams'],
    'ix_items_shop_sold': ['shop_id', 'status', 'sold_at', 'category_id', 'weight_grams', 'withdrawn_at',
                           'withdraw_reason'],
    'ix_items_sold_at': ['sold_at', 'status', 'category_id', 'weight_grams'],
    'ix_items_status_category': ['status', 'category_id', 'sold_days', 'sold_price', 'first_price'],
}


def _replace(old: dict, new: dict) -> None:
    # Plain DROP INDEX / CREATE INDEX: no table rebuild on SQLite.
    for name in old:
        op.drop_index(name, table_name='items')
    for name, columns in new.items():
        op.create_index(name, 'items', columns, unique=False)


def upgrade():
    _replace(BEFORE, AFTER)


def downgrade():
    _replace(AFTER, BEFORE)
