"""How people stand with their lessons: assignments (actions naming a lesson), finished quiz
attempts, review questions due and mastery per topic. Read for /lessons and for the knowledge
lines of the digests, /clients and the team digest.

Each reader takes the people it serves and answers for all of them with one statement, so a
coach's digest over 200 clients costs the same few statements as over one.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.knowledge_models import Lesson, LessonQuestion, QuizAttempt, ReviewCard, TopicMastery
from storage.models import Action


@dataclass(frozen=True)
class Assignment:
    person_id: int
    lesson_id: int
    title: str
    topic: str
    number: int  # the action's number in the person's list
    status: str  # open | done | dropped
    deadline: datetime | None
    assigned_by_id: int | None


@dataclass(frozen=True)
class Finished:
    person_id: int
    lesson_id: int
    title: str
    score: int
    passed: bool
    at: datetime


@dataclass
class Standing:
    """One person's lessons: what is assigned, the best finished score per lesson, reviews due."""

    assignments: list[Assignment] = field(default_factory=list)
    best: dict[int, tuple[int, bool]] = field(default_factory=dict)  # lesson id -> (best score, ever passed)
    reviews_due: dict[int, int] = field(default_factory=dict)  # lesson id -> questions due for review


class LessonProgress:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def assignments(self, person_ids: Sequence[int]) -> list[Assignment]:
        """Every action that names a lesson, of these people, newest first."""
        if not person_ids:
            return []
        stmt = (select(Action, Lesson.title, Lesson.topic)
                .join(Lesson, col(Lesson.id) == col(Action.lesson_id))
                .where(col(Action.person_id).in_(list(person_ids)))
                .order_by(col(Action.created_at).desc(), col(Action.id).desc()))
        return [Assignment(a.person_id, a.lesson_id or 0, title, topic, a.number, a.status, a.deadline,
                           a.assigned_by_id) for a, title, topic in (await self._s.exec(stmt)).all()]

    async def finished(self, person_ids: Sequence[int], since: datetime | None = None,
                       until: datetime | None = None) -> list[Finished]:
        """Finished quiz attempts (in [since, until) when given), oldest first."""
        if not person_ids:
            return []
        stmt = (select(QuizAttempt, Lesson.title)
                .join(Lesson, col(Lesson.id) == col(QuizAttempt.lesson_id))
                .where(col(QuizAttempt.person_id).in_(list(person_ids)), col(QuizAttempt.finished_at).is_not(None)))
        if since is not None:
            stmt = stmt.where(col(QuizAttempt.finished_at) >= since)
        if until is not None:
            stmt = stmt.where(col(QuizAttempt.finished_at) < until)
        rows = (await self._s.exec(stmt.order_by(col(QuizAttempt.finished_at)))).all()
        return [Finished(a.person_id, a.lesson_id, title, int(a.score or 0), bool(a.passed),
                         a.finished_at or a.started_at) for a, title in rows]

    async def reviews_due(self, person_ids: Sequence[int], now: datetime) -> list[tuple[int, int, str, int]]:
        """(person id, lesson id, topic, questions due) for review questions due by `now`."""
        if not person_ids:
            return []
        stmt = (select(ReviewCard.person_id, Lesson.id, Lesson.topic, func.count())
                .join(LessonQuestion, col(LessonQuestion.id) == col(ReviewCard.question_id))
                .join(Lesson, col(Lesson.id) == col(LessonQuestion.lesson_id))
                .where(col(ReviewCard.person_id).in_(list(person_ids)), col(ReviewCard.due_at) <= now,
                       col(LessonQuestion.active).is_(True))
                .group_by(col(ReviewCard.person_id), col(Lesson.id), col(Lesson.topic)))
        return [(int(p), int(lesson), str(topic), int(n)) for p, lesson, topic, n in (await self._s.exec(stmt)).all()]

    async def mastery(self, person_ids: Sequence[int]) -> dict[int, dict[str, float]]:
        """person id -> {topic: mastery 0-100}."""
        if not person_ids:
            return {}
        stmt = (select(TopicMastery.person_id, TopicMastery.topic, TopicMastery.score)
                .where(col(TopicMastery.person_id).in_(list(person_ids)), col(TopicMastery.answers) > 0))
        out: dict[int, dict[str, float]] = {}
        for pid, topic, score in (await self._s.exec(stmt)).all():
            out.setdefault(int(pid), {})[str(topic)] = float(score)
        return out

    async def standing(self, person_id: int, now: datetime) -> Standing:
        """One person's standing over every lesson (for /lessons and /lesson N)."""
        result = Standing(assignments=await self.assignments([person_id]))
        for f in await self.finished([person_id]):
            best, passed = result.best.get(f.lesson_id, (0, False))
            result.best[f.lesson_id] = (max(best, f.score), passed or f.passed)
        for _, lesson_id, _, n in await self.reviews_due([person_id], now):
            result.reviews_due[lesson_id] = n
        return result

