"""Runs the tick on APScheduler 3's AsyncIOScheduler, in the bot's event loop.

One interval job (memory store, coalesce, one instance at a time): if a tick overruns or
the process was suspended, missed runs collapse into one, and the tick itself works out
what fell due meanwhile from the database. `stop()` lets a running tick finish (bounded),
so shutting down never leaves a send half-recorded when it can be helped.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import datetime, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.stats import TickStats
from scheduler.tick import Ticker

log = logging.getLogger(__name__)


class NudgeService:
    def __init__(self, ticker: Ticker, interval_seconds: float = 1.0, stop_grace: float = 10.0) -> None:
        self.ticker = ticker
        self.interval = interval_seconds
        self.stop_grace = stop_grace
        self._scheduler: AsyncIOScheduler | None = None
        self._running: set[asyncio.Task[object]] = set()
        self._stopping = False

    async def _run_tick(self) -> None:
        await self._run("nudges", self.ticker.tick_nudges)

    async def _run_digests(self) -> None:
        await self._run("digests", self.ticker.tick_digests)

    async def _run(self, name: str, job: Callable[[], Awaitable[TickStats]]) -> None:
        if self._stopping:  # a run the scheduler launched just as we stopped
            return
        self._running.add(asyncio.current_task())  # type: ignore[arg-type]
        try:
            await job()  # each nudge sent or failed logs its own line; a quiet tick logs nothing
        except asyncio.CancelledError:
            raise
        except Exception:  # logged; the next run starts from the database again
            log.exception("%s tick failed", name)
        finally:
            self._running.discard(asyncio.current_task())

    def start(self) -> None:
        # APScheduler logs two INFO lines per run ("Running job", "executed successfully"): every
        # second, that is noise; its warnings (a missed run) still show.
        logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLogger("apscheduler").level))
        self._scheduler = AsyncIOScheduler(timezone=timezone.utc)
        # Two jobs: a Monday-morning digest batch (charts, thousands of messages) runs beside
        # the reminders, never in front of them.
        for job, job_id, every in ((self._run_tick, "nudge-tick", self.interval),
                                   (self._run_digests, "digest-tick", max(self.interval, 30.0))):
            self._scheduler.add_job(job, "interval", seconds=every, coalesce=True, max_instances=1,
                                    next_run_time=datetime.now(timezone.utc), id=job_id, misfire_grace_time=None)
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
        delivery = getattr(self.ticker, "delivery", None)
        if delivery is not None:
            # outcomes of finished sends are recorded, even from a cancelled tick (bounded by the grace)
            await delivery.settle(self.stop_grace)
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None

    async def _finish_running(self) -> None:
        running = [t for t in self._running if not t.done()]
        if not running:
            return
        done, late = await asyncio.wait(running, timeout=self.stop_grace)
        for task in late:
            task.cancel()  # claims it left `sending` are re-sent at the next start
        with suppress(asyncio.CancelledError):
            await asyncio.gather(*late, return_exceptions=True)
