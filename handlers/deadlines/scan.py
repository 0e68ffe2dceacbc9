"""Find the deadline phrase in a message: collect atoms from every extractor, keep the
longest non-overlapping ones, glue neighbours into phrases ("by 5pm on Friday"), pick the
best phrase and resolve it to an aware datetime.

Weak atoms (a bare month name, "the first", "2-15", "half three") only count when a
connector precedes them ("in March", "on the first") or the message is nothing but the
phrase, so ordinary sentences ("I may go", "be the first") do not grow deadlines.

Cost: every step is linear (or n·log n) in the text's length, so a message full of
date-like words costs a few milliseconds; texts over `MAX_TEXT` are refused outright.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import datetime, time, timedelta
from typing import TypeGuard

from .absolute import date_atoms
from .model import (EOD, MAX_AHEAD, MAX_TEXT, Atom, Ctx, DeadlineMatch, DeadlineTextTooLong, DeadlineTooFar,
                    add_exact, add_wall, localize)
from .named import named_atoms
from .ordinals import ordinal_atoms
from .periods import period_atoms
from .relative import relative_atoms
from .times import time_atoms

_EXTRACTORS = (relative_atoms, ordinal_atoms, date_atoms, named_atoms, period_atoms, time_atoms)
_CONNECTOR = re.compile(
    r"(?:(?<![\w'])(?:due|by|before|on|until|till|til|'til|at|in|within|through|thru|for|around|about|"
    r"approx(?:imately|\.)?|roughly|latest|no\s+later\s+than|not\s+later\s+than|sometimes?|during|"
    r"starting|from|as\s+of|after)|@|~)[\s,]*$")
_JOINER = re.compile(r"[\s,]*(?:(?:at|on|@|by|of|the|for|around|about|-|–)(?![\w])[\s,]*){0,2}")
_PUNCT = ",.;:!?([-–—"
_CONNECTOR_REACH = 48  # the longest connector ("not later than") with room for odd spacing


def _space_before(text: str, i: int, also: str = "") -> int:
    """Index where the run of whitespace (and `also` characters) ending at i begins."""
    while i > 0 and (text[i - 1].isspace() or text[i - 1] in also):
        i -= 1
    return i


def _extend_left(text: str, start: int) -> tuple[int, list[str]]:
    """Swallow connectors ('due by', 'sometime before') before a phrase. Each search looks
    only at the few characters a connector can span, never back to the text's start."""
    words: list[str] = []
    while True:
        window = max(0, _space_before(text, start, ",") - _CONNECTOR_REACH)
        m = _CONNECTOR.search(text, window, start)
        if not m or m.start() == start:
            return start, words
        words.append(m.group(0).strip(" ,"))
        start = m.start()


def _after_punctuation(text: str, start: int) -> bool:
    """True at the start of a clause: only whitespace since the text's start or a punctuation mark."""
    i = _space_before(text, start)
    return i == 0 or text[i - 1] in _PUNCT


def _overlap_free(atoms: list[Atom]) -> list[Atom]:
    """Longest atoms first; an atom survives when it overlaps nothing kept so far. Kept atoms
    never overlap, so sorted by start their ends are sorted too: one bisection finds the
    only neighbour that could overlap."""
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Atom] = []
    for a in sorted(atoms, key=lambda a: (-(a.end - a.start), not a.strong, a.start)):
        i = bisect_left(starts, a.end)
        if i and ends[i - 1] > a.start:
            continue
        starts.insert(i, a.start)
        ends.insert(i, a.end)
        kept.append(a)
    return sorted(kept, key=lambda a: a.start)


def _adjacent(text: str, a: Atom, b: Atom) -> bool:
    return _JOINER.fullmatch(text, a.end, b.start) is not None


def _dayish(x: Atom | None) -> TypeGuard[Atom]:
    return x is not None and (x.date is not None or x.kind == "part")


def _anchor_filter(text: str, atoms: list[Atom]) -> list[Atom]:
    """Drop bare numbers ('9') unless they sit next to a day or part of day ('9 tomorrow',
    'tomorrow at 9') at the start of a clause."""
    out = []
    for i, a in enumerate(atoms):
        if not a.extra.get("needs_anchor"):
            out.append(a)
            continue
        prev = atoms[i - 1] if i else None
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if _dayish(prev) and _adjacent(text, prev, a):
            out.append(a)
        elif _dayish(nxt) and _adjacent(text, a, nxt) and _after_punctuation(text, a.start):
            out.append(a)
    return out


def _compatible(group: list[Atom], a: Atom) -> bool:
    hard_dates = [x for x in group if x.date is not None and not x.soft_date]
    if a.date is not None and not a.soft_date and hard_dates:
        return False
    if a.clock is not None and any(x.clock is not None for x in group):
        return False
    if a.kind == "part" and any(x.kind == "part" for x in group):
        return False
    if a.kind == "rel" and any(x.kind == "rel" or (x.date is not None and not x.soft_date) for x in group):
        return False
    if a.date is not None and not a.soft_date and any(x.kind == "rel" for x in group):
        return False
    return True


def _groups(text: str, atoms: list[Atom]) -> list[list[Atom]]:
    groups: list[list[Atom]] = []
    for a in atoms:
        if groups and _adjacent(text, groups[-1][-1], a) and _compatible(groups[-1], a):
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


_BARE_SLACK = 200  # more text than this around a phrase is never only "please" and "ok"


def _is_bare(text: str, start: int, end: int) -> bool:
    if len(text) - (end - start) > _BARE_SLACK:
        return False
    rest = text[:start] + " " + text[end:]
    rest = re.sub(r"\b(?:please|pls|ok|okay|sometimes?|approximately|approx|around|about)\b", " ", rest)
    return not re.search(r"\w", rest)


