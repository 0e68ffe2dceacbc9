"""The APScheduler wiring: ticks run, and stopping lets a running tick finish."""
from __future__ import annotations

import asyncio

from scheduler import NudgeService, TickStats


class SlowTicker:
    def __init__(self) -> None:
        self.started, self.release, self.finished = asyncio.Event(), asyncio.Event(), 0

    async def tick(self) -> TickStats:
        self.started.set()
        await self.release.wait()
        self.finished += 1
        return TickStats()


async def test_stop_waits_for_the_running_tick_instead_of_cancelling_it():
    ticker = SlowTicker()
    service = NudgeService(ticker, interval_seconds=3600)  # type: ignore[arg-type]
    service.start()  # the first tick runs at once
    await asyncio.wait_for(ticker.started.wait(), 5)
    stopping = asyncio.create_task(service.stop())
    await asyncio.sleep(0)
    assert not stopping.done()  # still waiting for the tick
    ticker.release.set()
    await asyncio.wait_for(stopping, 5)
    assert ticker.finished == 1
