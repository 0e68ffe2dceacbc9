"""notice: messages one person's action addresses to another, held for the recipient's policy

Revision ID: 0013
Revises: 0007
Create Date: 2026-12-02

A coach's nudge button, "X joined as your client", "X stopped sharing" and team visibility
notices used to go out at once; now they are stored here and the scheduler sends them
(kind "notice"), so they wait for the recipient's quiet hours.
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('sender_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('buttons', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_check_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sender_id'], ['person.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,  # ids never reused: a deleted notice's ledger row never matches a new one
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index('ix_notice_next_check_at', ['next_check_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_sender_id'), ['sender_id'], unique=False)


def downgrade() -> None:
    op.drop_table('notice')
