"""Pending questions and held messages, kept as rows so they survive a restart."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.attach import insert_attached
from storage.ledger_models import Pending


class PendingItems:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, person_id: int, kind: str, now: datetime, text: str = "", ref: int | None = None) -> Pending:
        row = await insert_attached(self._s, Pending(person_id=person_id, kind=kind, text=text, ref=ref,
                                                     created_at=now))
        assert row is not None
        return row

    async def get(self, person_id: int, pending_id: int) -> Pending | None:
        stmt = select(Pending).where(Pending.person_id == person_id, Pending.id == pending_id)
        return (await self._s.exec(stmt)).first()

    async def take(self, person_id: int, pending_id: int | None, kind: str) -> Pending | None:
        """Remove and return the person's pending row of this kind (a button's held message or
        question); None when it is gone, someone else's or of another kind."""
        row = await self.get(person_id, pending_id) if pending_id else None
        if row is None or row.kind != kind:
            return None
        await self.remove(row)
        return row

    async def latest(self, person_id: int, kinds: Iterable[str]) -> Pending | None:
        stmt = (
            select(Pending)
            .where(Pending.person_id == person_id, col(Pending.kind).in_(list(kinds)))
            .order_by(col(Pending.id).desc())
            .limit(1)
        )
        return (await self._s.exec(stmt)).first()

    async def lapse(self, person_id: int, kinds: Iterable[str], before: datetime) -> list[Pending]:
        """Remove and return the person's questions of these kinds asked before `before`:
        a question nobody answered in time no longer claims the next message."""
        stmt = select(Pending).where(Pending.person_id == person_id, col(Pending.kind).in_(list(kinds)),
                                     col(Pending.created_at) < before).order_by(col(Pending.id))
        rows = list((await self._s.exec(stmt)).all())
        for row in rows:
            await self._s.delete(row)
        if rows:
            await self._s.flush()
        return rows

    async def remove(self, row: Pending) -> None:
        await self._s.delete(row)
        await self._s.flush()

    async def clear(self, person_id: int, kinds: Iterable[str], ref: int | None = None) -> None:
        """Delete the person's pending rows of these kinds (only those about `ref`, if given)."""
        stmt = delete(Pending).where(col(Pending.person_id) == person_id, col(Pending.kind).in_(list(kinds)))
        if ref is not None:
            stmt = stmt.where(col(Pending.ref) == ref)
        await self._s.exec(stmt)  # type: ignore[call-overload]
