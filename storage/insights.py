"""Insights, scoped to one person."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Insight


class Insights:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, person_id: int, text: str, now: datetime, source: str = "command",
                  next_check_at: datetime | None = None) -> Insight:
        insight = Insight(person_id=person_id, text=text, created_at=now, source=source,
                          next_check_at=next_check_at)
        self._s.add(insight)
        await self._s.flush()
        return insight

    async def get(self, person_id: int, insight_id: int) -> Insight | None:
        stmt = select(Insight).where(Insight.person_id == person_id, Insight.id == insight_id)
        return (await self._s.exec(stmt)).first()

    async def save(self, insight: Insight) -> None:
        self._s.add(insight)
        await self._s.flush()

    async def recent(self, person_id: int, limit: int = 10) -> Sequence[Insight]:
        stmt = (
            select(Insight)
            .where(Insight.person_id == person_id)
            .order_by(col(Insight.created_at).desc(), col(Insight.id).desc())
            .limit(limit)
        )
        return (await self._s.exec(stmt)).all()

    async def all_for(self, person_id: int) -> Sequence[Insight]:
        stmt = select(Insight).where(Insight.person_id == person_id).order_by(col(Insight.id))
        return (await self._s.exec(stmt)).all()
