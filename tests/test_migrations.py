"""Migrations: the chain applies and rolls back on both stores, and the models match it
(a model change without a migration fails here, not in production)."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.command import downgrade, upgrade
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from storage.migrate import alembic_config, current_revision


def _diff(sync_conn):
    context = MigrationContext.configure(sync_conn, opts={"compare_type": False})
    return [d for d in compare_metadata(context, SQLModel.metadata)
            if not (isinstance(d, tuple) and d[0] in {"remove_table"} and d[1].name == "alembic_version")]


async def test_models_match_the_migrations(store):
    async with store.engine.connect() as conn:
        assert await conn.run_sync(_diff) == []


async def test_downgrade_to_base_and_back(store):
    head = await current_revision(store.engine)
    async with store.engine.begin() as conn:
        await conn.run_sync(lambda c: downgrade(alembic_config(c), "base"))
    assert await current_revision(store.engine) is None
    async with store.engine.begin() as conn:
        await conn.run_sync(lambda c: upgrade(alembic_config(c), "head"))
    assert await current_revision(store.engine) == head == "0010"
