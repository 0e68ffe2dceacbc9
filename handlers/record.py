"""The record of a window (a week) for a set of people, read with a fixed number of queries.

Shared by /clients, /shared, and both digests, so the coach and the client see the same
numbers. Nothing here sends or formats for a platform: it only counts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from handlers.metrics import cadence_of
from storage import Action, Insight, Metric, Person, Unit


@dataclass
class MetricWeek:
    metric: Metric
    this_week: float | None  # average per period (daily) or the week's value (weekly)
    last_week: float | None
    history: list[float | None]  # the last 8 periods, oldest first
    points: list[tuple[date, float]] = field(default_factory=list)  # every value in the last 8 weeks

    @property
    def below_target(self) -> bool:
        return self.metric.target is not None and (self.this_week is None or self.this_week < self.metric.target)


@dataclass
class Record:
    person: Person
    completed: list[Action] = field(default_factory=list)
    missed: list[Action] = field(default_factory=list)
    moved: list[tuple[Action, int]] = field(default_factory=list)
    due_next: list[Action] = field(default_factory=list)
    insights: list[tuple[Insight, int]] = field(default_factory=list)
    metrics: list[MetricWeek] = field(default_factory=list)
    open_count: int = 0
    overdue: int = 0
    total_done: int = 0
    unlinked_insights: int = 0

    @property
    def empty(self) -> bool:
        return not (self.completed or self.missed or self.moved or self.due_next or self.insights or self.metrics
                    or self.open_count)

    def attention(self, now: datetime, silent_after: timedelta = timedelta(days=7)) -> list[str]:
        """Why a coach should look at this person, with the numbers behind it; [] if on track."""
        reasons = []
        if self.missed:
            reasons.append(f"missed {len(self.missed)}")
        below = [m for m in self.metrics if m.below_target]
        for m in below:
            got = "nothing logged" if m.this_week is None else f"{m.this_week:g}"
            reasons.append(f"{m.metric.name} {got} vs target {m.metric.target:g}")
        seen = self.person.last_seen_at
        if seen is None or now - seen > silent_after:
            days = (now - seen).days if seen else None
            reasons.append(f"silent {days} days" if days is not None else "never active")
        if self.unlinked_insights:
            reasons.append(f"{self.unlinked_insights} insight{'s' if self.unlinked_insights > 1 else ''} "
                           "without an action")
        return reasons


def _week_value(metric: Metric, values: dict[date, float], week_monday: date) -> float | None:
    cadence = cadence_of(metric)
    if cadence.kind == "weekly":
        return values.get(week_monday)
    days = [values[d] for d in (week_monday + timedelta(days=i) for i in range(7)) if d in values]
    return round(sum(days) / len(days), 1) if days else None


def _history(metric: Metric, values: dict[date, float], last_period: date) -> list[float | None]:
    step = timedelta(days=7 if metric.cadence == "weekly" else 1)
    periods = [last_period - step * i for i in range(7, -1, -1)]
    if metric.cadence == "weekdays":
        periods, d = [], last_period
        while len(periods) < 8:
            if d.weekday() < 5:
                periods.insert(0, d)
            d -= timedelta(days=1)
    return [values.get(p) for p in periods]


async def records(u: Unit, people: list[Person], start: datetime, end: datetime, now: datetime,
                  tz_of: Callable[[Person], tzinfo]) -> dict[int, Record]:
    """Records of `people` for the window [start, end); `tz_of(person)` gives each one's zone."""
    ids = [p.id for p in people if p.id is not None]
    out = {p.id: Record(p) for p in people if p.id is not None}
    if not ids:
        return out
    completed = await u.reports.completed_between(ids, start, end)
    due_then = await u.reports.deadlines_between(ids, start, min(end, now))
    due_next = await u.reports.deadlines_between(ids, end if end > now else now, (end if end > now else now)
                                                 + timedelta(days=7))
    moves = await u.reports.moves_between(ids, start, end)
    moved_actions = await u.reports.actions_by_ids(ids, [a for m in moves.values() for a in m])
    insights = await u.reports.insights_between(ids, start, end)
    counts = await u.reports.open_counts(ids, now)
    totals = await u.reports.done_totals(ids)
    unlinked = await u.reports.unlinked_insights(ids, now - timedelta(hours=24))
    metrics = await u.metrics.active_for(ids)
    values = await u.metrics.values_since(ids, (start - timedelta(days=63)).date())
    for pid, rec in out.items():
        rec.completed = completed.get(pid, [])
        rec.missed = [a for a in due_then.get(pid, []) if a.deadline and a.deadline < now and
                      (a.status == "open" or (a.completed_at and a.completed_at > a.deadline))]
        rec.due_next = [a for a in due_next.get(pid, []) if a.status == "open"]
        rec.moved = [(moved_actions[a], n) for a, n in moves.get(pid, {}).items() if a in moved_actions]
        rec.insights = insights.get(pid, [])
        rec.open_count, rec.overdue = counts.get(pid, (0, 0))
        rec.total_done = totals.get(pid, 0)
        rec.unlinked_insights = unlinked.get(pid, 0)
        # The week a metric is judged on: on demand (the window reaches now), the current one;
        # for a weekly digest, the one the window mostly covers (a Monday-morning digest looks
        # at the week that just ended, not the hours of the new one).
        reference = now if end > now else end - timedelta(hours=12)
        local_end = reference.astimezone(tz_of(rec.person)).date()
        monday = local_end - timedelta(days=local_end.weekday())
        for m in metrics.get(pid, []):
            v = values.get(m.id or 0, {})
            last_period = cadence_of(m).period_of(local_end)
            since = local_end - timedelta(days=56)
            rec.metrics.append(MetricWeek(m, _week_value(m, v, monday), _week_value(m, v, monday - timedelta(7)),
                                          _history(m, v, last_period),
                                          sorted((d, x) for d, x in v.items() if since < d <= local_end)))
    return out
