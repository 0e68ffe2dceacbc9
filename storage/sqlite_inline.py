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
with no busy wait at all; when SQLite answers "busy" to a statement or a commit (in WAL mode it
does so before changing anything), the call is run again on aiosqlite's worker thread, which waits
up to the connection's timeout while the loop goes on serving everyone else.

aiosqlite still opens and closes the connection on its worker thread (SQLAlchemy's adapter relies
on that thread for the connection's lifecycle), which is why the connection may be used from the
loop's thread (`check_same_thread=False`). The two never use it at once: while a call sent to the
worker is still running there (even one whose caller was cancelled, say by a shutdown), every
later call, closing included, queues behind it on the worker.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite

SQLITE_BUSY = 5
# Calls that SQLite refuses with BUSY before changing anything, in WAL mode: the lock is taken at a
# transaction's first write, and a fetch never waits for one. So these, and only these, are re-run.
RETRYABLE = frozenset({"execute", "executemany", "commit"})


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run at once instead of in its worker thread, except
    those that must wait for another process's lock."""

    busy_timeout_ms = 30_000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._last_on_worker: threading.Event | None = None   # set when the worker's latest call ended
        self._wal: bool | None = None

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        if self._last_on_worker is not None and not self._last_on_worker.is_set():
            # A call sent to the worker is still running there (its caller may have been cancelled):
            # queue behind it, never use the connection from two threads at once.
            return await self._on_worker(fn, *args, **kwargs)
        try:
            return fn(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not (is_busy(exc) and getattr(fn, "__name__", "") in RETRYABLE and self._in_wal()):
                raise
        # SQLite refused the lock before doing anything, so the call can simply be made again.
        return await self._on_worker(self._waiting, fn, *args, **kwargs)

    async def _on_worker(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        ended = threading.Event()

        def call() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                ended.set()

        self._last_on_worker = ended   # the worker runs calls in order: when this one ends, all have
        return await super()._execute(call)

    def _waiting(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """On the worker thread: the call with a busy wait, then back to none."""
        self._conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
        try:
            return fn(*args, **kwargs)
        finally:
            self._conn.execute("PRAGMA busy_timeout=0")

    def _in_wal(self) -> bool:
        if self._wal is None:
            try:
                self._wal = str(self._conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
            except sqlite3.Error:
                return False   # unknown for now: do not re-run anything
        return self._wal


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
