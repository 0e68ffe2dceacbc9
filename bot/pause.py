"""Back-off waits that end early on shutdown."""
from __future__ import annotations

import asyncio
from contextlib import suppress


async def pause(seconds: float, stopping: asyncio.Event) -> None:
    """Wait `seconds`, or less once `stopping` is set: a retry loop must not hold up a stop."""
    with suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), seconds)
