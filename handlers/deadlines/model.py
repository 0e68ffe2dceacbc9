"""Data types and calendar arithmetic shared by the extractors.

An extractor turns a stretch of text into an `Atom`: a partial fact ("a date", "a clock
time", "an elapsed duration", "a part of the day"). The scanner glues neighbouring atoms
into one phrase and resolves it. Calendar helpers live here because every extractor needs
them and because DST correctness depends on all of them building local wall time first.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from itertools import islice

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class DeadlineMatch:
    """A deadline found in a message.

    `when` is aware, in the tz of the reference `now`. `start:end` spans the whole phrase in
    the original text including a leading connector ("by", "before", "on", "at", "in", ...)
    so a caller can cut it out and keep the action text. `has_time` is True when a clock
    time was given or implied (a part of day, or a relative duration like "in 2 hours").
    """

    when: datetime
    start: int
    end: int
    has_time: bool


#: The furthest ahead a deadline may lie. It bounds every quantity the reader accepts ("in N
#: days", "in N business days", "in N months"...), so arithmetic stays O(1) and in range.
MAX_AHEAD = timedelta(days=36_525)  # 100 years
MAX_AHEAD_YEARS = 100
#: The longest text the reader looks at: a Telegram message at most. Callers limit messages
#: to their own (shorter) maximum first, with a friendlier answer.
MAX_TEXT = 4096
#: The most matches of one pattern the reader looks at in one text. A message names a handful
#: of dates; 2,000 characters of "1 1 1 …" or "q1 q1 …" name none, and without a cap each match
#: would cost Python-level work (the regex scan itself stays linear and cheap).
MAX_MATCHES = 32


def matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The first MAX_MATCHES matches of `pattern` in `text`."""
    return islice(pattern.finditer(text), MAX_MATCHES)


class DeadlineInputError(ValueError):
    """Input the reader refuses; `str(error)` is a sentence to show the person."""


class DeadlineTooFar(DeadlineInputError):
    """The text asks for a deadline further ahead than MAX_AHEAD ("in 99999999999 days")."""

    def __init__(self, phrase: str) -> None:
        self.phrase = phrase
        shown = phrase if len(phrase) <= 40 else phrase[:39] + "…"
        super().__init__(f"“{shown}” is further ahead than I plan: deadlines can be up to "
                         f"{MAX_AHEAD_YEARS} years away. Pick a nearer date, e.g. in 3 weeks, or 2027-06-30.")


class DeadlineTextTooLong(DeadlineInputError):
    """More text than the reader looks at (callers normally refuse it earlier)."""

    def __init__(self, length: int) -> None:
        super().__init__(f"That's {length:,} characters; I read up to {MAX_TEXT:,} at a time. "
                         "Please send a shorter version.")


@dataclass(frozen=True)
class Ctx:
    """The reference instant, the user's working-day end and date convention, as seen by
    extractors. `day_first` reads "05/03" as 5 March (most of the world), otherwise as
    May 3 (the US convention)."""

    now: datetime
    end_of_day: time
    day_first: bool = False

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def tz(self) -> tzinfo:
        assert self.now.tzinfo is not None
        return self.now.tzinfo


EOD = "eod"  # sentinel default_time: the caller's end_of_day, or 23:59 when already past


@dataclass
class Atom:
    """One recognised piece of a deadline phrase; fields left None are not constrained."""

    kind: str
    start: int
    end: int
    strong: bool = True
    date: date | None = None
    soft_date: bool = False            # "today": a relative duration may override it
    default_time: time | str | None = None
    has_default_time: bool = False     # the default is a real time hint (part of day)
    clock: tuple[int, int, int] | None = None
    meridiem: str | None = None        # "am" / "pm" written with the clock time
    hint: str | None = None            # "am" / "pm" implied by a part of day
    ambiguous_hour: bool = False       # bare 1-12 hour without am/pm
    next_day_midnight: bool = False    # "midnight" on a given date means the night after it
    tz: tzinfo | None = None
    exact: timedelta | None = None     # elapsed-time offset ("in 2 hours")
    wall: relativedelta | None = None  # calendar offset keeping the wall clock ("in 3 days")
    business_days: int | None = None
    before_date: dt.date | None = None  # what "before <this period>" means
    extra: dict[str, object] = field(default_factory=dict)

    def moved(self, start: int, end: int) -> "Atom":
        return replace(self, start=start, end=end)


# ---------------------------------------------------------------- calendar helpers

def localize(d: date, t: time, tz: tzinfo) -> datetime:
    """Wall date + wall time in `tz`, normalised through UTC so spring-forward gaps land on
    a real instant (02:30 on a 02:00->03:00 night becomes 03:30)."""
    naive = datetime.combine(d, t.replace(tzinfo=None))
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(timezone.utc).astimezone(tz)


def add_exact(now: datetime, delta: timedelta) -> datetime:
    """Elapsed-time arithmetic: add in UTC then convert back, so 'in 2 hours' is 2 real hours
    even across a DST change."""
    return (now.astimezone(timezone.utc) + delta).astimezone(now.tzinfo)


def add_wall(now: datetime, delta: relativedelta) -> datetime:
    """Calendar arithmetic on the local wall clock ('in 3 days' keeps the time of day)."""
    naive = now.replace(tzinfo=None) + delta
    assert now.tzinfo is not None, "deadline arithmetic works on aware datetimes"
    return localize(naive.date(), naive.time(), now.tzinfo)


def add_business_days(d: date, n: int) -> date:
    """The n-th Monday-to-Friday day after `d`, in O(1): whole weeks of five business days
    are seven calendar days; the remainder (at most four) is stepped over the weekend.
    A weekend start counts from the Friday before, which has the same business days ahead."""
    if n <= 0:
        return d
    if d.weekday() >= 5:
        d -= timedelta(days=d.weekday() - 4)
    weeks, rest = divmod(n, 5)
    d += timedelta(days=7 * weeks)
    while rest > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            rest -= 1
    return d


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the combination does not exist (Feb 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def monday_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def next_weekday(today: date, wd: int, include_today: bool) -> date:
    """The next `wd` after today (or today itself when include_today)."""
    ahead = (wd - today.weekday()) % 7
    if ahead == 0 and not include_today:
        ahead = 7
    return today + timedelta(days=ahead)


def month_ahead(today: date, month: int, year: int | None = None) -> int:
    """Year of the next occurrence of `month` (this year if it is this month or later)."""
    if year is not None:
        return year
    return today.year if month >= today.month else today.year + 1


def expand_year(y: str) -> int:
    """'15' -> 2015, '2015' -> 2015."""
    n = int(y.strip("'"))
    return n + 2000 if n < 100 else n


def future_date(today: date, month: int, day: int, year: int | None) -> date | None:
    """Month/day in the given year, or the next one not before today."""
    if year is not None:
        return safe_date(year, month, day)
    for y in range(today.year, today.year + 8):
        d = safe_date(y, month, day)
        if d is not None and d >= today:
            return d
    return None
