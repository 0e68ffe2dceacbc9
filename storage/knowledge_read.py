"""What the Skills card and the REKS reading read of Knowledge: a person's mastery per topic, its
change over a window (from their answers), and the lesson that teaches a topic. Read only: the
Knowledge feature writes these tables."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.knowledge_models import Lesson, QuizAnswer, TopicMastery


class KnowledgeRead:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def mastery(self, person_ids: Sequence[int]) -> dict[int, dict[str, float]]:
        """person -> topic -> score 0-100, for everyone who answered anything."""
        if not person_ids:
            return {}
        stmt = select(TopicMastery).where(col(TopicMastery.person_id).in_(person_ids))
        out: dict[int, dict[str, float]] = {}
        for m in (await self._s.exec(stmt)).all():
            out.setdefault(m.person_id, {})[m.topic] = m.score
        return out

    async def answers_since(self, person_ids: Sequence[int], since: datetime) -> dict[int, dict[str, tuple[int, int]]]:
        """person -> topic -> (answers, right) since `since`: the window's knowledge growth."""
        if not person_ids:
            return {}
        right = func.sum(case((col(QuizAnswer.is_right), 1), else_=0))
        stmt = (select(QuizAnswer.person_id, QuizAnswer.topic, func.count(), right)
                .where(col(QuizAnswer.person_id).in_(person_ids), col(QuizAnswer.answered_at) >= since)
                .group_by(col(QuizAnswer.person_id), col(QuizAnswer.topic)))
        out: dict[int, dict[str, tuple[int, int]]] = {}
        for pid, topic, n, ok in (await self._s.exec(stmt)).all():
            out.setdefault(pid, {})[topic] = (int(n), int(ok or 0))
        return out

    async def lessons_by_topic(self) -> dict[str, tuple[int, str]]:
        """topic -> (number, title) of the first lesson teaching it."""
        stmt = select(Lesson.topic, Lesson.number, Lesson.title).order_by(col(Lesson.number))
        out: dict[str, tuple[int, str]] = {}
        for topic, number, title in (await self._s.exec(stmt)).all():
            out.setdefault(topic, (number, title))
        return out

    async def lesson(self, number: int) -> tuple[str, str] | None:
        """(topic, title) of lesson N, None when there is none."""
        row = (await self._s.exec(select(Lesson.topic, Lesson.title).where(Lesson.number == number))).first()
        return (row[0], row[1]) if row else None
