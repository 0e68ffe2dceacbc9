"""Metrics and their values, scoped to one person (or, for reports, a set of people read
in one query each: no per-person N+1)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import insert_for
from storage.models import Metric, MetricValue, Person


class Metrics:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def named(self, person_id: int, name: str, include_removed: bool = False) -> Metric | None:
        stmt = select(Metric).where(Metric.person_id == person_id, Metric.name == name)
        if not include_removed:
            stmt = stmt.where(col(Metric.removed_at).is_(None))
        return (await self._s.exec(stmt)).first()

    async def by_id(self, person_id: int, metric_id: int) -> Metric | None:
        stmt = select(Metric).where(Metric.person_id == person_id, Metric.id == metric_id)
        return (await self._s.exec(stmt)).first()

    async def active(self, person_id: int) -> Sequence[Metric]:
        stmt = (select(Metric).where(Metric.person_id == person_id, col(Metric.removed_at).is_(None))
                .order_by(col(Metric.name)))
        return (await self._s.exec(stmt)).all()

    async def active_for(self, person_ids: Sequence[int]) -> dict[int, list[Metric]]:
        if not person_ids:
            return {}
        stmt = (select(Metric).where(col(Metric.person_id).in_(list(person_ids)), col(Metric.removed_at).is_(None))
                .order_by(col(Metric.name)))
        out: dict[int, list[Metric]] = defaultdict(list)
        for m in (await self._s.exec(stmt)).all():
            out[m.person_id].append(m)
        return out

    async def save(self, metric: Metric) -> Metric:
        self._s.add(metric)
        await self._s.flush()
        return metric

    async def record(self, metric: Metric, period: date, value: float, now: datetime) -> float | None:
        """Store the value for the period; returns the value it replaced, if any."""
        stmt = select(MetricValue).where(MetricValue.metric_id == metric.id, MetricValue.period == period)
        existing = (await self._s.exec(stmt)).first()
        if existing is not None:
            old = existing.value
            existing.value, existing.recorded_at = value, now
            self._s.add(existing)
            await self._s.flush()
            return old
        insert = insert_for(self._s, MetricValue).values(metric_id=metric.id, person_id=metric.person_id,
                                                         period=period, value=value, recorded_at=now)
        await self._s.exec(insert.on_conflict_do_update(  # type: ignore[call-overload]
            index_elements=["metric_id", "period"], set_={"value": value, "recorded_at": now}))
        return None

    async def forget_value(self, metric_id: int, period: date) -> None:
        """Remove the value of one period (an undone answer)."""
        await self._s.exec(delete(MetricValue).where(  # type: ignore[call-overload]
            col(MetricValue.metric_id) == metric_id, col(MetricValue.period) == period))

    async def value(self, metric_id: int, period: date) -> float | None:
        stmt = select(MetricValue.value).where(MetricValue.metric_id == metric_id, MetricValue.period == period)
        return (await self._s.exec(stmt)).first()

    async def values_since(self, person_ids: Sequence[int], since: date) -> dict[int, dict[date, float]]:
        """metric id -> {period: value} for these people's values from `since` on (one query)."""
        if not person_ids:
            return {}
        stmt = select(col(MetricValue.metric_id), col(MetricValue.period), col(MetricValue.value)).where(
            col(MetricValue.person_id).in_(list(person_ids)), col(MetricValue.period) >= since)
        out: dict[int, dict[date, float]] = defaultdict(dict)
        for metric_id, period, value in (await self._s.exec(stmt)).all():
            out[metric_id][period] = value
        return out

    async def logged_periods(self, metric_ids: Sequence[int], since: date) -> set[tuple[int, date]]:
        """(metric id, period) pairs that have a value, from `since` on: one query per page."""
        if not metric_ids:
            return set()
        stmt = select(col(MetricValue.metric_id), col(MetricValue.period)).where(
            col(MetricValue.metric_id).in_(list(metric_ids)), col(MetricValue.period) >= since)
        return {(m, p) for m, p in (await self._s.exec(stmt)).all()}

    async def all_values(self, person_id: int) -> Sequence[tuple[str, date, float]]:
        stmt = (select(col(Metric.name), col(MetricValue.period), col(MetricValue.value))
                .join(Metric, col(Metric.id) == col(MetricValue.metric_id))
                .where(MetricValue.person_id == person_id).order_by(col(Metric.name), col(MetricValue.period)))
        return (await self._s.exec(stmt)).all()

    # -- prompts (scheduler) ------------------------------------------------------------
    async def due(self, now: datetime, limit: int) -> Sequence[tuple[Metric, Person]]:
        stmt = (select(Metric, Person).join(Person, col(Person.id) == col(Metric.person_id))
                .where(col(Metric.next_check_at) <= now, col(Metric.removed_at).is_(None),
                       col(Person.active).is_(True))
                .order_by(col(Metric.next_check_at), col(Metric.id)).limit(limit))
        return (await self._s.exec(stmt)).all()

    async def set_check(self, metric_id: int, when: datetime | None) -> None:
        await self._s.exec(update(Metric).where(col(Metric.id) == metric_id)  # type: ignore[call-overload]
                           .values(next_check_at=when))

    async def replan_person(self, person_id: int, now: datetime) -> None:
        await self._s.exec(update(Metric)  # type: ignore[call-overload]
                           .where(col(Metric.person_id) == person_id, col(Metric.removed_at).is_(None))
                           .values(next_check_at=now))
