"""Sending one answer to what someone said, with the retry policy of the pump (bot/pump.py, step 4).

A temporary failure (5xx, timeout, 429 beyond the client's own retries) is tried again, less and
less often, for `retry_for` seconds, then given up and logged: at least once, because a lost
answer to what someone said is worse than seeing it twice. A reply carrying a file is at most
once: after a failure that may have delivered it (`DeliveryFailed.maybe_delivered`) it is not
sent again. A recipient who is gone is routine: one warning, no traceback.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.pause import pause
from handlers.types import DeliveryFailed, RecipientGone, Reply

log = logging.getLogger(__name__)


async def send_reply(deliver: Callable[[], Awaitable[Any]], reply: Reply, label: str, retry_for: float,
                     backoff: float, stopping: asyncio.Event) -> None:
    """Deliver `reply` (by calling `deliver`) under the policy above; never raises."""
    loop = asyncio.get_running_loop()
    give_up_at = loop.time() + retry_for
    wait = backoff
    while True:
        try:
            await deliver()
            return
        except RecipientGone as exc:  # blocked, or removed from the chat: routine, no traceback
            log.warning("%s: reply not delivered: %s", label, exc)
            return
        except DeliveryFailed as exc:
            if reply.file is not None and exc.maybe_delivered:   # at most once for files
                log.warning("%s: a reply with a file may or may not have arrived (%s); not sent again", label, exc)
                return
            if stopping.is_set() or loop.time() + wait > give_up_at:
                log.error("%s: reply not delivered after %.0fs of retries: %s", label, retry_for, exc)
                return
            log.warning("%s: sending a reply failed (%s); retrying in %.1fs", label, exc, wait)
            await pause(wait, stopping)
            wait = min(wait * 2, 10)
        except Exception:
            log.exception("%s: sending a reply failed", label)
            return
