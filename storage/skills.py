"""Skills cards and observations: a team's or a client's card, what was observed, bingo marks."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import insert_for
from storage.models import TeamMember
from storage.skills_models import Skill, SkillBingo, SkillObservation

CARD_SIZE = 16


class Skills:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def card(self, team_id: int | None = None, client_id: int | None = None) -> Sequence[Skill]:
        """One card's skills by square: a team's (team_id) or a client's (client_id)."""
        where = (col(Skill.team_id) == team_id if team_id is not None
                 else (col(Skill.client_id) == client_id) & col(Skill.team_id).is_(None))
        return (await self._s.exec(select(Skill).where(where).order_by(col(Skill.position)))).all()

    async def add(self, skill: Skill) -> None:
        self._s.add(skill)
        await self._s.flush()

    async def remove(self, skill: Skill) -> None:
        await self._s.delete(skill)
        await self._s.flush()

    async def observe(self, obs: SkillObservation) -> None:
        """Record one observation; a card round's second press on a square replaces the first."""
        if obs.card_round is not None:
            await self.unobserve(obs.skill_id, obs.person_id, obs.card_round)
        self._s.add(obs)
        await self._s.flush()

    async def unobserve(self, skill_id: int, person_id: int, card_round: str) -> None:
        await self._s.exec(delete(SkillObservation).where(  # type: ignore[call-overload]
            col(SkillObservation.skill_id) == skill_id, col(SkillObservation.person_id) == person_id,
            col(SkillObservation.card_round) == card_round))

    async def observations(self, person_id: int, skill_ids: Sequence[int],
                           since: datetime) -> Sequence[SkillObservation]:
        """The person's observations of these skills since `since`, oldest first."""
        if not skill_ids:
            return []
        stmt = (select(SkillObservation).where(SkillObservation.person_id == person_id,
                                               col(SkillObservation.skill_id).in_(skill_ids),
                                               col(SkillObservation.observed_at) >= since)
                .order_by(col(SkillObservation.observed_at), col(SkillObservation.id)))
        return (await self._s.exec(stmt)).all()

    async def observations_of(self, person_ids: Sequence[int], since: datetime) -> dict[int, list[SkillObservation]]:
        """Everyone's observations since `since` in one read (a digest page), oldest first."""
        if not person_ids:
            return {}
        stmt = (select(SkillObservation).where(col(SkillObservation.person_id).in_(person_ids),
                                               col(SkillObservation.observed_at) >= since)
                .order_by(col(SkillObservation.observed_at), col(SkillObservation.id)))
        out: dict[int, list[SkillObservation]] = {}
        for o in (await self._s.exec(stmt)).all():
            out.setdefault(o.person_id, []).append(o)
        return out

    async def cards_of(self, person_ids: Sequence[int]) -> dict[int, list[Skill]]:
        """Each person's skills on every card they have (their teams' and their own as a client), in
        two reads for a whole page of people."""
        if not person_ids:
            return {}
        team = (select(TeamMember.person_id, Skill).join(Skill, col(Skill.team_id) == col(TeamMember.team_id))
                .where(col(TeamMember.person_id).in_(person_ids)).order_by(col(Skill.team_id), col(Skill.position)))
        own = (select(Skill).where(col(Skill.client_id).in_(person_ids), col(Skill.team_id).is_(None))
               .order_by(col(Skill.owner_id), col(Skill.position)))
        out: dict[int, list[Skill]] = {}
        for pid, skill in (await self._s.exec(team)).all():
            out.setdefault(pid, []).append(skill)
        for skill in (await self._s.exec(own)).all():
            out.setdefault(skill.client_id or 0, []).append(skill)
        return out

    async def mark_bingo(self, person_id: int, line: str, label: str, now: datetime) -> bool:
        """True the first time this line of skills is marked for the person (one INSERT: two
        presses at once cannot both celebrate)."""
        stmt = insert_for(self._s, SkillBingo).values(person_id=person_id, line=line, label=label, at=now)
        result = await self._s.exec(stmt.on_conflict_do_nothing())  # type: ignore[call-overload]
        return bool(result.rowcount == 1)

    # -- /export ---------------------------------------------------------------------------------------
    async def defined_by(self, person_id: int) -> Sequence[Skill]:
        """Skills the person defined (as manager or coach) or that sit on their own client card."""
        stmt = select(Skill).where((col(Skill.owner_id) == person_id) | (col(Skill.client_id) == person_id))
        return (await self._s.exec(stmt.order_by(col(Skill.id)))).all()

    async def about(self, person_id: int) -> Sequence[tuple[SkillObservation, Skill]]:
        """Observations of the person, and those they made of others, with the skill."""
        stmt = (select(SkillObservation, Skill).join(Skill, col(Skill.id) == col(SkillObservation.skill_id))
                .where((col(SkillObservation.person_id) == person_id)
                       | (col(SkillObservation.observer_id) == person_id))
                .order_by(col(SkillObservation.id)))
        return (await self._s.exec(stmt)).all()

    async def bingos(self, person_id: int) -> Sequence[SkillBingo]:
        stmt = select(SkillBingo).where(SkillBingo.person_id == person_id).order_by(col(SkillBingo.id))
        return (await self._s.exec(stmt)).all()
