"""Metric questions at each metric's cadence: only the latest period (questions never pile
up), and not when a value is already logged."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from handlers import CoreConfig, Reply, metrics
from handlers.timing import Prefs, after_quiet, latest_prompt, next_prompt
from scheduler.prefs import prefs_for
from scheduler.sources.base import BROKEN_RETRY, RETRY_LATER, Duplicates, Outcome, Owed, Source, each_row
from storage import Metric, Nudge, NudgeKind, Person, Unit


Row = tuple[Metric, Person, set[tuple[int, date]]]  # a metric, its owner, the page's logged periods


@dataclass(frozen=True)
class Question:
    metric: Metric
    prefs: Prefs
    period: date


class MetricQuestions(Source):
    name = "metrics"
    # A question twice is better than none: an unanswered one is never counted against anyone.
    kinds = {NudgeKind.METRIC: Duplicates.AT_LEAST_ONCE}

    def __init__(self, config: CoreConfig) -> None:
        self.config = config

    async def due(self, u: Unit, now: datetime, limit: int) -> Sequence[Row]:
        rows = await u.metrics.due(now, limit)
        logged = await u.metrics.logged_periods([m.id for m, _ in rows if m.id is not None],
                                                (now - timedelta(days=8)).date())
        return [(m, p, logged) for m, p in rows]

    async def owed(self, u: Unit, rows: Sequence[Row], now: datetime) -> list[Owed]:
        owed: list[Owed] = []
        looks: list[tuple[int, datetime | None]] = []

        def plan(row: Row) -> None:
            m, person, logged = row
            assert m.id is not None
            prefs = prefs_for(person, self.config)
            cadence = metrics.cadence_of(m)
            latest = latest_prompt(cadence, prefs.tz, now)
            following = next_prompt(cadence, prefs.tz, now)
            if latest is None or (m.id, latest[0]) in logged or latest[1] < m.created_at:
                looks.append((m.id, following))
                return
            period, planned = latest
            send_at = after_quiet(planned, prefs)
            if now < send_at:
                looks.append((m.id, min(send_at, following)))
                return
            anchor = datetime.combine(period, time(0), tzinfo=timezone.utc)  # the period, as a key
            owed.append(Owed(person, NudgeKind.METRIC, m.id, anchor, planned, data=Question(m, prefs, period)))

        each_row(rows, plan, lambda row: looks.append((row[0].id, now + BROKEN_RETRY)))
        for metric_id, when in looks:
            await u.metrics.set_check(metric_id, when)
        return owed

    async def compose(self, owed: Owed, now: datetime) -> Reply:
        q: Question = owed.data
        return metrics.prompt(q.metric, q.period, now.astimezone(q.prefs.tz).date())

    async def record(self, u: Unit, results: list[tuple[Owed, Outcome]], now: datetime) -> None:
        for owed, outcome in results:
            q: Question = owed.data
            if outcome == Outcome.HELD:
                when = owed.hold_until
            elif outcome in (Outcome.FAILED, Outcome.BROKEN):
                when = now + (RETRY_LATER if outcome == Outcome.FAILED else BROKEN_RETRY)
            else:
                when = next_prompt(metrics.cadence_of(q.metric), q.prefs.tz, now)
            await u.metrics.set_check(owed.subject_id, when)

    async def reset(self, u: Unit, row: Nudge, now: datetime) -> None:
        await u.metrics.set_check(row.subject_id, now)
