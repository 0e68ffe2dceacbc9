"""The few statements whose spelling differs between SQLite and PostgreSQL."""
from __future__ import annotations

from functools import cache

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel.ext.asyncio.session import AsyncSession


def dialect_name(session: AsyncSession) -> str:
    """'sqlite' or 'postgresql': the database of the engine the session is bound to."""
    assert session.bind is not None, "the store's sessions are always bound to its engine"
    return session.bind.dialect.name


def insert_for(session: AsyncSession, table):
    """An INSERT that supports `.on_conflict_do_nothing()` on the session's database."""
    return (sqlite_insert if dialect_name(session) == "sqlite" else pg_insert)(table)


def insert_ignoring_duplicates(session: AsyncSession, table: Table):
    """`INSERT ... ON CONFLICT DO NOTHING` into `table`, values given as execution parameters.

    Built once per database kind and reused: a statement SQLAlchemy has seen keeps its compiled
    form and cache key, where one built per call is rebuilt and re-hashed every time (on the
    per-message path that was a fifth of the cost of a statement)."""
    return ignoring_duplicates(dialect_name(session), table)


@cache
def ignoring_duplicates(dialect: str, table: Table):
    """The same, by dialect name (for statements built on it, cached by their builders)."""
    return (sqlite_insert if dialect == "sqlite" else pg_insert)(table).on_conflict_do_nothing()
