"""The redesign workshop: projects, their designers, source garments, tags, steps, photos, and the
products they become with their provenance.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('redesign_projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('materials', sa.Text(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_redesign_projects_created_by_id_people')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_redesign_projects_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redesign_projects'))
    )
    op.create_table('project_designers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('credit_name', sa.String(length=80), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_project_designers_person_id_people')),
    sa.ForeignKeyConstraint(['project_id'], ['redesign_projects.id'], name=op.f('fk_project_designers_project_id_redesign_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_designers')),
    sa.UniqueConstraint('project_id', 'person_id', name=op.f('uq_project_designers_project_id'))
    )
    op.create_index(op.f('ix_project_designers_person_id'), 'project_designers', ['person_id'], unique=False)
    op.create_table('project_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('techniques', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_project_steps_person_id_people')),
    sa.ForeignKeyConstraint(['project_id'], ['redesign_projects.id'], name=op.f('fk_project_steps_project_id_redesign_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_steps'))
    )
    op.create_index(op.f('ix_project_steps_project_id'), 'project_steps', ['project_id'], unique=False)
    op.create_table('redesign_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['redesign_projects.id'], name=op.f('fk_redesign_tags_project_id_redesign_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redesign_tags')),
    sa.UniqueConstraint('project_id', 'kind', 'name', name=op.f('uq_redesign_tags_project_id'))
    )
    op.create_table('project_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('previous_status', sa.String(length=20), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['people.id'], name=op.f('fk_project_sources_added_by_id_people')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_project_sources_item_id_items')),
    sa.ForeignKeyConstraint(['project_id'], ['redesign_projects.id'], name=op.f('fk_project_sources_project_id_redesign_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_sources')),
    sa.UniqueConstraint('item_id', name=op.f('uq_project_sources_item_id'))
    )
    op.create_index(op.f('ix_project_sources_project_id'), 'project_sources', ['project_id'], unique=False)
    op.create_table('redesign_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('stem', sa.String(length=40), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('before', 'after', 'detail')", name=op.f('ck_redesign_photos_kind_known')),
    sa.ForeignKeyConstraint(['product_id'], ['items.id'], name=op.f('fk_redesign_photos_product_id_items')),
    sa.ForeignKeyConstraint(['project_id'], ['redesign_projects.id'], name=op.f('fk_redesign_photos_project_id_redesign_projects')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['people.id'], name=op.f('fk_redesign_photos_uploaded_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redesign_photos')),
    sa.UniqueConstraint('stem', name=op.f('uq_redesign_photos_stem'))
    )
    op.create_index(op.f('ix_redesign_photos_project_id'), 'redesign_photos', ['project_id'], unique=False)
    op.create_table('redesign_products',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('story', sa.Text(), nullable=False),
    sa.Column('made_at', sa.DateTime(), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_redesign_products_item_id_items')),
    sa.ForeignKeyConstraint(['made_by_id'], ['people.id'], name=op.f('fk_redesign_products_made_by_id_people')),
    sa.ForeignKeyConstraint(['project_id'], ['redesign_projects.id'], name=op.f('fk_redesign_products_project_id_redesign_projects')),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_redesign_products'))
    )
    op.create_index(op.f('ix_redesign_products_project_id'), 'redesign_products', ['project_id'], unique=False)
    op.create_table('product_sources',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['redesign_products.item_id'], name=op.f('fk_product_sources_product_id_redesign_products')),
    sa.ForeignKeyConstraint(['source_id'], ['items.id'], name=op.f('fk_product_sources_source_id_items')),
    sa.PrimaryKeyConstraint('product_id', 'source_id', name=op.f('pk_product_sources'))
    )
    op.create_index(op.f('ix_product_sources_source_id'), 'product_sources', ['source_id'], unique=False)



def downgrade():
    op.drop_index(op.f('ix_product_sources_source_id'), table_name='product_sources')
    op.drop_table('product_sources')
    op.drop_index(op.f('ix_redesign_products_project_id'), table_name='redesign_products')
    op.drop_table('redesign_products')
    op.drop_index(op.f('ix_redesign_photos_project_id'), table_name='redesign_photos')
    op.drop_table('redesign_photos')
    op.drop_index(op.f('ix_project_sources_project_id'), table_name='project_sources')
    op.drop_table('project_sources')
    op.drop_table('redesign_tags')
    op.drop_index(op.f('ix_project_steps_project_id'), table_name='project_steps')
    op.drop_table('project_steps')
    op.drop_index(op.f('ix_project_designers_person_id'), table_name='project_designers')
    op.drop_table('project_designers')
    op.drop_table('redesign_projects')
