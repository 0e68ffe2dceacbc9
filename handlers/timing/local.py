"""Local wall time: every rule works out "Friday 17:00 in Berlin" first, then converts, so
daylight-saving weeks come out where people expect."""
from __future__ import annotations

from datetime import date, datetime, time, timezone, tzinfo


def at_local(day: date, clock: time, tz: tzinfo) -> datetime:
    """The instant the wall clock in `tz` shows `clock` on `day` (a time in a DST gap is
    carried forward by the gap's length, the way clocks jump)."""
    naive = datetime.combine(day, clock)
    return naive.replace(tzinfo=tz).astimezone(timezone.utc).astimezone(tz)


def local_day(instant: datetime, tz: tzinfo) -> date:
    """The date on the wall calendar in `tz` at `instant`."""
    return instant.astimezone(tz).date()


def day_words(instant: datetime, tz: tzinfo, now: datetime) -> str:
    """When `instant` falls, from `now`, in words: "today at 17:00", "tomorrow at 07:00",
    "Friday at 09:00" (within a week), else "Fri 4 Dec at 09:00"."""
    local, today = instant.astimezone(tz), local_day(now, tz)
    ahead = (local.date() - today).days
    clock = f"{local:%H:%M}"
    if ahead == 0:
        return f"today at {clock}"
    if ahead == 1:
        return f"tomorrow at {clock}"
    if 1 < ahead < 7:
        return f"{local:%A} at {clock}"
    return f"{local:%a} {local.day} {local:%b} at {clock}"
