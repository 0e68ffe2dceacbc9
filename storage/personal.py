"""Everything stored about one person, read for /export.

The other repositories read what a feature needs (open actions, this week's values, active
metrics); /export needs all of it, removed metrics and the ledger included, so its reads
live here in one place. What /forget deletes is the person row: every table that holds a
person's rows references `person.id` with ON DELETE CASCADE (tests/test_privacy_tables.py
walks the tables to keep that true).
"""
from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (Action, ActionEvent, CoachInvite, CoachLink, Insight, Metric, MetricValue, Person, Series,
                            Team, TeamMember, TeamMetric)
from storage.ledger_models import Nudge, Pending

PAGE = 100  # rows per read: a long record is read in slices, yielding the loop between them
R = TypeVar("R", bound=SQLModel)


class PersonalData:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def _paged(self, model: type[R], *where: Any) -> list[R]:
        """All matching rows in id order, PAGE at a time (keyset on the primary key), so reading
        thousands of rows never holds the event loop for more than one page."""
        out: list[R] = []
        key = col(model.id)  # type: ignore[attr-defined]
        while True:
            stmt = select(model).where(*where)
            if out:
                stmt = stmt.where(key > out[-1].id)  # type: ignore[attr-defined]
            page = (await self._s.exec(stmt.order_by(key).limit(PAGE))).all()
            out += page
            if len(page) < PAGE:
                return out
            await asyncio.sleep(0)

    async def insights(self, person_id: int) -> list[Insight]:
        return await self._paged(Insight, col(Insight.person_id) == person_id)

    async def actions(self, person_id: int) -> list[Action]:
        """In creation order (id), which is the order of their numbers."""
        return await self._paged(Action, col(Action.person_id) == person_id)

    async def series(self, person_id: int) -> list[Series]:
        """Repeating commitments, stopped and ended ones too (their occurrences are in `actions`)."""
        return await self._paged(Series, col(Series.person_id) == person_id)

    async def action_history(self, person_id: int) -> list[ActionEvent]:
        """Every recorded first deadline, move, completion and drop, in the order recorded."""
        return await self._paged(ActionEvent, col(ActionEvent.person_id) == person_id)

    async def assigned(self, person_id: int) -> Sequence[tuple[Action, Person]]:
        """Actions this person (as a coach) gave others, with whom they were given to."""
        stmt = (select(Action, Person).join(Person, col(Person.id) == col(Action.person_id))
                .where(Action.assigned_by_id == person_id).order_by(col(Action.created_at), col(Action.id)))
        return (await self._s.exec(stmt)).all()

    async def metrics(self, person_id: int) -> Sequence[Metric]:
        """All metrics, removed ones included (their values stay until /forget)."""
        stmt = select(Metric).where(Metric.person_id == person_id).order_by(col(Metric.name))
        return (await self._s.exec(stmt)).all()

    async def metric_values(self, person_id: int) -> list[MetricValue]:
        return await self._paged(MetricValue, col(MetricValue.person_id) == person_id)

    async def coach_links(self, person_id: int) -> Sequence[tuple[CoachLink, Person, str]]:
        """(link, the other person, "coach" | "client") for both sides of every link."""
        as_client = (select(CoachLink, Person).join(Person, col(Person.id) == col(CoachLink.coach_id))
                     .where(CoachLink.client_id == person_id).order_by(col(CoachLink.created_at)))
        as_coach = (select(CoachLink, Person).join(Person, col(Person.id) == col(CoachLink.client_id))
                    .where(CoachLink.coach_id == person_id).order_by(col(CoachLink.created_at)))
        return ([(link, other, "coach") for link, other in (await self._s.exec(as_client)).all()]
                + [(link, other, "client") for link, other in (await self._s.exec(as_coach)).all()])

    async def invite(self, person_id: int) -> CoachInvite | None:
        return await self._s.get(CoachInvite, person_id)

    async def memberships(self, person_id: int) -> Sequence[tuple[Team, TeamMember]]:
        stmt = (select(Team, TeamMember).join(TeamMember, col(TeamMember.team_id) == col(Team.id))
                .where(TeamMember.person_id == person_id).order_by(col(TeamMember.joined_at)))
        return (await self._s.exec(stmt)).all()

    async def managed_team_metrics(self, person_id: int) -> Sequence[TeamMetric]:
        stmt = (select(TeamMetric).join(Team, col(Team.id) == col(TeamMetric.team_id))
                .where(Team.manager_id == person_id).order_by(col(TeamMetric.team_id), col(TeamMetric.name)))
        return (await self._s.exec(stmt)).all()

    async def pending(self, person_id: int) -> Sequence[Pending]:
        stmt = select(Pending).where(Pending.person_id == person_id).order_by(col(Pending.id))
        return (await self._s.exec(stmt)).all()

    async def nudges(self, person_id: int) -> list[Nudge]:
        """The ledger: every nudge and digest claimed for the person, sent or not."""
        return await self._paged(Nudge, col(Nudge.person_id) == person_id)
