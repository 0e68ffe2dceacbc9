"""Metric cadences: which period a day belongs to, and when to ask for a value.

Pure functions over local wall time (so "every weekday at 17:30" stays 17:30 across DST).
A period is identified by a date: the day itself for daily and weekday metrics, the Monday
of the week for weekly ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from handlers.timing.local import at_local
from handlers.timing.words import day_name


@dataclass(frozen=True)
class Cadence:
    kind: str  # daily | weekdays | weekly
    weekday: int = 4  # weekly: the day the prompt comes (0 = Monday)
    at: time = time(18, 0)

    def asks_on(self, day: date) -> bool:
        if self.kind == "weekdays":
            return day.weekday() < 5
        if self.kind == "weekly":
            return day.weekday() == self.weekday
        return True

    def period_of(self, day: date) -> date:
        return day - timedelta(days=day.weekday()) if self.kind == "weekly" else day

    def describe(self) -> str:
        when = {"daily": "daily", "weekdays": "weekdays", "weekly": f"weekly on {day_name(self.weekday)}"}
        return f"{when[self.kind]} at {self.at:%H:%M}"


def latest_prompt(cadence: Cadence, tz: tzinfo, now: datetime) -> tuple[date, datetime] | None:
    """The most recent (period, prompt instant) at or before `now`, within the last week."""
    today = now.astimezone(tz).date()
    for back in range(0, 8):
        day = today - timedelta(days=back)
        if cadence.asks_on(day):
            instant = at_local(day, cadence.at, tz)
            if instant <= now:
                return cadence.period_of(day), instant
    return None


def next_prompt(cadence: Cadence, tz: tzinfo, after: datetime) -> datetime:
    """The first prompt instant strictly after `after`."""
    day = after.astimezone(tz).date()
    for ahead in range(0, 9):
        d = day + timedelta(days=ahead)
        if cadence.asks_on(d):
            instant = at_local(d, cadence.at, tz)
            if instant > after:
                return instant
    raise AssertionError("unreachable: every cadence asks within 8 days")


def period_label(cadence: Cadence, period: date, today: date) -> str:
    """'today, Wed 11 Mar', 'yesterday, Tue 10 Mar', 'Mon 9 Mar', 'this week (9-15 Mar)'."""
    if cadence.kind == "weekly":
        end = period + timedelta(days=6)
        span = f"{period.day} {period:%b}-{end.day} {end:%b}" if period.month != end.month else \
            f"{period.day}-{end.day} {end:%b}"
        this_week = today - timedelta(days=today.weekday())
        prefix = "this week" if period == this_week else "last week" if period == this_week - timedelta(7) else \
            "the week"
        return f"{prefix} ({span})"
    name = f"{period:%a} {period.day} {period:%b}"
    if period == today:
        return f"today, {name}"
    if period == today - timedelta(days=1):
        return f"yesterday, {name}"
    return name
