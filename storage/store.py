"""The store: one engine, and units of work that commit as a whole or not at all."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.actions import Actions
from storage.engine import create_engine, is_sqlite, normalise_url
from storage.events import Events
from storage.insights import Insights
from storage.lesson_progress import LessonProgress
from storage.lessons import Lessons
from storage.migrate import upgrade
from storage.coaching import Coaching
from storage.metrics import Metrics
from storage.notices import Notices
from storage.nudges import Nudges
from storage.reports import Reports
from storage.sessions import Sessions
from storage.teams import Teams
from storage.series import SeriesRepo
from storage.goals import Goals
from storage.knowledge_read import KnowledgeRead
from storage.skills import Skills
from storage.web import WebAccess
from storage.pending import PendingItems
from storage.quizzes import Quizzes
from storage.reviews import Reviews
from storage.personal import PersonalData
from storage.people import People


class Unit:
    """The repositories of one transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.people = People(session)
        self.actions = Actions(session)
        self.insights = Insights(session)
        self.pending = PendingItems(session)
        self.events = Events(session)
        self.nudges = Nudges(session)
        self.notices = Notices(session)
        self.metrics = Metrics(session)
        self.coaching = Coaching(session)
        self.reports = Reports(session)
        self.teams = Teams(session)
        self.personal = PersonalData(session)
        self.lessons = Lessons(session)
        self.lesson_progress = LessonProgress(session)
        self.series = SeriesRepo(session)
        self.sessions = Sessions(session)
        self.skills = Skills(session)
        self.goals = Goals(session)
        self.knowledge = KnowledgeRead(session)
        self.web = WebAccess(session)
        self.quizzes = Quizzes(session)
        self.reviews = Reviews(session)


class Store:
    """Owns the engine. `unit()` yields a `Unit` and commits when the block ends cleanly.

    SQLite allows one writer at a time; rather than let concurrent transactions fail with
    "database is locked", units are serialised in-process there. PostgreSQL runs them
    concurrently and relies on row locks.
    """

    def __init__(self, url: str, *, fast_sqlite: bool = True) -> None:
        self.url = normalise_url(url)
        self.engine = create_engine(self.url, fast_sqlite=fast_sqlite)
        self._sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)
        self._serial = asyncio.Lock() if is_sqlite(self.url) else None

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    async def migrate(self) -> None:
        await upgrade(self.engine)

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[Unit]:
        if self._serial is None:
            async with self._sessions() as session:
                yield Unit(session)
                await session.commit()
            return
        async with self._serial:
            async with self._sessions() as session:
                yield Unit(session)
                await session.commit()

    async def close(self) -> None:
        await self.engine.dispose()
