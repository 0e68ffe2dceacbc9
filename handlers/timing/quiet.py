"""Quiet hours in the person's zone: when nothing may be sent, and where the edges fall.

All instants are aware; every edge is built as local wall time first and then converted,
so a quiet period that spans a daylight-saving change still ends at 08:00 on the clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from handlers.timing.local import at_local
from handlers.timing.words import read_clock


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
    """'22:00-07:00', '22-7' or '10pm to 7am' -> Quiet; None when it is not a range of two times."""
    parts = text.replace("–", "-").replace(" to ", "-").split("-")
    if len(parts) != 2:
        return None
    start, end = read_clock(parts[0]), read_clock(parts[1])
    if start is None or end is None or start == end:
        return None
    return Quiet(start, end)


def quiet_from(stored: str | None, default: Quiet | None) -> Quiet | None:
    """A person's stored quiet hours ("21:00-08:00", "off", None for the default)."""
    if stored is None:
        return default
    return None if stored == "off" else parse_quiet(stored)
