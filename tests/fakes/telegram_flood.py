"""Telegram's flood limits as the stand-in enforces them (`FakeTelegram(enforce_limits=True)`): every
message sent counts against the whole bot and against its chat, in sliding windows; the numbers and
why they are what they are: the docstring of `telegram_api`."""
from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from collections.abc import Callable


class FloodLimits:
    """`wait(chat_id)`: 0 and the message counted, or the whole seconds until it would fit."""

    def __init__(self, overall_rate: float, overall_burst: int, chat_rate: float, chat_burst: int,
                 now: Callable[[], float]) -> None:
        self.overall_rate, self.overall_burst = overall_rate, overall_burst
        self.chat_rate, self.chat_burst = chat_rate, chat_burst
        self._now = now
        self._overall: deque[float] = deque()
        self._chats: dict[str, deque[float]] = defaultdict(deque)
        self.rate_limited = 0                # 429s returned (not injected faults)
        self.rate_limited_by: Counter[str] = Counter()

    def wait(self, chat_id: str) -> int:
        """0 when a message to `chat_id` fits the limits now (and count it), else the seconds to wait."""
        now = self._now()
        overall, chat = self._overall, self._chats[chat_id]
        while overall and overall[0] <= now - 1:
            overall.popleft()
        while chat and chat[0] <= now - 60:
            chat.popleft()
        waits = [_window_wait(overall, now, 1, self.overall_rate * 1 + self.overall_burst),
                 _window_wait(chat, now, 1, self.chat_rate * 1 + self.chat_burst),
                 _window_wait(chat, now, 60, self.chat_rate * 60 + self.chat_burst)]
        wait = max(waits)
        if wait > 0:
            self.rate_limited += 1
            self.rate_limited_by[chat_id] += 1
            return max(1, math.ceil(wait))
        overall.append(now)
        chat.append(now)
        return 0


def _window_wait(log: deque[float], now: float, window: float, limit: float) -> float:
    """How long until one more entry fits `limit` entries per sliding `window` (log: times, oldest first)."""
    recent = 0
    for t in reversed(log):
        if t <= now - window:
            break
        recent += 1
    allowed = int(limit)
    if recent < allowed:
        return 0.0
    # one more fits once all but allowed - 1 of the recent entries have left the window
    return log[len(log) - allowed] + window - now
