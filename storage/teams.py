"""Teams: a channel, a manager, members."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import insert_for
from storage.models import Person, Team, TeamMember, TeamMetric


class Teams:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def in_channel(self, platform: str, channel_id: str) -> Team | None:
        stmt = select(Team).where(Team.platform == platform, Team.channel_id == channel_id)
        return (await self._s.exec(stmt)).first()

    async def create(self, platform: str, channel_id: str, name: str, manager_id: int, now: datetime) -> Team:
        team = Team(platform=platform, channel_id=channel_id, name=name, manager_id=manager_id, created_at=now)
        self._s.add(team)
        await self._s.flush()
        return team

    async def save(self, team: Team) -> None:
        self._s.add(team)
        await self._s.flush()

    async def add_member(self, team_id: int, person_id: int, now: datetime) -> bool:
        stmt = insert_for(self._s, TeamMember).values(team_id=team_id, person_id=person_id, joined_at=now)
        result = await self._s.exec(stmt.on_conflict_do_nothing())  # type: ignore[call-overload]
        return result.rowcount == 1

    async def remove_member(self, team_id: int, person_id: int) -> bool:
        result = await self._s.exec(delete(TeamMember).where(  # type: ignore[call-overload]
            col(TeamMember.team_id) == team_id, col(TeamMember.person_id) == person_id))
        return result.rowcount == 1

    async def members(self, team_id: int) -> Sequence[Person]:
        stmt = (select(Person).join(TeamMember, col(TeamMember.person_id) == col(Person.id))
                .where(TeamMember.team_id == team_id).order_by(col(TeamMember.joined_at), col(Person.id)))
        return (await self._s.exec(stmt)).all()

    async def is_member(self, team_id: int, person_id: int) -> bool:
        stmt = select(TeamMember.team_id).where(TeamMember.team_id == team_id, TeamMember.person_id == person_id)
        return (await self._s.exec(stmt)).first() is not None

    async def joined(self, person_id: int) -> Sequence[Team]:
        """The teams the person is a member of, in the order they joined."""
        stmt = (select(Team).join(TeamMember, col(TeamMember.team_id) == col(Team.id))
                .where(TeamMember.person_id == person_id).order_by(col(TeamMember.joined_at), col(Team.id)))
        return (await self._s.exec(stmt)).all()

    async def claim_digest_post(self, team: Team, now: datetime, every: timedelta) -> bool:
        """Take the channel's on-demand digest slot: True (and stamped) when none was posted in
        the last `every`. One UPDATE, so two requests at once cannot both post."""
        stmt = (update(Team).where(col(Team.id) == team.id, or_(col(Team.digest_posted_at).is_(None),
                                                                col(Team.digest_posted_at) <= now - every))
                .values(digest_posted_at=now).execution_options(synchronize_session=False))
        taken = (await self._s.exec(stmt)).rowcount == 1  # type: ignore[call-overload]
        if taken:
            set_committed_value(team, "digest_posted_at", now)  # what the row holds now
        return taken

    async def managed_by(self, manager_id: int) -> Sequence[Team]:
        stmt = select(Team).where(Team.manager_id == manager_id).order_by(col(Team.id))
        return (await self._s.exec(stmt)).all()

    async def metrics(self, team_id: int) -> Sequence[TeamMetric]:
        stmt = select(TeamMetric).where(TeamMetric.team_id == team_id).order_by(col(TeamMetric.name))
        return (await self._s.exec(stmt)).all()

    async def metric_named(self, team_id: int, name: str) -> TeamMetric | None:
        stmt = select(TeamMetric).where(TeamMetric.team_id == team_id, TeamMetric.name == name)
        return (await self._s.exec(stmt)).first()

    async def save_metric(self, metric: TeamMetric) -> None:
        self._s.add(metric)
        await self._s.flush()

    async def delete_metric(self, metric: TeamMetric) -> None:
        await self._s.delete(metric)
        await self._s.flush()
