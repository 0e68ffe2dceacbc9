"""Reading the day a value belongs to ("yesterday", "last Monday", "2026-03-02", "Mar 2").

The deadline reader looks forward; logging a metric looks back, so this reader prefers the
past: a weekday or a date without a year means the most recent one not after today. Numeric
dates follow the person's convention (`day_first`, see `date_order`); dotted ones are always
day.month. Texts longer than MAX_TEXT are not days.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as dateutil_parser

from handlers.timing import read_weekday

_YEAR_FIRST = re.compile(r"^\d{4}\b")  # "2026-03-02" is year-month-day everywhere
_AGO = re.compile(r"^(\d{1,3})\s+(day|days|week|weeks)\s+ago$")
_WEEKDAY = re.compile(r"^(?:(last|this|on)\s+)?([a-z]{3,}\.?)$")


MAX_TEXT = 40  # "last Monday", "2026-03-02", "Tuesday 3 March 2026": longer is no day


def parse_past_day(text: str, today: date, day_first: bool = False) -> date | None:
    """The day meant, or None when the text is not a day."""
    t = " ".join(text.lower().split()).strip(" .,")
    if len(t) > MAX_TEXT:
        return None
    if t in {"today", "tonight", "now"}:
        return today
    if t in {"yesterday", "yday", "ystd"}:
        return today - timedelta(days=1)
    if t in {"last week", "previous week"}:
        return today - timedelta(days=7)
    m = _AGO.match(t)
    if m:
        n = int(m.group(1)) * (7 if m.group(2).startswith("week") else 1)
        return today - timedelta(days=n)
    m = _WEEKDAY.match(t)
    if m and (target := read_weekday(m.group(2))) is not None:
        back = (today.weekday() - target) % 7
        if m.group(1) == "last" and back == 0:
            back = 7
        return today - timedelta(days=back)
    if not re.search(r"\d", t):
        return None
    try:
        parsed = dateutil_parser.parse(t, default=datetime(today.year, today.month, today.day),
                                       dayfirst=("." in t or day_first) and not _YEAR_FIRST.match(t))
    except (ValueError, OverflowError):
        return None
    day = parsed.date()
    if not re.search(r"\b\d{4}\b", t) and day > today:
        day = day.replace(year=day.year - 1)
    return day
