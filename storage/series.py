"""Repeating commitments and their occurrences: every read is scoped to one person, except the
scheduler's bounded page of series whose next occurrence is due to be made."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.attach import insert_attached
from storage.kinds import ActionStatus
from storage.models import Action, Person, Series

ACTIVE, STOPPED, ENDED = "active", "stopped", "ended"


class SeriesRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, series: Series) -> Series:
        added: Series = await insert_attached(self._s, series)  # type: ignore[assignment]
        return added

    async def by_number(self, person_id: int, number: int) -> Series | None:
        stmt = select(Series).where(Series.person_id == person_id, Series.number == number)
        return (await self._s.exec(stmt)).first()

    async def by_ids(self, person_id: int, ids: Sequence[int]) -> dict[int, Series]:
        if not ids:
            return {}
        stmt = select(Series).where(Series.person_id == person_id, col(Series.id).in_(list(ids)))
        return {s.id: s for s in (await self._s.exec(stmt)).all()}

    async def active_for(self, person_id: int) -> Sequence[Series]:
        stmt = (select(Series).where(Series.person_id == person_id, Series.status == ACTIVE)
                .order_by(col(Series.number)))
        return (await self._s.exec(stmt)).all()

    async def all_for(self, person_id: int) -> Sequence[Series]:
        stmt = select(Series).where(Series.person_id == person_id).order_by(col(Series.number))
        return (await self._s.exec(stmt)).all()

    async def occurrences(self, series_id: int, newest_first: bool = True, limit: int = 60) -> Sequence[Action]:
        """A series' occurrences, newest first (a bounded window: streaks look back this far)."""
        order = col(Action.occurrence).desc() if newest_first else col(Action.occurrence)
        stmt = select(Action).where(Action.series_id == series_id).order_by(order).limit(limit)
        return (await self._s.exec(stmt)).all()

    async def recent_for(self, person_ids: Sequence[int], depth: int = 60) -> list[tuple[Series, list[Action]]]:
        """Active series of these people with their newest `depth` occurrences (for streaks in
        digests): two statements, however many people and series."""
        if not person_ids:
            return []
        series = (await self._s.exec(select(Series).where(col(Series.person_id).in_(list(person_ids)),
                                                          Series.status == ACTIVE)
                                     .order_by(col(Series.number)))).all()
        if not series:
            return []
        stmt = (select(Action).join(Series, col(Series.id) == col(Action.series_id))
                .where(col(Series.id).in_([s.id for s in series]),
                       col(Action.occurrence) > col(Series.last_index) - depth))
        by_series: dict[int, list[Action]] = {s.id: [] for s in series}
        for a in (await self._s.exec(stmt)).all():
            by_series[a.series_id or 0].append(a)
        return [(s, by_series[s.id]) for s in series]

    async def occurrence(self, person_id: int, number: int, index: int) -> Action | None:
        stmt = select(Action).where(Action.person_id == person_id, Action.number == number,
                                    Action.occurrence == index, col(Action.series_id).is_not(None))
        return (await self._s.exec(stmt)).first()

    async def due(self, now: datetime, limit: int) -> Sequence[tuple[Series, Person]]:
        """Active series whose next occurrence is to be made now, with their (active) owners."""
        stmt = (
            select(Series, Person)
            .join(Person, col(Person.id) == col(Series.person_id))
            .where(col(Series.next_check_at) <= now, Series.status == ACTIVE, col(Person.active).is_(True))
            .order_by(col(Series.next_check_at), col(Series.id))
            .limit(limit)
        )
        return (await self._s.exec(stmt)).all()

    async def drop_upcoming(self, series_id: int, now: datetime) -> int:
        """Drop the occurrences still ahead (a stopped series); the past ones stay as they are."""
        stmt = (update(Action)
                .where(col(Action.series_id) == series_id, col(Action.status) == ActionStatus.OPEN,
                       col(Action.deadline) > now)
                .values(status=ActionStatus.DROPPED, completed_at=now, next_check_at=None)
                .execution_options(synchronize_session=False))
        result = await self._s.exec(stmt)  # type: ignore[call-overload]
        return int(result.rowcount or 0)

    async def save(self, series: Series) -> None:
        self._s.add(series)
        await self._s.flush()
