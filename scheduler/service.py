"""Runs the tick on APScheduler 3's AsyncIOScheduler, in the bot's event loop.

One interval job (memory store, coalesce, one instance at a time): if a tick overruns or
the process was suspended, missed runs collapse into one, and the tick itself works out
what fell due meanwhile from the database. `stop()` lets a running tick finish (bounded),
so shutting down never leaves a send half-recorded when it can be helped.
"""
from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from datetime import datetime, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.tick import Ticker

log = logging.getLogger(__name__)


class NudgeService:
    def __init__(self, ticker: Ticker, interval_seconds: float = 1.0, stop_grace: float = 10.0) -> None:
        self.ticker = ticker
        self.interval = interval_seconds
        self.stop_grace = stop_grace
        self._scheduler: AsyncIOScheduler | None = None
        self._running: asyncio.Task | None = None
        self._stopping = False

    async def _run_tick(self) -> None:
        if self._stopping:  # a run the scheduler launched just as we stopped
            return
        self._running = asyncio.current_task()
        try:
            stats = await self.ticker.tick()
            if stats.outcomes:
                log.info("nudges: %s", stats.outcomes)
        except asyncio.CancelledError:
            raise
        except Exception:  # logged; the next tick starts from the database again
            log.exception("nudge tick failed")
        finally:
            self._running = None

    def start(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone=timezone.utc)
        self._scheduler.add_job(self._run_tick, "interval", seconds=self.interval, coalesce=True, max_instances=1,
                                next_run_time=datetime.now(timezone.utc), id="nudge-tick",
                                misfire_grace_time=None)
        self._scheduler.start()

    async def stop(self) -> None:
        """Stop launching ticks, let a running one finish (bounded), then shut APScheduler down
        (its executor cancels coroutine jobs still pending at shutdown)."""
        self._stopping = True
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.pause()
        for _ in range(3):  # let runs launched just before the pause start (and return at once)
            await asyncio.sleep(0)
        await self._finish_running()
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None

    async def _finish_running(self) -> None:
        running = self._running
        if running is not None and not running.done():
            try:
                await asyncio.wait_for(asyncio.shield(running), self.stop_grace)
            except asyncio.TimeoutError:
                running.cancel()  # claims it left `sending` are re-sent at the next start
                with suppress(asyncio.CancelledError):
                    await running
            except Exception:  # already logged by _run_tick
                pass
