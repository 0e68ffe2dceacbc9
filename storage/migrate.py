"""Alembic, applied from code at start-up (inside the running event loop)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to `revision` on the given engine's database."""
    await run_migration(engine, lambda sync_conn: command.upgrade(alembic_config(sync_conn), revision))


async def run_migration(engine: AsyncEngine, work: Callable[[Connection], None]) -> None:
    """Run an Alembic command in one transaction. On SQLite with foreign keys off: a batch step
    rebuilds a table (copy, drop, rename), and with them on, dropping the old table runs every
    ON DELETE rule that points at it: rebuilding `action` would delete every action's history,
    rebuilding `person` everything people own. The keys are checked before the commit instead."""
    async with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # before any write: the pragma is ignored inside a transaction
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            await conn.run_sync(work)
            if sqlite:
                broken = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if broken:
                    raise MigrationBrokeKeys(f"the migration left rows pointing at nothing: {broken[:5]}")
            await conn.commit()
        finally:
            if sqlite:
                await conn.rollback()  # no-op after the commit; the pragma needs no open transaction
                await conn.exec_driver_sql("PRAGMA foreign_keys=ON")


class MigrationBrokeKeys(RuntimeError):
    """A migration would have committed rows whose foreign keys point at nothing: nothing is changed."""


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    def _rev(sync_conn: Connection) -> str | None:
        return MigrationContext.configure(sync_conn).get_current_revision()

    async with engine.connect() as conn:
        return await conn.run_sync(_rev)