def _resolve(ctx: Ctx, group: list[Atom], connectors: list[str]) -> tuple[datetime, bool] | None:
    now = ctx.now
    dates = [a for a in group if a.date is not None]
    hard = [a for a in dates if not a.soft_date]
    date_atom = hard[0] if hard else (dates[0] if dates else None)
    clock = next((a for a in group if a.clock is not None), None)
    part = next((a for a in group if a.kind == "part"), None)
    rel = next((a for a in group if a.kind == "rel"), None)
    day = date_atom.date if date_atom else None
    if date_atom is not None and date_atom.before_date and any("before" in c for c in connectors):
        day = date_atom.before_date

    if rel is not None:
        if rel.exact is not None:
            return add_exact(now, rel.exact), True
        base = add_wall(now, rel.wall) if rel.wall is not None else now
        if clock is None and part is None:
            return base, True
        day = base.date()
    elif date_atom is not None and date_atom.extra.get("keep_time") and clock is None and part is None:
        return localize(date_atom.date, now.timetz().replace(tzinfo=None), ctx.tz), True  # type: ignore[arg-type]

    if clock is not None:
        h, m, s = clock.clock  # type: ignore[misc]
        hint = part.hint if part is not None else None
        if clock.meridiem is None and clock.ambiguous_hour:
            if hint == "pm" and h < 12:
                h += 12
            elif hint == "am" and h == 12:
                h = 0
            elif hint is None and 1 <= h <= 7 and not clock.extra.get("clock24"):
                h += 12  # "at 5" in a to-do list means 17:00, not 05:00
        t = time(h % 24, m, s)
        tz = clock.tz or ctx.tz
        if day is not None:
            if clock.next_day_midnight:
                day = day + timedelta(days=1)
            return localize(day, t, tz).astimezone(ctx.tz), True
        local_now = now.astimezone(tz)
        cand = localize(local_now.date(), t, tz)
        if cand <= now:
            cand = localize(local_now.date() + timedelta(days=1), t, tz)
        return cand.astimezone(ctx.tz), True

    if part is not None:
        if part.default_time == EOD:
            d = day or ctx.today
            when = localize(d, ctx.end_of_day, ctx.tz)
            if when <= now and d == ctx.today:
                when = localize(d, time(23, 59), ctx.tz)
            return when, False
        assert isinstance(part.default_time, time)
        t = part.default_time
        if day is not None:
            return localize(day, t, ctx.tz), True
        cand = localize(ctx.today, t, ctx.tz)
        if cand <= now:
            cand = localize(ctx.today + timedelta(days=1), t, ctx.tz)
        return cand, True

    if day is not None:
        return localize(day, ctx.end_of_day, ctx.tz), False
    return None


_PAST_BEFORE = re.compile(r"\b(?:last|previous|past|earlier)\s+$")
_PAST_AFTER = re.compile(r"^\s*(?:ago\b|last\s+(?:week|month|year)\b|before\s+last\b)")
_PAST_NEAR = re.compile(r"\b(?:yesterday|yday|last\s+night)\b")


def _about_the_past(text: str, start: int, end: int) -> bool:
    """'last Friday', 'Monday last week', '3 days ago', 'yesterday at 5pm': a time being told
    about, not a deadline being set."""
    before, after = text[max(0, start - 24):start], text[end:end + 24]
    return bool(_PAST_BEFORE.search(before) or _PAST_AFTER.match(after)
                or _PAST_NEAR.search(before[-12:]) or _PAST_NEAR.match(after.lstrip()))


def _lower(text: str) -> str:
    """Lower case with every index kept (a few characters lower to two: those stay as typed)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("\u2019", "'").replace("\u2018", "'")


def scan_text(text: str, now: datetime, end_of_day: time, day_first: bool = False) -> DeadlineMatch | None:
    """The best deadline phrase in `text`, resolved against `now`.

    Raises DeadlineTextTooLong past MAX_TEXT characters and DeadlineTooFar when the phrase
    it picks lies more than MAX_AHEAD away."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if len(text) > MAX_TEXT:
        raise DeadlineTextTooLong(len(text))
    ctx = Ctx(now=now, end_of_day=end_of_day, day_first=day_first)
    low = _lower(text)
    atoms: list[Atom] = []
    for extract in _EXTRACTORS:
        atoms.extend(extract(ctx, low))
    atoms = _anchor_filter(low, _overlap_free(atoms))
    # The best phrase so far: its match, or its span when it lies beyond MAX_AHEAD.
    best: tuple[tuple[bool, bool, int, bool, int, int], DeadlineMatch | tuple[int, int]] | None = None
    for group in _groups(low, atoms):
        start, connectors = _extend_left(low, group[0].start)
        end = group[-1].end
        strong = any(a.strong for a in group) or bool(connectors)
        if not strong and not _is_bare(low, start, end):
            continue
        if _about_the_past(low, start, end):
            continue
        has_date = any(a.date is not None or a.kind == "rel" for a in group)
        key = (strong, bool(connectors), len(group), has_date, end - start, -start)
        if best is not None and key <= best[0]:
            continue  # resolving costs more than comparing: only a better phrase is resolved
        if any(a.extra.get("too_far") for a in group):
            best = (key, (start, end))
            continue
        resolved = _resolve(ctx, group, connectors)
        if resolved is None:
            continue
        match = DeadlineMatch(when=resolved[0], start=start, end=end, has_time=resolved[1])
        best = (key, match if resolved[0] - now <= MAX_AHEAD else (start, end))
    if best is None:
        return None
    if isinstance(best[1], tuple):
        start, end = best[1]
        raise DeadlineTooFar(text[start:end].strip())
    return best[1]
