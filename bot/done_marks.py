"""Marking handled inbox rows done (deleting them), many per transaction.

Why batched: rows finished while one commit runs go into the next, so a busy bot writes one
transaction for many rows instead of one each. Why it may fail safely: a row not yet marked when the
process dies is handled again at the next start, which the core's event ledger turns into a no-op;
a failed commit keeps its rows for the next try, less and less often while the database is away.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from bot.pause import pause
from handlers.clock import Clock

log = logging.getLogger(__name__)

Finished = tuple[int, str]   # (inbox row id, the event's label for logs and callbacks)


class DoneMarks:
    """`add()` a finished row; a background task commits them. `on_marked` hears of each batch once
    it is on disk. `stop()` lets a commit under way finish and tries once more for the rest."""

    def __init__(self, store: Any, clock: Clock, platform: str, on_marked: Callable[[list[Finished]], None],
                 backoff: float = 0.5) -> None:
        self.store, self.clock, self.platform = store, clock, platform
        self.on_marked, self.backoff = on_marked, backoff
        self._finished: list[Finished] = []
        self._ready = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._loop(), name=f"{self.platform}-done-marks")

    async def stop(self) -> None:
        self._stopping.set()
        self._ready.set()
        if self._task is not None:   # not cancelled: a commit under way is let finish
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self.flush()

    def add(self, row_id: int, event_id: str) -> None:
        self._finished.append((row_id, event_id))
        self._ready.set()

    async def _loop(self) -> None:
        backoff = self.backoff
        while not self._stopping.is_set():
            await self._ready.wait()
            self._ready.clear()
            if await self.flush():
                backoff = self.backoff
            else:   # the database is away: try again, less and less often
                await pause(backoff, self._stopping)
                backoff = min(backoff * 2, 30)
                self._ready.set()

    async def flush(self) -> bool:
        """Mark the finished rows done; False when that failed (they are kept for the next try)."""
        batch, self._finished = self._finished, []
        if not batch:
            return True
        try:
            await self.commit([row_id for row_id, _ in batch])
        except Exception as exc:
            log.warning("updates %s: could not mark the inbox rows done (%s); will retry",
                        [e for _, e in batch], exc)
            self._finished[:0] = batch
            return False
        self.on_marked(batch)
        return True

    async def commit(self, row_ids: list[int]) -> None:
        async with self.store.unit() as unit:
            await unit.events.inbox_done(row_ids)
