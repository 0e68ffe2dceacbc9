"""Actions: every read is scoped to one person; numbers are the person's own."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Integer, bindparam, case, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.attach import insert_attached
from storage.kinds import ActionStatus
from storage.models import Action, ActionEvent

OPEN, DONE, DROPPED = ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED
DUE, MOVED = "due", "moved"  # history: a first deadline set; a deadline replaced


# Built once: `/actions` is the busiest read (see storage/dialect.py on why).
_OPEN_FOR = (select(Action).where(col(Action.person_id) == bindparam("pid"), col(Action.status) == OPEN)
             .order_by(case((col(Action.deadline).is_(None), 1), else_=0), col(Action.deadline),
                       col(Action.number))
             .limit(bindparam("lim", type_=Integer)))


class Actions:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, person_id: int, number: int, text: str, deadline: datetime | None,
                  now: datetime, insight_id: int | None = None, assigned_by_id: int | None = None,
                  lesson_id: int | None = None, series: tuple[int, int, datetime | None] | None = None,
                  set_at: datetime | None = None) -> Action:
        """`series`: (series id, occurrence index, when its nudges end) for an occurrence; `set_at`:
        when its deadline counts as set, for reminders (default now)."""
        series_id, occurrence, until = series or (None, 0, None)
        action = Action(person_id=person_id, number=number, text=text, deadline=deadline,
                        created_at=now, insight_id=insight_id, assigned_by_id=assigned_by_id, lesson_id=lesson_id,
                        deadline_set_at=(set_at or now) if deadline else None, next_check_at=now if deadline else None,
                        series_id=series_id, occurrence=occurrence, nudges_until=until)
        added: Action = await insert_attached(self._s, action)  # type: ignore[assignment]
        if deadline is not None:
            await self.log(added, DUE, now)
        return added

    async def log(self, action: Action, kind: str, now: datetime) -> None:
        """Record what happened (due: a first deadline; moved, done, dropped; creation is the row's
        created_at) for the weekly record and the history in /export."""
        assert action.id is not None
        await insert_attached(self._s, ActionEvent(person_id=action.person_id, action_id=action.id, kind=kind, at=now,
                                                   deadline=action.deadline))

    async def by_number(self, person_id: int, number: int) -> Action | None:
        """The person's action #number that does not repeat (a series' occurrences: `storage.series`)."""
        stmt = select(Action).where(Action.person_id == person_id, Action.number == number, Action.occurrence == 0)
        return (await self._s.exec(stmt)).first()

    async def by_id(self, person_id: int, action_id: int) -> Action | None:
        stmt = select(Action).where(Action.person_id == person_id, Action.id == action_id)
        return (await self._s.exec(stmt)).first()

    async def open_for(self, person_id: int, limit: int = 100) -> Sequence[Action]:
        """Open actions, soonest deadline first; actions still without a deadline last."""
        return (await self._s.exec(_OPEN_FOR, params={"pid": person_id, "lim": limit})).all()

    async def count_open(self, person_id: int) -> int:
        stmt = select(func.count()).select_from(Action).where(Action.person_id == person_id, Action.status == OPEN)
        return (await self._s.exec(stmt)).one()

    async def count_done(self, person_id: int) -> int:
        stmt = select(func.count()).select_from(Action).where(Action.person_id == person_id, Action.status == DONE)
        return (await self._s.exec(stmt)).one()

    async def done_since(self, person_id: int, since: datetime) -> Sequence[Action]:
        """Actions completed at or after `since`, most recent first."""
        stmt = (
            select(Action)
            .where(Action.person_id == person_id, Action.status == DONE, col(Action.completed_at) >= since)
            .order_by(col(Action.completed_at).desc())
        )
        return (await self._s.exec(stmt)).all()

    async def for_insights(self, person_id: int, insight_ids: Sequence[int]) -> Sequence[Action]:
        if not insight_ids:
            return []
        stmt = (
            select(Action)
            .where(Action.person_id == person_id, col(Action.insight_id).in_(insight_ids))
            .order_by(col(Action.number))
        )
        return (await self._s.exec(stmt)).all()

    async def all_for(self, person_id: int) -> Sequence[Action]:
        stmt = select(Action).where(Action.person_id == person_id).order_by(col(Action.number))
        return (await self._s.exec(stmt)).all()

    async def save(self, action: Action) -> None:
        self._s.add(action)
        await self._s.flush()
