"""SQLite statements run on the caller's thread, through aiosqlite's API.

Why: aiosqlite sends every cursor call (open, execute, fetch, close: four per statement) to its
worker thread and back through the event loop. Each round trip costs far more than the statement
itself (a conversation's statements take 0.1-0.3 ms in SQLite), and on SQLite the store runs one
unit of work at a time anyway, so the thread buys no parallelism. Measured with
`bench/core_ceiling.py`: the conversation runs about twice as fast this way.

The price: while a statement runs, the event loop waits for it. The store's statements are short
and indexed; long walks (the scheduler's plan, digests) are paged, so each pause is a page.

aiosqlite still opens and closes the connection on its worker thread (SQLAlchemy's adapter relies
on that thread for the connection's lifecycle), which is why the connection may be used from the
loop's thread (`check_same_thread=False`). The two never run at once: every call is awaited.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite
import sqlite3


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run at once instead of in its worker thread."""

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def connect(database: str, *, iter_chunk_size: int = 64, **kwargs: Any) -> InlineConnection:
    """Drop-in for `aiosqlite.connect`, handed to SQLAlchemy as `async_creator_fn`."""
    kwargs["check_same_thread"] = False
    connection = InlineConnection(partial(sqlite3.connect, database, **kwargs), iter_chunk_size)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never block interpreter exit
    return connection
