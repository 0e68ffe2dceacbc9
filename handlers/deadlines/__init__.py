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

from .model import (MAX_AHEAD, MAX_AHEAD_YEARS, MAX_TEXT, DeadlineInputError, DeadlineMatch, DeadlineTextTooLong,
                    DeadlineTooFar)
from .scan import scan_text

__all__ = ["DeadlineMatch", "DeadlineInputError", "DeadlineTooFar", "DeadlineTextTooLong", "MAX_AHEAD",
           "MAX_AHEAD_YEARS", "MAX_TEXT", "find_deadline", "parse_deadline"]


def find_deadline(text: str, now: datetime, end_of_day: time = time(17, 0), *,
                  day_first: bool = False) -> DeadlineMatch | None:
    """The deadline phrase in `text` (a whole message or a bare phrase), or None.

    A date without a time means `end_of_day` local; a time without a date means its next
    occurrence; EOD after `end_of_day` has passed means 23:59 today. `day_first` reads
    "05/03" as 5 March instead of May 3. Raises `DeadlineTooFar` for a phrase more than
    MAX_AHEAD away and `DeadlineTextTooLong` past MAX_TEXT characters (both
    `DeadlineInputError`, whose message is meant for the person).
    """
    return scan_text(text, now, end_of_day, day_first)


def parse_deadline(text: str, now: datetime, *, day_first: bool = False) -> datetime | None:
    """`find_deadline(text, now, day_first=...).when`, or None when the text holds no deadline."""
    m = scan_text(text, now, time(17, 0), day_first)
    return m.when if m else None
