"""The schedule, read from the data: what is due, what was sent, and claims on the ledger.

Reads are bounded pages over indexed columns (`next_check_at`), never "all actions", so
planning stays flat in memory however many actions there are.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, exists, func, tuple_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import insert_for
from storage.kinds import ACTION_KINDS, NudgeKind, NudgeStatus, ActionStatus
from storage.session_models import CoachingSession
from storage.models import Action, Insight, Metric, Person
from storage.ledger_models import Nudge


class Nudges:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    # -- what is due -------------------------------------------------------------------
    async def due_actions(self, now: datetime, limit: int) -> Sequence[tuple[Action, Person]]:
        """Open actions whose next look is due, with their (active) owners, soonest first."""
        stmt = (
            select(Action, Person)
            .join(Person, col(Person.id) == col(Action.person_id))
            .where(col(Action.next_check_at) <= now, Action.status == ActionStatus.OPEN, col(Person.active).is_(True))
            .order_by(col(Action.next_check_at), col(Action.id))
            .limit(limit)
        )
        return (await self._s.exec(stmt)).all()

    async def upcoming_actions(self, until: datetime, after: tuple[datetime, int] | None,
                               limit: int) -> Sequence[tuple[Action, Person]]:
        """Open actions to look at by `until`, keyset-paged on (next_check_at, id): a read-only
        walk for planning ahead that never holds more than one page."""
        stmt = (
            select(Action, Person)
            .join(Person, col(Person.id) == col(Action.person_id))
            .where(col(Action.next_check_at) <= until, Action.status == ActionStatus.OPEN, col(Person.active).is_(True))
        )
        if after is not None:  # a row-value comparison lets the index seek instead of rescanning
            stmt = stmt.where(tuple_(col(Action.next_check_at), col(Action.id)) > tuple_(*after))
        stmt = stmt.order_by(col(Action.next_check_at), col(Action.id)).limit(limit)
        return (await self._s.exec(stmt)).all()

    async def ledger_for(self, action_ids: Sequence[int]) -> dict[int, list[Nudge]]:
        """Ledger rows of these actions, one query for the whole page (no N+1)."""
        if not action_ids:
            return {}
        stmt = select(Nudge).where(col(Nudge.subject_id).in_(list(action_ids)), col(Nudge.kind).in_(ACTION_KINDS))
        rows: dict[int, list[Nudge]] = defaultdict(list)
        for row in (await self._s.exec(stmt)).all():
            rows[row.subject_id].append(row)
        return rows

    async def due_insights(self, now: datetime, limit: int) -> Sequence[tuple[Insight, Person, bool]]:
        """Insights whose follow-up look is due: (insight, owner, has a linked action)."""
        linked = exists().where(col(Action.insight_id) == col(Insight.id))
        stmt = (
            select(Insight, Person, linked)
            .join(Person, col(Person.id) == col(Insight.person_id))
            .where(col(Insight.next_check_at) <= now, col(Person.active).is_(True))
            .order_by(col(Insight.next_check_at), col(Insight.id))
            .limit(limit)
        )
        return [(i, p, bool(has)) for i, p, has in (await self._s.exec(stmt)).all()]

    # -- updating the look-again instants ------------------------------------------------
    # UPDATEs here skip the session's synchronisation: by default each one is checked against
    # every object loaded in the session (a page of 500), which made a page quadratic.
    async def set_action_check(self, action_id: int, when: datetime | None) -> None:
        await self.set_action_checks([(action_id, when)])

    async def set_action_checks(self, pairs: Sequence[tuple[int, datetime | None]]) -> None:
        """Store the next look for many actions in one executemany."""
        if pairs:
            table = Action.__table__  # type: ignore[attr-defined]  # set by SQLModel at run time; a core UPDATE: executemany, not the ORM's per-row bulk mode
            stmt = update(table).where(table.c.id == bindparam("aid")).values(next_check_at=bindparam("when"))
            conn = await self._s.connection()  # the session's own transaction
            await conn.execute(stmt, [{"aid": a, "when": w} for a, w in pairs])

    async def set_insight_check(self, insight_id: int, when: datetime | None) -> None:
        stmt = update(Insight).where(col(Insight.id) == insight_id).values(next_check_at=when)
        await self._s.exec(stmt.execution_options(synchronize_session=False))  # type: ignore[call-overload]

    async def replan_person(self, person_id: int, now: datetime) -> None:
        """The one re-plan path: the person's zone or a nudge preference changed (/tz, /quiet,
        /reminders, /digest time), so every look-again instant of theirs is reset to now and the
        next tick works out afresh what each of their actions, insights, metrics, digests and review
        sittings owes."""
        await self._s.exec(update(Action)  # type: ignore[call-overload]
                           .where(col(Action.person_id) == person_id, col(Action.status) == ActionStatus.OPEN,
                                  col(Action.deadline).is_not(None))
                           .values(next_check_at=now))
        await self._s.exec(update(Insight)  # type: ignore[call-overload]
                           .where(col(Insight.person_id) == person_id, col(Insight.next_check_at).is_not(None))
                           .values(next_check_at=now))
        await self._s.exec(update(Metric)  # type: ignore[call-overload]
                           .where(col(Metric.person_id) == person_id, col(Metric.removed_at).is_(None))
                           .values(next_check_at=now))
        await self._s.exec(update(Person).where(col(Person.id) == person_id)  # type: ignore[call-overload]
                           .values(next_digest_at=now))
        await self._s.exec(update(CoachingSession)  # type: ignore[call-overload]
                           .where((col(CoachingSession.coach_id) == person_id)
                                  | (col(CoachingSession.client_id) == person_id),
                                  col(CoachingSession.next_check_at).is_not(None))
                           .values(next_check_at=now))
        await self._s.exec(update(Person)  # type: ignore[call-overload]
                           .where(col(Person.id) == person_id, col(Person.morning_time).is_not(None))
                           .values(next_morning_at=now))
        await self._s.exec(update(Person)  # type: ignore[call-overload]
                           .where(col(Person.id) == person_id, col(Person.next_review_at).is_not(None))
                           .values(next_review_at=now))

    # -- the ledger ----------------------------------------------------------------------
    async def claim(self, person_id: int, kind: NudgeKind, subject_id: int, anchor: datetime, lead: int,
                    planned_at: datetime, now: datetime) -> int | None:
        """Insert the obligation as `sending`; None when it was claimed before (already handled)."""
        stmt = insert_for(self._s, Nudge).values(
            person_id=person_id, kind=kind, subject_id=subject_id, anchor=anchor, lead=lead,
            planned_at=planned_at, status=NudgeStatus.SENDING, claimed_at=now)
        result = await self._s.exec(stmt.on_conflict_do_nothing().returning(Nudge.id))  # type: ignore[call-overload]
        row = result.first()
        return row[0] if row else None

    async def mark_sent(self, nudge_id: int, message_id: str, now: datetime) -> None:
        stmt = update(Nudge).where(col(Nudge.id) == nudge_id).values(status=NudgeStatus.SENT, sent_at=now,
                                                                      message_id=message_id[:64])
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def mark_failed(self, nudge_id: int) -> None:
        stmt = update(Nudge).where(col(Nudge.id) == nudge_id).values(status=NudgeStatus.FAILED)
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def mark_unknown(self, nudge_id: int) -> None:
        """An interrupted claim of a kind sent at most once: kept (so it is never sent again)."""
        stmt = update(Nudge).where(col(Nudge.id) == nudge_id).values(status=NudgeStatus.UNKNOWN)
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def release(self, nudge_id: int) -> None:
        """Give a claim back after a failed send, so a later tick tries again."""
        await self._s.exec(delete(Nudge).where(col(Nudge.id) == nudge_id))  # type: ignore[call-overload]

    async def answer_checkin(self, action_id: int, anchor: datetime, now: datetime) -> None:
        """The person answered the check-in (e.g. "need more time"): no follow-up for it."""
        stmt = (update(Nudge)
                .where(col(Nudge.subject_id) == action_id, col(Nudge.kind) == NudgeKind.CHECKIN,
                       col(Nudge.anchor) == anchor,
                       col(Nudge.answered_at).is_(None))
                .values(answered_at=now))
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def stuck_claims(self, claimed_before: datetime, skip: Sequence[int], limit: int) -> Sequence[Nudge]:
        """Claims still `sending` that were made before `claimed_before` (a crash, or an outcome
        that could not be written), leaving out `skip` (sends this process has in flight)."""
        stmt = select(Nudge).where(Nudge.status == NudgeStatus.SENDING, col(Nudge.claimed_at) < claimed_before)
        if skip:
            stmt = stmt.where(col(Nudge.id).not_in(list(skip)))
        return (await self._s.exec(stmt.order_by(col(Nudge.id)).limit(limit))).all()

    async def last_sent_of(self, person_ids: Sequence[int], kinds: Sequence[NudgeKind],
                           since: datetime) -> dict[tuple[int, str], datetime]:
        """(person, kind) -> when that person was last sent a nudge of that kind since `since`,
        for a page of people in one statement."""
        if not person_ids:
            return {}
        stmt = (select(Nudge.person_id, Nudge.kind, func.max(Nudge.sent_at))
                .where(col(Nudge.person_id).in_(list(person_ids)), col(Nudge.kind).in_(list(kinds)),
                       Nudge.status == NudgeStatus.SENT, col(Nudge.sent_at) >= since)
                .group_by(col(Nudge.person_id), col(Nudge.kind)))
        return {(p, k): at for p, k, at in (await self._s.exec(stmt)).all() if at is not None}

    async def latest_sent(self, person_id: int, kind: NudgeKind, since: datetime) -> Nudge | None:
        """The person's most recent nudge of this kind sent since `since`."""
        stmt = (select(Nudge).where(Nudge.person_id == person_id, Nudge.kind == kind, Nudge.status == NudgeStatus.SENT,
                                    col(Nudge.sent_at) >= since)
                .order_by(col(Nudge.sent_at).desc()).limit(1))
        return (await self._s.exec(stmt)).first()

    async def sent_since(self, person_id: int, kind: NudgeKind, since: datetime) -> Sequence[Nudge]:
        """The person's nudges of this kind sent since `since`, newest first."""
        stmt = (select(Nudge).where(Nudge.person_id == person_id, Nudge.kind == kind, Nudge.status == NudgeStatus.SENT,
                                    col(Nudge.sent_at) >= since)
                .order_by(col(Nudge.sent_at).desc(), col(Nudge.id).desc()).limit(50))
        return (await self._s.exec(stmt)).all()

    async def latest_action_nudge(self, person_id: int, since: datetime) -> int | None:
        """The action the person's latest nudge about an action (sent since `since`) was about:
        what "later" or "snooze 2 days" refers to when it names none."""
        stmt = (select(Nudge.subject_id).where(Nudge.person_id == person_id, col(Nudge.kind).in_(ACTION_KINDS),
                                               Nudge.status == NudgeStatus.SENT, col(Nudge.sent_at) >= since)
                .order_by(col(Nudge.sent_at).desc(), col(Nudge.id).desc()).limit(1))
        return (await self._s.exec(stmt)).first()

    async def sent_for(self, person_id: int) -> Sequence[Nudge]:
        stmt = select(Nudge).where(Nudge.person_id == person_id).order_by(col(Nudge.id))
        return (await self._s.exec(stmt)).all()

    async def sent_recently(self, person_ids: Sequence[int], since: datetime) -> Sequence[Nudge]:
        """The page's people's nudges sent since `since` (the daily budget counts their messages:
        rows sharing a message id were one bundled message), in one statement."""
        if not person_ids:
            return []
        stmt = select(Nudge).where(col(Nudge.person_id).in_(list(person_ids)), Nudge.status == NudgeStatus.SENT,
                                   col(Nudge.sent_at) >= since)
        return (await self._s.exec(stmt)).all()

    async def fold(self, person_id: int, kind: NudgeKind, subject_id: int, anchor: datetime, lead: int,
                   planned_at: datetime, message_id: str, now: datetime) -> None:
        """Record a nudge as delivered inside another message (a reminder folded into the morning plan)."""
        stmt = insert_for(self._s, Nudge).values(
            person_id=person_id, kind=kind, subject_id=subject_id, anchor=anchor, lead=lead, planned_at=planned_at,
            status=NudgeStatus.SENT, claimed_at=now, sent_at=now, message_id=message_id[:64])
        await self._s.exec(stmt.on_conflict_do_nothing())  # type: ignore[call-overload]

    async def deactivate(self, person_id: int) -> None:
        """The person blocked the bot: stop their nudges until they write again."""
        stmt = update(Person).where(col(Person.id) == person_id).values(active=False)
        await self._s.exec(stmt)  # type: ignore[call-overload]
