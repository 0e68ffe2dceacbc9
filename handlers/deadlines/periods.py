"""Periods longer than a day and their edges: "this week", "next week", "end of the month",
"EOM", "early next week", "mid-March", "next quarter", "Q4 2018", "by EOY", "in 2027",
"this weekend", "March", "next March", "October 2014".

A period becomes one deadline date (at end_of_day):
  * bare month / quarter / year ("in March", "next quarter")  -> its last day: "do it in
    March" means any time in March, so March running out is the deadline.
  * "this week" / "end of (the) week" / EOW                   -> Friday (Sunday once Friday
    has passed); "next week" -> Monday of next week.
  * end -> last day (Friday for weeks); beginning / start / early -> first day (Monday for
    weeks). Months are read in thirds like Duckling: early / mid / late March start on the
    1st / 11th / 21st, and the deadline is the start of that third (a reminder that errs
    early). Weeks: mid -> Wednesday, late -> Friday; quarters and years: mid -> the middle.
  * weekend -> Saturday.  "before <period>" -> the day before it starts.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .model import Atom, Ctx, last_day, matches, monday_of
from .vocabulary import MON, ORDSMALL, month_number, ordinal_number, word_number

_YEAR4 = r"(?:19|20)\d{2}(?![\d:])"
_EDGE = (r"(?:(?:the\s+)?(?P<edge>end|beginning|start|middle|mid|early|late)"
         r"(?:\s*-\s*|\s+of\s+(?:the\s+)?|\s+(?:the\s+)?))?")
_REL = (r"(?P<rel>this\s+coming|the\s+following|the\s+coming|the\s+next|around\s+next|this|next|the|"
        r"current|coming|upcoming|following)")
_PERIOD = re.compile(
    r"(?<![\w])" + _EDGE + r"(?:"
    r"(?:" + _REL + r"\s+)?(?P<unit>week|wk|month|mth|quarter|qtr|year|yr)s?\b"
    r"|(?:(?P<mrel>next|this|coming)\s+)?(?P<month>" + MON + r")(?:,?\s+(?P<myear>" + _YEAR4 + r"))?"
    r"(?:\s+(?P<mafter>after\s+next)|\s+in\s+(?P<iny>\d|an?|one|two|three)\s+years?\b)?"
    r"|(?P<eyear>" + _YEAR4 + r")"
    r")")
_ABBR = re.compile(r"(?<![\w])(?:the\s+)?(?P<abbr>eow|eom|eoq|eoy)\b")
_QUARTER = re.compile(
    r"(?<![\w])(?:(?:the\s+)?end\s+of\s+)?(?:the\s+)?(?P<qn>" + ORDSMALL + r"|[1-4](?:st|nd|rd|th))\s+(?:quarter|qtr)\b"
    r"(?:\s+(?:of\s+)?(?P<qy>" + _YEAR4 + r"))?"
    r"|(?<![\w])(?:(?:the\s+)?end\s+of\s+)?(?P<qy2>\d{2}|\d{4})?q(?P<q>[1-4])\b(?:\s+(?P<qy3>" + _YEAR4 + r"))?")
_YEAR = re.compile(
    r"(?<![\w/.-])(?P<year>" + _YEAR4 + r")(?P<ad>\s*(?:a\.?d\b\.?|c\.?e\b\.?))?(?![\w/-])")
_WEEKEND = re.compile(r"(?<![\w])(?:(?P<wrel>this|next|the|coming)\s+)?(?:week[\s-]?end|wkend)s?\b")
_NUMERIC_MONTH = re.compile(
    r"(?<![\w/.-])(?:(?P<y>" + _YEAR4 + r")[-/](?P<m>\d{1,2})|(?P<m2>\d{1,2})/(?P<y2>" + _YEAR4 + r"))(?![\w/-])")
_MONTH_NAMES_AMBIGUOUS = {"may", "mar", "march"}


def _quarter_bounds(y: int, q: int) -> tuple[date, date]:
    return date(y, 3 * q - 2, 1), last_day(y, 3 * q)


def pick(kind: str, first: date, last: date, edge: str | None, ctx: Ctx, offset: int = 0) -> date:
    """One deadline date inside [first, last] according to the edge word."""
    if kind == "week":
        if edge in ("beginning", "start", "early") or (edge is None and offset >= 1):
            return first
        if edge in ("mid", "middle"):
            return first + timedelta(days=2)
        friday = first + timedelta(days=4)
        return friday if friday >= ctx.today else last
    if edge in ("beginning", "start", "early"):
        return first
    if kind == "month" and edge in ("mid", "middle", "late"):
        return first.replace(day=11 if edge != "late" else 21)
    if edge in ("mid", "middle"):
        if kind == "quarter":
            return first.replace(month=first.month + 1, day=15)
        return first.replace(month=6, day=30)
    return last


def _unit_bounds(ctx: Ctx, unit: str, rel: str) -> tuple[str, date, date, int]:
    today = ctx.today
    offset = 1 if any(w in rel for w in ("next", "coming", "following")) else 0
    if unit in ("week", "wk"):
        m = monday_of(today) + timedelta(days=7 * offset)
        return "week", m, m + timedelta(days=6), offset
    if unit in ("month", "mth"):
        y, mo = today.year, today.month + offset
        if mo > 12:
            y, mo = y + 1, mo - 12
        return "month", date(y, mo, 1), last_day(y, mo), offset
    if unit in ("quarter", "qtr"):
        q = (today.month - 1) // 3 + 1 + offset
        y = today.year + (q - 1) // 4
        q = (q - 1) % 4 + 1
        return ("quarter", *_quarter_bounds(y, q), offset)
    y = today.year + offset
    return "year", date(y, 1, 1), date(y, 12, 31), offset


def _atom(ctx: Ctx, start: int, end: int, kind: str, first: date, last: date, edge: str | None,
          strong: bool = True, offset: int = 0) -> Atom:
    a = Atom("date", start, end, date=pick(kind, first, last, edge, ctx, offset), strong=strong)
    a.before_date = first - timedelta(days=1)
    a.extra["period"] = kind
    return a


def period_atoms(ctx: Ctx, text: str) -> list[Atom]:
    """Week / month / quarter / year / weekend atoms in lower-cased `text`."""
    out: list[Atom] = []
    today = ctx.today
    for mt in matches(_PERIOD, text):
        g = mt.groupdict()
        edge = g["edge"]
        if g["unit"]:
            rel = re.sub(r"\s+", " ", g["rel"] or "")
            if not rel and not edge:
                continue
            kind, first, last, offset = _unit_bounds(ctx, g["unit"], rel)
            strong = bool(edge) or rel != "the"
            out.append(_atom(ctx, mt.start(), mt.end(), kind, first, last, edge, strong, offset))
        elif g["month"]:
            m = month_number(g["month"])
            explicit = bool(g["myear"] or g["iny"])
            if g["myear"]:
                y = int(g["myear"])
            elif g["iny"]:
                y = today.year + (word_number(g["iny"]) or 1)
            else:
                strictly_after = g["mrel"] == "next" or bool(g["mafter"])
                y = today.year if (m > today.month or (m == today.month and not strictly_after)) else today.year + 1
                if g["mafter"]:
                    y += 1
            first, last = date(y, m, 1), last_day(y, m)
            d = pick("month", first, last, edge, ctx)
            if d < today and not explicit and not g["mrel"]:
                first, last = date(y + 1, m, 1), last_day(y + 1, m)
            strong = bool(edge or g["mrel"] or g["myear"] or g["mafter"] or g["iny"])
            out.append(_atom(ctx, mt.start(), mt.end(), "month", first, last, edge, strong))
        elif g["eyear"] and edge:
            y = int(g["eyear"])
            out.append(_atom(ctx, mt.start(), mt.end(), "year", date(y, 1, 1), date(y, 12, 31), edge))
    for mt in matches(_NUMERIC_MONTH, text):
        y, m = int(mt["y"] or mt["y2"]), int(mt["m"] or mt["m2"])
        if 1 <= m <= 12:
            out.append(_atom(ctx, mt.start(), mt.end(), "month", date(y, m, 1), last_day(y, m), None))
    for mt in matches(_ABBR, text):
        unit = {"eow": "week", "eom": "month", "eoq": "quarter", "eoy": "year"}[mt["abbr"]]
        kind, first, last, _ = _unit_bounds(ctx, unit, "this")
        out.append(_atom(ctx, mt.start(), mt.end(), kind, first, last, "end"))
    for mt in matches(_QUARTER, text):
        q = ordinal_number(mt["qn"]) if mt["qn"] else int(mt["q"])
        ytxt = mt["qy"] or mt["qy2"] or mt["qy3"]
        if not q or not 1 <= q <= 4:
            continue
        if ytxt:
            y = int(ytxt) + (2000 if len(ytxt) == 2 else 0)
        else:
            y = today.year if _quarter_bounds(today.year, q)[1] >= today else today.year + 1
        out.append(_atom(ctx, mt.start(), mt.end(), "quarter", *_quarter_bounds(y, q), None))
    for mt in matches(_YEAR, text):
        y = int(mt["year"])
        out.append(_atom(ctx, mt.start(), mt.end(), "year", date(y, 1, 1), date(y, 12, 31), None,
                         strong=bool(mt["ad"])))
    for mt in matches(_WEEKEND, text):
        offset = 1 if mt["wrel"] == "next" else 0
        sat = monday_of(today) + timedelta(days=5 + 7 * offset)
        if sat < today:  # it is Sunday: this weekend is over
            sat += timedelta(days=7)
        a = Atom("date", mt.start(), mt.end(), date=sat)
        a.before_date = sat - timedelta(days=1)
        out.append(a)
    return out
