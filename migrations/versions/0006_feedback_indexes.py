"""Indexes for valuation feedback: garments by who valued and who priced them.

Revision ID: 0006
Revises: 0005
"""
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_items_valued_by_id'), ['valued_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_items_priced_by_id'), ['priced_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_items_priced_by_id'))
        batch_op.drop_index(batch_op.f('ix_items_valued_by_id'))
