"""assignment notices are nudges: actions assigned before this count as told

Revision ID: 0006
Revises: 0010
Create Date: 2026-12-01

A coach's /assign used to message the client at once; now the scheduler sends the notice
(kind "assigned"), so it passes the client's quiet hours. Actions assigned before this
revision were told already: each gets its ledger row, so no one is told twice.
"""
from alembic import op


revision = '0006'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO nudge (person_id, kind, subject_id, anchor, lead, planned_at, status, claimed_at, sent_at) "
        "SELECT person_id, 'assigned', id, created_at, 0, created_at, 'sent', created_at, created_at "
        "FROM action WHERE assigned_by_id IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("DELETE FROM nudge WHERE kind = 'assigned'")
