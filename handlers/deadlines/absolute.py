"""Explicit calendar dates: "March 12", "12 March 2026", "Mar 12th", "the 12th", "on the first",
"Monday, Feb 18", "Tuesday the 19th", "3/12", "2026-03-12", "12.03.2026", "the ides of March".

Conventions (documented for the README):
  * slash and dash dates follow the person's convention: month/day by default, like the US
    ("3/12" is March 12), day/month when the caller says `day_first` ("3/12" is 3 December);
    either way a number that cannot be a month is the day ("25/3" is March 25). Dotted
    dates are always day.month ("12.03.2026").
  * without a year the next occurrence not before today is meant ("March 12" said in April
    is next year's); a weekday that contradicts a date picks the next year/month where they
    agree ("Fri, Jul 18" -> the next July 18 that is a Friday).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from .model import Atom, Ctx, expand_year, future_date, matches, safe_date
from .vocabulary import DAYTOK, MON, WD, month_number, ordinal_number, weekday_number

_YEAR4 = r"(?:19|20)\d{2}(?![\d:])"
_MD = re.compile(
    r"(?<![\w])(?:(?P<wd1>" + WD + r"),?\s*(?:the\s+)?)?(?P<month>" + MON + r")\s*(?:the\s+)?"
    r"(?P<day>" + DAYTOK + r")(?:,?\s*(?P<year>" + _YEAR4 + r"|'\d{2}))?(?:,?\s+(?P<wd2>" + WD + r"))?")
_DM = re.compile(
    r"(?<![\w])(?:(?P<wd1>" + WD + r"),?\s*)?(?:the\s+)?(?P<day>" + DAYTOK + r")\s*(?:day\s+)?"
    r"(?:of\s+|-)?\s*(?P<month>" + MON + r")"
    r"(?:[,\s-]*(?P<year>" + _YEAR4 + r"|\d{2}(?![\d:]|\s*(?:[ap]\.?m|h\b))))?")
_IDES = re.compile(r"(?<![\w])(?:the\s+)?ides\s+of\s+(?P<month>" + MON + r")")
_DAY_ONLY = re.compile(
    r"(?<![\w])(?:(?P<wd>" + WD + r"),?\s*)?(?:(?P<the>the)\s+(?P<dayw>" + DAYTOK + r")"
    r"|(?P<day>[0-3]?\d(?:st|nd|rd|th))\b)")
_ISO = re.compile(r"(?<![\w/.-])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\w/.-]\w)")
_MDY = re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/-])")
_DOTTED = re.compile(r"(?<![\w.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?:(?P<y>\d{4}|\d{2})(?![\w.])|(?=\s|$))")
_MD_NUM = re.compile(
    r"(?<![\w/.-])(?P<a>\d{1,2})(?P<s1>\s*)(?P<sep>/|-)(?P<s2>\s*)(?P<b>\d{1,2})"
    r"(?![\w/:.-]|\s*(?:[/-]\s*\d|h\b|hours?|hrs?|mins?|minutes?|days?|weeks?|cups?|times|x\b|am|pm|[ap]\.m))")
_FOLLOW = re.compile(
    r"\s*(?:$|[^\w\s]|\d|(?:at|by|on|in|and|then|please|pls|the|of|this|next|before|after|morning|"
    r"afternoon|evening|night|tonight|noon|midnight|midday|eod|cob|to|for|latest|i|we|you|is|it|"
    r"or|when|so|ok|okay)\b)")


def follows_ok(text: str, end: int) -> bool:
    """True when what follows a short date/time does not make it a quantity or a label
    ('the 15th anniversary', 'at 2 locations')."""
    return bool(_FOLLOW.match(text, end))


def month_and_day(ctx: Ctx, a: int, b: int) -> tuple[int, int]:
    """(month, day) of a numeric 'a/b' in the person's convention; a first number that
    cannot be the month (or, day-first, a second one) swaps the reading."""
    if ctx.day_first:
        return (b, a) if b <= 12 else (a, b)
    return (a, b) if a <= 12 else (b, a)


def _weekday_fit(ctx: Ctx, month: int, day: int, wd: int) -> date | None:
    """The next month/day (from today, up to 30 years) that falls on weekday `wd`."""
    for y in range(ctx.today.year, ctx.today.year + 30):
        d = safe_date(y, month, day)
        if d is not None and d >= ctx.today and d.weekday() == wd:
            return d
    return None


def _month_day(ctx: Ctx, month: int, day: int, year: int | None, wd: int | None) -> date | None:
    if year is not None:
        return safe_date(year, month, day)
    d = future_date(ctx.today, month, day, None)
    if d is not None and wd is not None and d.weekday() != wd:
        d = _weekday_fit(ctx, month, day, wd)
    return d


def day_of_month(ctx: Ctx, day: int, wd: int | None = None) -> date | None:
    """'the 15th' -> this month's 15th if still ahead (or today), else the next month that
    has one; with a weekday, the next month where that day is that weekday."""
    y, m = ctx.today.year, ctx.today.month
    for _ in range(48):
        d = safe_date(y, m, day)
        if d is not None and d >= ctx.today and (wd is None or d.weekday() == wd):
            return d
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return None


def _wd(g: dict[str, Any], *names: str) -> int | None:
    for n in names:
        if g.get(n):
            return weekday_number(g[n])
    return None


def date_atoms(ctx: Ctx, text: str) -> list[Atom]:
    """Every explicit-date atom in lower-cased `text`."""
    out: list[Atom] = []

    def add(mt: re.Match[str], d: date | None, strong: bool = True) -> None:
        if d is not None:
            out.append(Atom("date", mt.start(), mt.end(), date=d, strong=strong))

    for rx in (_MD, _DM):
        for mt in matches(rx, text):
            g = mt.groupdict()
            day = ordinal_number(g["day"])
            if not day or not 1 <= day <= 31:
                continue
            year = expand_year(g["year"]) if g.get("year") else None
            month = month_number(g["month"])
            d = _month_day(ctx, month, day, year, _wd(g, "wd1", "wd2"))
            strong = True
            if g["month"].rstrip(".") in ("may", "mar", "march") and not g.get("year"):
                # "I may 2 ..." is not a date; require the day to look like one
                strong = bool(re.search(r"(?:st|nd|rd|th|first|second|third)$", g["day"])) or follows_ok(text, mt.end())
            add(mt, d, strong)
    for mt in matches(_IDES, text):
        m = month_number(mt.group("month"))
        add(mt, future_date(ctx.today, m, 15 if m in (3, 5, 7, 10) else 13, None))
    for mt in matches(_DAY_ONLY, text):
        g = mt.groupdict()
        raw = g["dayw"] or g["day"]
        day = ordinal_number(raw)
        wd = _wd(g, "wd")
        if not day or not 1 <= day <= 31:
            continue
        if not follows_ok(text, mt.end()) or re.match(r"\s*(?:of|day)\b", text[mt.end():]):
            continue
        strong = wd is not None or bool(re.fullmatch(r"\d+(?:st|nd|rd|th)", raw))
        add(mt, day_of_month(ctx, day, wd), strong)
    for mt in matches(_ISO, text):
        add(mt, safe_date(int(mt["y"]), int(mt["m"]), int(mt["d"])))
    for mt in matches(_MDY, text):
        a, b, y = int(mt["a"]), int(mt["b"]), expand_year(mt["y"])
        month, day = month_and_day(ctx, a, b)
        add(mt, safe_date(y, month, day))
    for mt in matches(_DOTTED, text):
        year = expand_year(mt["y"]) if mt["y"] else None
        d = _month_day(ctx, int(mt["m"]), int(mt["d"]), year, None) if 1 <= int(mt["m"]) <= 12 else None
        add(mt, d, strong=bool(mt["y"]))
    for mt in matches(_MD_NUM, text):
        a, b = int(mt["a"]), int(mt["b"])
        month, day = month_and_day(ctx, a, b)
        if not 1 <= month <= 12 or not follows_ok(text, mt.end()):
            continue
        strong = mt["sep"] == "/" and not mt["s1"] and not mt["s2"]
        add(mt, _month_day(ctx, month, day, None, None), strong)
    return out


_SUB_DATE = re.compile(
    r"(?:(?P<month>" + MON + r")\s*(?:the\s+)?(?P<day>" + DAYTOK + r")|(?:the\s+)?(?P<day2>" + DAYTOK +
    r")\s*(?:of\s+)?(?P<month2>" + MON + r"))(?:,?\s*(?P<year>" + _YEAR4 + r"))?")
SUB_DATE = _SUB_DATE.pattern


def parse_sub_date(ctx: Ctx, s: str) -> date | None:
    """A month/day phrase embedded in a larger rule ('the week of october 6th')."""
    mt = _SUB_DATE.fullmatch(s.strip())
    if not mt:
        return None
    month = month_number(mt["month"] or mt["month2"])
    day = ordinal_number(mt["day"] or mt["day2"])
    if not day:
        return None
    return _month_day(ctx, month, day, int(mt["year"]) if mt["year"] else None, None)


def week_friday(d: date) -> date:
    """Friday of the Monday-based week containing d."""
    return d - timedelta(days=d.weekday()) + timedelta(days=4)
