"""inbox: the sender's id (for /forget), handled rows deleted; seen events pruned by age

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM inbox WHERE done_at IS NOT NULL")  # handled rows are no longer kept
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sender', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_inbox_platform_sender', ['platform', 'sender'], unique=False)
        batch_op.drop_column('done_at')
    with op.batch_alter_table('seen_event', schema=None) as batch_op:
        batch_op.create_index('ix_seen_event_seen_at', ['seen_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('seen_event', schema=None) as batch_op:
        batch_op.drop_index('ix_seen_event_seen_at')
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_index('ix_inbox_platform_sender')
        batch_op.drop_column('sender')
