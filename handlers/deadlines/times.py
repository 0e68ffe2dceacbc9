"""Clock times and parts of the day: "5pm", "17:00", "15h30", "half past 4", "quarter to
noon", "ten thirty am", "at 5", "tonight", "tomorrow morning", "EOD".

A bare number is only a time when something anchors it ("at 5", "9 tomorrow"), because chat
messages are full of counts ("Send 3 proposals") that must never become 03:00.
"""
from __future__ import annotations

import re
from datetime import time
from typing import Any

from .model import EOD, Atom, Ctx, matches
from .vocabulary import NUMWORD, TZ, tz_offset, word_number

_HOURWORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b")
_MER = r"(?:\s?(?P<mer>[ap])\.?\s?m\b\.?|(?P<mer1>[ap])\b\.?)"
_BODY = (
    r"(?:(?P<hm>\d{1,2}):(?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?"
    r"|(?P<hh>\d{1,2})h(?P<hmin>[0-5]\d)?(?![a-z])"
    r"|(?P<sp>\d{1,2})\s(?P<spm>[0-5]\d)(?![\d:])"
    r"|(?P<compact>\d{3,4})(?![\d:/.]|-\d)"
    r"|(?P<h>\d{1,2})(?![\d:/.,-]\d)"
    r"|(?P<wh>" + _HOURWORD + r")(?:[\s-](?P<wm>oh\s+" + NUMWORD + r"|" + NUMWORD + r"))?"
    r")"
)
_TAIL = (
    r"(?P<ish>\s?-?ish)?"
    r"(?:\s*(?P<oclock>o'?\s?clock|o\s+clock))?"
    r"(?:" + _MER + r")?"
    r"(?P<ish2>-?ish)?"
    r"(?:\s+(?:approx(?:imately|\.)?|sharp|or\s+so))?"
    r"(?:\s*(?P<tz>" + TZ + r"))?"
)
_CLOCK = re.compile(r"(?<![\w:/.])" + _BODY + _TAIL + r"(?![\w:])")

_OFFSET = re.compile(
    r"(?<![\w:/.])(?P<off>(?:a\s+)?quarter|half|\d{1,2}|" + NUMWORD + r")"
    r"(?P<mins>\s+min(?:ute)?s?)?\s+(?P<dir>past|after|to|till|til|before|of|from)\s+"
    r"(?:(?P<noon>noon|midday|midnight)|" + _BODY + _TAIL + r")(?![\w:])"
)
_HALF_H = re.compile(r"(?<![\w])half\s+(?P<h>\d{1,2}|" + _HOURWORD + r")(?![\w:])")
_NOON = re.compile(r"(?<![\w])(?:12\s+)?(?:the\s+)?(?P<w>noon|midday|mid\s?day|midnight)\b")
_PART = re.compile(
    r"(?<![\w])(?:(?P<mod1>early|late)\s+)?"
    r"(?:(?P<this>this|today|in\s+the|in|the|at)\s+)?(?:(?P<mod2>early|late)\s+)?"
    r"(?P<part>morning|afternoon|evening|night|am\b|pm\b)(?:-?ish)?"
    r"|(?<![\w])(?:(?P<mod3>late)\s+)?(?P<tonight>tonight|tonite|2nite|2night)\b"
    r"|(?<![\w])(?P<first>first\s+thing)(?:\s+in\s+the\s+morning)?"
    r"|(?<![\w])(?P<early_hours>in\s+the\s+early\s+hours\s+of\s+the\s+morning)"
    r"|(?<![\w])(?P<lunch>lunch(?:\s?time)?)\b"
    r"|(?<![\w])(?P<eod>eod|cob|eob|c\.o\.b\.?|close\s+of\s+(?:business|play)(?:\s+day)?"
    r"|end\s+of\s+(?:the\s+)?(?:business\s+|work(?:ing)?\s+)?day|end\s+of\s+business|end\s+of\s+today)\b"
)
_ANCHOR_BEFORE = re.compile(
    r"(?:\b(?:at|around|about|approx(?:imately|\.)?|by|before|until|till|til|circa|for|no\s+later\s+than)|@|~)\s*$")
