"""A till's grand totals in 64 bits: a lifetime of sales in öre outgrows PostgreSQL's 32-bit
integer at 21,474,836.47 kr, after which every sale at that till would be refused.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tills', schema=None) as batch_op:
        batch_op.alter_column('grand_sales', existing_type=sa.Integer(), type_=sa.BigInteger(),
                              existing_nullable=False)
        batch_op.alter_column('grand_returns', existing_type=sa.Integer(), type_=sa.BigInteger(),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('tills', schema=None) as batch_op:
        batch_op.alter_column('grand_returns', existing_type=sa.BigInteger(), type_=sa.Integer(),
                              existing_nullable=False)
        batch_op.alter_column('grand_sales', existing_type=sa.BigInteger(), type_=sa.Integer(),
                              existing_nullable=False)
