"""Cohorts (a course and its teacher) for the teacher's view, snapshots of the shop-wide feedback figures,
and category names in languages beyond Swedish and English (Arabic for the standard categories).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op



revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# The standard categories in Arabic; a shop adds names for its own categories and languages on the category page.
ARABIC = {
    "tops": "بلوزات وتيشيرتات", "shirts": "قمصان وبلوزات", "knitwear": "ملابس محبوكة", "dresses": "فساتين",
    "skirts": "تنانير", "trousers": "بناطيل", "jeans": "جينز", "jackets": "جاكيتات ومعاطف",
    "suits": "بدلات وسترات", "sportswear": "ملابس رياضية", "children": "ملابس أطفال", "shoes": "أحذية",
    "bags": "حقائب", "accessories": "إكسسوارات", "home_textiles": "منسوجات منزلية", "redesign": "إعادة تصميم",
}


def upgrade():
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('other_names', sa.JSON(), nullable=True))
    categories = sa.table('categories', sa.column('key', sa.String), sa.column('other_names', sa.JSON))
    for key, name in ARABIC.items():
        op.execute(categories.update().where(categories.c.key == key).values(other_names={"ar": name}))
    op.create_table(
        'cohorts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('teacher_id', sa.Integer(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['teacher_id'], ['people.id'], name='fk_cohorts_teacher'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    # A plain ADD COLUMN, no table rebuild: people is referenced by most tables. SQLite takes
    # the reference in the column definition; PostgreSQL gets a named constraint.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE people ADD COLUMN cohort_id INTEGER REFERENCES cohorts (id)')
    else:
        op.add_column('people', sa.Column('cohort_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_people_cohort', 'people', 'cohorts', ['cohort_id'], ['id'])
    op.create_index('ix_people_cohort_id', 'people', ['cohort_id'], unique=False)
    op.create_table(
        'feedback_snapshots',
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade():
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_column('other_names')
    op.drop_table('feedback_snapshots')
    op.drop_index('ix_people_cohort_id', table_name='people')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('cohort_id')
    op.drop_table('cohorts')
