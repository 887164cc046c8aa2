"""The counter: tables and columns added by the counter issue.

Cash movements and no-sale openings, campaigns and tag-colour markdowns, reductions kept per
sale line, the approving supervisor and control code of a receipt, notes and coins counted at
opening and closing, training mode per person, and the counter's limits per shop.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('discount_approval_percent', sa.Integer(), nullable=False,
                                      server_default='20'))
        batch_op.add_column(sa.Column('open_price_min', sa.Integer(), nullable=False, server_default='1000'))
        batch_op.add_column(sa.Column('open_price_max', sa.Integer(), nullable=False, server_default='100000'))
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('training', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('till_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opening_counts', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('closing_counts', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('control_code', sa.String(length=120), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_sales_approved_by_id_people'), 'people', ['approved_by_id'],
                                    ['id'])
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('list_price', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('markdown', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('markdown_reason', sa.String(length=120), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('discount', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('discount_reason', sa.String(length=120), nullable=False,
                                      server_default=''))
    # Lines sold before reductions existed were sold at their list price.
    op.execute("UPDATE sale_lines SET list_price = price")
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('control_code', sa.String(length=120), nullable=False, server_default=''))

    op.create_table('cash_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_cash_movements_person_id_people')),
    sa.ForeignKeyConstraint(['session_id'], ['till_sessions.id'],
                            name=op.f('fk_cash_movements_session_id_till_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_movements'))
    )
    with op.batch_alter_table('cash_movements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_movements_session_id'), ['session_id'], unique=False)

    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('tag_colours', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('percent BETWEEN 1 AND 90', name=op.f('ck_campaigns_percent_range')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_campaigns_dates_in_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_campaigns_created_by_id_people')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_campaigns_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaigns_shop_id'), ['shop_id'], unique=False)

    op.create_table('markdowns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('after_weeks', sa.Integer(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.CheckConstraint('percent BETWEEN 1 AND 90', name=op.f('ck_markdowns_percent_range')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_markdowns_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_markdowns')),
    sa.UniqueConstraint('shop_id', 'after_weeks', name='uq_markdowns_shop_weeks')
    )


def downgrade():
    op.drop_table('markdowns')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaigns_shop_id'))
    op.drop_table('campaigns')
    with op.batch_alter_table('cash_movements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cash_movements_session_id'))
    op.drop_table('cash_movements')
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.drop_column('control_code')
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        for column in ('discount_reason', 'discount', 'markdown_reason', 'markdown', 'list_price'):
            batch_op.drop_column(column)
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sales_approved_by_id_people'), type_='foreignkey')
        batch_op.drop_column('control_code')
        batch_op.drop_column('approved_by_id')
    with op.batch_alter_table('till_sessions', schema=None) as batch_op:
        batch_op.drop_column('closing_counts')
        batch_op.drop_column('opening_counts')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('training')
    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.drop_column('open_price_max')
        batch_op.drop_column('open_price_min')
        batch_op.drop_column('discount_approval_percent')
