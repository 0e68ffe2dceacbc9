"""The one nudge for an insight still without an action a day after it was noted."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from handlers import CoreConfig, Reply
from handlers import nudges as compose
from handlers.timing import plan_insight
from scheduler.prefs import prefs_for
from scheduler.sources.base import BROKEN_RETRY, RETRY_LATER, Duplicates, Outcome, Owed, Source, each_row
from storage import Insight, Nudge, NudgeKind, Person, Unit


class InsightNudges(Source):
    name = "insights"
    kinds = {NudgeKind.INSIGHT: Duplicates.AT_LEAST_ONCE}

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[tuple[Insight, Person, bool]]:
        return await u.nudges.due_insights(now, limit)

    async def owed(self, u: Unit, rows: Sequence[tuple[Insight, Person, bool]], now: datetime) -> list[Owed]:
        owed: list[Owed] = []
        looks: list[tuple[int, datetime | None]] = []

        def plan(row: tuple[Insight, Person, bool]) -> None:
            insight, person, has_action = row
            assert insight.id is not None
            due, next_at = plan_insight(insight.created_at, self.config.insight_followup_after,
                                        has_action or insight.just_a_thought, prefs_for(person, self.config), now)
            if due is None:
                looks.append((insight.id, next_at))
            else:
                owed.append(Owed(person, NudgeKind.INSIGHT, insight.id, insight.created_at, due.planned, data=insight))

        each_row(rows, plan, lambda row: looks.append((row[0].id, now + BROKEN_RETRY)))
        for insight_id, when in looks:
            await u.nudges.set_insight_check(insight_id, when)
        return owed

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        return compose.insight_nudge(owed.data)

    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        retry = {Outcome.FAILED: now + RETRY_LATER, Outcome.BROKEN: now + BROKEN_RETRY}
        for owed, outcome in results:
            when = owed.hold_until if outcome == Outcome.HELD else retry.get(outcome)
            await u.nudges.set_insight_check(owed.subject_id, when)

    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        await u.nudges.set_insight_check(row.subject_id, now)
