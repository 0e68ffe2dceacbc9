"""What the web pages need from the database: the deployment's link-signing secret (made once,
kept here) and each person's link generation (`/dashboard revoke` moves it on)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import insert_for
from storage.models import Person
from storage.ledger_models import ServerSecret


class WebAccess:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def secret(self, name: str, fresh: str, now: datetime) -> str:
        """The secret called `name`; the first caller stores `fresh` (two processes starting at
        once agree: the second insert does nothing and both read the first)."""
        stmt = insert_for(self._s, ServerSecret).values(name=name, value=fresh, created_at=now)
        await self._s.exec(stmt.on_conflict_do_nothing())  # type: ignore[call-overload]
        row = (await self._s.exec(select(ServerSecret.value).where(ServerSecret.name == name))).one()
        return str(row)

    async def epoch(self, person_id: int) -> int | None:
        """The person's current link generation; None when the person is gone (/forget)."""
        stmt = select(Person.web_link_epoch).where(col(Person.id) == person_id)
        value = (await self._s.exec(stmt)).first()
        return None if value is None else int(value)

    async def revoke(self, person_id: int) -> int:
        """Every link this person was given stops working; returns the new generation."""
        await self._s.exec(update(Person).where(col(Person.id) == person_id)  # type: ignore[call-overload]
                           .values(web_link_epoch=col(Person.web_link_epoch) + 1))
        return await self.epoch(person_id) or 0
