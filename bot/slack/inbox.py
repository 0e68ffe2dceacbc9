"""Slack events made durable: stored before Slack is told they arrived.

Slack wants an acknowledgement within 3 s and never resends an acknowledged event, so a crash
between the ack and the answer would lose the message. A Bolt middleware stores each
person's event (as the neutral `Incoming`) in the shared inbox table first; the row is marked
done once answered, and rows a crashed run left behind are replayed at start. Storing is
bounded: with a busy database the event is acknowledged anyway (the core's event-id ledger
still stops duplicates).
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict
from typing import Any

from bot.slack import inbound, modal
from bot.slack.inbound import PLATFORM
from handlers.clock import Clock
from handlers.types import Incoming, Press

log = logging.getLogger(__name__)

PERSIST_TIMEOUT = 1.5  # seconds to store an event before acknowledging it anyway


def incoming_of(body: dict[str, Any]) -> Incoming | None:
    """The person's action in any payload the adapter answers; None for the rest."""
    kind = body.get("type")
    if kind == "event_callback":
        return inbound.from_event(body)
    if body.get("command") == inbound.COMMAND and not inbound.wants_modal(body):
        return inbound.from_command(body)
    if kind == "block_actions" and any(str(a.get("action_id", "")).startswith(inbound.ACTION_PREFIX)
                                       for a in body.get("actions") or []):
        return inbound.from_action(body)
    if kind == "view_submission" and (body.get("view") or {}).get("callback_id") == modal.CALLBACK_ID:
        view = body["view"]
        return None if modal.submission_errors(view) else inbound.from_submission(body, modal.commitment_text(view))
    return None


class SlackInbox:
    def __init__(self, store: Any, clock: Clock, timeout: float = PERSIST_TIMEOUT) -> None:
        self.store, self.clock, self.timeout = store, clock, timeout

    async def put(self, incoming: Incoming | None) -> int | None:
        """Store the event; its row id, or None (nothing to store, a retry, or no time)."""
        if incoming is None or not incoming.event_id:
            return None
        payload = json.dumps(asdict(incoming))
        try:
            async with asyncio.timeout(self.timeout):
                async with self.store.unit() as u:
                    return await u.events.inbox_put(PLATFORM, incoming.event_id, payload, self.clock.now())
        except Exception:
            log.warning("Slack event %s: not stored before the ack", incoming.event_id, exc_info=True)
            return None

    async def leftovers(self) -> list[tuple[Incoming, int]]:
        """Events acknowledged by a previous run but never answered, oldest first."""
        async with self.store.unit() as u:
            rows = await u.events.inbox_pending(PLATFORM, limit=1000)
        out = []
        for row in rows:
            data = json.loads(row.payload)
            press = Press(**data["press"]) if data.get("press") else None
            out.append((Incoming(**{**data, "press": press}), row.id))
        return out

    async def done(self, row: int) -> None:
        async with self.store.unit() as u:
            await u.events.inbox_done([row], self.clock.now())
