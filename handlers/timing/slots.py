"""Weekly slots (the digest's "Monday 08:00 local"): the latest one at or before an instant,
built as local wall time so the slot stays at 08:00 on the clock across DST."""
from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from handlers.timing.local import at_local


def slot_of(stored_day: int | None, stored_time: str | None, default_day: int, default_time: time) -> tuple[int, time]:
    """A person's weekly slot (weekday, local time): their own when set, else the default."""
    day = default_day if stored_day is None else stored_day
    at = default_time if stored_time is None else time.fromisoformat(stored_time)
    return day, at


def last_slot(weekday: int, at: time, tz: tzinfo, now: datetime) -> datetime:
    """The most recent weekly instant (weekday at local time `at`) at or before `now`."""
    today = now.astimezone(tz).date()
    for back in range(0, 8):
        d = today - timedelta(days=back)
        if d.weekday() == weekday and at_local(d, at, tz) <= now:
            return at_local(d, at, tz)
    raise AssertionError("unreachable: a weekday comes round within eight days")
