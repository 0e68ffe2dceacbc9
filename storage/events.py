"""Exactly-once plumbing: the seen-event ledger and the raw-update inbox."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import dialect_name, ignoring_duplicates, insert_for, insert_ignoring_duplicates
from storage.models import InboxEntry, SeenEvent

SEEN, INBOX = SeenEvent.__table__, InboxEntry.__table__  # type: ignore[attr-defined]


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

    async def inbox_add(self, platform: str, items: Sequence[tuple[str, str]], now: datetime) -> dict[str, int]:
        """Store raw updates (event id, JSON payload) in one statement; duplicates are ignored.
        Returns event id -> row id for the updates that were new."""
        if not items:
            return {}
        rows = [{"platform": platform, "event_id": event_id, "payload": payload, "received_at": now}
                for event_id, payload in items]
        stmt = _inbox_add_returning(dialect_name(self._s))
        result = await self._s.exec(stmt, params=rows)  # type: ignore[call-overload]
        return {event_id: row_id for row_id, event_id in result.all()}

    async def inbox_put(self, platform: str, event_id: str, payload: str, now: datetime) -> int | None:
        """Store one event; its row id, or None when the event was stored before (a retry)."""
        stmt = insert_for(self._s, InboxEntry).values(platform=platform, event_id=event_id, payload=payload,
                                                      received_at=now)
        result = await self._s.exec(stmt.on_conflict_do_nothing().returning(InboxEntry.id))  # type: ignore
        row = result.first()
        return row[0] if row else None

    async def inbox_pending_among(self, platform: str, event_ids: Sequence[str]) -> dict[str, int]:
        """event id -> row id for those of `event_ids` stored and not yet processed."""
        if not event_ids:
            return {}
        stmt = select(InboxEntry.event_id, InboxEntry.id).where(
            InboxEntry.platform == platform, col(InboxEntry.event_id).in_(list(event_ids)),
            col(InboxEntry.done_at).is_(None))
        return {event_id: row_id for event_id, row_id in (await self._s.exec(stmt)).all()}

    async def inbox_pending(self, platform: str, limit: int = 100, after: int = 0) -> Sequence[InboxEntry]:
        """Unprocessed updates, oldest first; `after` a row id, to read them page by page."""
        stmt = (
            select(InboxEntry)
            .where(InboxEntry.platform == platform, col(InboxEntry.done_at).is_(None), col(InboxEntry.id) > after)
            .order_by(col(InboxEntry.id))
            .limit(limit)
        )
        return (await self._s.exec(stmt)).all()

    async def inbox_done(self, entry_ids: Sequence[int], now: datetime) -> None:
        if not entry_ids:
            return
        stmt = update(InboxEntry).where(col(InboxEntry.id).in_(list(entry_ids))).values(done_at=now)
        await self._s.exec(stmt)  # type: ignore[call-overload]
