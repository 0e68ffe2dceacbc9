"""series: repeating commitments; an action can be one occurrence of a series

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-02

A series holds an iCalendar rule in local wall time and its zone; each occurrence is an action
row sharing the series' number (#12·3 is occurrence 3 of #12), so the unique number of an action
becomes (person, number, occurrence), with 0 for actions that do not repeat.
"""
from alembic import op
import sqlalchemy as sa

revision = '0016'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'series',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('rule', sa.String(length=200), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_index', sa.Integer(), nullable=False),
        sa.Column('last_local', sa.String(length=19), nullable=True),
        sa.Column('next_check_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('insight_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['insight_id'], ['insight.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('person_id', 'number', name='uq_series_person_number'),
    )
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.create_index('ix_series_next_check_at', ['next_check_at'], unique=False)
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('occurrence', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('nudges_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint('uq_action_person_number', type_='unique')
        batch_op.create_unique_constraint('uq_action_person_number', ['person_id', 'number', 'occurrence'])
        batch_op.create_index(batch_op.f('ix_action_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key('fk_action_series', 'series', ['series_id'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    op.execute("DELETE FROM action WHERE occurrence <> 0")
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint('fk_action_series', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_action_series_id'))
        batch_op.drop_constraint('uq_action_person_number', type_='unique')
        batch_op.create_unique_constraint('uq_action_person_number', ['person_id', 'number'])
        batch_op.drop_column('nudges_until')
        batch_op.drop_column('occurrence')
        batch_op.drop_column('series_id')
    op.drop_table('series')
