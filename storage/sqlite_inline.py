"""SQLite statements run on the caller's thread, through aiosqlite's API.

Why: aiosqlite sends every cursor call (open, execute, fetch, close: four per statement) to its
worker thread and back through the event loop. Each round trip costs far more than the statement
itself (a conversation's statements take 0.05-0.3 ms in SQLite), and on SQLite the store runs one
unit of work at a time anyway, so the thread buys no parallelism. Measured with
`bench/core_ceiling.py`: the conversation runs about twice as fast this way.

The price: while a statement runs, the event loop waits for it. The store's statements are short
and indexed; long walks (the scheduler's plan, digests) are paged, so each pause is a page.
Waiting for a lock is different: another process (a second `followthrough chat` on the same file,
`followthrough migrate`, a backup) can hold SQLite's write lock for seconds. So a call first runs
with no busy wait at all; only when SQLite answers "busy" is it run again on aiosqlite's worker
thread, which waits up to the connection's timeout while the loop goes on serving everyone else.

aiosqlite still opens and closes the connection on its worker thread (SQLAlchemy's adapter relies
on that thread for the connection's lifecycle), which is why the connection may be used from the
loop's thread (`check_same_thread=False`). The two never run at once: every call is awaited.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite

SQLITE_BUSY = 5


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run at once instead of in its worker thread, except
    those that must wait for another process's lock."""

    busy_timeout_ms = 30_000

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        try:
            return fn(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
        # SQLite refused the lock before doing anything, so the call can simply be made again.
        return await super()._execute(self._waiting, fn, *args, **kwargs)

    def _waiting(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """On the worker thread: the call with a busy wait, then back to none."""
        self._conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
        try:
            return fn(*args, **kwargs)
        finally:
            self._conn.execute("PRAGMA busy_timeout=0")


def is_busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY: another connection holds the lock this call needs."""
    code = getattr(exc, "sqlite_errorcode", None)
    return (code & 0xFF) == SQLITE_BUSY if code is not None else "database is locked" in str(exc)


def connect(database: str, *, iter_chunk_size: int = 64, timeout: float = 30, **kwargs: Any) -> InlineConnection:
    """Drop-in for `aiosqlite.connect`, handed to SQLAlchemy as `async_creator_fn`. `timeout` is
    how long a call may wait for another process's lock (on the worker thread)."""
    kwargs.update(check_same_thread=False, timeout=0)   # inline calls never wait: see the module doc
    connection = InlineConnection(partial(sqlite3.connect, database, **kwargs), iter_chunk_size)
    connection.busy_timeout_ms = int(timeout * 1000)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never block interpreter exit
    return connection
