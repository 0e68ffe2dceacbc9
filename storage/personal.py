"""Everything stored about one person, read for /export.

The other repositories read what a feature needs (open actions, this week's values, active
metrics); /export needs all of it, removed metrics and the ledger included, so its reads
live here in one place. What /forget deletes is the person row: every table that holds a
person's rows references `person.id` with ON DELETE CASCADE (tests/test_privacy_tables.py
walks the tables to keep that true).
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (ActionEvent, CoachInvite, CoachLink, Metric, MetricValue, Nudge, Pending, Person, Team,
                            TeamMember, TeamMetric)


class PersonalData:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def action_history(self, person_id: int) -> Sequence[ActionEvent]:
        """Every recorded move, completion and drop, oldest first."""
        stmt = (select(ActionEvent).where(ActionEvent.person_id == person_id)
                .order_by(col(ActionEvent.at), col(ActionEvent.id)))
        return (await self._s.exec(stmt)).all()

    async def metrics(self, person_id: int) -> Sequence[Metric]:
        """All metrics, removed ones included (their values stay until /forget)."""
        stmt = select(Metric).where(Metric.person_id == person_id).order_by(col(Metric.name))
        return (await self._s.exec(stmt)).all()

    async def metric_values(self, person_id: int) -> Sequence[MetricValue]:
        stmt = (select(MetricValue).where(MetricValue.person_id == person_id)
                .order_by(col(MetricValue.metric_id), col(MetricValue.period)))
        return (await self._s.exec(stmt)).all()

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

    async def nudges(self, person_id: int) -> Sequence[Nudge]:
        """The ledger: every nudge and digest claimed for the person, sent or not."""
        stmt = select(Nudge).where(Nudge.person_id == person_id).order_by(col(Nudge.planned_at), col(Nudge.id))
        return (await self._s.exec(stmt)).all()
