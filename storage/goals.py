"""Development goals: one long-term goal per person and the actions linked to it."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Action
from storage.skills_models import DevelopmentGoal, GoalAction


class Goals:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def of(self, person_id: int) -> DevelopmentGoal | None:
        stmt = select(DevelopmentGoal).where(DevelopmentGoal.person_id == person_id)
        return (await self._s.exec(stmt)).first()

    async def of_many(self, person_ids: Sequence[int]) -> dict[int, DevelopmentGoal]:
        if not person_ids:
            return {}
        stmt = select(DevelopmentGoal).where(col(DevelopmentGoal.person_id).in_(person_ids))
        return {g.person_id: g for g in (await self._s.exec(stmt)).all()}

    async def save(self, goal: DevelopmentGoal) -> None:
        self._s.add(goal)
        await self._s.flush()

    async def clear(self, goal: DevelopmentGoal) -> None:
        """The goal goes; its actions stay in the person's list, no longer linked."""
        await self._s.delete(goal)
        await self._s.flush()

    async def link(self, goal: DevelopmentGoal, action_id: int) -> None:
        await self._s.exec(delete(GoalAction).where(col(GoalAction.action_id) == action_id))  # type: ignore[call-overload]
        self._s.add(GoalAction(action_id=action_id, goal_id=goal.id, person_id=goal.person_id))
        await self._s.flush()

    async def actions(self, goal: DevelopmentGoal) -> Sequence[Action]:
        """The goal's actions in the order they were made."""
        stmt = (select(Action).join(GoalAction, col(GoalAction.action_id) == col(Action.id))
                .where(GoalAction.goal_id == goal.id).order_by(col(Action.number)))
        return (await self._s.exec(stmt)).all()

    async def actions_of(self, goal_ids: Sequence[int]) -> dict[int, list[Action]]:
        """goal -> its actions, for a page of goals in one read."""
        if not goal_ids:
            return {}
        stmt = (select(GoalAction.goal_id, Action).join(Action, col(Action.id) == col(GoalAction.action_id))
                .where(col(GoalAction.goal_id).in_(goal_ids)).order_by(col(Action.number)))
        out: dict[int, list[Action]] = {}
        for goal_id, action in (await self._s.exec(stmt)).all():
            out.setdefault(goal_id, []).append(action)
        return out

    async def links(self, person_id: int) -> Sequence[GoalAction]:
        stmt = select(GoalAction).where(GoalAction.person_id == person_id).order_by(col(GoalAction.action_id))
        return (await self._s.exec(stmt)).all()
