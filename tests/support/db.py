"""Test databases: a fresh SQLite file per test, and PostgreSQL when it is reachable.

Each test run creates its own PostgreSQL database beside TEST_DATABASE_URL's (so two runs
never trample each other), migrates it once, empties it (TRUNCATE) before each test and
drops it at the end. Without CREATEDB rights it falls back to TEST_DATABASE_URL itself. Where no
server answers, its tests skip with a message that says so,
except in CI (CI=true), where a missing server is a failure: CI must test both stores.
"""
from __future__ import annotations

import asyncio
import os
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from storage import Store

PG_DEFAULT = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
_pg_ready: dict[str, bool] = {}
_run_db: dict[str, str] = {}  # base url -> this run's own database url


def pg_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", PG_DEFAULT)


async def _create_run_database(base: str) -> str:
    """CREATE DATABASE ft_test_<random> next to `base`; `base` itself when not permitted."""
    name = f"ft_test_{uuid.uuid4().hex[:12]}"
    admin = Store(base)
    try:
        async with admin.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        return base
    finally:
        await admin.close()
    return make_url(admin.url).set(database=name).render_as_string(hide_password=False)


async def drop_run_databases() -> None:
    for base, url in list(_run_db.items()):
        if url == base:
            continue
        admin = Store(base)
        try:
            async with admin.engine.connect() as conn:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        finally:
            await admin.close()
        _run_db.pop(base)


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
    base = pg_url()
    if base not in _pg_ready:
        _pg_ready[base] = await _reachable(base)
        if _pg_ready[base]:
            _run_db[base] = await _create_run_database(base)
            await _reset_schema(_run_db[base])
    url = _run_db.get(base, base)
    if not _pg_ready[base]:
        message = (f"PostgreSQL is not reachable at {base}: start it or set TEST_DATABASE_URL "
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
