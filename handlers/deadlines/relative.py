"""Relative deadlines: "in 2 hours", "in half an hour", "3 days from now", "within a week",
"a fortnight hence", "in 3 business days", "3 fridays from now".

Convention: units shorter than a day are elapsed time (added in UTC, so "in 2 hours" is
two real hours across a DST change). Days and longer are calendar arithmetic on the local
wall clock and keep the current time of day ("in 3 days" said at 10:00 is 10:00 three days
later, also across DST), which is what Duckling's corpus expects too.

Every quantity is bounded before any arithmetic: a duration reaching further than
`MAX_AHEAD` (100 years) becomes an atom marked `too_far`, which the scanner reports as
`DeadlineTooFar` when it is the phrase it picks; the sums themselves are O(1).
"""
from __future__ import annotations

import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from .model import MAX_AHEAD, Atom, Ctx, add_business_days, matches, next_weekday
from .vocabulary import NUMWORD, WD_PLURAL, weekday_number, word_number

_QTY = (r"(?:\d+(?:\.\d+)?(?:/\d+)?|" + NUMWORD + r"|a\s+couple(?:\s+of)?|couple(?:\s+of)?|"
        r"a\s+pair\s+of|a\s+few|few|several|half\s+an?|a\s+half|(?:a\s+)?quarter\s+of\s+an?|"
        r"three[\s-]quarters?\s+of\s+an?|an?)")
_HALF = r"(?:\s+and\s+an?\s+half)"
_UNIT = (r"(?:seconds?\b|secs?\b|s\b|\"|'|minutes?\b|mins?\b|m\b|hours?\b|hrs?\b|h\b|"
         r"(?:business|working|work)\s+days?\b|days?\b|d\b|weeks?\b|wks?\b|w\b|fortnights?\b|"
         r"months?\b|mos?\b|years?\b|yrs?\b|y\b)")
_FILLER = r"(?:(?:about|around|approximately|approx\.?|roughly|just|another|only|the\s+next|the)\s+)?"
_CORE = (r"(?P<qty>" + _QTY + r")(?P<half1>" + _HALF + r")?\s*(?:more\s+)?(?P<unit>" + _UNIT + r")"
         r"(?P<half2>" + _HALF + r")?")
_IN = re.compile(r"(?<![\w])(?P<pre>in|within|after)\s+" + _FILLER + _CORE +
                 r"(?:\s+(?:from\s+(?:right\s+)?now|time|'s\s+time))?")
_POST = re.compile(r"(?<![\w/])" + _CORE +
                   r"\s+(?P<post>from\s+(?:right\s+)?(?:now|today)|hence|later|from\s+tomorrow)\b")
_WEEKDAYS_FROM = re.compile(r"(?<![\w])(?P<n>\d{1,2}|" + NUMWORD + r")\s+(?P<wd>" + WD_PLURAL +
                            r")\s+from\s+(?:now|today)\b")
_BARE_IN = re.compile(r"(?<![\w])in\s+(?P<n>\d{1,2})(?=\s*(?:$|[.!?,;)]))")

_SUB_DAY = {"s": timedelta(seconds=1), "m": timedelta(minutes=1), "h": timedelta(hours=1)}
#: Roughly how many days one unit spans, only to bound quantities before computing with them
#: (generously: the scanner checks the resolved instant against MAX_AHEAD exactly).
_UNIT_DAYS = {"s": 1 / 86400, "m": 1 / 1440, "h": 1 / 24, "bd": 7 / 5, "d": 1, "w": 7, "f": 14,
              "mo": 31, "y": 366}
_MAX_DIGITS = 9  # longer numbers are out of range anyway; never convert 4,000 digits


def _number(digits: str) -> float:
    return float("inf") if len(digits.replace(".", "")) > _MAX_DIGITS else float(digits)


def _quantity(q: str) -> float | None:
    q = re.sub(r"\s+", " ", q.strip())
    if "couple" in q or "pair" in q:
        return 2
    if "few" in q or "several" in q:
        return 3
    if q.startswith("half") or q == "a half":
        return 0.5
    if q.startswith("three") and "quarter" in q:
        return 0.75
    if "quarter" in q:
        return 0.25
    if "/" in q:
        a, b = (_number(x) for x in q.split("/"))
        return a / b if b and b != float("inf") else None
    try:
        return _number(q)
    except ValueError:
        n = word_number(q)
        return float(n) if n is not None else None


def _unit_key(u: str) -> str:
    """Normalise a unit spelling to one of s/m/h/bd/d/w/mo/y."""
    u = u.strip()
    if u == '"' or u.startswith("s"):
        return "s"
    if u == "'" or u == "m" or u.startswith("min"):
        return "m"
    if u.startswith("h"):
        return "h"
    if "business" in u or "working" in u or u.startswith("work"):
        return "bd"
    if u.startswith("d"):
        return "d"
    if u.startswith("w"):
        return "w"
    if u.startswith("f"):
        return "f"
    if u.startswith("mo"):
        return "mo"
    return "y"


def _duration_atom(ctx: Ctx, mt: re.Match[str], kind: str) -> Atom | None:
    qty = _quantity(mt.group("qty"))
    if qty is None:
        return None
    if mt.group("half1") or mt.group("half2"):
        qty += 0.5
    raw_unit = mt.group("unit").strip()
    if len(raw_unit) == 1 and raw_unit not in "'\"" and not mt.group("qty")[:1].isdecimal():
        return None  # "in the am" is not "in 1 m": letter units only follow digits
    unit = _unit_key(raw_unit)
    a = Atom(kind, mt.start(), mt.end())
    if qty * _UNIT_DAYS[unit] > 2 * MAX_AHEAD.days:
        a.extra["too_far"] = True
        return a
    if unit in _SUB_DAY:
        a.exact = qty * _SUB_DAY[unit]
        return a
    if unit == "bd":
        a.kind = "date"  # a calendar day; keeps the time of day unless one is given
        a.date = add_business_days(ctx.today, int(qty))
        a.extra["keep_time"] = True
        return a
    days = {"d": 1, "w": 7, "f": 14}.get(unit)
    if days is not None:
        if qty != int(qty):
            a.exact = timedelta(days=qty * days)
        else:
            a.wall = relativedelta(days=int(qty) * days)
        return a
    if qty != int(qty):
        a.wall = relativedelta(days=round(qty * (30 if unit == "mo" else 365)))
    else:
        a.wall = relativedelta(months=int(qty)) if unit == "mo" else relativedelta(years=int(qty))
    return a


def relative_atoms(ctx: Ctx, text: str) -> list[Atom]:
    """Every relative-duration atom in lower-cased `text`."""
    out: list[Atom] = []
    for mt in matches(_IN, text):
        a = _duration_atom(ctx, mt, "rel")
        if a is not None:
            out.append(a)
    for mt in matches(_POST, text):
        a = _duration_atom(ctx, mt, "rel")
        if a is not None:
            out.append(a)
    for mt in matches(_WEEKDAYS_FROM, text):
        n = word_number(mt.group("n"))
        if n:
            d = next_weekday(ctx.today, weekday_number(mt.group("wd")), include_today=False)
            out.append(Atom("date", mt.start(), mt.end(), date=d + timedelta(days=7 * (n - 1))))
    for mt in matches(_BARE_IN, text):
        n = int(mt.group("n"))
        if 1 <= n < 60:
            out.append(Atom("rel", mt.start(), mt.end(), exact=timedelta(minutes=n)))
    return out
