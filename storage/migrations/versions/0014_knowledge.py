"""knowledge: lessons and quizzes, attempts and answers, spaced-review boxes, mastery per topic

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

The Knowledge part of REKS. An assignment is an action that names its lesson (action.lesson_id).
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lesson',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('pass_mark', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key', name='uq_lesson_key'),
    sa.UniqueConstraint('number', name='uq_lesson_number')
    )
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_topic'), ['topic'], unique=False)

    op.create_table('topic_mastery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'topic', name='uq_topic_mastery_person_topic')
    )
    with op.batch_alter_table('topic_mastery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_topic_mastery_person_id'), ['person_id'], unique=False)

    op.create_table('lesson_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.Column('correct', sa.String(length=32), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('lesson_id', 'position', name='uq_lesson_question_position')
    )
    with op.batch_alter_table('lesson_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_question_lesson_id'), ['lesson_id'], unique=False)

    op.create_table('quiz_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('right_count', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_attempt_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index('ix_quiz_attempt_person_lesson', ['person_id', 'lesson_id'], unique=False)

    op.create_table('review_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('box', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['lesson_question.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'question_id', name='uq_review_card_person_question')
    )
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.create_index('ix_review_card_due', ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_card_question_id'), ['question_id'], unique=False)

    op.create_table('quiz_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('chosen', sa.String(length=32), nullable=False),
    sa.Column('is_right', sa.Boolean(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempt.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['lesson_question.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('attempt_id', 'question_id', name='uq_quiz_answer_attempt_question')
    )
    with op.batch_alter_table('quiz_answer', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_answer_person_at', ['person_id', 'answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_answer_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lesson_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_action_lesson', 'lesson', ['lesson_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint('fk_action_lesson', type_='foreignkey')
        batch_op.drop_column('lesson_id')

    with op.batch_alter_table('quiz_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_answer_question_id'))
        batch_op.drop_index('ix_quiz_answer_person_at')

    op.drop_table('quiz_answer')
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_card_question_id'))
        batch_op.drop_index('ix_review_card_due')

    op.drop_table('review_card')
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempt_person_lesson')
        batch_op.drop_index(batch_op.f('ix_quiz_attempt_lesson_id'))

    op.drop_table('quiz_attempt')
    with op.batch_alter_table('lesson_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_question_lesson_id'))

    op.drop_table('lesson_question')
    with op.batch_alter_table('topic_mastery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_topic_mastery_person_id'))

    op.drop_table('topic_mastery')
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_topic'))
        batch_op.drop_index(batch_op.f('ix_lesson_owner_id'))

    op.drop_table('lesson')
