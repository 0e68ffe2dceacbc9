"""person: pause (by command or Slack status), daily message budget, morning plan

Revision ID: 0015
Revises: 0019
Create Date: 2026-12-02

`paused_until` holds every unprompted message until then; `away`/`away_until` do the same while
a Slack status says the person is away; `daily_budget` caps unprompted messages per local day;
`morning_time`/`next_morning_at` plan the optional morning message.
"""
from alembic import op
import sqlalchemy as sa

revision = '0015'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_from', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('paused_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('away', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('away_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('daily_budget', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('morning_time', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('next_morning_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_person_next_morning', ['next_morning_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_next_morning')
        for column in ('next_morning_at', 'morning_time', 'daily_budget', 'away_until', 'away', 'paused_until',
                       'paused_from'):
            batch_op.drop_column(column)
