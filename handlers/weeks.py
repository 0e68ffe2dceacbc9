"""Week windows the views share: the calendar week (home, digests) and the rolling 7 days that
on-demand views count (/clients, /digest clients, the coach's record of a client)."""
from __future__ import annotations

from datetime import datetime, timedelta


def week_start(local_now: datetime) -> datetime:
    """Monday 00:00 of the current week, in the person's zone."""
    monday = (local_now - timedelta(days=local_now.weekday())).date()
    return datetime.combine(monday, datetime.min.time(), tzinfo=local_now.tzinfo)


def rolling_week(now: datetime) -> tuple[datetime, datetime]:
    """The on-demand window: the last 7 days up to and including this instant."""
    return now - timedelta(days=7), now + timedelta(microseconds=1)
