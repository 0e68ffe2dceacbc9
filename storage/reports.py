"""Reads for digests and coach views: a fixed number of queries for any number of people.

Each function takes the people it reports on and a window, and answers with rows grouped
by person, so a coach digest over 200 clients costs the same dozen statements as one.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import case, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.kinds import ActionStatus
from storage.models import Action, ActionEvent, Insight


def _group(rows, key) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for row in rows:
        out[key(row)].append(row)
    return out


class Reports:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def closed_between(self, ids: Sequence[int], start: datetime, end: datetime) -> dict[int, list[Action]]:
        """Actions done or dropped in the window (a drop stamps `completed_at` too)."""
        stmt = (select(Action).where(col(Action.person_id).in_(list(ids)),
                                     col(Action.status).in_([ActionStatus.DONE, ActionStatus.DROPPED]),
                                     col(Action.completed_at) >= start, col(Action.completed_at) < end)
                .order_by(col(Action.completed_at)))
        return _group((await self._s.exec(stmt)).all(), lambda a: a.person_id)

    async def judged_since(self, ids: Sequence[int], since: datetime, grace: timedelta,
                           now: datetime) -> dict[int, list[Action]]:
        """Dated actions that may have been settled since `since` (for the on-time rate): done
        since then, or still open with a deadline whose grace may have ended since then."""
        done = (col(Action.status) == ActionStatus.DONE) & (col(Action.completed_at) >= since)
        still_open = ((col(Action.status) == ActionStatus.OPEN) & (col(Action.deadline) >= since - grace)
                      & (col(Action.deadline) < now))
        stmt = select(Action).where(col(Action.person_id).in_(list(ids)), col(Action.deadline).is_not(None),
                                    done | still_open)
        return _group((await self._s.exec(stmt)).all(), lambda a: a.person_id)

    async def deadlines_between(self, ids: Sequence[int], start: datetime, end: datetime) -> dict[int, list[Action]]:
        """Actions (not dropped) whose deadline falls in the window: what was due then."""
        stmt = (select(Action).where(col(Action.person_id).in_(list(ids)), Action.status != ActionStatus.DROPPED,
                                     col(Action.deadline) >= start, col(Action.deadline) < end)
                .order_by(col(Action.deadline)))
        return _group((await self._s.exec(stmt)).all(), lambda a: a.person_id)

    async def changes_between(self, ids: Sequence[int], start: datetime,
                              end: datetime) -> dict[int, dict[str, dict[int, int]]]:
        """person -> {"moved" / "snoozed": {action id: times in the window}}."""
        stmt = (select(ActionEvent.person_id, ActionEvent.kind, ActionEvent.action_id, func.count())
                .where(col(ActionEvent.person_id).in_(list(ids)), col(ActionEvent.kind).in_(["moved", "snoozed"]),
                       col(ActionEvent.at) >= start, col(ActionEvent.at) < end)
                .group_by(col(ActionEvent.person_id), col(ActionEvent.kind), col(ActionEvent.action_id)))
        out: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
        for person_id, kind, action_id, n in (await self._s.exec(stmt)).all():
            out[person_id][kind][action_id] = n
        return out

    async def moves_between(self, ids: Sequence[int], start: datetime, end: datetime) -> dict[int, dict[int, int]]:
        """person -> {action id: times moved in the window}."""
        changes = await self.changes_between(ids, start, end)
        return {p: dict(kinds.get("moved", {})) for p, kinds in changes.items()}

    async def actions_by_ids(self, ids: Sequence[int], action_ids: Sequence[int]) -> dict[int, Action]:
        if not action_ids:
            return {}
        stmt = select(Action).where(col(Action.person_id).in_(list(ids)), col(Action.id).in_(list(action_ids)))
        return {a.id: a for a in (await self._s.exec(stmt)).all() if a.id is not None}

    async def insight_texts(self, ids: Sequence[int], insight_ids: Sequence[int]) -> dict[int, str]:
        """insight id -> its words, for these people's insights (the start of an outcome's chain)."""
        if not insight_ids:
            return {}
        stmt = select(Insight.id, Insight.text).where(col(Insight.person_id).in_(list(ids)),
                                                      col(Insight.id).in_(list(insight_ids)))
        return {i: t for i, t in (await self._s.exec(stmt)).all()}

    async def open_counts(self, ids: Sequence[int], now: datetime) -> dict[int, tuple[int, int]]:
        """person -> (open actions, of which overdue)."""
        overdue = func.sum(case((col(Action.deadline) < now, 1), else_=0))
        stmt = (select(Action.person_id, func.count(), overdue)
                .where(col(Action.person_id).in_(list(ids)), Action.status == ActionStatus.OPEN)
                .group_by(col(Action.person_id)))
        return {p: (int(n), int(o or 0)) for p, n, o in (await self._s.exec(stmt)).all()}

    async def done_totals(self, ids: Sequence[int]) -> dict[int, int]:
        stmt = (select(Action.person_id, func.count()).where(col(Action.person_id).in_(list(ids)),
                                                             Action.status == ActionStatus.DONE)
                .group_by(col(Action.person_id)))
        return {p: int(n) for p, n in (await self._s.exec(stmt)).all()}

    async def insights_between(self, ids: Sequence[int], start: datetime, end: datetime
                               ) -> dict[int, list[tuple[Insight, int]]]:
        """person -> [(insight noted in the window, how many actions came from it)]."""
        linked = (select(func.count()).where(col(Action.insight_id) == col(Insight.id))
                  .correlate(Insight).scalar_subquery())
        stmt = (select(Insight, linked).where(col(Insight.person_id).in_(list(ids)),
                                              col(Insight.created_at) >= start, col(Insight.created_at) < end)
                .order_by(col(Insight.created_at)))
        return _group((await self._s.exec(stmt)).all(), lambda row: row[0].person_id)

    async def unlinked_insights(self, ids: Sequence[int], before: datetime) -> dict[int, int]:
        """person -> insights older than `before` with no action and not kept as "just a thought"."""
        has_action = select(Action.id).where(col(Action.insight_id) == col(Insight.id)).exists()
        stmt = (select(Insight.person_id, func.count())
                .where(col(Insight.person_id).in_(list(ids)), col(Insight.created_at) < before,
                       col(Insight.just_a_thought).is_(False), ~has_action)
                .group_by(col(Insight.person_id)))
        return {p: int(n) for p, n in (await self._s.exec(stmt)).all()}
