"""reviews: a person's spaced-review switch and the review source's look-again instant

Revision ID: 0021
Revises: 0015
Create Date: 2026-12-02

`person.reviews_off` is /reviews off; `person.next_review_at` is when the review source
(scheduler/sources/reviews.py) looks at the person again: the earliest due review card, or the
next local day once today's review went out. Indexed: the source's pages read it in order.
"""
from alembic import op
import sqlalchemy as sa

revision = '0021'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN and CREATE INDEX, no batch: rebuilding `person` on SQLite would delete what
    # people own (ON DELETE CASCADE) or null links to them (SET NULL).
    op.add_column('person', sa.Column('reviews_off', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('person', sa.Column('next_review_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_person_next_review', 'person', ['next_review_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_person_next_review', table_name='person')
    op.drop_column('person', 'next_review_at')
    op.drop_column('person', 'reviews_off')
