"""Day names relative to today: today, tomorrow (and chat spellings), the day after tomorrow,
weekdays with this/next/coming/"after next"/"of next week".

Weekday conventions (Duckling's, which the scoring corpus follows):
  * a bare weekday ("friday", "by fri") is the next such day strictly after today, so saying
    "Tuesday" on a Tuesday means a week from today; "this tuesday" on a Tuesday is today.
  * "next friday" is the Friday of next week (weeks start on Monday), so on a Tuesday
    "next wednesday" is 8 days away, not tomorrow.
  * "friday after next" is a week after the bare reading.
"""
from __future__ import annotations

import re
from datetime import timedelta

from .model import Atom, Ctx, matches, monday_of, next_weekday
from .vocabulary import WD, weekday_number

_DAYS = re.compile(
    r"(?<![\w])(?:(?P<dat>(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw|tmr|2moro))"
    r"|(?P<today>today|2day|tday)"
    r"|(?P<tomorrow>tomorrows?|tomorrow's|tmrw|tmrow|tmr|tmw|tmro|2moro|2morrow|2mrw|tomm?orr?ow|tomorow))\b")
_WEEKDAY = re.compile(
    r"(?<![\w])(?:(?P<mod>this\s+coming|the\s+coming|this|next|coming|upcoming)\s+)?(?P<wd>" + WD + r")"
    r"(?:\s+(?P<after>after\s+next)|\s+(?:of\s+)?(?P<wk>this|next|the\s+following|the\s+next|following|"
    r"the\s+coming|coming)\s+week\b)?")
_AMBIGUOUS = {"sat", "sun", "wed", "mar"}


def named_atoms(ctx: Ctx, text: str) -> list[Atom]:
    """today / tomorrow / weekday atoms in lower-cased `text`."""
    out: list[Atom] = []
    today = ctx.today
    for mt in matches(_DAYS, text):
        if mt["dat"]:
            out.append(Atom("date", mt.start(), mt.end(), date=today + timedelta(days=2)))
        elif mt["today"]:
            out.append(Atom("date", mt.start(), mt.end(), date=today, soft_date=True))
        else:
            out.append(Atom("date", mt.start(), mt.end(), date=today + timedelta(days=1)))
    for mt in matches(_WEEKDAY, text):
        word = mt["wd"].rstrip(".")
        wd = weekday_number(word)
        mod = (mt["mod"] or "").split()[-1] if mt["mod"] else ""
        wk = mt["wk"] or ""
        if "this" in wk:
            d = monday_of(today) + timedelta(days=wd)
        elif wk or mod == "next":
            d = monday_of(today) + timedelta(days=7 + wd)
        elif mod == "this" and mt["mod"] == "this":
            d = next_weekday(today, wd, include_today=True)
        else:
            d = next_weekday(today, wd, include_today=False)
        if mt["after"]:
            d += timedelta(days=7)
        strong = word not in _AMBIGUOUS or bool(mod or wk or mt["after"] or mt["wd"].endswith("."))
        out.append(Atom("date", mt.start(), mt.end(), date=d, strong=strong))
    return out
