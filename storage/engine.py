"""The async engine: SQLite (WAL) by default, PostgreSQL by URL."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage import sqlite_inline

SQLITE_DRIVER = "sqlite+aiosqlite"


def normalise_url(url: str) -> str:
    """Accept the URLs people paste (`postgres://`, `postgresql://`, `sqlite:///x.db`) and
    return the async-driver form the engine needs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url[len("postgresql://"):]
    if url.startswith("sqlite://"):
        url = SQLITE_DRIVER + url[len("sqlite"):]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def create_engine(url: str, *, fast_sqlite: bool = True) -> AsyncEngine:
    """Build the engine. SQLite gets WAL (readers never block the writer, and a commit is on
    disk before the bot acknowledges it) and foreign keys on. Its statements run on the event
    loop's thread (storage/sqlite_inline.py): half the cost of aiosqlite's thread hops. A statement
    that must wait for another process's lock waits on a worker thread, up to 30 s.

    `fast_sqlite=False` (FAST_SQLITE=0) is aiosqlite's stock path: every statement on its worker
    thread, half the speed, but nothing of aiosqlite's internals relied on."""
    url = normalise_url(url)
    if is_sqlite(url):
        connect_args: dict[str, object] = {"timeout": 30}
        if fast_sqlite:
            connect_args["async_creator_fn"] = sqlite_inline.connect
        engine = create_async_engine(url, connect_args=connect_args)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - driver callback
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
