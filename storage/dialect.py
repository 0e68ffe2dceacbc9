"""The few statements whose spelling differs between SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel.ext.asyncio.session import AsyncSession


def insert_for(session: AsyncSession, table):
    """An INSERT that supports `.on_conflict_do_nothing()` on the session's database."""
    return (sqlite_insert if session.bind.dialect.name == "sqlite" else pg_insert)(table)
