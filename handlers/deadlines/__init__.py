"""Natural-language deadline reader for chat messages.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> m = find_deadline("Send the proposal to Acme by Friday 5pm",
    ...                   datetime(2026, 3, 24, 10, tzinfo=ZoneInfo("Europe/Berlin")))
    >>> m.when.isoformat(), "Send the proposal to Acme by Friday 5pm"[:m.start].strip()
    ('2026-03-27T17:00:00+01:00', 'Send the proposal to Acme')

Pure Python (+ dateutil). Never reads the system clock: everything is relative to `now`,
and local wall time is built before the zone is attached so DST weeks come out right.
Conventions are documented in the module docstrings: `named` (weekdays), `periods`
(weeks/months/quarters), `absolute` (numeric dates), `relative` (durations), `times`.
"""
from __future__ import annotations

from datetime import datetime, time

from .model import DeadlineMatch
from .scan import scan_text

__all__ = ["DeadlineMatch", "find_deadline", "parse_deadline"]


def find_deadline(text: str, now: datetime, end_of_day: time = time(17, 0)) -> DeadlineMatch | None:
    """The deadline phrase in `text` (a whole message or a bare phrase), or None.

    A date without a time means `end_of_day` local; a time without a date means its next
    occurrence; EOD after `end_of_day` has passed means 23:59 today.
    """
    return scan_text(text, now, end_of_day)


def parse_deadline(text: str, now: datetime) -> datetime | None:
    """`find_deadline(text, now).when`, or None when the text holds no deadline."""
    m = scan_text(text, now, time(17, 0))
    return m.when if m else None
