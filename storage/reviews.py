"""Spaced-review cards (Leitner boxes) and the review source's pages.

The tick reads people, not cards: `due_people` is one indexed, bounded read of the people whose
`next_review_at` has come; `sittings` fetches at most a few due cards per person of that page
in one statement (a window function); `set_next` stores every next look in one executemany.
So a page costs the same few statements whether 100 or 100,000 people have cards.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.knowledge_models import Lesson, LessonQuestion, ReviewCard
from storage.models import Person

Card = tuple[ReviewCard, LessonQuestion, Lesson]
# Questions a re-imported lesson no longer has are kept (inactive) with their answers, never asked again.
_QUESTION = col(LessonQuestion.id) == col(ReviewCard.question_id)
_ACTIVE = col(LessonQuestion.active).is_(True)


class Reviews:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    def _cards(self):  # type: ignore[no-untyped-def]
        return (select(ReviewCard, LessonQuestion, Lesson)
                .join(LessonQuestion, col(LessonQuestion.id) == col(ReviewCard.question_id))
                .join(Lesson, col(Lesson.id) == col(LessonQuestion.lesson_id)))

    async def card(self, person_id: int, card_id: int) -> Card | None:
        """The card with its question and lesson, only when it is this person's."""
        stmt = self._cards().where(col(ReviewCard.id) == card_id, col(ReviewCard.person_id) == person_id)
        row = (await self._s.exec(stmt)).first()
        return (row[0], row[1], row[2]) if row is not None else None

    async def card_for(self, person_id: int, question_id: int) -> ReviewCard | None:
        stmt = select(ReviewCard).where(col(ReviewCard.person_id) == person_id,
                                        col(ReviewCard.question_id) == question_id)
        return (await self._s.exec(stmt)).first()

    async def put(self, card: ReviewCard) -> None:
        self._s.add(card)
        await self._s.flush()

    async def answered(self, card_id: int, was_due: datetime, box: int, due_at: datetime, now: datetime) -> bool:
        """Move the card to `box`, due at `due_at`; only from the due instant it was asked at, so a
        second press (or one on an old question) changes nothing. False when it had moved."""
        stmt = (update(ReviewCard)
                .where(col(ReviewCard.id) == card_id, col(ReviewCard.due_at) == was_due)
                .values(box=box, due_at=due_at, last_answered_at=now)
                .execution_options(synchronize_session=False))
        result = await self._s.exec(stmt)  # type: ignore[call-overload]
        return bool(result.rowcount == 1)

    async def next_due(self, person_id: int, now: datetime) -> Card | None:
        """The person's most overdue card (the next question of a sitting)."""
        stmt = (self._cards().where(col(ReviewCard.person_id) == person_id, col(ReviewCard.due_at) <= now, _ACTIVE)
                .order_by(col(ReviewCard.due_at), col(ReviewCard.id)).limit(1))
        row = (await self._s.exec(stmt)).first()
        return (row[0], row[1], row[2]) if row is not None else None

    async def count_due(self, person_id: int, now: datetime) -> int:
        stmt = (select(func.count()).select_from(ReviewCard).join(LessonQuestion, _QUESTION)
                .where(col(ReviewCard.person_id) == person_id, col(ReviewCard.due_at) <= now, _ACTIVE))
        return int((await self._s.exec(stmt)).one())

    async def earliest(self, person_id: int) -> datetime | None:
        stmt = (select(func.min(ReviewCard.due_at)).join(LessonQuestion, _QUESTION)
                .where(col(ReviewCard.person_id) == person_id, _ACTIVE))
        return (await self._s.exec(stmt)).one()

    async def look_by(self, person_id: int, when: datetime) -> None:
        """Make the source look at the person by `when` (a new card falls due then)."""
        stmt = (update(Person).where(col(Person.id) == person_id,
                                     col(Person.next_review_at).is_(None) | (col(Person.next_review_at) > when))
                .values(next_review_at=when).execution_options(synchronize_session=False))
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def switch(self, person_id: int, off: bool, next_at: datetime | None) -> None:
        stmt = (update(Person).where(col(Person.id) == person_id)
                .values(reviews_off=off, next_review_at=next_at).execution_options(synchronize_session=False))
        await self._s.exec(stmt)  # type: ignore[call-overload]

    # -- the review source's page -------------------------------------------------------------
    async def due_people(self, now: datetime, limit: int) -> Sequence[Person]:
        """People whose review look has come (active, reviews on), oldest look first."""
        stmt = (select(Person).where(col(Person.next_review_at) <= now, col(Person.active).is_(True),
                                     col(Person.reviews_off).is_(False))
                .order_by(col(Person.next_review_at), col(Person.id)).limit(limit))
        return (await self._s.exec(stmt)).all()

    async def sittings(self, person_ids: Sequence[int], now: datetime,
                       per_person: int) -> dict[int, tuple[list[Card], int]]:
        """Up to `per_person` due cards of each person, most overdue first, and how many are due in
        all, in one statement."""
        if not person_ids:
            return {}
        rank = func.row_number().over(partition_by=col(ReviewCard.person_id),
                                      order_by=(col(ReviewCard.due_at), col(ReviewCard.id))).label("rank")
        due = func.count().over(partition_by=col(ReviewCard.person_id)).label("due")
        ranked = (select(col(ReviewCard.id).label("card_id"), rank, due).join(LessonQuestion, _QUESTION)
                  .where(col(ReviewCard.person_id).in_(list(person_ids)), col(ReviewCard.due_at) <= now, _ACTIVE)
                  .subquery())
        stmt = (self._cards().add_columns(ranked.c.due).join(ranked, ranked.c.card_id == col(ReviewCard.id))
                .where(ranked.c.rank <= per_person).order_by(col(ReviewCard.person_id), ranked.c.rank))
        out: dict[int, tuple[list[Card], int]] = {}
        for card, question, lesson, count in (await self._s.exec(stmt)).all():
            out.setdefault(card.person_id, ([], int(count)))[0].append((card, question, lesson))
        return out

    async def earliest_after(self, person_ids: Sequence[int], after: datetime) -> dict[int, datetime]:
        """Each person's earliest card due after `after` (one grouped statement)."""
        if not person_ids:
            return {}
        stmt = (select(ReviewCard.person_id, func.min(ReviewCard.due_at)).join(LessonQuestion, _QUESTION)
                .where(col(ReviewCard.person_id).in_(list(person_ids)), col(ReviewCard.due_at) > after, _ACTIVE)
                .group_by(col(ReviewCard.person_id)))
        return {pid: at for pid, at in (await self._s.exec(stmt)).all()}

    async def set_next(self, pairs: Sequence[tuple[int, datetime | None]]) -> None:
        """Store many people's next review look in one executemany."""
        if pairs:
            table = Person.__table__  # type: ignore[attr-defined]
            stmt = update(table).where(table.c.id == bindparam("pid")).values(next_review_at=bindparam("when"))
            conn = await self._s.connection()
            await conn.execute(stmt, [{"pid": p, "when": w} for p, w in pairs])

    # -- /export ------------------------------------------------------------------------------
    async def cards_of(self, person_id: int) -> Sequence[Card]:
        stmt = self._cards().where(col(ReviewCard.person_id) == person_id).order_by(col(ReviewCard.id))
        return [(c, q, lesson) for c, q, lesson in (await self._s.exec(stmt)).all()]
