"""The record of a window (a week) for a set of people, read with a fixed number of queries.

Shared by /clients, /shared, and both digests, so the coach and the client see the same
numbers. Nothing here sends or formats for a platform: it only counts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from handlers.knowledge_lines import Knowledge, attach as attach_knowledge
from handlers.metrics import cadence_of
from handlers.occurrences import streak
from handlers.timing import paused_days
from handlers.ontime import GRACE_DAYS, RATE_WINDOW, done_on_time, grace_end, missed, on_time_rate
from storage import Action, Insight, Metric, Person, Series, Unit, ActionStatus

WORKING_DAYS = 5
SILENT_AFTER = timedelta(days=7)


@dataclass
class MetricWeek:
    metric: Metric
    this_week: float | None  # average per period (daily) or the week's value (weekly)
    last_week: float | None
    history: list[float | None]  # the last 8 periods, oldest first
    points: list[tuple[date, float]] = field(default_factory=list)  # every value in the last 8 weeks
    working_days: int = WORKING_DAYS  # Mon-Fri of the judged week gone by, today included, less paused ones

    @property
    def target_now(self) -> float | None:
        """The target pro rata for the part of the week gone by, in elapsed working days (Mon-Fri):
        a weekly metric's value is the week's count so far, so on Wednesday it is compared with
        3/5 of the weekly target, and from Friday on with all of it. A daily metric's figure is
        already a per-day average, compared with the daily target as is."""
        target = self.metric.target
        if target is None or self.working_days <= 0:  # every day so far was paused: nothing is missing
            return None
        if self.metric.cadence != "weekly":
            return target
        return round(target * self.working_days / WORKING_DAYS, 1)

    @property
    def below_target(self) -> bool:
        target = self.target_now
        return target is not None and (self.this_week is None or self.this_week < target)


@dataclass
class Record:
    person: Person
    completed: list[Action] = field(default_factory=list)  # done in the window, on time or late
    late: list[Action] = field(default_factory=list)  # of `completed`, those done after their grace
    missed: list[Action] = field(default_factory=list)  # still open when their grace ended in the window
    dropped: list[Action] = field(default_factory=list)  # dropped in the window
    moved: list[tuple[Action, int]] = field(default_factory=list)  # (action, times moved in the window)
    snoozed: list[tuple[Action, int]] = field(default_factory=list)  # (action, times snoozed in the window)
    rate: tuple[int, int] | None = None  # (on time, judged) over the 4 weeks up to now (handlers/ontime.py)
    due_next: list[Action] = field(default_factory=list)
    insights: list[tuple[Insight, int]] = field(default_factory=list)
    metrics: list[MetricWeek] = field(default_factory=list)
    open_count: int = 0
    overdue: int = 0
    total_done: int = 0
    unlinked_insights: int = 0
    knowledge: Knowledge = field(default_factory=Knowledge)  # lessons and quizzes (handlers/knowledge_lines.py)
    streaks: list[tuple[Series, int]] = field(default_factory=list)  # active repeating actions, done in a row
    sources: dict[int, str] = field(default_factory=dict)  # insight id -> its words, for completed actions' chains

    @property
    def empty(self) -> bool:
        return not (self.completed or self.missed or self.moved or self.due_next or self.insights or self.metrics
                    or self.open_count or self.knowledge.week or self.knowledge.review_topics or self.dropped
                    or self.snoozed)

    def done_words(self) -> str:
        """'2 done on time, 1 done late, 0 missed': the one summary every view shows."""
        late = f", {len(self.late)} done late" if self.late else ""
        return f"{len(self.completed) - len(self.late)} done on time{late}, {len(self.missed)} missed"

    def changes_words(self) -> str:
        """'moved 2×, snoozed 3×' in the window ('' when neither): what a coach reads as hesitation."""
        moved, snoozed = sum(n for _, n in self.moved), sum(n for _, n in self.snoozed)
        return ", ".join(w for w in (f"moved {moved}×" if moved else "", f"snoozed {snoozed}×" if snoozed else "") if w)

    def silent_days(self, now: datetime) -> int | None:
        """Whole days since the person last wrote; None if never."""
        seen = self.person.last_seen_at
        return None if seen is None else (now - seen).days

    def concerns(self, now: datetime, silent_after: timedelta = SILENT_AFTER) -> list[tuple[float, str]]:
        """(weight, reason) for each thing a coach should look at, heaviest first; [] if on track.
        Weights: a day of silence (past a week) 1, a miss 3, an open overdue action 2, a metric
        below its (pro rata) target 1, insights without an action 1. So eleven silent days
        outrank a single miss, and three misses outrank eight silent days."""
        out: list[tuple[float, str]] = []
        days = self.silent_days(now)
        if days is None:
            out.append((silent_after.days + 1, "never active"))
        elif now - (self.person.last_seen_at or now) > silent_after:
            out.append((days, f"silent {days} days"))
        if self.missed:
            out.append((3 * len(self.missed), f"missed {len(self.missed)}"))
        waiting = self.overdue - len(self.missed)
        if waiting > 0:
            out.append((2 * waiting, f"{waiting} overdue"))
        for m in (m for m in self.metrics if m.below_target):
            got = "nothing logged" if m.this_week is None else f"{m.this_week:g}"
            out.append((1, f"{m.metric.name} {got} vs target {m.target_now:g}"))
        if self.unlinked_insights:
            out.append((1, f"{self.unlinked_insights} insight{'s' if self.unlinked_insights > 1 else ''} "
                           "without an action"))
        return sorted(out, key=lambda x: -x[0])

    def attention(self, now: datetime, silent_after: timedelta = SILENT_AFTER) -> list[str]:
        """Why a coach should look at this person, with the numbers behind it; [] if on track."""
        return [why for _, why in self.concerns(now, silent_after)]

    def urgency(self, now: datetime) -> float:
        """How much attention is needed: the sum of the concerns' weights (0 when on track)."""
        return sum(w for w, _ in self.concerns(now))


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
    closed = await u.reports.closed_between(ids, start, end)
    judged = await u.reports.judged_since(ids, min(end, now) - RATE_WINDOW, timedelta(days=GRACE_DAYS + 2), now)
    # A miss counts in the window its grace ends in: deadlines from GRACE_DAYS + 1 days earlier.
    due_then = await u.reports.deadlines_between(ids, start - timedelta(days=GRACE_DAYS + 2), min(end, now))
    due_next = await u.reports.deadlines_between(ids, end if end > now else now, (end if end > now else now)
                                                 + timedelta(days=7))
    changes = await u.reports.changes_between(ids, start, end)
    changed = await u.reports.actions_by_ids(ids, list({a for kinds in changes.values() for c in kinds.values()
                                                        for a in c}))
    insights = await u.reports.insights_between(ids, start, end)
    counts = await u.reports.open_counts(ids, now)
    totals = await u.reports.done_totals(ids)
    unlinked = await u.reports.unlinked_insights(ids, now - timedelta(hours=24))
    chained = {a.insight_id for c in closed.values() for a in c if a.insight_id and (a.outcome or a.outcome_metric)}
    sources = await u.reports.insight_texts(ids, [i for i in chained if i is not None])
    metrics = await u.metrics.active_for(ids)
    repeating = await u.series.recent_for(ids)
    values = await u.metrics.values_since(ids, (start - timedelta(days=63)).date())
    await attach_knowledge(u, out.values(), start, end, now)
    for pid, rec in out.items():
        tz = tz_of(rec.person)
        rec.completed = [a for a in closed.get(pid, []) if a.status == ActionStatus.DONE]
        rec.dropped = [a for a in closed.get(pid, []) if a.status == ActionStatus.DROPPED]
        rec.rate = on_time_rate(judged.get(pid, []), tz, min(end, now))
        rec.late = [a for a in rec.completed if not done_on_time(a, tz)]
        rec.missed = [a for a in due_then.get(pid, []) if a.deadline and missed(a, tz, now)
                      and start <= grace_end(a.deadline, tz) < end]
        rec.due_next = [a for a in due_next.get(pid, []) if a.status == ActionStatus.OPEN]
        mine = changes.get(pid, {})
        rec.moved = [(changed[a], n) for a, n in mine.get("moved", {}).items() if a in changed]
        rec.snoozed = [(changed[a], n) for a, n in mine.get("snoozed", {}).items() if a in changed]
        rec.insights = insights.get(pid, [])
        rec.open_count, rec.overdue = counts.get(pid, (0, 0))
        rec.total_done = totals.get(pid, 0)
        rec.unlinked_insights = unlinked.get(pid, 0)
        rec.streaks = [(series, streak(seen, now)) for series, seen in repeating if series.person_id == pid]
        rec.sources = {a.insight_id: sources[a.insight_id] for a in rec.completed
                       if a.insight_id is not None and a.insight_id in sources}
        # The week a metric is judged on: on demand (the window reaches now), the current one;
        # for a weekly digest, the one the window mostly covers (a Monday-morning digest looks
        # at the week that just ended, not the hours of the new one).
        reference = now if end > now else end - timedelta(hours=12)
        local_end = reference.astimezone(tz).date()
        monday = local_end - timedelta(days=local_end.weekday())
        elapsed = min(local_end.weekday() + 1, WORKING_DAYS)
        p = rec.person  # paused days are not counted as missing (a pause, or an away status)
        pause_to = p.paused_until if not p.away else (p.away_until or now)
        elapsed -= paused_days(monday, local_end, p.paused_from, pause_to, tz)
        for m in metrics.get(pid, []):
            v = values.get(m.id or 0, {})
            last_period = cadence_of(m).period_of(local_end)
            since = local_end - timedelta(days=56)
            rec.metrics.append(MetricWeek(m, _week_value(m, v, monday), _week_value(m, v, monday - timedelta(7)),
                                          _history(m, v, last_period),
                                          sorted((d, x) for d, x in v.items() if since < d <= local_end),
                                          elapsed))
    return out
