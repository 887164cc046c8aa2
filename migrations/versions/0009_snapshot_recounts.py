"""Recounting a stale feedback snapshot in the background: which server has taken it on, and since when.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('feedback_snapshots', sa.Column('recount_started_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('feedback_snapshots', schema=None) as batch_op:
        batch_op.drop_column('recount_started_at')
