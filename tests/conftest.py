"""Shared fixtures: a migrated store on each backend, a manual clock, the Bot API stand-in and the real
Telegram adapter over it (`tg`)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from handlers import Core, CoreConfig, ManualClock
from tests.fakes import FakeTelegram
from tests.support.db import drop_run_databases, postgres_store, sqlite_store
from tests.support.telegram_harness import Harness

# Mon 23 Nov 2026, 09:00 UTC (10:00 in Berlin).
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", "postgresql"])
async def store(request, tmp_path):
    s = await (sqlite_store(str(tmp_path / "test.db")) if request.param == "sqlite" else postgres_store())
    yield s
    await s.close()


@pytest.fixture
async def sqlite_only_store(tmp_path):
    s = await sqlite_store(str(tmp_path / "test.db"))
    yield s
    await s.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def core(store, clock) -> Core:
    return Core(store, clock, CoreConfig(default_timezone="UTC"))


def pytest_sessionfinish(session, exitstatus) -> None:
    """Drop this run's PostgreSQL database."""
    import asyncio

    asyncio.run(drop_run_databases())


@pytest.fixture
async def fake():
    """The Bot API stand-in on 127.0.0.1 (the Slack tests override this with the Web API's)."""
    async with FakeTelegram() as f:
        yield f


@pytest.fixture
async def tg(fake, store, clock):
    """The real python-telegram-bot adapter, started over the stand-in (`fake`)."""
    h = Harness(fake, store, clock)
    await h.start()
    yield h
    await h.stop()
