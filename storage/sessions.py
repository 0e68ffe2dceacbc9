"""Coaching sessions and session notes. A coach reads only sessions they hold; a client only
their own. The scheduler reads due sessions in bounded pages with their ledger rows."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.kinds import NudgeKind
from storage.models import CoachLink, Person
from storage.ledger_models import Nudge
from storage.session_models import CoachingSession, SessionNote

PLANNED = "planned"
CANCELLED = "cancelled"
SESSION_KINDS = (NudgeKind.SESSION_PREP, NudgeKind.SESSION_AGENDA, NudgeKind.SESSION_PROD)


class Sessions:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def save(self, row: CoachingSession) -> CoachingSession:
        self._s.add(row)
        await self._s.flush()
        return row

    async def of_coach(self, coach_id: int, session_id: int) -> CoachingSession | None:
        stmt = select(CoachingSession).where(CoachingSession.coach_id == coach_id, CoachingSession.id == session_id)
        return (await self._s.exec(stmt)).first()

    async def upcoming_of_coach(self, coach_id: int, now: datetime, limit: int = 50
                                ) -> Sequence[tuple[CoachingSession, Person]]:
        """The coach's planned sessions not yet over, soonest first, with each client."""
        stmt = (select(CoachingSession, Person).join(Person, col(Person.id) == col(CoachingSession.client_id))
                .where(CoachingSession.coach_id == coach_id, CoachingSession.status == PLANNED,
                       col(CoachingSession.starts_at) >= now)
                .order_by(col(CoachingSession.starts_at), col(CoachingSession.id)).limit(limit))
        return (await self._s.exec(stmt)).all()

    async def upcoming_of_client(self, client_id: int, now: datetime, limit: int = 20
                                 ) -> Sequence[tuple[CoachingSession, Person]]:
        """The client's planned sessions ahead, soonest first, with each coach."""
        stmt = (select(CoachingSession, Person).join(Person, col(Person.id) == col(CoachingSession.coach_id))
                .where(CoachingSession.client_id == client_id, CoachingSession.status == PLANNED,
                       col(CoachingSession.starts_at) >= now)
                .order_by(col(CoachingSession.starts_at), col(CoachingSession.id)).limit(limit))
        return (await self._s.exec(stmt)).all()

    async def next_with(self, coach_id: int, client_id: int, now: datetime) -> CoachingSession | None:
        """The next planned session of this coach with this client (not yet started)."""
        stmt = (select(CoachingSession)
                .where(CoachingSession.coach_id == coach_id, CoachingSession.client_id == client_id,
                       CoachingSession.status == PLANNED, col(CoachingSession.starts_at) >= now)
                .order_by(col(CoachingSession.starts_at)).limit(1))
        return (await self._s.exec(stmt)).first()

    async def held_before(self, coach_id: int, client_id: int, before: datetime) -> CoachingSession | None:
        """The latest planned session with this client that started before `before`."""
        stmt = (select(CoachingSession)
                .where(CoachingSession.coach_id == coach_id, CoachingSession.client_id == client_id,
                       CoachingSession.status == PLANNED, col(CoachingSession.starts_at) < before)
                .order_by(col(CoachingSession.starts_at).desc()).limit(1))
        return (await self._s.exec(stmt)).first()

    async def just_ended(self, client_id: int, now: datetime, window_start: datetime) -> CoachingSession | None:
        """The client's latest session that started after `window_start` and before `now`
        (the session an insight recorded now comes from)."""
        stmt = (select(CoachingSession)
                .where(CoachingSession.client_id == client_id, CoachingSession.status == PLANNED,
                       col(CoachingSession.starts_at) < now, col(CoachingSession.starts_at) >= window_start)
                .order_by(col(CoachingSession.starts_at).desc()).limit(1))
        return (await self._s.exec(stmt)).first()

    async def of_client(self, client_id: int, coach_id: int | None = None) -> Sequence[CoachingSession]:
        """Every session of the client (with one coach, if given), oldest first: one query."""
        stmt = select(CoachingSession).where(CoachingSession.client_id == client_id)
        if coach_id is not None:
            stmt = stmt.where(CoachingSession.coach_id == coach_id)
        return (await self._s.exec(stmt.order_by(col(CoachingSession.starts_at), col(CoachingSession.id)))).all()

    async def of_person(self, person_id: int) -> Sequence[CoachingSession]:
        """Every session the person holds or attends (for /export)."""
        stmt = (select(CoachingSession)
                .where((col(CoachingSession.coach_id) == person_id) | (col(CoachingSession.client_id) == person_id))
                .order_by(col(CoachingSession.starts_at), col(CoachingSession.id)))
        return (await self._s.exec(stmt)).all()

    async def due(self, now: datetime, limit: int) -> Sequence[tuple[CoachingSession, Person, Person]]:
        """Sessions whose look-again instant has come, with client and coach: one bounded read."""
        coach = aliased(Person)
        stmt = (select(CoachingSession, Person, coach)
                .join(Person, col(Person.id) == col(CoachingSession.client_id))
                .join(coach, col(coach.id) == col(CoachingSession.coach_id))
                .where(col(CoachingSession.next_check_at) <= now)
                .order_by(col(CoachingSession.next_check_at)).limit(limit))
        return (await self._s.exec(stmt)).all()  # type: ignore[return-value]

    async def ledger_for(self, session_ids: Sequence[int]) -> dict[int, list[Nudge]]:
        """The session nudges already claimed, per session: one statement for a page."""
        if not session_ids:
            return {}
        stmt = select(Nudge).where(col(Nudge.subject_id).in_(list(session_ids)),
                                   col(Nudge.kind).in_([str(k) for k in SESSION_KINDS]))
        out: dict[int, list[Nudge]] = defaultdict(list)
        for row in (await self._s.exec(stmt)).all():
            out[row.subject_id].append(row)
        return out

    async def set_check(self, session_id: int, when: datetime | None) -> None:
        await self._s.exec(update(CoachingSession).where(col(CoachingSession.id) == session_id)  # type: ignore
                           .values(next_check_at=when))

    async def by_id(self, session_id: int) -> CoachingSession | None:
        return await self._s.get(CoachingSession, session_id)

    async def add_note(self, coach_id: int, client_id: int, session_id: int | None, text: str,
                       now: datetime) -> SessionNote:
        note = SessionNote(coach_id=coach_id, client_id=client_id, session_id=session_id, text=text, created_at=now)
        self._s.add(note)
        await self._s.flush()
        return note

    async def notes_by(self, coach_id: int, client_id: int | None = None) -> Sequence[SessionNote]:
        """The coach's own notes (about one client, if given), oldest first."""
        stmt = select(SessionNote).where(SessionNote.coach_id == coach_id)
        if client_id is not None:
            stmt = stmt.where(SessionNote.client_id == client_id)
        return (await self._s.exec(stmt.order_by(col(SessionNote.id)))).all()

    async def engagement_start(self, client_id: int, coach_id: int | None = None) -> datetime | None:
        """When the client first joined a coach (this coach, if given): where the record begins."""
        stmt = select(CoachLink.created_at).where(CoachLink.client_id == client_id)
        if coach_id is not None:
            stmt = stmt.where(CoachLink.coach_id == coach_id)
        return (await self._s.exec(stmt.order_by(col(CoachLink.created_at)).limit(1))).first()

    async def next_per_client(self, coach_id: int, now: datetime) -> dict[int, CoachingSession]:
        """client id -> the coach's next planned session with them (one query, for lists of clients)."""
        out: dict[int, CoachingSession] = {}
        for row in await self.upcoming_of_coach(coach_id, now, limit=1000):
            out.setdefault(row[0].client_id, row[0])
        return out

    async def end_between(self, coach_id: int, client_id: int, now: datetime) -> None:
        """The coach link ended: sessions ahead are cancelled (no prep, no agenda) and no series
        goes on; sessions held stay in the client's record."""
        between = (col(CoachingSession.coach_id) == coach_id, col(CoachingSession.client_id) == client_id)
        await self._s.exec(update(CoachingSession).where(*between)  # type: ignore[call-overload]
                           .values(every=""))
        await self._s.exec(update(CoachingSession)  # type: ignore[call-overload]
                           .where(*between, col(CoachingSession.status) == PLANNED,
                                  col(CoachingSession.starts_at) >= now)
                           .values(status=CANCELLED, next_check_at=None))
