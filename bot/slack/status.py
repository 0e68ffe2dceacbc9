"""A Slack status that says the person is away (🌴 🤒 🏖, "OOO", "vacation", "holiday", "sick")
pauses their nudges until it clears or expires, without any command. Slack tells us through the
`user_change` / `user_status_changed` events; the words are read by `handlers.pause`."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from handlers import Clock
from handlers.pause import status_changed, status_says_away

log = logging.getLogger(__name__)
PLATFORM = "slack"


def status_of(user: dict[str, Any]) -> tuple[bool, datetime | None]:
    """(away, until) from a Slack user object; until None: no expiry."""
    profile = user.get("profile") or {}
    away = status_says_away(str(profile.get("status_emoji") or ""), str(profile.get("status_text") or ""))
    try:
        expires = int(profile.get("status_expiration") or 0)
    except (TypeError, ValueError):
        expires = 0
    until = datetime.fromtimestamp(expires, tz=timezone.utc) if away and 0 < expires < 2**33 else None
    return away, until


async def apply(store: Any, clock: Clock, user: dict[str, Any]) -> bool:
    """Store what the status says for a person the bot knows; True when their pause changed."""
    user_id = str(user.get("id") or "")
    if not user_id:
        return False
    away, until = status_of(user)
    async with store.unit() as u:
        person = await u.people.find(PLATFORM, user_id)
        if person is None:
            return False
        changed = await status_changed(u, person, away, until, clock.now())
    if changed:
        log.info("Slack: person %s is %s by their status", person.id, "away" if away else "back")
    return changed