_FOLLOW_OK = re.compile(
    r"\s*(?:$|[^\w\s]|(?:am|pm|a\.m|p\.m|on|in|at|this|next|tomorrow|tmrw|today|tonight|tonite|and|then|"
    r"please|pls|sharp|latest|the|or|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|morning|afternoon|evening|night|ish|o'?clock|gmt|utc|est|pst|cet|ist|bst|"
    r"edt|pdt|cst|cdt|mst|mdt|cest|jst)\b)")

_PARTS: dict[str, tuple[time, str]] = {
    "morning": (time(9), "am"), "am": (time(9), "am"),
    "afternoon": (time(15), "pm"), "pm": (time(15), "pm"),
    "evening": (time(20), "pm"), "night": (time(20), "pm"),
}
_EARLY = {"morning": time(7), "afternoon": time(13), "evening": time(18), "night": time(20)}
_LATE = {"morning": time(11), "afternoon": time(17), "evening": time(21), "night": time(21)}


def _parse_body(g: dict[str, Any]) -> tuple[int, int, int, bool, bool] | None:
    """(hour, minute, second, ambiguous, compact) from a _BODY match; None if not a time."""
    if g.get("hm"):
        h, m, s = int(g["hm"]), int(g["mm"]), int(g["ss"] or 0)
        return (h, m, s, 1 <= h <= 12 and not g["hm"].startswith("0"), False) if h <= 24 else None
    if g.get("hh"):
        h, m = int(g["hh"]), int(g["hmin"] or 0)
        return (h, m, 0, False, False) if h <= 24 else None
    if g.get("sp"):
        h, m = int(g["sp"]), int(g["spm"])
        return (h, m, 0, 1 <= h <= 12, True) if h <= 24 else None
    if g.get("compact"):
        c = g["compact"]
        h, m = int(c[:-2]), int(c[-2:])
        return (h, m, 0, 1 <= h <= 12 and not c.startswith("0"), True) if h <= 24 and m < 60 else None
    if g.get("h"):
        h = int(g["h"])
        return (h, 0, 0, 1 <= h <= 12 and not g["h"].startswith("0"), True) if h <= 24 else None
    if g.get("wh"):
        h = word_number(g["wh"]) or 0
        m = 0
        if g.get("wm"):
            m = word_number(re.sub(r"^oh\s+", "", g["wm"])) or 0
            if m >= 60:
                return None
        return (h, m, 0, True, not g.get("wm"))
    return None


def _clock_atom(ctx: Ctx, text: str, start: int, end: int, g: dict[str, Any],
                parsed: tuple[int, int, int, bool, bool]) -> Atom | None:
    h, m, s, ambiguous, compact = parsed
    mer = g.get("mer") or g.get("mer1")
    if mer:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if mer == "p" else 0)
        ambiguous = False
    tz = tz_offset(g["tz"]) if g.get("tz") else None
    explicit = bool(mer or g.get("oclock") or g.get("hm") or g.get("hh") or tz)
    anchored = bool(_ANCHOR_BEFORE.search(text[max(0, start - 24):start]))
    atom = Atom("time", start, end, strong=explicit or anchored, clock=(h % 24, m, s),
                meridiem=("pm" if mer == "p" else "am") if mer else None,
                ambiguous_hour=ambiguous, tz=tz)
    if g.get("hh") and not g.get("hmin") and not anchored and not tz:
        atom.strong = False  # "15h" on its own is weak: could be a duration
    if g.get("compact") and not explicit and re.fullmatch(r"(?:19|20)\d\d", g["compact"]):
        return None  # "before 2014" is a year
    if compact and not explicit:
        if not _FOLLOW_OK.match(text, end):
            return None
        atom.extra["needs_anchor"] = not anchored
        atom.strong = anchored
    if g.get("compact") and not mer:
        atom.extra["clock24"] = True  # "1530", "0730", "150": written as a 24-hour clock
    return atom


