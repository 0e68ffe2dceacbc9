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


# Plain ADD / DROP COLUMN, no batch: rebuilding `person` on SQLite would delete what people own
# (ON DELETE CASCADE); SQLite 3.35+ drops an unindexed column in place.
COLUMNS = ('paused_from', 'paused_until', 'away', 'away_until', 'daily_budget', 'morning_time', 'next_morning_at')


def upgrade() -> None:
    op.add_column('person', sa.Column('paused_from', sa.DateTime(timezone=True), nullable=True))
    op.add_column('person', sa.Column('paused_until', sa.DateTime(timezone=True), nullable=True))
    op.add_column('person', sa.Column('away', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('person', sa.Column('away_until', sa.DateTime(timezone=True), nullable=True))
    op.add_column('person', sa.Column('daily_budget', sa.Integer(), nullable=True))
    op.add_column('person', sa.Column('morning_time', sa.String(length=5), nullable=True))
    op.add_column('person', sa.Column('next_morning_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_person_next_morning', 'person', ['next_morning_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_person_next_morning', table_name='person')
    for column in reversed(COLUMNS):
        op.drop_column('person', column)
