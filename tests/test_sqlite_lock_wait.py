"""SQLite runs its statements on the event loop's thread (storage/sqlite_inline.py); waiting for
another process's write lock must not stop the loop: the bot keeps polling, acking and sending
while the wait goes on, and the write lands once the lock is free."""
from __future__ import annotations

import asyncio
import sqlite3

from handlers import Core, CoreConfig, Incoming


async def test_a_lock_held_elsewhere_waits_off_the_loop_and_the_write_lands(sqlite_only_store, tmp_path,
                                                                             clock) -> None:
    core = Core(sqlite_only_store, clock, CoreConfig(default_timezone="UTC"))
    await core.handle(Incoming("telegram", "1", "1", "/start", event_id="e1"))   # a pooled connection
    other = sqlite3.connect(str(tmp_path / "test.db"), isolation_level=None)   # e.g. a second process
    other.execute("BEGIN IMMEDIATE")                                           # holds the write lock
    try:
        commit = asyncio.create_task(core.handle(Incoming("telegram", "1", "1", "/commit Call Anna by Friday 5pm",
                                                          event_id="e2")))
        for _ in range(50):          # loop turns, no real time: with the wait on the loop, the first
            await asyncio.sleep(0)   # turn would not come back until the lock was given up
        assert not commit.done()     # waiting for the lock, while this coroutine runs on
    finally:
        other.execute("COMMIT")
        other.close()
    replies = await asyncio.wait_for(commit, 10)
    assert replies[0].text.startswith("✅ #1 Call Anna")
    listing = await core.handle(Incoming("telegram", "1", "1", "/actions", event_id="e3"))
    assert "#1 Call Anna" in listing[0].text


async def test_a_wait_cancelled_by_a_shutdown_leaves_the_connection_usable(sqlite_only_store, tmp_path,
                                                                          clock) -> None:
    core = Core(sqlite_only_store, clock, CoreConfig(default_timezone="UTC"))
    await core.handle(Incoming("telegram", "1", "1", "/start", event_id="e1"))
    other = sqlite3.connect(str(tmp_path / "test.db"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        waiting = asyncio.create_task(core.handle(Incoming("telegram", "1", "1", "/commit Call Anna by Friday 5pm",
                                                           event_id="e2")))
        for _ in range(50):
            await asyncio.sleep(0)
        waiting.cancel()             # e.g. the adapter's stop() after its grace period
        for _ in range(50):          # the cancelled unit cleans up while the worker still waits
            await asyncio.sleep(0)
    finally:
        other.execute("COMMIT")
        other.close()
    await asyncio.gather(waiting, return_exceptions=True)
    # The next messages run normally, on whichever connection the pool hands out.
    assert (await core.handle(Incoming("telegram", "1", "1", "/commit Pay rent by Friday 5pm",
                                       event_id="e3")))[0].text.startswith("✅ #")
    listing = (await core.handle(Incoming("telegram", "1", "1", "/actions", event_id="e4")))[0].text
    assert "Pay rent" in listing and listing.count("Call Anna") <= 1
    async with sqlite_only_store.unit() as u:     # no connection is left waiting for locks inline
        timeouts = (await u.session.connection()).exec_driver_sql("PRAGMA busy_timeout")
        assert (await timeouts).scalar() == 0
