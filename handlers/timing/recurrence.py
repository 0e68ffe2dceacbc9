"""Repeating commitments as iCalendar rules (`dateutil.rrule`), kept in local wall time.

A series is stored as the text of an RRULE whose DTSTART is a naive local wall time ("every
Friday at 16:00") plus the person's IANA zone. Each occurrence is worked out on the wall
calendar first and only then given its zone, so a weekly 16:00 stays 16:00 on both sides of a
daylight-saving change and nothing drifts after downtime (the rule is read again, never
advanced by adding hours).

A day of the month past the 28th means "that day, or the month's last day when it is shorter":
"on the 31st" falls on 31 Jan, 28 Feb (29 in a leap year), 31 Mar, 30 Apr. (RFC 5545 alone would
skip the short months; BYSETPOS=-1 over 28..31 keeps one occurrence in every month.)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from itertools import islice

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule, rrulestr, weekday

from handlers.timing.local import at_local
from handlers.timing.words import DAYS

MAX_INTERVAL = {"daily": 366, "weekly": 104, "monthly": 24}  # "every 2 weeks" yes, "every 999 weeks" no
MAX_STEPS = 5000  # occurrences walked in one look: 13 years of a daily series; bounds every loop here
_FREQ = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY}
_WEEKDAYS = (0, 1, 2, 3, 4)
_ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


@dataclass(frozen=True)
class Rule:
    """What a person said: "every 2 weeks on Monday at 9", read but not yet anchored in time."""

    freq: str  # daily | weekly | monthly
    interval: int = 1
    weekdays: tuple[int, ...] = ()  # weekly: Monday = 0; empty: the weekday of the first occurrence
    monthday: int | None = None  # monthly: 1..31, -1 = the last day; None: the day of the first occurrence
    at: time | None = None  # None: the caller's end of day
    until: date | None = None  # the last local day an occurrence may fall on

    def valid(self) -> bool:
        return (self.freq in _FREQ and 1 <= self.interval <= MAX_INTERVAL[self.freq]
                and all(0 <= d <= 6 for d in self.weekdays)
                and (self.monthday is None or self.monthday == -1 or 1 <= self.monthday <= 31))


def _by_month_day(day: int) -> tuple[tuple[int, ...], int | None]:
    """(BYMONTHDAY, BYSETPOS) for a day of the month, short months falling back to their last day."""
    if day == -1:
        return (-1,), None
    if day <= 28:
        return (day,), None
    return tuple(range(28, day + 1)), -1


def _rrule(rule: Rule, start: datetime) -> rrule:
    until = datetime.combine(rule.until, time(23, 59, 59)) if rule.until else None
    if rule.freq == "weekly":
        days = rule.weekdays or (start.weekday(),)
        return rrule(WEEKLY, dtstart=start, interval=rule.interval, byweekday=[weekday(d) for d in sorted(set(days))],
                     until=until)
    if rule.freq == "monthly":
        bymonthday, setpos = _by_month_day(rule.monthday if rule.monthday is not None else start.day)
        return rrule(MONTHLY, dtstart=start, interval=rule.interval, bymonthday=bymonthday, bysetpos=setpos,
                     until=until)
    return rrule(DAILY, dtstart=start, interval=rule.interval, until=until)


def anchor(rule: Rule, now: datetime, tz: tzinfo, end_of_day: time) -> str | None:
    """The stored rule text (DTSTART = the first occurrence after `now`, local wall time), or
    None when no occurrence falls after `now` (an "until" already past)."""
    clock = rule.at or end_of_day
    local_now = now.astimezone(tz).replace(tzinfo=None)
    today = datetime.combine(local_now.date(), clock)
    # Interval 1 finds the first matching day; the series then counts its interval from it.
    probe = _rrule(Rule(rule.freq, 1, rule.weekdays, rule.monthday, clock, rule.until), today)
    first = next((d for d in islice(probe, MAX_STEPS) if at_local(d.date(), clock, tz) > now), None)
    if first is None:
        return None
    return str(_rrule(rule, first))


def _parse(text: str) -> rrule:
    parsed = rrulestr(text)
    if not isinstance(parsed, rrule):
        raise ValueError("not a single rule")
    return parsed


def _fields(text: str) -> tuple[datetime, dict[str, str]]:
    """(DTSTART, the RRULE's parts) read from the stored iCalendar text itself (RFC 5545), so
    describing a rule needs nothing private of dateutil."""
    start, parts = None, {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name == "DTSTART":
            start = datetime.strptime(value, "%Y%m%dT%H%M%S")
        elif name == "RRULE":
            parts = dict(p.partition("=")[::2] for p in value.split(";"))
    if start is None:
        raise ValueError("a rule without DTSTART")
    return start, parts


def _instant(local: datetime, tz: tzinfo) -> datetime:
    return at_local(local.date(), local.time(), tz)


@dataclass(frozen=True)
class Step:
    """One occurrence: its 1-based index in the series, local wall time and instant."""

    index: int
    local: datetime  # naive, on the wall calendar of the series' zone
    at: datetime  # aware


def first(text: str, tz: tzinfo) -> Step:
    start, _ = _fields(text)
    return Step(1, start, _instant(start, tz))


def following(text: str, tz: tzinfo, after: Step) -> Step | None:
    """The occurrence after `after`, or None when the series has ended."""
    nxt = _parse(text).after(after.local)
    return Step(after.index + 1, nxt, _instant(nxt, tz)) if nxt is not None else None


@dataclass(frozen=True)
class Catch:
    """Where a series stands at `now`, seen from its last materialised occurrence."""

    latest_past: Step | None  # the newest occurrence that came since (after downtime: only this one)
    upcoming: Step | None  # the first occurrence still ahead; None: the series has ended


def catch_up(text: str, tz: tzinfo, last: Step, now: datetime) -> Catch:
    """Walk from `last` to the first occurrence after `now`. Occurrences between them (the bot
    was down) collapse into the latest one: at most one check-in, never a pile."""
    past: Step | None = None
    step: Step | None = last
    for _ in range(MAX_STEPS):
        step = following(text, tz, step) if step else None
        if step is None or step.at > now:
            return Catch(past, step)
        past = step
    return Catch(past, None)


def next_dates(text: str, tz: tzinfo, after: Step, count: int) -> list[Step]:
    """`after` and up to count - 1 occurrences following it."""
    out = [after]
    while len(out) < count and (nxt := following(text, tz, out[-1])) is not None:
        out.append(nxt)
    return out


def _ordinal(day: int) -> str:
    return f"{day}{_ORDINAL.get(day, 'th')}"


_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def describe(text: str) -> str:
    """"every Friday at 16:00", "every weekday at 09:00", "every 2 weeks on Monday at 09:00",
    "on the 31st of every month (the last day in shorter months) at 17:00", "… until Sun 20 Dec"."""
    start, f = _fields(text)
    interval, freq = int(f.get("INTERVAL", "1")), f.get("FREQ")
    clock = f"at {start:%H:%M}"
    if freq == "WEEKLY":
        days = tuple(sorted(_ICAL_DAYS.index(d) for d in f.get("BYDAY", _ICAL_DAYS[start.weekday()]).split(",")))
        names = " and ".join(DAYS[d].title() for d in days) if days != _WEEKDAYS else ""
        if interval == 1:
            head = f"every {names}" if names else "every weekday"
        else:
            head = f"every {interval} weeks on {names or 'weekdays'}"
    elif freq == "MONTHLY":
        monthdays = [int(d) for d in f.get("BYMONTHDAY", str(start.day)).split(",")]
        every = "every month" if interval == 1 else f"every {interval} months"
        if monthdays == [-1]:
            head = f"on the last day of {every}"
        else:
            day = max(monthdays)
            short = " (the last day in shorter months)" if day > 28 else ""
            head = f"on the {_ordinal(day)} of {every}{short}"
    else:
        head = "every day" if interval == 1 else f"every {interval} days"
    until = datetime.strptime(f["UNTIL"], "%Y%m%dT%H%M%S") if "UNTIL" in f else None
    tail = f" until {until:%a} {until.day} {until:%b} {until.year}" if until is not None else ""
    return f"{head} {clock}{tail}"


def period_word(text: str) -> str:
    """What "N … in a row" counts: "weeks" for a weekly rule on one day, "days", "months", else "times"."""
    _, f = _fields(text)
    if f.get("INTERVAL", "1") != "1":
        return "times"
    if f.get("FREQ") == "DAILY":
        return "days"
    if f.get("FREQ") == "MONTHLY":
        return "months"
    return "weeks" if "," not in f.get("BYDAY", "") else "times"
