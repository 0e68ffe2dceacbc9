"""The adapter contract: what `wiring.py` needs from a chat platform, written down.

An adapter is a transport (how events arrive, how messages leave) plus a translation (platform
event → `Incoming`, `Reply` → platform calls). Everything between is the shared pump
(bot/pump.py). The core never learns which platform it talks to: platform conventions such as
how a command is written or what an invite link looks like are the adapter's `capabilities`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from handlers.types import Sender


@dataclass(frozen=True)
class Capabilities:
    """What a platform offers that replies may refer to.

    `command_prefix` is how a person types a command there ("/" on Telegram, "/ft " in Slack,
    "" in the terminal); `invite_link` a template with `{code}` for a coach's invite deep link,
    or None where the platform has none."""

    platform: str
    command_prefix: str
    invite_link: str | None = None


class Adapter(Protocol):
    """One chat platform. `sender` is usable between `start()` and `stop()`; `capabilities` is
    final once `start()` returned (a Telegram bot learns its username at start)."""

    platform: str

    @property
    def sender(self) -> Sender: ...

    @property
    def capabilities(self) -> Capabilities: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...
