"""Test databases: a fresh SQLite file per test, and PostgreSQL when it is reachable.

PostgreSQL is migrated once per session from an empty schema, then emptied (TRUNCATE)
before each test. Where no server answers, its tests skip with a message that says so,
except in CI (CI=true), where a missing server is a failure: CI must test both stores.
"""
from __future__ import annotations

import asyncio
import os

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from storage import Store

PG_DEFAULT = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
_pg_ready: dict[str, bool] = {}


def pg_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", PG_DEFAULT)


async def _reachable(url: str) -> bool:
    store = Store(url)
    try:
        async with store.engine.connect() as conn:
            await asyncio.wait_for(conn.execute(text("SELECT 1")), 5)
        return True
    except Exception:
        return False
    finally:
        await store.close()


async def _reset_schema(url: str) -> None:
    store = Store(url)
    try:
        async with store.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await store.migrate()
    finally:
        await store.close()


async def postgres_store() -> Store:
    url = pg_url()
    if url not in _pg_ready:
        _pg_ready[url] = await _reachable(url)
        if _pg_ready[url]:
            await _reset_schema(url)
    if not _pg_ready[url]:
        message = (f"PostgreSQL is not reachable at {url}: start it or set TEST_DATABASE_URL "
                   "(these tests run in CI, where a missing server fails the build)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    store = Store(url)
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    async with store.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return store


async def sqlite_store(path: str) -> Store:
    store = Store(f"sqlite+aiosqlite:///{path}")
    await store.migrate()
    return store
