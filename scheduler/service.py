"""Runs the tick on APScheduler 3's AsyncIOScheduler, in the bot's event loop.

One interval job (memory store, coalesce, one instance at a time): if a tick overruns or
the process was suspended, missed runs collapse into one, and the tick itself works out
what fell due meanwhile from the database.
"""
from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.tick import Ticker

log = logging.getLogger(__name__)


class NudgeService:
    def __init__(self, ticker: Ticker, interval_seconds: float = 1.0) -> None:
        self.ticker = ticker
        self.interval = interval_seconds
        self._scheduler: AsyncIOScheduler | None = None

    async def _run_tick(self) -> None:
        try:
            stats = await self.ticker.tick()
            if stats.outcomes:
                log.info("nudges: %s", stats.outcomes)
        except Exception:  # logged; the next tick starts from the database again
            log.exception("nudge tick failed")

    def start(self) -> None:
        from datetime import datetime, timezone

        self._scheduler = AsyncIOScheduler(timezone=timezone.utc)
        self._scheduler.add_job(self._run_tick, "interval", seconds=self.interval, coalesce=True, max_instances=1,
                                next_run_time=datetime.now(timezone.utc), id="nudge-tick",
                                misfire_grace_time=None)
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None
