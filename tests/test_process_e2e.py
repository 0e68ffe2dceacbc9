"""The real process: `python -m bot.cli run` against the Bot API stand-in, killed and restarted.

The stand-in runs in the test's event loop on 127.0.0.1; the bot is a child process with its own
SQLite file. Every wait is on an event in the stand-in (a call, a message) or on the process's exit.
"""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.fakes import FakeTelegram

ROOT = Path(__file__).resolve().parents[1]
USER = 4242
START_TIMEOUT = 20   # generous: the child imports PTB, SQLAlchemy and Alembic and migrates first


def _env(fake: FakeTelegram, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_URL", "SLACK_"))}
    env.update(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
               DATABASE_URL=f"sqlite+aiosqlite:///{db}", LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    return env


async def _start(fake: FakeTelegram, tmp_path: Path, run: int) -> asyncio.subprocess.Process:
    log = open(tmp_path / f"bot-{run}.log", "wb")  # noqa: SIM115 - the child owns it until it exits
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", cwd=tmp_path, env=_env(fake, tmp_path / "bot.db"),
            stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log)
    finally:
        log.close()


def _log(tmp_path: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(tmp_path.glob("bot-*.log")))


async def _reply(fake: FakeTelegram, count: int, proc: asyncio.subprocess.Process, tmp_path: Path) -> str:
    """Wait for the bot's `count`-th message to USER; fail with the child's log if it died or stalled."""
    waiter = asyncio.ensure_future(fake.wait_for_messages(USER, count, timeout=START_TIMEOUT))
    died = asyncio.ensure_future(proc.wait())
    done, _ = await asyncio.wait({waiter, died}, return_when=asyncio.FIRST_COMPLETED)
    died.cancel()
    if waiter not in done:
        waiter.cancel()
        pytest.fail(f"the bot exited ({proc.returncode}) before replying:\n{_log(tmp_path)}")
    try:
        return waiter.result()[count - 1]["text"]
    except TimeoutError:
        pytest.fail(f"no reply within {START_TIMEOUT}s:\n{_log(tmp_path)}")


async def test_kill_9_after_the_reply_keeps_the_commitment_and_sigterm_stops_cleanly(tmp_path: Path) -> None:
    async with FakeTelegram() as fake:
        first = await _start(fake, tmp_path, 1)
        try:
            fake.user_text(USER, "/commit Renew the lease by Friday 5pm")
            assert "Renew the lease" in await _reply(fake, 1, first, tmp_path)
        finally:
            first.kill()                                  # SIGKILL, at once
        assert await first.wait() == -signal.SIGKILL

        second = await _start(fake, tmp_path, 2)
        try:
            fake.user_text(USER, "/actions")
            listing = await _reply(fake, 2, second, tmp_path)
            assert "#1 Renew the lease" in listing
            second.send_signal(signal.SIGTERM)            # a clean stop
            assert await asyncio.wait_for(second.wait(), START_TIMEOUT) == 0, _log(tmp_path)
        finally:
            if second.returncode is None:
                second.kill()
                await second.wait()
        texts = fake.texts_to(USER)
        assert len(texts) == 2 and sum("Renew the lease" in t and "#1" in t for t in texts[:1]) == 1
