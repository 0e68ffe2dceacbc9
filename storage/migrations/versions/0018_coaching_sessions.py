"""coaching_session, session_note, insight.session_id, person.session_agenda_lead

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-02

Coaching sessions (one row per occurrence, wall time + the scheduler's zone), the coach's
private notes, the link from an insight to the session it came from, and the coach's
agenda lead.
"""
from alembic import op
import sqlalchemy as sa

revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'coaching_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('coach_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('local_start', sa.String(length=16), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('every', sa.String(length=8), nullable=False),
        sa.Column('series_start', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('moves', sa.Integer(), nullable=False),
        sa.Column('prep_answer', sa.Text(), nullable=False),
        sa.Column('successor_made', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_check_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['coach_id'], ['person.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['client_id'], ['person.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,  # ids never reused: an insight's session id never names a later session
    )
    with op.batch_alter_table('coaching_session', schema=None) as batch_op:
        batch_op.create_index('ix_coaching_session_next_check', ['next_check_at'], unique=False)
        batch_op.create_index('ix_coaching_session_client_start', ['client_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_session_coach_id'), ['coach_id'], unique=False)
    op.create_table(
        'session_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('coach_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['coach_id'], ['person.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['client_id'], ['person.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['coaching_session.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('session_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_note_coach_id'), ['coach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_note_client_id'), ['client_id'], unique=False)
    # Plain ADD COLUMN, no foreign key and no batch: rebuilding `insight` or `person` on SQLite
    # drops the old table, which with foreign keys on nulls every action's link to its insight
    # (or deletes everything a person owns).
    op.add_column('insight', sa.Column('session_id', sa.Integer(), nullable=True))
    op.add_column('person', sa.Column('session_agenda_lead', sa.Integer(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): no table is rebuilt, so nothing cascades.
    op.drop_column('person', 'session_agenda_lead')
    op.drop_column('insight', 'session_id')
    op.drop_table('session_note')
    op.drop_table('coaching_session')
