"""The shop-wide feedback figures are counted on every request from the tallies: no snapshots.

The snapshots (0008, 0009) showed figures up to ten minutes old; the tallies (0012) made the
counts cheap enough to count fresh, so a sale or donation made a moment ago is in them.

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('feedback_snapshots')


def downgrade():
    op.create_table(
        'feedback_snapshots',
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('recount_started_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('key'),
    )
