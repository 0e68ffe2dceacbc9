"""The data of one chart (see handlers/chart.py for the rules that build it): plain and
picklable, so a worker process can draw it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Series:
    name: str
    target: float | None
    points: tuple[tuple[date, float], ...]  # (period start, value), oldest first
    period_days: int  # the width of one bar: 1, 7 or 30
    whole: bool  # every value logged was a whole number: the axis ticks are whole numbers

    def on_target(self, value: float) -> bool:
        return self.target is not None and value >= self.target


@dataclass(frozen=True)
class ChartData:
    title: str
    start: date
    end: date
    series: tuple[Series, ...]
    done: tuple[tuple[date, int], ...]  # (day completed, action number), oldest first
    outcomes: tuple[tuple[int, str], ...] = ()  # (action number, what came of it): for the timeline's labels
