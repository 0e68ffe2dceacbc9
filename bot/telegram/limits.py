"""Telegram's flood limits, kept on our side of the wire.

Telegram asks for at most ~30 messages per second overall and about one per second in a chat
("short bursts may go over"). Exceed them and it answers 429 with `retry_after`.

* Overall (and groups, 20/min): python-telegram-bot's `AIORateLimiter`, built by `rate_limiter()`.
  PTB's default bucket holds 30 and drains 30/s, so a bot starting idle may put 60 messages into
  one second; here the bucket holds `OVERALL_BURST` and drains 30/s, so no one-second window ever
  sees more than 30 + `OVERALL_BURST`. `max_retries` makes a 429 wait its `retry_after` (PTB then
  pauses every send for that long) and try again; after the last retry it surfaces as
  `DeliveryFailed` and the scheduler backs off.
* Per private chat (PTB has none): `ChatLimits`, one aiolimiter `AsyncLimiter` per chat id, a
  leaky bucket that drains `rate` (1) message per second and holds `burst` (10): a long answer in
  parts, or several nudges falling due at 17:00, go out at once; anything more is paced at one a
  second. Telegram tolerates "short bursts" in a chat without saying how long; 10 keeps a person
  typing quickly from ever waiting, while a nudge storm or a runaway loop is held to 1/s, before
  Telegram's 429 (which PTB answers by pausing *every* send) can happen. `TelegramSender` takes a
  slot before every API call it makes (replies and nudges alike), so one chat waiting never holds
  up the others or the overall bucket.

Memory stays flat however many chats the bot serves: buckets live in an LRU of `max_chats`.
Evicting the least recently used bucket is harmless once it has drained, and it has: at 30
messages/s overall, `max_chats` (4096) other chats take over two minutes to touch, while a
bucket drains within `burst / rate` seconds.
"""
from __future__ import annotations

from collections import OrderedDict

from aiolimiter import AsyncLimiter
from telegram.constants import FloodLimit
from telegram.ext import AIORateLimiter

OVERALL_PER_SECOND = FloodLimit.MESSAGES_PER_SECOND  # 30
OVERALL_BURST = 3
CHAT_PER_SECOND = 1.0
CHAT_BURST = 10
MAX_CHATS = 4096


def rate_limiter(max_retries: int = 3, per_second: float = OVERALL_PER_SECOND,
                 burst: float = OVERALL_BURST) -> AIORateLimiter:
    """PTB's limiter with a small overall bucket (see the module note) and 429 retries."""
    return AIORateLimiter(overall_max_rate=burst, overall_time_period=burst / per_second,
                          max_retries=max_retries)


class ChatLimits:
    """A leaky bucket per private chat: `rate` messages/s on average, `burst` at once.

    `rate=0` switches the per-chat limit off (benchmarks that measure processing alone)."""

    def __init__(self, rate: float = CHAT_PER_SECOND, burst: int = CHAT_BURST, max_chats: int = MAX_CHATS) -> None:
        if burst < 1 or max_chats < 1:
            raise ValueError("burst and max_chats must be at least 1")
        self.rate, self.burst, self.max_chats = rate, burst, max_chats
        self._buckets: OrderedDict[int, AsyncLimiter] = OrderedDict()

    def applies_to(self, chat_id: int) -> bool:
        """Private chats have positive ids; groups and channels are PTB's limiter's business."""
        return self.rate > 0 and chat_id > 0

    def bucket(self, chat_id: int) -> AsyncLimiter:
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            bucket = self._buckets[chat_id] = AsyncLimiter(self.burst, self.burst / self.rate)
            while len(self._buckets) > self.max_chats:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(chat_id)
        return bucket

    async def acquire(self, chat_id: int) -> None:
        """Wait for a slot to send one message to `chat_id` (at once when the chat is quiet)."""
        if self.applies_to(chat_id):
            await self.bucket(chat_id).acquire()

    def __len__(self) -> int:
        return len(self._buckets)


NO_CHAT_LIMITS = ChatLimits(rate=0)
