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
from storage.models import Action, Insight, Metric, Nudge, Person

ACTION_KINDS = ("reminder", "checkin", "followup")


class Nudges:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    # -- what is due -------------------------------------------------------------------
    async def due_actions(self, now: datetime, limit: int) -> Sequence[tuple[Action, Person]]:
        """Open actions whose next look is due, with their (active) owners, soonest first."""
        stmt = (
            select(Action, Person)
            .join(Person, col(Person.id) == col(Action.person_id))
            .where(col(Action.next_check_at) <= now, Action.status == "open", col(Person.active).is_(True))
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
            .where(col(Action.next_check_at) <= until, Action.status == "open", col(Person.active).is_(True))
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

    async def count_due(self, until: datetime) -> int:
        stmt = select(func.count()).select_from(Action).where(col(Action.next_check_at) <= until,
                                                                Action.status == "open")
        return (await self._s.exec(stmt)).one()

    async def next_check_at(self) -> datetime | None:
        """The earliest instant anything wants a look (for sleeping until then)."""
        a = (await self._s.exec(select(func.min(Action.next_check_at)).where(Action.status == "open"))).one()
        i = (await self._s.exec(select(func.min(Insight.next_check_at)))).one()
        return min((t for t in (a, i) if t is not None), default=None)

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
        """The person's zone or preferences changed: every future nudge is looked at again."""
        await self._s.exec(update(Action)  # type: ignore[call-overload]
                           .where(col(Action.person_id) == person_id, col(Action.status) == "open",
                                  col(Action.deadline).is_not(None))
                           .values(next_check_at=now))
        await self._s.exec(update(Insight)  # type: ignore[call-overload]
                           .where(col(Insight.person_id) == person_id, col(Insight.next_check_at).is_not(None))
                           .values(next_check_at=now))

    # -- the ledger ----------------------------------------------------------------------
    async def claim(self, person_id: int, kind: str, subject_id: int, anchor: datetime, lead: int,
                    planned_at: datetime, now: datetime) -> int | None:
        """Insert the obligation as `sending`; None when it was claimed before (already handled)."""
        stmt = insert_for(self._s, Nudge).values(
            person_id=person_id, kind=kind, subject_id=subject_id, anchor=anchor, lead=lead,
            planned_at=planned_at, status="sending", claimed_at=now)
        result = await self._s.exec(stmt.on_conflict_do_nothing().returning(Nudge.id))  # type: ignore[call-overload]
        row = result.first()
        return row[0] if row else None

    async def mark_sent(self, nudge_id: int, message_id: str, now: datetime) -> None:
        stmt = update(Nudge).where(col(Nudge.id) == nudge_id).values(status="sent", sent_at=now,
                                                                      message_id=message_id[:64])
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def mark_failed(self, nudge_id: int) -> None:
        stmt = update(Nudge).where(col(Nudge.id) == nudge_id).values(status="failed")
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def release(self, nudge_id: int) -> None:
        """Give a claim back after a failed send, so a later tick tries again."""
        await self._s.exec(delete(Nudge).where(col(Nudge.id) == nudge_id))  # type: ignore[call-overload]

    async def answer_checkin(self, action_id: int, anchor: datetime, now: datetime) -> None:
        """The person answered the check-in (e.g. "need more time"): no follow-up for it."""
        stmt = (update(Nudge)
                .where(col(Nudge.subject_id) == action_id, col(Nudge.kind) == "checkin", col(Nudge.anchor) == anchor,
                       col(Nudge.answered_at).is_(None))
                .values(answered_at=now))
        await self._s.exec(stmt)  # type: ignore[call-overload]

    async def settle_interrupted(self, claimed_before: datetime, now: datetime) -> int:
        """Claims left `sending` by a crash are given back and their subjects looked at again,
        so the nudge is sent (a duplicate only if the crash fell between the platform's answer
        and the record). Returns how many were settled."""
        rows = (await self._s.exec(select(Nudge).where(Nudge.status == "sending",
                                                       col(Nudge.claimed_at) < claimed_before))).all()
        for row in rows:
            if row.kind == "insight":
                await self.set_insight_check(row.subject_id, now)
            elif row.kind == "metric":
                await self._s.exec(update(Metric).where(col(Metric.id) == row.subject_id)  # type: ignore
                                   .values(next_check_at=now))
            elif row.kind in ("digest", "coach_digest", "team_digest", "reks"):
                await self._s.exec(update(Person).where(col(Person.id) == row.person_id)  # type: ignore
                                   .values(next_digest_at=now))
            else:
                await self.set_action_check(row.subject_id, now)
            await self._s.delete(row)
        return len(rows)

    async def latest_sent(self, person_id: int, kind: str, since: datetime) -> Nudge | None:
        """The person's most recent nudge of this kind sent since `since`."""
        stmt = (select(Nudge).where(Nudge.person_id == person_id, Nudge.kind == kind, Nudge.status == "sent",
                                    col(Nudge.sent_at) >= since)
                .order_by(col(Nudge.sent_at).desc()).limit(1))
        return (await self._s.exec(stmt)).first()

    async def sent_for(self, person_id: int) -> Sequence[Nudge]:
        stmt = select(Nudge).where(Nudge.person_id == person_id).order_by(col(Nudge.id))
        return (await self._s.exec(stmt)).all()

    async def deactivate(self, person_id: int) -> None:
        """The person blocked the bot: stop their nudges until they write again."""
        stmt = update(Person).where(col(Person.id) == person_id).values(active=False)
        await self._s.exec(stmt)  # type: ignore[call-overload]
