"""web links: each person's link generation, and the deployment's stored secrets

Revision ID: 0019
Revises: 0020
Create Date: 2026-12-02

`person.web_link_epoch`: a signed web link carries the generation it was made in;
`/dashboard revoke` moves it on, so every older link of that person is refused.
`server_secret`: the key that signs web links when WEB_SECRET is unset, made on first start.
"""
from alembic import op
import sqlalchemy as sa

revision = '0019'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'server_secret',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('value', sa.String(length=128), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    # Plain ADD COLUMN, no batch: rebuilding `person` on SQLite drops the old table, which with
    # foreign keys on deletes everything people own.
    op.add_column('person', sa.Column('web_link_epoch', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): no table is rebuilt, so nothing cascades.
    op.drop_column('person', 'web_link_epoch')
    op.drop_table('server_secret')
