"""Quiet hours in the person's zone: when nothing may be sent, and where the edges fall.

All instants are aware; every edge is built as local wall time first and then converted,
so a quiet period that spans a daylight-saving change still ends at 08:00 on the clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo


def at_local(day: date, clock: time, tz: tzinfo) -> datetime:
    """The instant the wall clock in `tz` shows `clock` on `day` (a time in a DST gap is
    carried forward by the gap's length, the way clocks jump)."""
    naive = datetime.combine(day, clock)
    return naive.replace(tzinfo=tz).astimezone(timezone.utc).astimezone(tz)


@dataclass(frozen=True)
class Quiet:
    """Local quiet hours [start, end); `start > end` spans midnight (21:00-08:00)."""

    start: time
    end: time

    def contains(self, instant: datetime, tz: tzinfo) -> bool:
        t = instant.astimezone(tz).time().replace(tzinfo=None)
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def period_around(self, instant: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
        """Start and end of the quiet period that contains `instant` (which must be quiet)."""
        local = instant.astimezone(tz)
        day, t = local.date(), local.time().replace(tzinfo=None)
        if self.start < self.end or t >= self.start:
            begin_day = day
        else:
            begin_day = day - timedelta(days=1)
        end_day = begin_day if self.start < self.end else begin_day + timedelta(days=1)
        return at_local(begin_day, self.start, tz), at_local(end_day, self.end, tz)

    def next_end_after(self, instant: datetime, tz: tzinfo) -> datetime:
        """The first end of quiet hours strictly after `instant`."""
        day = instant.astimezone(tz).date()
        for offset in range(0, 3):
            candidate = at_local(day + timedelta(days=offset), self.end, tz)
            if candidate > instant:
                return candidate
        raise AssertionError("unreachable: a quiet end falls within any three days")


def parse_quiet(text: str) -> Quiet | None:
    """'22:00-07:00' or '22-7' -> Quiet; None when it is not a range of two times."""
    parts = text.replace("–", "-").replace(" to ", "-").replace(" ", "").split("-")
    if len(parts) != 2:
        return None
    try:
        start, end = (_clock(p) for p in parts)
    except ValueError:
        return None
    return Quiet(start, end) if start != end else None


def _clock(text: str) -> time:
    if text.isdigit() and len(text) <= 2:
        return time(int(text))
    return time.fromisoformat(text if len(text) > 2 else f"{text}:00")
