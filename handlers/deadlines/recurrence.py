"""Find a repeating commitment in a message: "every Friday 4pm", "every weekday at 9", "every 2
weeks on Monday", "on the 1st of every month", "every day until Dec 20", "daily at 8", "each
Saturday morning", "monthly on the 15th", "every other Tuesday".

The reader only recognises the phrase and returns a `Rule` (see `handlers.timing.recurrence`)
and the span to cut from the title; anchoring it in time is the rule's job. "until DATE" is
read by the deadline reader. Linear regexes over a capped text: garbage or huge input gives
None, never an error or a long wait.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, time

from handlers.timing.recurrence import Rule
from handlers.timing.words import read_clock, read_weekday

from .model import MAX_TEXT, DeadlineInputError
from .scan import scan_text

_DAY = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|weds|wed|thurs|thur|thu|fri|"
        r"sat|sun)s?\.?")
_DAYS = rf"{_DAY}(?:\s*(?:,|&|and|,\s*and)\s*{_DAY})*"
_N = r"(?P<n>\d{1,3}|other|second|two|three|four)"
_EVERY = r"(?:every|each)"
_MONTHDAY = r"(?P<md>\d{1,2})(?:st|nd|rd|th)?"
_ON_TAIL = rf"(?:\s+on\s+(?:the\s+)?(?:(?P<tdays>{_DAYS})|(?P<tlast>last\s+day)|(?P<tmd>\d{{1,2}})(?:st|nd|rd|th)?)\b)?"
_PATTERNS = (
    # every (2) week(s) | day(s) | month(s) | weekday | weekend | morning ..., with "on DAY(S)" / "on the Nth"
    re.compile(rf"\b{_EVERY}\s+(?:{_N}\s+)?(?P<unit>days?|weeks?|months?|weekdays?|workdays?|business\s+days?|"
               rf"work\s+days?|weekends?|mornings?|afternoons?|evenings?|nights?)\b{_ON_TAIL}"),
    # on the 1st of every (other) month; the last day of every month
    re.compile(rf"\b(?:on\s+)?(?:the\s+)?(?:{_MONTHDAY}|(?P<last>last\s+day))\s+of\s+{_EVERY}\s+(?:{_N}\s+)?"
               r"(?P<unit>months?)\b"),
    # every (other) Friday; every Monday and Thursday
    re.compile(rf"\b{_EVERY}\s+(?:{_N}\s+)?(?P<days>{_DAYS})(?!\w)"),
)
# daily, weekly on Monday, monthly on the 15th, fortnightly: only when no "every" phrase is there, and
# not as an adjective ("Weekly report every Friday", "my weekly review" name the action).
_ADVERB = re.compile(rf"\b(?P<adverb>daily|weekly|monthly|fortnightly|biweekly|bi-weekly){_ON_TAIL}"
                     r"(?=\s*(?:$|[,.;:!)]|on\b|at\b|@|until\b|till\b|from\b|starting\b|in\s+the\b|\d))")
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?"
_TIME_AFTER = re.compile(
    rf"\s*,?\s*(?:at|@|around|by)\s+(?P<c1>{_CLOCK})(?!\w)"
    r"|\s+(?P<c2>\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2})(?![\w:])"
    r"|\s+(?:at\s+|in\s+the\s+)?(?P<part>morning|afternoon|evening|night|noon|midday|lunchtime)\b")
_TIME_BEFORE = re.compile(rf"(?:\b(?:at|@|around)\s+(?P<c1>{_CLOCK})|(?P<c2>\b\d{{1,2}}(?:[:.]\d{{2}})?\s*(?:am|pm))"
                          r"|\b(?P<part>morning|afternoon|evening|night|noon|midday|lunchtime))\s*,?\s*$")
_UNTIL = re.compile(r"\s*,?\s*(?:until|till|til|'til|through|thru|up\s+to)\s+")
_PARTS = {"morning": time(9), "afternoon": time(15), "evening": time(20), "night": time(20), "noon": time(12),
          "midday": time(12), "lunchtime": time(12)}
_COUNTS = {"other": 2, "second": 2, "two": 2, "three": 3, "four": 4}
_WORKDAYS = ("weekday", "workday", "business day", "work day")


@dataclass(frozen=True)
class RecurrenceMatch:
    """A repeating commitment found in a message; `start:end` spans the phrase (with its time
    and its "until"), so a caller can cut it from the title."""

    rule: Rule
    start: int
    end: int


def _days(text: str) -> tuple[int, ...]:
    found = (read_weekday(w) for w in re.split(r"[\s,&]+|\band\b", text) if w)
    return tuple(sorted({d for d in found if d is not None}))


def _count(m: re.Match[str]) -> int:
    n = m.groupdict().get("n")
    if not n:
        return 1
    return _COUNTS.get(n) or int(n)


def _core(m: re.Match[str]) -> Rule | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    n = _count(m)
    if "adverb" in g:
        adverb = g["adverb"]
        if adverb == "daily":
            return Rule("daily")
        if adverb == "monthly":
            return _monthly(1, g)
        return _weekly(2 if adverb in ("fortnightly", "biweekly", "bi-weekly") else 1, g)
    if "days" in g:
        return Rule("weekly", n, _days(g["days"]))
    unit = " ".join(g.get("unit", "").split()).rstrip("s")
    if unit == "day" or unit in _PARTS:
        at = _PARTS.get(unit)
        return Rule("daily", n, at=at)
    if unit in _WORKDAYS or unit == "weekend":
        if n != 1:
            return None
        return Rule("weekly", 1, (0, 1, 2, 3, 4) if unit != "weekend" else (5, 6))
    if unit == "week":
        return _weekly(n, g)
    if unit == "month":
        return _monthly(n, g)
    return None


def _weekly(n: int, g: dict[str, str]) -> Rule | None:
    if "tmd" in g or "tlast" in g:
        return None
    return Rule("weekly", n, _days(g["tdays"]) if "tdays" in g else ())


def _monthly(n: int, g: dict[str, str]) -> Rule | None:
    if "tdays" in g:
        return None
    if "last" in g or "tlast" in g:
        return Rule("monthly", n, monthday=-1)
    day = g.get("md") or g.get("tmd")
    return Rule("monthly", n, monthday=int(day) if day else None)


def _clock(m: re.Match[str]) -> time | None:
    if m.group("part"):
        return _PARTS[m.group("part")]
    return read_clock((m.group("c1") or m.group("c2") or "").replace(" ", ""))


def _until(text: str, low: str, end: int, now: datetime) -> tuple[int, datetime] | None:
    """("until Dec 20", read by the deadline reader) right after `end`: (its end, the date)."""
    m = _UNTIL.match(low, end)
    if not m:
        return None
    rest = text[m.end(): m.end() + 60]
    try:
        found = scan_text(rest, now, time(23, 59))
    except DeadlineInputError:
        return None
    if found is None or found.start > 1:
        return None
    return m.end() + found.end, found.when


def find_recurrence(text: str, now: datetime) -> RecurrenceMatch | None:
    """The first repeating phrase in `text`, or None. `now` (aware, in the person's zone) is only
    used to read an "until" date."""
    if len(text) > MAX_TEXT or now.tzinfo is None:
        return None
    low = text.lower()
    hits = sorted((m for p in _PATTERNS if (m := p.search(low)) is not None), key=lambda h: (h.start(), -h.end()))
    for m in hits + [m for m in _ADVERB.finditer(low)][:4]:
        rule = _core(m)
        if rule is None or not rule.valid():
            continue
        start, end = m.start(), m.end()
        if rule.at is None and (t := _TIME_AFTER.match(low, end)) and (clock := _clock(t)) is not None:
            rule, end = replace(rule, at=clock), t.end()
        if rule.at is None and (b := _TIME_BEFORE.search(low[max(0, start - 30):start])) is not None:
            if (clock := _clock(b)) is not None:
                rule, start = replace(rule, at=clock), max(0, start - 30) + b.start()
        if (until := _until(text, low, end, now)) is not None:
            end, last = until
            rule = replace(rule, until=last.date())
        return RecurrenceMatch(rule, start, end)
    return None