def time_atoms(ctx: Ctx, text: str) -> list[Atom]:
    """Every clock-time and part-of-day atom in lower-cased `text`."""
    out: list[Atom] = []
    for mt in matches(_CLOCK, text):
        g = mt.groupdict()
        parsed = _parse_body(g)
        if parsed is None:
            continue
        a = _clock_atom(ctx, text, mt.start(), mt.end(), g, parsed)
        if a is not None:
            out.append(a)
    for mt in matches(_OFFSET, text):
        a = _offset_atom(ctx, text, mt)
        if a is not None:
            out.append(a)
    for mt in matches(_HALF_H, text):
        h = word_number(mt.group("h")) or 0
        if 1 <= h <= 12 and _FOLLOW_OK.match(text, mt.end()):
            out.append(Atom("time", mt.start(), mt.end(), strong=False, clock=(h, 30, 0), ambiguous_hour=True))
    for mt in matches(_NOON, text):
        if mt.group("w") == "midnight":
            out.append(Atom("time", mt.start(), mt.end(), clock=(0, 0, 0), next_day_midnight=True))
        else:
            out.append(Atom("time", mt.start(), mt.end(), clock=(12, 0, 0)))
    for mt in matches(_PART, text):
        part = _part_atom(ctx, text, mt)
        if part is not None:
            out.append(part)
    return out


def _offset_atom(ctx: Ctx, text: str, mt: re.Match[str]) -> Atom | None:
    """'quarter to 5', '20 minutes to 2pm', '15 minutes from 1pm', 'ten past 9'."""
    g = mt.groupdict()
    off_s, direction = g["off"], g["dir"]
    if "quarter" in off_s:
        off: int | None = 15
    elif off_s == "half":
        off = 30
    else:
        off = word_number(off_s)
    if off is None or not 0 < off < 60:
        return None
    wordy = bool(g["mins"]) or off_s == "half" or "quarter" in off_s
    if direction in ("from", "before") and not wordy:
        return None
    if not wordy and (off % 5 or re.search(r"\b(?:from|between)\s*$", text[max(0, mt.start() - 10):mt.start()])):
        return None  # "from 2 to 5pm" is a range, not 4:58
    base: Atom | None
    if g["noon"]:
        base = Atom("time", mt.start(), mt.end(), clock=(0 if g["noon"] == "midnight" else 12, 0, 0))
    else:
        parsed = _parse_body(g)
        if parsed is None:
            return None
        base = _clock_atom(ctx, text, mt.start(), mt.end(), g, parsed)
        if base is None:
            return None
        if not (g.get("mer") or g.get("mer1")) and not _FOLLOW_OK.match(text, mt.end()):
            return None
    h, m, s = base.clock  # type: ignore[misc]
    sign = -1 if direction in ("to", "till", "til", "before", "of") else 1
    total = (h * 60 + m + sign * off) % (24 * 60)
    base.clock = (total // 60, total % 60, s)
    if base.ambiguous_hour and total // 60 == 0:
        base.clock = (12, total % 60, s)
    base.strong = True
    base.extra.pop("needs_anchor", None)
    base.kind = "time"
    return base


def _part_atom(ctx: Ctx, text: str, mt: re.Match[str]) -> Atom | None:
    g = mt.groupdict()
    s, e = mt.start(), mt.end()
    if g["eod"]:
        return Atom("part", s, e, date=ctx.today, soft_date=True, default_time=EOD)
    if g["lunch"]:
        return Atom("part", s, e, default_time=time(12), has_default_time=True, strong=False)
    if g["first"]:
        return Atom("part", s, e, default_time=time(9), has_default_time=True, hint="am")
    if g["early_hours"]:
        return Atom("part", s, e, default_time=time(4), has_default_time=True, hint="am")
    if g["tonight"]:
        t = time(21) if g["mod3"] else time(20)
        return Atom("part", s, e, date=ctx.today, default_time=t, has_default_time=True, hint="pm")
    part = g["part"]
    mod = g["mod1"] or g["mod2"]
    default, hint = _PARTS[part]
    if mod == "early":
        default = _EARLY.get(part, default)
    elif mod == "late":
        default = _LATE.get(part, default)
    this = (g["this"] or "").split()[0] if g["this"] else ""
    if part in ("am", "pm") and this not in ("in", "this"):
        return None  # a lone "am"/"pm" is a meridiem (or the verb "am"), never a part of day
    atom = Atom("part", s, e, default_time=default, has_default_time=True, hint=hint,
                strong=bool(this) or part not in ("night",))
    if this in ("this", "today"):
        atom.date = ctx.today
    if not this and part in ("morning", "afternoon", "evening"):
        atom.strong = False  # "Good morning" is a greeting, not a deadline
    return atom

