"""Exactly-once plumbing: the seen-event ledger and the raw-update inbox.

Both are kept only as long as they are useful: an inbox row is deleted once its event is handled
(or when its sender uses /forget), and a seen event is pruned after `bot.pump.SEEN_KEEP`, long
after any platform would redeliver it. Telegram picks a random, often lower, update id after a
week without updates: with the old ids pruned, a reused id is a new message.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import dialect_name, ignoring_duplicates, insert_ignoring_duplicates
from storage.ledger_models import InboxEntry, SeenEvent

SEEN, INBOX = SeenEvent.__table__, InboxEntry.__table__  # type: ignore[attr-defined]
# One stored event: (event id, the platform's JSON payload, the sender's platform user id or None).
Row = tuple[str, str, str | None]


@cache
def _inbox_add_returning(dialect: str):
    return ignoring_duplicates(dialect, INBOX).returning(INBOX.c.id, INBOX.c.event_id)


class Events:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def first_sighting(self, platform: str, event_id: str, now: datetime) -> bool:
        """Record the event; False when it was recorded before (a redelivery)."""
        stmt = insert_ignoring_duplicates(self._s, SEEN)
        result = await self._s.exec(stmt, params={"platform": platform, "event_id": event_id,  # type: ignore
                                                  "seen_at": now})
        return result.rowcount == 1

    async def inbox_add(self, platform: str, items: Sequence[Row | tuple[str, str]], now: datetime) -> dict[str, int]:
        """Store raw events (event id, JSON payload[, sender]) in one statement; duplicates are
        ignored. Returns event id -> row id for the events that were new."""
        if not items:
            return {}
        rows = [{"platform": platform, "event_id": item[0], "payload": item[1],
                 "sender": item[2] if len(item) > 2 else None, "received_at": now} for item in items]
        stmt = _inbox_add_returning(dialect_name(self._s))
        result = await self._s.exec(stmt, params=rows)  # type: ignore[call-overload]
        return {event_id: row_id for row_id, event_id in result.all()}

    async def inbox_pending_among(self, platform: str, event_ids: Sequence[str]) -> dict[str, int]:
        """event id -> row id for those of `event_ids` stored and not yet handled."""
        if not event_ids:
            return {}
        stmt = select(InboxEntry.event_id, InboxEntry.id).where(
            InboxEntry.platform == platform, col(InboxEntry.event_id).in_(list(event_ids)))
        return {event_id: row_id for event_id, row_id in (await self._s.exec(stmt)).all()}

    async def inbox_pending(self, platform: str, limit: int = 100, after: int = 0) -> Sequence[InboxEntry]:
        """Events not yet handled, oldest first; `after` a row id, to read them page by page."""
        stmt = (
            select(InboxEntry)
            .where(InboxEntry.platform == platform, col(InboxEntry.id) > after)
            .order_by(col(InboxEntry.id))
            .limit(limit)
        )
        return (await self._s.exec(stmt)).all()

    async def inbox_done(self, entry_ids: Sequence[int]) -> None:
        """Handled: the rows (people's words) are deleted, not kept."""
        if not entry_ids:
            return
        await self._s.exec(delete(InboxEntry).where(col(InboxEntry.id).in_(list(entry_ids))))  # type: ignore

    async def inbox_forget(self, platform: str, sender: str) -> None:
        """Delete whatever the inbox still holds from this person (/forget)."""
        stmt = delete(InboxEntry).where(col(InboxEntry.platform) == platform, col(InboxEntry.sender) == sender)
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def prune_seen(self, before: datetime) -> int:
        """Forget event ids recorded before `before`; how many were pruned."""
        result = await self._s.exec(delete(SeenEvent).where(col(SeenEvent.seen_at) < before))  # type: ignore
        return result.rowcount or 0
