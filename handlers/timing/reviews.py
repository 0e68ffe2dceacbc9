"""When a spaced-review question comes back (Leitner boxes), worked out on the person's local
calendar: "3 days after Friday, at 10:00 on their wall clock", then converted, so a review set
across a daylight-saving change still comes at 10:00 local time.

Boxes 0-3 wait 1, 3, 7 and 21 days. A right answer moves a card one box up (the last box
repeats every 21 days), a wrong one sends it back to box 0.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

from handlers.timing.local import at_local

INTERVALS = (1, 3, 7, 21)  # days to wait in box 0, 1, 2, 3
LAST_BOX = len(INTERVALS) - 1
REVIEW_AT = time(10, 0)  # the local time a review sitting is offered


def next_box(box: int, right: bool) -> int:
    """The box after an answer: one up when right (at most the last), box 0 when wrong."""
    return min(box + 1, LAST_BOX) if right else 0


def review_at(day: date, tz: tzinfo) -> datetime:
    """The instant (UTC) of the review slot on the local `day`."""
    return at_local(day, REVIEW_AT, tz).astimezone(timezone.utc)


def due_after(answered_at: datetime, box: int, tz: tzinfo) -> datetime:
    """When a card now in `box` comes back: its interval in local days after the day it was
    answered, at the review slot (UTC)."""
    day = answered_at.astimezone(tz).date() + timedelta(days=INTERVALS[max(0, min(box, LAST_BOX))])
    return review_at(day, tz)


def next_sitting(now: datetime, tz: tzinfo) -> datetime:
    """The review slot of the local day after `now`'s: a day's sitting went out, the next is tomorrow."""
    return review_at(now.astimezone(tz).date() + timedelta(days=1), tz)


def sitting_day(now: datetime, tz: tzinfo) -> datetime:
    """The local day of `now` as a ledger key (midnight UTC of that date): one sitting a day."""
    return datetime.combine(now.astimezone(tz).date(), time(0), tzinfo=timezone.utc)
