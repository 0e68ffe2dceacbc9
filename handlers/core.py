"""The conversation's front door: one incoming message in, replies out, in one transaction.

Each call records the platform's event id (a redelivery does nothing), finds or creates the
person, routes the message and commits before returning, so an adapter only acknowledges
what is already on disk. A crash can lose an acknowledgement, never a commitment.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

from handlers.clock import Clock, SystemClock
from handlers.commands import COMMANDS
from handlers.refs import unmarked
from handlers.router import route
from handlers.turn import CoreConfig, Turn
from handlers.types import CommandInfo, Incoming, Reply, StoreUnavailable
from handlers.zones import resolve_zone
from storage import Store, is_unavailable

log = logging.getLogger(__name__)

PRIVATE_ONLY = "I work in private chat, so your commitments stay yours: message me directly."
SEEN_RESOLUTION = timedelta(minutes=10)
OOPS = "Sorry, something went wrong on my side and that message was not saved. Please try again."


def clean(incoming: Incoming) -> Incoming:
    """Text any store can hold: no NUL characters (PostgreSQL refuses them) and no lone
    surrogates (not encodable as UTF-8); everything else, any script or emoji, is kept."""
    text = unmarked(incoming.text)  # the marks replies use for commands (handlers/refs.py)
    if "\x00" in text or any("\ud800" <= ch <= "\udfff" for ch in text):
        text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return incoming if text == incoming.text else replace(incoming, text=text)


class Core:
    def __init__(self, store: Store, clock: Clock | None = None, config: CoreConfig | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self.config = config or CoreConfig()

    def commands(self) -> list[CommandInfo]:
        return [c.info for c in COMMANDS]

    async def handle(self, incoming: Incoming, *, retry_later: bool = False) -> list[Reply]:
        """Handle one message. With `retry_later` (the caller holds the message in its inbox and
        will try again), a database that is away raises `StoreUnavailable` instead of answering
        "not saved"."""
        now = self.clock.now()
        incoming = clean(incoming)
        try:
            async with self.store.unit() as u:
                if incoming.event_id and not await u.events.first_sighting(incoming.platform, incoming.event_id, now):
                    return []
                if not incoming.private:
                    return [Reply(PRIVATE_ONLY)]
                seen = incoming.kind != "home"  # opening Slack's App Home is not activity
                person, created = await u.people.find_or_create(
                    incoming.platform, incoming.user_id, incoming.chat_id, incoming.name, now, seen)
                changed = False
                if incoming.timezone and person.timezone is None and resolve_zone(incoming.timezone):
                    person.timezone, changed = resolve_zone(incoming.timezone), True
                if seen and (person.last_seen_at is None or now - person.last_seen_at > SEEN_RESOLUTION):
                    person.last_seen_at, changed = now, True  # "last active" needs minutes, not a write per message
                if person.next_digest_at is None:
                    person.next_digest_at, changed = now, True  # the scheduler plans the first weekly digest
                if changed:
                    await u.people.save(person)
                return await route(Turn(u, person, incoming, now, self.config, first_contact=created))
        except Exception as exc:
            if retry_later and is_unavailable(exc):
                raise StoreUnavailable(str(exc)) from exc
            log.exception("failed to handle %s event %s from %s", incoming.platform, incoming.event_id,
                          incoming.user_id)
            return [Reply(OOPS)]
