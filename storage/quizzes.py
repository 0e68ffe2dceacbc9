"""Taking a lesson's quiz: attempts, answers and mastery per topic, each read scoped to its person.

An answer moves its attempt on with one conditional UPDATE (`advance`: only from the position
the question was asked at), so a second press, or a press on a question already behind, moves
nothing on either database; the answer row itself is unique per attempt and question.
"""
from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import insert_ignoring_duplicates
from storage.knowledge_models import Lesson, LessonQuestion, QuizAnswer, QuizAttempt, TopicMastery
from storage.models import Action, CoachLink, Team, TeamMember

CHART_ANSWERS = 2000  # the newest answers replayed for the mastery chart: bounded, whatever the history
EXPORT_PAGE = 500  # answers read per page for /export


class Quizzes:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    # -- lessons ------------------------------------------------------------------------------
    async def lesson(self, person_id: int, number: int) -> Lesson | None:
        """Lesson N as the person may see it: the library's, their own, one of their coaches' or
        one of the managers' of the teams they are in."""
        coaches = select(CoachLink.coach_id).where(col(CoachLink.client_id) == person_id)
        managers = (select(Team.manager_id).join(TeamMember, col(TeamMember.team_id) == col(Team.id))
                    .where(col(TeamMember.person_id) == person_id))
        stmt = select(Lesson).where(col(Lesson.number) == number,
                                    col(Lesson.owner_id).is_(None) | (col(Lesson.owner_id) == person_id)
                                    | col(Lesson.owner_id).in_(coaches) | col(Lesson.owner_id).in_(managers))
        return (await self._s.exec(stmt)).first()

    async def lesson_by_id(self, lesson_id: int) -> Lesson | None:
        return await self._s.get(Lesson, lesson_id)

    async def questions(self, lesson_id: int) -> Sequence[LessonQuestion]:
        """The active questions, in quiz order."""
        stmt = (select(LessonQuestion).where(col(LessonQuestion.lesson_id) == lesson_id,
                                             col(LessonQuestion.active).is_(True))
                .order_by(col(LessonQuestion.position)))
        return (await self._s.exec(stmt)).all()

    async def open_assignment(self, person_id: int, lesson_id: int) -> Action | None:
        """The person's open action that assigns this lesson, if any (the oldest)."""
        stmt = (select(Action).where(col(Action.person_id) == person_id, col(Action.lesson_id) == lesson_id,
                                     col(Action.status) == "open").order_by(col(Action.id)).limit(1))
        return (await self._s.exec(stmt)).first()

    async def assignment(self, person_id: int, action_id: int) -> Action | None:
        """The action an attempt completes, only when it is this person's."""
        row = await self._s.get(Action, action_id)
        return row if row is not None and row.person_id == person_id else None

    # -- attempts -----------------------------------------------------------------------------
    async def attempt(self, person_id: int, attempt_id: int) -> QuizAttempt | None:
        """The attempt, only when it is this person's (another's id finds nothing)."""
        row = await self._s.get(QuizAttempt, attempt_id)
        return row if row is not None and row.person_id == person_id else None

    async def open_attempt(self, person_id: int, lesson_id: int) -> QuizAttempt | None:
        stmt = (select(QuizAttempt).where(col(QuizAttempt.person_id) == person_id,
                                          col(QuizAttempt.lesson_id) == lesson_id,
                                          col(QuizAttempt.finished_at).is_(None))
                .order_by(col(QuizAttempt.id).desc()).limit(1))
        return (await self._s.exec(stmt)).first()

    async def passed_since(self, person_id: int, lesson_id: int, since: datetime) -> QuizAttempt | None:
        """The person's latest passed attempt at the lesson started since `since`, if any."""
        stmt = (select(QuizAttempt).where(col(QuizAttempt.person_id) == person_id,
                                          col(QuizAttempt.lesson_id) == lesson_id,
                                          col(QuizAttempt.passed).is_(True), col(QuizAttempt.started_at) >= since)
                .order_by(col(QuizAttempt.id).desc()).limit(1))
        return (await self._s.exec(stmt)).first()

    async def start(self, person_id: int, lesson_id: int, action_id: int | None, total: int,
                    now: datetime) -> QuizAttempt:
        attempt = QuizAttempt(person_id=person_id, lesson_id=lesson_id, action_id=action_id, total=total,
                              started_at=now)
        self._s.add(attempt)
        await self._s.flush()
        return attempt

    async def advance(self, attempt_id: int, position: int, right: bool) -> bool:
        """Move the attempt past `position`; False when it was not there (answered already)."""
        stmt = (update(QuizAttempt)
                .where(col(QuizAttempt.id) == attempt_id, col(QuizAttempt.position) == position,
                       col(QuizAttempt.finished_at).is_(None))
                .values(position=position + 1, right_count=QuizAttempt.right_count + (1 if right else 0))
                .execution_options(synchronize_session=False))
        result = await self._s.exec(stmt)  # type: ignore[call-overload]
        return bool(result.rowcount == 1)

    async def answer(self, person_id: int, attempt_id: int | None, question_id: int, topic: str, chosen: str,
                     right: bool, kind: str, now: datetime) -> None:
        stmt = insert_ignoring_duplicates(self._s, QuizAnswer.__table__)  # type: ignore[attr-defined]
        conn = await self._s.connection()
        await conn.execute(stmt, [{"person_id": person_id, "attempt_id": attempt_id, "question_id": question_id,
                                   "topic": topic, "chosen": chosen, "is_right": right, "kind": kind,
                                   "answered_at": now}])

    async def refresh(self, attempt: QuizAttempt) -> QuizAttempt:
        await self._s.refresh(attempt)
        return attempt

    async def finish(self, attempt: QuizAttempt, score: int, passed: bool, now: datetime) -> None:
        attempt.finished_at, attempt.score, attempt.passed = now, score, passed
        self._s.add(attempt)
        await self._s.flush()

    async def earlier_scores(self, person_id: int, lesson_id: int, before_id: int, limit: int = 5) -> list[int]:
        """Scores of the person's earlier finished attempts at this lesson, oldest first."""
        stmt = (select(QuizAttempt.score).where(col(QuizAttempt.person_id) == person_id,
                                                col(QuizAttempt.lesson_id) == lesson_id,
                                                col(QuizAttempt.id) < before_id,
                                                col(QuizAttempt.score).is_not(None))
                .order_by(col(QuizAttempt.id).desc()).limit(limit))
        return [s for s in reversed((await self._s.exec(stmt)).all()) if s is not None]

    async def team_scores(self, person_id: int, lesson_id: int) -> list[int]:
        """Each teammate's latest score at this lesson (the person and the teams' managers included),
        across the teams the person is in or manages: only ever averaged, never shown one by one."""
        joined = select(TeamMember.team_id).where(col(TeamMember.person_id) == person_id)
        managed = select(Team.id).where(col(Team.manager_id) == person_id)
        members = select(TeamMember.person_id).where(col(TeamMember.team_id).in_(joined)
                                                     | col(TeamMember.team_id).in_(managed))
        managers = select(Team.manager_id).where(col(Team.id).in_(joined) | col(Team.id).in_(managed))
        mates = col(QuizAttempt.person_id).in_(members) | col(QuizAttempt.person_id).in_(managers)
        latest = (select(func.max(QuizAttempt.id)).where(col(QuizAttempt.lesson_id) == lesson_id,
                                                         col(QuizAttempt.score).is_not(None),
                                                         mates)
                  .group_by(col(QuizAttempt.person_id)))
        stmt = select(QuizAttempt.score).where(col(QuizAttempt.id).in_(latest))
        return [s for s in (await self._s.exec(stmt)).all() if s is not None]

    # -- mastery ------------------------------------------------------------------------------
    async def mastery(self, person_id: int) -> Sequence[TopicMastery]:
        stmt = select(TopicMastery).where(col(TopicMastery.person_id) == person_id).order_by(col(TopicMastery.topic))
        return (await self._s.exec(stmt)).all()

    async def mastery_of(self, person_id: int, topic: str, now: datetime) -> TopicMastery:
        stmt = select(TopicMastery).where(col(TopicMastery.person_id) == person_id, col(TopicMastery.topic) == topic)
        found = (await self._s.exec(stmt)).first()
        return found or TopicMastery(person_id=person_id, topic=topic, score=0.0, answers=0, updated_at=now)

    async def save_mastery(self, row: TopicMastery) -> None:
        self._s.add(row)
        await self._s.flush()

    async def answer_history(self, person_id: int) -> list[tuple[datetime, str, bool]]:
        """(answered at, topic, right) of the newest CHART_ANSWERS answers, oldest first."""
        stmt = (select(QuizAnswer.answered_at, QuizAnswer.topic, QuizAnswer.is_right)
                .where(col(QuizAnswer.person_id) == person_id)
                .order_by(col(QuizAnswer.answered_at).desc(), col(QuizAnswer.id).desc()).limit(CHART_ANSWERS))
        return [(at, topic, right) for at, topic, right in reversed((await self._s.exec(stmt)).all())]

    async def reviews_since(self, person_id: int, since: datetime) -> int:
        """How many review answers the person gave since `since` (today's sitting)."""
        stmt = (select(func.count()).select_from(QuizAnswer)
                .where(col(QuizAnswer.person_id) == person_id, col(QuizAnswer.kind) == "review",
                       col(QuizAnswer.answered_at) >= since))
        return int((await self._s.exec(stmt)).one())

    # -- /export ------------------------------------------------------------------------------
    async def attempts_of(self, person_id: int) -> Sequence[tuple[QuizAttempt, Lesson]]:
        stmt = (select(QuizAttempt, Lesson).join(Lesson, col(Lesson.id) == col(QuizAttempt.lesson_id))
                .where(col(QuizAttempt.person_id) == person_id).order_by(col(QuizAttempt.id)))
        return (await self._s.exec(stmt)).all()

    async def answers_of(self, person_id: int) -> list[QuizAnswer]:
        """Every answer, EXPORT_PAGE at a time (keyset on the id), yielding the loop between pages."""
        out: list[QuizAnswer] = []
        while True:
            stmt = select(QuizAnswer).where(col(QuizAnswer.person_id) == person_id)
            if out:
                stmt = stmt.where(col(QuizAnswer.id) > out[-1].id)
            page = (await self._s.exec(stmt.order_by(col(QuizAnswer.id)).limit(EXPORT_PAGE))).all()
            out += page
            if len(page) < EXPORT_PAGE:
                return out
            await asyncio.sleep(0)
