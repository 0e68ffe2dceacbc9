"""Counted positions inside a month or year: "first tuesday of october", "last friday in
March", "the 20th of next month", "fifth last day of May", "last week of September",
"third last week of 2018", "last weekend of October", "the week of October 7th",
"the closest Monday to Oct 5th".

Weeks "of" a month or year are the Monday-to-Sunday weeks lying wholly inside it (so the
first week of October 2014 starts Monday the 6th); a week resolves to its Friday. A week
"of <date>" falling on a weekend is the working week after it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from .absolute import SUB_DATE, parse_sub_date, week_friday
from .model import Atom, Ctx, last_day, matches, safe_date
from .vocabulary import DAYTOK, MON, ORDSMALL, WD, month_number, ordinal_number, weekday_number

_YEAR4 = r"(?:19|20)\d{2}(?![\d:])"
_IN_MONTH = r"(?:of|in)\s+(?P<month>" + MON + r")(?:,?\s+(?P<year>" + _YEAR4 + r"))?"
_NTH_WEEKDAY = re.compile(
    r"(?<![\w])(?:the\s+)?(?P<n>" + ORDSMALL + r"|last)\s+(?P<wd>" + WD + r")\s+" + _IN_MONTH)
_NTH_LAST_DAY = re.compile(
    r"(?<![\w])(?:the\s+)?(?:(?P<n>" + ORDSMALL + r")\s+)?last\s+day\s+(?:of|in)\s+"
    r"(?:(?P<month>" + MON + r")(?:,?\s+(?P<year>" + _YEAR4 + r"))?|(?:the\s+)?(?P<rel>this|next|current)?\s*month\b)")
_WEEK_OF = re.compile(
    r"(?<![\w])(?:the\s+)?(?:(?P<n>" + ORDSMALL + r")\s+)?(?P<last>last\s+)?(?:week|wk)\s+(?:of|in)\s+"
    r"(?:(?P<month>" + MON + r")(?:,?\s+(?P<year>" + _YEAR4 + r"))?|(?P<yonly>" + _YEAR4 + r"))")
_WEEKEND_OF = re.compile(
    r"(?<![\w])(?:the\s+)?(?P<n>" + ORDSMALL + r"|last)\s+(?:week[\s-]?end|wkend)\s+" + _IN_MONTH)
_WEEK_OF_DATE = re.compile(r"(?<![\w])(?:the\s+)?week\s+of\s+(?P<sub>" + SUB_DATE + r")")
_CLOSEST = re.compile(
    r"(?<![\w])(?:the\s+)?(?:(?P<n>" + ORDSMALL + r")\s+)?closest\s+(?P<wd>" + WD + r")\s+to\s+(?P<sub>"
    + SUB_DATE + r")")
_DAY_OF_REL_MONTH = re.compile(
    r"(?<![\w])(?:the\s+)?(?P<day>" + DAYTOK + r")\s+(?:day\s+)?of\s+(?:the\s+)?"
    r"(?P<rel>next|this|current|following|coming)\s+month\b")


def _month_year(ctx: Ctx, month: int, year: str | None,
                resolve: Callable[[int, int], date | None]) -> date | None:
    """Resolve in the given year, or the first year (from this one) giving a date >= today."""
    if year:
        return resolve(int(year), month)
    for y in (ctx.today.year, ctx.today.year + 1):
        d = resolve(y, month)
        if d is not None and d >= ctx.today:
            return d
    return None


def _nth_weekday(y: int, m: int, wd: int, n: int) -> date | None:
    if n == -1:
        d = last_day(y, m)
        return d - timedelta(days=(d.weekday() - wd) % 7)
    d = date(y, m, 1)
    d += timedelta(days=(wd - d.weekday()) % 7 + 7 * (n - 1))
    return d if d.month == m else None


def _full_weeks(first: date, last: date) -> list[date]:
    """Mondays of the weeks lying wholly inside [first, last]."""
    m = first + timedelta(days=(7 - first.weekday()) % 7)
    out = []
    while m + timedelta(days=6) <= last:
        out.append(m)
        m += timedelta(days=7)
    return out


def ordinal_atoms(ctx: Ctx, text: str) -> list[Atom]:
    """Counted-position atoms in lower-cased `text`."""
    out: list[Atom] = []

    def add(mt: re.Match[str], d: date | None) -> None:
        if d is not None:
            out.append(Atom("date", mt.start(), mt.end(), date=d))

    for mt in matches(_NTH_WEEKDAY, text):
        n = -1 if mt["n"] == "last" else ordinal_number(mt["n"]) or 1
        wd = weekday_number(mt["wd"])
        add(mt, _month_year(ctx, month_number(mt["month"]), mt["year"],
                            lambda y, m: _nth_weekday(y, m, wd, n)))  # noqa: B023 (called at once)
    for mt in matches(_NTH_LAST_DAY, text):
        back = (ordinal_number(mt["n"]) or 1) - 1 if mt["n"] else 0
        if mt["month"]:
            add(mt, _month_year(ctx, month_number(mt["month"]), mt["year"],
                                lambda y, m: last_day(y, m) - timedelta(days=back)))  # noqa: B023 (called at once)
        else:
            t = ctx.today
            y, m = (t.year + t.month // 12, t.month % 12 + 1) if mt["rel"] == "next" else (t.year, t.month)
            add(mt, last_day(y, m) - timedelta(days=back))
    for mt in matches(_WEEK_OF, text):
        if not mt["n"] and not mt["last"]:
            continue
        n = (ordinal_number(mt["n"]) or 1) if mt["n"] else 1

        def week(y: int, m: int | None, n: int = n, last: bool = bool(mt["last"])) -> date | None:
            first, end = (date(y, m, 1), last_day(y, m)) if m else (date(y, 1, 1), date(y, 12, 31))
            weeks = _full_weeks(first, end)
            if n > len(weeks):
                return None
            return week_friday(weeks[-n] if last else weeks[n - 1])
        if mt["yonly"]:
            add(mt, week(int(mt["yonly"]), None))
        else:
            add(mt, _month_year(ctx, month_number(mt["month"]), mt["year"], week))
    for mt in matches(_WEEKEND_OF, text):
        n = -1 if mt["n"] == "last" else ordinal_number(mt["n"]) or 1
        add(mt, _month_year(ctx, month_number(mt["month"]), mt["year"],
                            lambda y, m: _nth_weekday(y, m, 5, n)))  # noqa: B023 (called at once)
    for mt in matches(_WEEK_OF_DATE, text):
        d = parse_sub_date(ctx, mt["sub"])
        if d is not None:
            add(mt, week_friday(d + timedelta(days=2) if d.weekday() >= 5 else d))
    for mt in matches(_CLOSEST, text):
        d = parse_sub_date(ctx, mt["sub"])
        if d is None:
            continue
        wd = weekday_number(mt["wd"])
        nth = ordinal_number(mt["n"]) if mt["n"] else 1
        cands = sorted((d + timedelta(days=k) for k in range(-21, 22)
                        if (d + timedelta(days=k)).weekday() == wd), key=lambda c: (abs((c - d).days), c))
        add(mt, cands[nth - 1] if nth and nth <= len(cands) else None)
    for mt in matches(_DAY_OF_REL_MONTH, text):
        day = ordinal_number(mt["day"])
        t = ctx.today
        y, m = (t.year, t.month) if mt["rel"] in ("this", "current") else (t.year + t.month // 12, t.month % 12 + 1)
        add(mt, safe_date(y, m, day) if day else None)
    return out
