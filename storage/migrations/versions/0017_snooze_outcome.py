"""action: snoozes (count and the next nudge's time) and "what changed?" (outcome, metric moved)

Revision ID: 0017
Revises: 0021
Create Date: 2026-12-02

A snooze moves an action's next nudge, never its deadline: `snoozed_until` holds when that
nudge is due and `snoozes` counts them for the coach. `outcome` and `outcome_metric` keep the
optional answer to "What came of it?" after done. Existing actions start with none of these.
"""
from alembic import op
import sqlalchemy as sa

revision = '0017'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snoozes', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('snoozed_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('outcome_metric', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_column('outcome_metric')
        batch_op.drop_column('outcome')
        batch_op.drop_column('snoozed_until')
        batch_op.drop_column('snoozes')
