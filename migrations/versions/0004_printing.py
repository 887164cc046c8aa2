"""Label printing: label prints (the print queue and reprints) and manufacturer codes.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('label_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('price_event_id', sa.Integer(), nullable=True),
    sa.Column('printed_at', sa.DateTime(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('station', sa.String(length=20), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('reprint', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['people.id'], name=op.f('fk_label_prints_by_id_people')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_label_prints_item_id_items')),
    sa.ForeignKeyConstraint(['price_event_id'], ['events.id'], name=op.f('fk_label_prints_price_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_label_prints'))
    )
    with op.batch_alter_table('label_prints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_label_prints_item_id'), ['item_id'], unique=False)

    op.create_table('manufacturer_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=13), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('linked_at', sa.DateTime(), nullable=False),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_manufacturer_codes_item_id_items')),
    sa.ForeignKeyConstraint(['linked_by_id'], ['people.id'], name=op.f('fk_manufacturer_codes_linked_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manufacturer_codes')),
    sa.UniqueConstraint('code', name=op.f('uq_manufacturer_codes_code'))
    )
    with op.batch_alter_table('manufacturer_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manufacturer_codes_item_id'), ['item_id'], unique=False)


def downgrade():
    with op.batch_alter_table('manufacturer_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manufacturer_codes_item_id'))
    op.drop_table('manufacturer_codes')
    with op.batch_alter_table('label_prints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_label_prints_item_id'))
    op.drop_table('label_prints')
