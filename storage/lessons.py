"""The lesson library: saving an imported lesson (a re-import updates it in place, keeping
people's results) and reading the lessons a person may see.

A lesson is the deployment's (`owner_id` None: the starter library and `followthrough lessons
import`) or a coach's own (sent in chat): visible to that coach and the people they coach or
manage. Callers pass the owners a person may see; nothing here reads unscoped lists of people.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.attach import insert_attached
from storage.knowledge_models import Lesson, LessonQuestion

ADDED, UPDATED = "added", "updated"


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    options: tuple[str, ...]
    correct: tuple[int, ...]
    explanation: str


@dataclass(frozen=True)
class LessonDraft:
    """A lesson as read from its file, before it is saved."""

    key: str
    title: str
    topic: str
    minutes: int
    link: str | None
    body: str
    pass_mark: int
    questions: tuple[QuestionDraft, ...]


@dataclass(frozen=True)
class Saved:
    lesson: Lesson
    outcome: str  # added | updated
    retired: int  # questions the new file no longer has (kept, inactive, with their answers)


def options_of(question: LessonQuestion) -> list[str]:
    return [str(o) for o in json.loads(question.options)]


def correct_of(question: LessonQuestion) -> list[int]:
    return [int(i) for i in json.loads(question.correct)]


class Lessons:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def library_count(self) -> int:
        """Lessons of the deployment's library (the starter lessons and imported files)."""
        stmt = select(func.count()).select_from(Lesson).where(col(Lesson.owner_id).is_(None))
        return int((await self._s.exec(stmt)).one())

    async def by_key(self, key: str) -> Lesson | None:
        return (await self._s.exec(select(Lesson).where(col(Lesson.key) == key))).first()

    async def by_id(self, lesson_id: int) -> Lesson | None:
        return await self._s.get(Lesson, lesson_id)

    async def by_number(self, number: int, owners: Sequence[int]) -> Lesson | None:
        """Lesson N if the person may see it (the library's, or owned by one of `owners`)."""
        stmt = select(Lesson).where(col(Lesson.number) == number, _visible(owners))
        return (await self._s.exec(stmt)).first()

    async def visible(self, owners: Sequence[int], limit: int = 200) -> Sequence[Lesson]:
        """The library and the lessons of `owners` (the person and their coaches/managers), by number."""
        stmt = select(Lesson).where(_visible(owners)).order_by(col(Lesson.number)).limit(limit)
        return (await self._s.exec(stmt)).all()

    async def questions(self, lesson_id: int) -> Sequence[LessonQuestion]:
        """The active questions, in quiz order."""
        stmt = (select(LessonQuestion).where(col(LessonQuestion.lesson_id) == lesson_id,
                                             col(LessonQuestion.active).is_(True))
                .order_by(col(LessonQuestion.position)))
        return (await self._s.exec(stmt)).all()

    async def authored(self, owner_id: int) -> Sequence[Lesson]:
        stmt = select(Lesson).where(col(Lesson.owner_id) == owner_id).order_by(col(Lesson.number))
        return (await self._s.exec(stmt)).all()

    async def authored_questions(self, owner_id: int) -> Sequence[LessonQuestion]:
        stmt = (select(LessonQuestion).join(Lesson, col(Lesson.id) == col(LessonQuestion.lesson_id))
                .where(col(Lesson.owner_id) == owner_id)
                .order_by(col(LessonQuestion.lesson_id), col(LessonQuestion.position)))
        return (await self._s.exec(stmt)).all()

    async def save(self, draft: LessonDraft, owner_id: int | None, source: str, now: datetime) -> Saved:
        """Add the lesson, or update the one with the same key: its number stays, questions are
        updated by position, and those past the new file's last are marked inactive (answers
        already given keep their question)."""
        lesson = await self.by_key(draft.key)
        fields: dict[str, Any] = dict(title=draft.title, topic=draft.topic, minutes=draft.minutes, link=draft.link,
                                      body=draft.body, pass_mark=draft.pass_mark)
        if lesson is None:
            number = int((await self._s.exec(select(func.coalesce(func.max(Lesson.number), 0)))).one()) + 1
            added = await insert_attached(self._s, Lesson(key=draft.key, number=number, owner_id=owner_id,
                                                          source=source, created_at=now, updated_at=now, **fields))
            assert added is not None
            lesson, outcome = added, ADDED
        else:
            for name, value in fields.items():
                setattr(lesson, name, value)
            lesson.updated_at = now
            self._s.add(lesson)
            outcome = UPDATED
        existing = {q.position: q for q in (await self._s.exec(
            select(LessonQuestion).where(col(LessonQuestion.lesson_id) == lesson.id))).all()}
        for position, q in enumerate(draft.questions):
            row = existing.pop(position, None) or LessonQuestion(lesson_id=lesson.id, position=position, text="",
                                                                 options="[]", correct="[]")
            row.text, row.explanation, row.active = q.text, q.explanation, True
            row.options = json.dumps(list(q.options), ensure_ascii=False)
            row.correct = json.dumps(list(q.correct))
            self._s.add(row)
        retired = 0
        for row in existing.values():
            retired += row.active
            row.active = False
            self._s.add(row)
        await self._s.flush()
        return Saved(lesson, outcome, retired)


def _visible(owners: Sequence[int]):  # type: ignore[no-untyped-def]
    if not owners:
        return col(Lesson.owner_id).is_(None)
    return or_(col(Lesson.owner_id).is_(None), col(Lesson.owner_id).in_(list(owners)))
