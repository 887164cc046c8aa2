"""Work training: agreements, plans, sub-goals and follow-ups, attendance with its corrections
and absences, the skills ladder and sign-offs, the self-rating's questions, answers and read
log; the shop's closing time and how long self-ratings are kept.

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('training_rating_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_rating_questions')),
    sa.UniqueConstraint('key', name=op.f('uq_training_rating_questions_key'))
    )
    op.create_table('training_skills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('station', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('pictogram', sa.String(length=40), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_skills')),
    sa.UniqueConstraint('key', name=op.f('uq_training_skills_key'))
    )
    op.create_table('training_absences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_absences_person_id_people')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['people.id'], name=op.f('fk_training_absences_recorded_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_absences'))
    )
    with op.batch_alter_table('training_absences', schema=None) as batch_op:
        batch_op.create_index('ix_training_absences_person_on', ['person_id', 'on'], unique=True)

    op.create_table('training_agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('supervisor_id', sa.Integer(), nullable=True),
    sa.Column('minutes_per_week', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('referral', sa.String(length=30), nullable=False),
    sa.Column('referral_contact_name', sa.String(length=120), nullable=False),
    sa.Column('referral_contact_phone', sa.String(length=40), nullable=False),
    sa.Column('self_rating_consent', sa.Boolean(), nullable=False),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('exited_on', sa.Date(), nullable=True),
    sa.Column('card_code', sa.String(length=20), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('minutes_per_week BETWEEN 0 AND 3600', name=op.f('ck_training_agreements_minutes_per_week_range')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_agreements_person_id_people')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_training_agreements_shop_id_shops')),
    sa.ForeignKeyConstraint(['supervisor_id'], ['people.id'], name=op.f('fk_training_agreements_supervisor_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_agreements')),
    sa.UniqueConstraint('card_code', name=op.f('uq_training_agreements_card_code')),
    sa.UniqueConstraint('person_id', name=op.f('uq_training_agreements_person_id'))
    )
    with op.batch_alter_table('training_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_agreements_shop_id'), ['shop_id'], unique=False)

    op.create_table('training_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('in_at', sa.DateTime(), nullable=False),
    sa.Column('out_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_shop', sa.Boolean(), nullable=False),
    sa.Column('checked_in_by_id', sa.Integer(), nullable=True),
    sa.Column('checked_out_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['checked_in_by_id'], ['people.id'], name=op.f('fk_training_attendance_checked_in_by_id_people')),
    sa.ForeignKeyConstraint(['checked_out_by_id'], ['people.id'], name=op.f('fk_training_attendance_checked_out_by_id_people')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_attendance_person_id_people')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_training_attendance_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendance'))
    )
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.create_index('ix_training_attendance_person_in', ['person_id', 'in_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_attendance_shop_id'), ['shop_id'], unique=False)

    op.create_table('training_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('long_term_goal', sa.Text(), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_training_plans_created_by_id_people')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_plans_person_id_people')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_training_plans_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_plans'))
    )
    with op.batch_alter_table('training_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_plans_follow_up_on'), ['follow_up_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_plans_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_plans_shop_id'), ['shop_id'], unique=False)

    op.create_table('training_rating_reads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('reader_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('via', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_rating_reads_person_id_people')),
    sa.ForeignKeyConstraint(['reader_id'], ['people.id'], name=op.f('fk_training_rating_reads_reader_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_rating_reads'))
    )
    with op.batch_alter_table('training_rating_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_rating_reads_person_id'), ['person_id'], unique=False)

    op.create_table('training_self_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('occasion', sa.String(length=10), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_self_ratings_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_self_ratings'))
    )
    with op.batch_alter_table('training_self_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_self_ratings_person_id'), ['person_id'], unique=False)

    op.create_table('training_skill_sign_offs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_training_skill_sign_offs_person_id_people')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['people.id'], name=op.f('fk_training_skill_sign_offs_signed_by_id_people')),
    sa.ForeignKeyConstraint(['skill_id'], ['training_skills.id'], name=op.f('fk_training_skill_sign_offs_skill_id_training_skills')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_skill_sign_offs')),
    sa.UniqueConstraint('person_id', 'skill_id', name=op.f('uq_training_skill_sign_offs_person_id'))
    )
    with op.batch_alter_table('training_skill_sign_offs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_skill_sign_offs_person_id'), ['person_id'], unique=False)

    op.create_table('training_attendance_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attendance_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['attendance_id'], ['training_attendance.id'], name=op.f('fk_training_attendance_corrections_attendance_id_training_attendance')),
    sa.ForeignKeyConstraint(['by_id'], ['people.id'], name=op.f('fk_training_attendance_corrections_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendance_corrections'))
    )
    with op.batch_alter_table('training_attendance_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendance_corrections_attendance_id'), ['attendance_id'], unique=False)

    op.create_table('training_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('next_follow_up_on', sa.Date(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['training_plans.id'], name=op.f('fk_training_follow_ups_plan_id_training_plans')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['people.id'], name=op.f('fk_training_follow_ups_recorded_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_follow_ups'))
    )
    with op.batch_alter_table('training_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_follow_ups_plan_id'), ['plan_id'], unique=False)

    op.create_table('training_self_rating_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.CheckConstraint('value BETWEEN 1 AND 5', name=op.f('ck_training_self_rating_answers_value_range')),
    sa.ForeignKeyConstraint(['question_id'], ['training_rating_questions.id'], name=op.f('fk_training_self_rating_answers_question_id_training_rating_questions')),
    sa.ForeignKeyConstraint(['rating_id'], ['training_self_ratings.id'], name=op.f('fk_training_self_rating_answers_rating_id_training_self_ratings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_self_rating_answers')),
    sa.UniqueConstraint('rating_id', 'question_id', name=op.f('uq_training_self_rating_answers_rating_id'))
    )
    with op.batch_alter_table('training_self_rating_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_self_rating_answers_rating_id'), ['rating_id'], unique=False)

    op.create_table('training_sub_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('met_on', sa.Date(), nullable=True),
    sa.Column('replaced_by_follow_up_id', sa.Integer(), nullable=True),
    sa.Column('added_by_follow_up_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_follow_up_id'], ['training_follow_ups.id'], name=op.f('fk_training_sub_goals_added_by_follow_up_id_training_follow_ups')),
    sa.ForeignKeyConstraint(['plan_id'], ['training_plans.id'], name=op.f('fk_training_sub_goals_plan_id_training_plans')),
    sa.ForeignKeyConstraint(['replaced_by_follow_up_id'], ['training_follow_ups.id'], name=op.f('fk_training_sub_goals_replaced_by_follow_up_id_training_follow_ups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sub_goals'))
    )
    with op.batch_alter_table('training_sub_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_sub_goals_plan_id'), ['plan_id'], unique=False)

    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closes_at', sa.String(length=5), server_default='18:00', nullable=False))
        batch_op.add_column(sa.Column('rating_retention_months', sa.Integer(), server_default='24', nullable=False))



def downgrade():
    # Not in batch mode: SQLite would copy the shops table, and dropping the old copy fails on
    # the foreign keys that point at it. SQLite (3.35+) drops a plain column in place.
    op.drop_column('shops', 'rating_retention_months')
    op.drop_column('shops', 'closes_at')

    with op.batch_alter_table('training_sub_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_sub_goals_plan_id'))

    op.drop_table('training_sub_goals')
    with op.batch_alter_table('training_self_rating_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_self_rating_answers_rating_id'))

    op.drop_table('training_self_rating_answers')
    with op.batch_alter_table('training_follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_follow_ups_plan_id'))

    op.drop_table('training_follow_ups')
    with op.batch_alter_table('training_attendance_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendance_corrections_attendance_id'))

    op.drop_table('training_attendance_corrections')
    with op.batch_alter_table('training_skill_sign_offs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_skill_sign_offs_person_id'))

    op.drop_table('training_skill_sign_offs')
    with op.batch_alter_table('training_self_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_self_ratings_person_id'))

    op.drop_table('training_self_ratings')
    with op.batch_alter_table('training_rating_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_rating_reads_person_id'))

    op.drop_table('training_rating_reads')
    with op.batch_alter_table('training_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_plans_shop_id'))
        batch_op.drop_index(batch_op.f('ix_training_plans_person_id'))
        batch_op.drop_index(batch_op.f('ix_training_plans_follow_up_on'))

    op.drop_table('training_plans')
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendance_shop_id'))
        batch_op.drop_index('ix_training_attendance_person_in')

    op.drop_table('training_attendance')
    with op.batch_alter_table('training_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_agreements_shop_id'))

    op.drop_table('training_agreements')
    with op.batch_alter_table('training_absences', schema=None) as batch_op:
        batch_op.drop_index('ix_training_absences_person_on')

    op.drop_table('training_absences')
    op.drop_table('training_skills')
    op.drop_table('training_rating_questions')
