"""Held notices: messages one person's action addresses to another, waiting for the scheduler.

A handler stores one (`add`); the notice source reads the due ones a page at a time with the
ledger row of each (one statement), stores look-again instants in one executemany, and deletes
the ones sent.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.kinds import NudgeKind
from storage.models import Person
from storage.ledger_models import Notice, Nudge


class Notices:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, person_id: int, sender_id: int | None, text: str, buttons: str, now: datetime) -> Notice:
        """Hold a message for `person_id`; the next tick looks at it."""
        notice = Notice(person_id=person_id, sender_id=sender_id, text=text, buttons=buttons, created_at=now,
                        next_check_at=now)
        self._s.add(notice)
        await self._s.flush()
        return notice

    async def due(self, now: datetime, limit: int) -> Sequence[tuple[Notice, Person, Nudge | None]]:
        """Notices whose look is due, with their (active) recipient and their ledger row, if any."""
        ledger = and_(col(Nudge.subject_id) == col(Notice.id), col(Nudge.kind) == NudgeKind.NOTICE,
                      col(Nudge.anchor) == col(Notice.created_at), col(Nudge.lead) == 0)
        stmt = (
            select(Notice, Person, Nudge)
            .join(Person, col(Person.id) == col(Notice.person_id))
            .outerjoin(Nudge, ledger)
            .where(col(Notice.next_check_at) <= now, col(Person.active).is_(True))
            .order_by(col(Notice.next_check_at), col(Notice.id))
            .limit(limit)
        )
        return (await self._s.exec(stmt)).all()

    async def set_checks(self, pairs: Sequence[tuple[int, datetime | None]]) -> None:
        """Store the next look for many notices in one executemany."""
        if pairs:
            table = Notice.__table__  # type: ignore[attr-defined]
            stmt = update(table).where(table.c.id == bindparam("nid")).values(next_check_at=bindparam("when"))
            conn = await self._s.connection()
            await conn.execute(stmt, [{"nid": n, "when": w} for n, w in pairs])

    async def remove(self, ids: Sequence[int]) -> None:
        """Notices sent (or whose recipient is gone): nothing of them is kept but the ledger row."""
        if ids:
            stmt = delete(Notice).where(col(Notice.id).in_(list(ids)))
            await self._s.exec(stmt.execution_options(synchronize_session=False))  # type: ignore[call-overload]

    async def of_person(self, person_id: int) -> Sequence[Notice]:
        """Held notices to or from the person (for /export)."""
        stmt = (select(Notice).where(or_(col(Notice.person_id) == person_id, col(Notice.sender_id) == person_id))
                .order_by(col(Notice.id)))
        return (await self._s.exec(stmt)).all()
