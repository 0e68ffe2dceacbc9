"""Pause and the daily message budget: when a person may be reached again. Pure functions over
local wall time (the budget's day is the person's local day).

A pause is a window [from, until); a Slack status that says "away" pauses too, until its expiry
(or until it is cleared, when it has none). The budget allows N unprompted messages per local
day; the last one is kept for the evening ("last call", just before quiet hours), so whatever
could not fit earlier goes out together then, and anything later waits for the next morning.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

from handlers.timing.local import at_local, local_day
from handlers.timing.nudges import Prefs, before_quiet

AWAY_RECHECK = timedelta(hours=6)  # an away status without expiry: look again (clearing it re-plans at once)
LAST_CALL = time(23, 55)  # without quiet hours, the day's last message goes out at this local time


def pause_end(paused_from: datetime | None, paused_until: datetime | None, away: bool, away_until: datetime | None,
              now: datetime) -> datetime | None:
    """Until when nothing unprompted may be sent (None: not paused now; a pause may start later,
    "I'm off next week"). An away status without an expiry holds for AWAY_RECHECK at a time; its
    clearing re-plans the person at once."""
    ends = []
    if paused_until is not None and now < paused_until and (paused_from is None or paused_from <= now):
        ends.append(paused_until)
    if away and (away_until is None or now < away_until):
        ends.append(away_until or now + AWAY_RECHECK)
    return max(ends, default=None)


def next_day_start(now: datetime, tz: tzinfo) -> datetime:
    """Local midnight after `now` (quiet hours then hold messages to the morning)."""
    return at_local(local_day(now, tz) + timedelta(days=1), time(0), tz)


def day_start(now: datetime, tz: tzinfo) -> datetime:
    return at_local(local_day(now, tz), time(0), tz)


def last_call(now: datetime, prefs: Prefs) -> datetime:
    """When the day's last allowed message goes: just before the evening's quiet hours begin."""
    return before_quiet(at_local(local_day(now, prefs.tz), LAST_CALL, prefs.tz), prefs)


def messages_today(sent: Iterable[tuple[datetime, str]], tz: tzinfo, now: datetime) -> int:
    """How many messages (distinct message keys: a bundle is one) went out in the local day of `now`."""
    start = day_start(now, tz)
    return len({key for at, key in sent if at >= start})


def paused_days(start: date, end: date, pause_from: datetime | None, pause_until: datetime | None,
                tz: tzinfo, weekdays_only: bool = True) -> int:
    """How many (working) days in [start, end] fall inside the pause (a day counts when the pause
    covers its local noon)."""
    if pause_from is None or pause_until is None:
        return 0
    n, d = 0, start
    while d <= end:
        noon = at_local(d, time(12), tz)
        if pause_from <= noon < pause_until and (not weekdays_only or d.weekday() < 5):
            n += 1
        d += timedelta(days=1)
    return n
