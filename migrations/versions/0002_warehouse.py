"""The sorting room: tables and columns added by the warehouse issue.

Categories learn which size buttons the sorting station offers; items keep when and why
they were withdrawn.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# The size buttons of each standard category (letters is the default for the rest).
SIZE_SCALES = {"children": "children", "shoes": "shoes", "jeans": "waist", "bags": "none",
               "accessories": "none", "home_textiles": "none", "redesign": "none"}


def upgrade():
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('size_scale', sa.String(length=20), nullable=False,
                                      server_default='letters'))
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdraw_note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))

    categories = sa.table("categories", sa.column("key", sa.String), sa.column("size_scale", sa.String))
    for key, scale in SIZE_SCALES.items():
        op.execute(categories.update().where(categories.c.key == key).values(size_scale=scale))


def downgrade():
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('withdraw_note')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_column('size_scale')
