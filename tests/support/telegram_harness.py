"""Driving the real Telegram adapter against the Bot API stand-in (the `fake` fixture in conftest),
shared by the end-to-end test modules."""
from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from bot.telegram import TelegramAdapter
from handlers import Core, CoreConfig
from tests.fakes import FakeTelegram

USER = 501
OTHER = 502


def bot_key(fake: FakeTelegram, update: dict[str, Any]) -> str:
    """The inbox key of an update: update ids are per bot."""
    return f"{fake.token.split(':')[0]}:{update['update_id']}"


class Harness:
    """One adapter run over a fake and a store, with helpers that return what the bot said."""

    def __init__(self, fake: FakeTelegram, store: Any, clock: Any, wrap: Any = None, **options: Any) -> None:
        self.fake, self.store, self.clock = fake, store, clock
        self.wrap, self.options = wrap, {"poll_timeout": 5, "backoff": 0.05, **options}
        self.done: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.counts: dict[str, int] = defaultdict(int)
        self.adapter: TelegramAdapter | None = None

    def _processed(self, event_id: str) -> None:
        self.counts[event_id] += 1
        self.done[event_id].set()

    async def start(self) -> TelegramAdapter:
        core = Core(self.store, self.clock, CoreConfig(default_timezone="UTC"))
        if self.wrap is not None:
            core = self.wrap(core)
        self.adapter = TelegramAdapter(core, self.store, self.clock, self.fake.token, self.fake.base_url,
                                       on_processed=self._processed, **self.options)
        await self.adapter.start()
        return self.adapter

    @property
    def running(self) -> TelegramAdapter:
        """The adapter of the run in progress."""
        assert self.adapter is not None, "start() it first"
        return self.adapter

    async def stop(self) -> None:
        if self.adapter is not None:
            await self.adapter.stop()
            self.adapter = None

    async def wait(self, update: dict[str, Any], timeout: float = 5) -> None:
        await asyncio.wait_for(self.done[str(update["update_id"])].wait(), timeout)

    async def deliver(self, update_fn, chat: int, *args: Any, **kw: Any) -> list[dict[str, Any]]:
        before = len(self.fake.messages_to(chat))
        update = update_fn(*args, **kw)
        await self.wait(update)
        return self.fake.messages_to(chat)[before:]

    async def say(self, text: str, user: int = USER, **kw: Any) -> str:
        sent = await self.deliver(self.fake.user_text, user, user, text, **kw)
        return "\n".join(m.get("text") or m.get("caption") or "" for m in sent)

    async def press(self, data: str, user: int = USER) -> str:
        sent = await self.deliver(self.fake.user_press, user, user, data)
        return "\n".join(m.get("text") or "" for m in sent)

    def last(self, chat: int = USER) -> dict[str, Any]:
        return self.fake.messages_to(chat)[-1]
