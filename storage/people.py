"""People: found or created on first contact, one row per platform identity."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import insert_for
from storage.models import Person


class People:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, person_id: int) -> Person | None:
        return await self._s.get(Person, person_id)

    async def find(self, platform: str, platform_user_id: str) -> Person | None:
        stmt = select(Person).where(Person.platform == platform, Person.platform_user_id == platform_user_id)
        return (await self._s.exec(stmt)).first()

    async def find_or_create(
        self, platform: str, platform_user_id: str, chat_id: str, name: str, now: datetime
    ) -> tuple[Person, bool]:
        """Return the person and whether they were created now. Keeps chat id and name fresh."""
        person = await self.find(platform, platform_user_id)
        if person is None:
            # INSERT .. ON CONFLICT DO NOTHING: two first messages racing create one person.
            stmt = insert_for(self._s, Person).values(
                platform=platform, platform_user_id=platform_user_id, chat_id=chat_id, name=name[:200],
                created_at=now, next_action_number=1, active=True)
            result = await self._s.exec(stmt.on_conflict_do_nothing())  # type: ignore[call-overload]
            person = await self.find(platform, platform_user_id)
            assert person is not None
            return person, result.rowcount == 1
        if person.chat_id != chat_id or (name and person.name != name[:200]) or not person.active:
            person.chat_id = chat_id
            person.name = name[:200] or person.name
            person.active = True
            self._s.add(person)
        return person, False

    async def due_digests(self, now: datetime, limit: int) -> list[Person]:
        """Active people whose weekly digest slot needs a look."""
        stmt = (select(Person).where(col(Person.next_digest_at) <= now, col(Person.active).is_(True))
                .order_by(col(Person.next_digest_at), col(Person.id)).limit(limit))
        return list((await self._s.exec(stmt)).all())

    async def set_next_digest(self, person_id: int, when: datetime | None) -> None:
        stmt = update(Person).where(col(Person.id) == person_id).values(next_digest_at=when)
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def save(self, person: Person) -> None:
        self._s.add(person)
        await self._s.flush()

    async def take_action_number(self, person: Person) -> int:
        """Reserve the person's next #N. An UPDATE ... RETURNING row-locks the person on
        PostgreSQL, so two concurrent commitments never get the same number."""
        stmt = (
            update(Person)
            .where(Person.id == person.id)
            .values(next_action_number=Person.next_action_number + 1)
            .returning(Person.next_action_number)
        )
        new_next = (await self._s.exec(stmt)).scalar_one()  # type: ignore[call-overload]
        person.next_action_number = new_next
        return new_next - 1

    async def delete(self, person: Person) -> None:
        """Delete the person; insights, actions and pending rows go with them (ON DELETE CASCADE)."""
        await self._s.exec(delete(Person).where(Person.id == person.id))  # type: ignore[call-overload]
        self._s.expunge(person)
