"""What a garment sold for and how many days it took, kept on the garment for feedback in SQL.

The feedback pages group hundreds of thousands of sold garments; a correlated lookup of
each garment's sale line, and medians taken over every row in Python, made them take
seconds. The sale now writes the price paid and the whole days from pricing to sale on
the garment (a return clears them), and covering indexes serve the per-shop groups and a
person's valuations.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# A shop's listed garments grouped by any feedback dimension, read from the index alone.
FEEDBACK_COLUMNS = ['shop_id', 'status', 'category_id', 'sold_days', 'sold_price', 'first_price', 'size', 'colour',
                    'brand', 'condition', 'priced_at', 'tag_colour']

PAID = ("(SELECT sl.price FROM sale_lines sl JOIN sales s ON s.id = sl.sale_id "
        "WHERE sl.item_id = items.id AND s.kind = 'sale' AND s.training = {false} ORDER BY sl.id DESC LIMIT 1)")


def upgrade():
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sold_price', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sold_days', sa.Integer(), nullable=True))
    sqlite = op.get_bind().dialect.name == 'sqlite'
    days = ("CAST(julianday(sold_at) - julianday(priced_at) AS INTEGER)" if sqlite
            else "CAST(floor(extract(epoch FROM sold_at - priced_at) / 86400) AS INTEGER)")
    paid = PAID.format(false='0' if sqlite else 'false')
    op.execute(f"UPDATE items SET sold_price = COALESCE({paid}, price), "
               f"sold_days = CASE WHEN priced_at IS NULL THEN NULL ELSE {days} END WHERE status = 'sold'")
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.create_index('ix_items_feedback', FEEDBACK_COLUMNS, unique=False)
        batch_op.create_index('ix_items_shop_sold', ['shop_id', 'status', 'sold_at'], unique=False)
        # Valuation feedback reads a person's garments from these alone (they replace 0006's one-column indexes).
        batch_op.drop_index('ix_items_valued_by_id')
        batch_op.drop_index('ix_items_priced_by_id')
        batch_op.create_index('ix_items_valued_by', ['valued_by_id', 'status', 'sold_at', 'estimate', 'sold_price'],
                              unique=False)
        batch_op.create_index('ix_items_priced_by', ['priced_by_id', 'status', 'sold_at', 'price', 'sold_price'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_index('ix_items_priced_by')
        batch_op.drop_index('ix_items_valued_by')
        batch_op.create_index('ix_items_valued_by_id', ['valued_by_id'], unique=False)
        batch_op.create_index('ix_items_priced_by_id', ['priced_by_id'], unique=False)
        batch_op.drop_index('ix_items_shop_sold')
        batch_op.drop_index('ix_items_feedback')
        batch_op.drop_column('sold_days')
        batch_op.drop_column('sold_price')
