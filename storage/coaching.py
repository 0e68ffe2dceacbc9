"""Coaches, clients and invite codes. A coach reads only their own clients."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import insert_for
from storage.models import CoachInvite, CoachLink, Person


class Coaching:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def set_invite(self, coach_id: int, code: str, now: datetime) -> None:
        """Replace the coach's invite code (the old one stops working)."""
        await self._s.exec(delete(CoachInvite).where(col(CoachInvite.coach_id) == coach_id))  # type: ignore
        self._s.add(CoachInvite(coach_id=coach_id, code=code, created_at=now))
        await self._s.flush()

    async def invite_of(self, coach_id: int) -> CoachInvite | None:
        return await self._s.get(CoachInvite, coach_id)

    async def coach_by_code(self, code: str) -> Person | None:
        stmt = (select(Person).join(CoachInvite, col(CoachInvite.coach_id) == col(Person.id))
                .where(CoachInvite.code == code))
        return (await self._s.exec(stmt)).first()

    async def link(self, coach_id: int, client_id: int, now: datetime) -> bool:
        """Link client to coach; False when they were linked already."""
        stmt = insert_for(self._s, CoachLink).values(coach_id=coach_id, client_id=client_id, created_at=now)
        result = await self._s.exec(stmt.on_conflict_do_nothing())  # type: ignore[call-overload]
        return result.rowcount == 1

    async def unlink(self, coach_id: int, client_id: int) -> None:
        await self._s.exec(delete(CoachLink).where(col(CoachLink.coach_id) == coach_id,  # type: ignore
                                                   col(CoachLink.client_id) == client_id))

    async def clients(self, coach_id: int) -> Sequence[Person]:
        """The coach's clients in the order they joined (their /clients numbers)."""
        stmt = (select(Person).join(CoachLink, col(CoachLink.client_id) == col(Person.id))
                .where(CoachLink.coach_id == coach_id).order_by(col(CoachLink.created_at), col(CoachLink.id)))
        return (await self._s.exec(stmt)).all()

    async def coaches(self, client_id: int) -> Sequence[Person]:
        stmt = (select(Person).join(CoachLink, col(CoachLink.coach_id) == col(Person.id))
                .where(CoachLink.client_id == client_id).order_by(col(CoachLink.created_at)))
        return (await self._s.exec(stmt)).all()

    async def is_client_of(self, coach_id: int, client_id: int) -> bool:
        stmt = select(CoachLink.id).where(CoachLink.coach_id == coach_id, CoachLink.client_id == client_id)
        return (await self._s.exec(stmt)).first() is not None
