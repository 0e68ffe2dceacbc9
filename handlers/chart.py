"""What a chart shows: each metric's value per period against its target, and the completed
actions on the same timeline, so a client sees the dots connect (actions done → numbers
moving). Pure data here; `handlers/chart_draw.py` draws it (PNG for the digest photo, SVG
for the web pages: the same code for both).

The rules a coach would put in front of a client:
- the axis spans the data (the first value or completed action to the end), never a fixed
  eight weeks around one week of data;
- a period is a day while the span is short, a week over longer spans (a daily metric's week
  is its average per logged day, so it still reads against the daily target), a month
  beyond two years;
- a metric is drawn only with at least `MIN_PERIODS` periods logged, and there is no chart at
  all when no metric has that many: too little data shows no trend.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta, tzinfo

from handlers.chart_draw import render, render_async, render_svg, shutdown, warm_up
from handlers.chart_model import ChartData, Series
from handlers.record import Record
from typing import Protocol

MIN_PERIODS = 3  # fewer periods with a value than this: no trend, no line for that metric
MAX_SERIES = 3  # metrics per chart: more stop being readable on a phone
DAILY_SPAN = 42  # days: up to six weeks, one bar per day; longer spans one bar per week
WEEKLY_SPAN = 730  # days: up to two years, one bar per week; longer spans one bar per month

__all__ = ["ChartData", "Series", "chart_data", "engagement_chart", "build", "render", "render_async",
           "render_svg", "shutdown", "warm_up", "MIN_PERIODS"]


class Charted(Protocol):
    """What a chart needs of a metric (a stored `Metric`, or the record's `MetricProgress`)."""

    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def target(self) -> float | None: ...
    @property
    def cadence(self) -> str: ...


def _period_of(day: date, days: int) -> date:
    if days == 7:
        return day - timedelta(days=day.weekday())
    if days == 30:
        return day.replace(day=1)
    return day


def period_days(span: int, cadence: str) -> int:
    """The bar width for a span of `span` days: a weekly metric is never finer than a week."""
    if span > WEEKLY_SPAN:
        return 30
    if span > DAILY_SPAN or cadence == "weekly":
        return 7
    return 1


def series_of(name: str, target: float | None, cadence: str, points: Iterable[tuple[date, float]],
              span: int) -> Series:
    """One metric's values folded into periods: a weekly metric's value is its week's (a month's
    is the average of its weeks); a daily metric's is the average per logged day."""
    days = period_days(span, cadence)
    buckets: dict[date, list[float]] = defaultdict(list)
    values = list(points)
    for d, v in values:
        buckets[_period_of(d, days)].append(v)
    folded = tuple((p, round(sum(vs) / len(vs), 1)) for p, vs in sorted(buckets.items()))
    return Series(name, target, folded, days, all(float(v).is_integer() for _, v in values))


def build(title: str, metrics: Sequence[tuple[Charted, Sequence[tuple[date, float]]]],
          done: Sequence[tuple[date, int]], end: date, since: date | None = None) -> ChartData | None:
    """The chart of `metrics` (each with its dated values) and completed actions up to `end`,
    from `since` (or the first of them); None when no metric has enough periods for a trend."""
    dates = [d for _, pts in metrics for d, _ in pts if (since is None or d >= since) and d <= end]
    dates += [d for d, _ in done if (since is None or d >= since) and d <= end]
    if not dates:
        return None
    start = min(dates)
    span = (end - start).days + 1
    series = []
    for metric, pts in metrics:
        inside = [(d, v) for d, v in pts if start <= d <= end]
        label = metric.name + (f" ({metric.unit})" if metric.unit else "")
        s = series_of(label, metric.target, metric.cadence, inside, span)
        if len(s.points) >= MIN_PERIODS:
            series.append(s)
    if not series:
        return None
    start = min(start, *(s.points[0][0] for s in series))
    shown = tuple(sorted((d, n) for d, n in done if start <= d <= end))
    return ChartData(title, start, end, tuple(series[:MAX_SERIES]), shown)


def chart_data(rec: Record, tz: tzinfo, end: date, days: int = 56) -> ChartData | None:
    """The digest's chart: up to three metrics over at most the last `days`, and the actions
    completed then; the axis starts where the data does. None: too little for a trend."""
    since = end - timedelta(days=days - 1)
    metrics = [(w.metric, w.points) for w in rec.metrics]
    done = [(a.completed_at.astimezone(tz).date(), a.number) for a in rec.completed if a.completed_at]
    name = f"{rec.person.name}'s" if rec.person.name else "Your"
    data = build("", metrics, done, end, since)
    if data is None:
        return None
    outcomes = tuple((a.number, a.outcome) for a in rec.completed if a.outcome)  # "What came of it?"
    return ChartData(f"{name} trends, {data.start:%d %b} – {end:%d %b}", data.start, data.end, data.series,
                     data.done, outcomes)


def engagement_chart(title: str, metrics: Sequence[tuple[Charted, Sequence[tuple[date, float]]]],
                     done: Sequence[tuple[date, int]], end: date) -> ChartData | None:
    """The record page's chart: the whole engagement, from the first value or completed action."""
    return build(title, metrics, done, end)
