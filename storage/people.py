"""People: found or created on first contact, one row per platform identity."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.attach import insert_attached
from storage.models import Person


PERSON = Person.__table__  # type: ignore[attr-defined]
# Built once: the per-message statements (see storage/dialect.py on why).
_FIND = select(Person).where(col(Person.platform) == bindparam("platform"),
                             col(Person.platform_user_id) == bindparam("uid"))
_TAKE_NUMBER = (update(PERSON).where(PERSON.c.id == bindparam("pid"))
                .values(next_action_number=PERSON.c.next_action_number + 1)
                .returning(PERSON.c.next_action_number))


class People:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, person_id: int) -> Person | None:
        return await self._s.get(Person, person_id)

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Person]:
        """Several people in one statement (e.g. the coaches behind a page of assignments)."""
        if not ids:
            return {}
        rows = (await self._s.exec(select(Person).where(col(Person.id).in_(list(ids))))).all()
        return {p.id: p for p in rows if p.id is not None}

    async def find(self, platform: str, platform_user_id: str) -> Person | None:
        return (await self._s.exec(_FIND, params={"platform": platform, "uid": platform_user_id})).first()

    async def find_or_create(self, platform: str, platform_user_id: str, chat_id: str, name: str,
                             now: datetime, seen: bool = True) -> tuple[Person, bool]:
        """Return the person and whether they were created now. Keeps chat id and name fresh.

        A new person is written whole in one statement: last seen now (when `seen`), and their
        first weekly digest due for the scheduler to plan."""
        person = await self.find(platform, platform_user_id)
        if person is None:
            # INSERT .. ON CONFLICT DO NOTHING: two first messages racing create one person.
            created = await insert_attached(self._s, Person(
                platform=platform, platform_user_id=platform_user_id, chat_id=chat_id, name=name[:200],
                created_at=now, next_action_number=1, active=True, next_digest_at=now,
                last_seen_at=now if seen else None), ignore_duplicates=True)
            if created is not None:
                return created, True
            person = await self.find(platform, platform_user_id)  # the other message won the race
            assert person is not None
            return person, False
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

    async def due_mornings(self, now: datetime, limit: int) -> list[Person]:
        """People whose morning plan is to be looked at (indexed on `next_morning_at`)."""
        stmt = (select(Person).where(col(Person.next_morning_at) <= now, col(Person.active).is_(True))
                .order_by(col(Person.next_morning_at), col(Person.id)).limit(limit))
        return list((await self._s.exec(stmt)).all())

    async def set_next_morning(self, person_id: int, when: datetime | None) -> None:
        stmt = update(Person).where(col(Person.id) == person_id).values(next_morning_at=when)
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def save(self, person: Person) -> None:
        self._s.add(person)
        await self._s.flush()

    async def take_action_number(self, person: Person) -> int:
        """Reserve the person's next #N. An UPDATE ... RETURNING row-locks the person on
        PostgreSQL, so two concurrent commitments never get the same number."""
        new_next = (await self._s.exec(_TAKE_NUMBER, params={"pid": person.id})).scalar_one()  # type: ignore
        set_committed_value(person, "next_action_number", new_next)  # what the row holds: nothing to flush
        return new_next - 1

    async def delete(self, person: Person) -> None:
        """Delete the person; insights, actions and pending rows go with them (ON DELETE CASCADE)."""
        await self._s.exec(delete(Person).where(col(Person.id) == person.id))  # type: ignore[call-overload]
        self._s.expunge(person)
