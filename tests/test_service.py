"""The APScheduler wiring: both jobs run, and stopping lets running ticks finish."""
from __future__ import annotations

import asyncio

from scheduler import NudgeService, TickStats


class Slow:
    def __init__(self) -> None:
        self.started, self.release, self.finished = asyncio.Event(), asyncio.Event(), 0

    async def tick(self) -> TickStats:
        self.started.set()
        await self.release.wait()
        self.finished += 1
        return TickStats()


class SlowTicker(Slow):
    def __init__(self) -> None:
        super().__init__()
        self.digests = Slow()

    async def tick_nudges(self) -> TickStats:
        return await self.tick()

    async def tick_digests(self) -> TickStats:
        return await self.digests.tick()


async def test_stop_waits_for_running_ticks_instead_of_cancelling_them():
    ticker = SlowTicker()
    service = NudgeService(ticker, interval_seconds=3600)  # type: ignore[arg-type]
    service.start()  # both jobs run at once
    await asyncio.wait_for(ticker.started.wait(), 5)
    await asyncio.wait_for(ticker.digests.started.wait(), 5)
    stopping = asyncio.create_task(service.stop())
    await asyncio.sleep(0)
    assert not stopping.done()  # still waiting for the ticks
    ticker.release.set()
    ticker.digests.release.set()
    await asyncio.wait_for(stopping, 5)
    assert ticker.finished == 1 and ticker.digests.finished == 1
